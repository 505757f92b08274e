/**
 * Live payments through the Stripe connector, end to end against the app on PGlite and Prism serving
 * Stripe's published OpenAPI document (every request the connector sends is validated against it):
 * the account's live settings are set through the API (credentials encrypted at rest, never
 * returned), a live session is paid through the client route as the hosted page does, a payment
 * that asks for 3-D Secure is completed by the shopper's return and, for another session, by Stripe's
 * signed notification alone, exactly once. No database row and no log line holds a credential.
 */
import { afterAll, assert, beforeAll, layer } from "@effect/vitest"
import { HttpApp } from "@till/http"
import { describeServer, serverLayer, SuiteServer } from "@till/http/testing"
import { Db } from "@till/postgres"
import { NoOutbox, pgliteDb } from "@till/postgres/testing"
import { StripeConnector } from "@till/processor-stripe"
import type { StripeCall } from "@till/processor-stripe/StripeConnector"
import { Prism } from "@till/processor-stripe/testing"
import { QueueSettings } from "@till/queue"
import { Effect, Layer, Logger, Option, Redacted } from "effect"
import { sql } from "kysely"
import Stripe from "stripe"
import { DomainLayer } from "../src/AppLayer.ts"

const PRISM_PORT = 46420
const SECRET_KEY = "sk_live_51ConnectorSecretVALUEq8Zr"
const WEBHOOK_SECRET = "whsec_ConnectorHookSECRETm4Kp"
const CARD = "4242424242424242"
const ENCRYPTION_KEY = Buffer.alloc(32, 7).toString("base64")

let prism: Prism.Prism | undefined
/** Prism's `Prefer` per Stripe call, set by each step. */
let prefer: Partial<Record<StripeCall, string>> = {}
/** Every log line the app wrote. */
const logged: Array<string> = []

beforeAll(async () => {
  prism = await Prism.start(PRISM_PORT)
}, 120_000)
afterAll(async () => {
  await prism?.stop()
})

const connector = StripeConnector.make({
  headersFor: (call) => (prefer[call] === undefined ? undefined : { Prefer: prefer[call]! }),
  maxNetworkRetries: 0
})

const collector = Logger.make((options) => {
  logged.push(`${JSON.stringify(options.message)} ${String(options.cause)}`)
})

const app = Layer.effect(SuiteServer, describeServer).pipe(
  Layer.provide(serverLayer(HttpApp.layer)),
  Layer.provideMerge(
    DomainLayer({
      queue: QueueSettings.defaults,
      processors: { encryptionKey: Option.some(Redacted.make(ENCRYPTION_KEY)), allowBaseUrl: true, connectors: [connector] }
    }).pipe(Layer.provide(NoOutbox.layer))
  ),
  Layer.provideMerge(pgliteDb),
  Layer.provide(Logger.layer([collector]))
)

layer(app, { excludeTestServices: true, timeout: "120 seconds" })("live payments through the Stripe connector (Prism)", (it) => {
  it.effect("configured, paid, 3-D Secure completed on return and by notification, exactly once; no credential in a row or a log line", () =>
    Effect.gen(function*() {
      const server = yield* SuiteServer
      const api = (path: string, init: { method?: string; auth?: string; body?: Record<string, string>; headers?: Record<string, string>; raw?: string } = {}) =>
        Effect.promise(async () => {
          const response = await fetch(`${server.url}${path}`, {
            method: init.method ?? (init.body === undefined && init.raw === undefined ? "GET" : "POST"),
            redirect: "manual",
            headers: { ...(init.auth === "" ? {} : { authorization: `Bearer ${init.auth ?? server.keys.live}` }), ...init.headers },
            ...(init.body === undefined ? {} : { body: new URLSearchParams(init.body) }),
            ...(init.raw === undefined ? {} : { body: init.raw })
          })
          const text = await response.text()
          return { status: response.status, text, json: text.startsWith("{") ? JSON.parse(text) : null, location: response.headers.get("location") }
        })

      // without settings, live mode takes no payment
      const account = (yield* api("/v1/account")).json.id as string
      const shown = yield* api("/v1/account/processor_settings")
      assert.strictEqual(shown.json.processor, "test")

      const set = yield* api("/v1/account/processor_settings", {
        body: { processor: "stripe", "credentials[secret_key]": SECRET_KEY, "credentials[webhook_secret]": WEBHOOK_SECRET, "options[base_url]": prism!.url }
      })
      assert.strictEqual(set.status, 200, set.text)
      assert.deepStrictEqual(set.json.credentials, { secret_key: { last4: SECRET_KEY.slice(-4) }, webhook_secret: { last4: WEBHOOK_SECRET.slice(-4) } })
      assert.notInclude(set.text, SECRET_KEY)
      assert.notInclude(set.text, WEBHOOK_SECRET)
      // a credential the connector does not take is refused by name
      const unknownCredential = yield* api("/v1/account/processor_settings", { body: { processor: "stripe", "credentials[secret_key]": SECRET_KEY, "credentials[webhook_secret]": WEBHOOK_SECRET, "credentials[pin]": "1234" } })
      assert.strictEqual(unknownCredential.status, 400)
      assert.strictEqual(unknownCredential.json.error.param, "credentials[pin]")

      const session = () =>
        Effect.map(
          api("/v1/checkout/sessions", {
            body: {
              mode: "payment",
              "line_items[0][price_data][currency]": "usd",
              "line_items[0][price_data][unit_amount]": "2000",
              "line_items[0][price_data][product_data][name]": "Live mug",
              "line_items[0][quantity]": "1",
              success_url: "https://shop.example/thanks"
            }
          }),
          (r) => r.json as { id: string; client_secret: string; livemode: boolean }
        )
      const pay = (s: { id: string; client_secret: string }) =>
        api(`/v1/checkout/sessions/${s.id}/payments`, {
          auth: s.client_secret,
          body: {
            "payment_method_data[type]": "card",
            "payment_method_data[card][number]": CARD,
            "payment_method_data[card][exp_month]": "12",
            "payment_method_data[card][exp_year]": "2034",
            "payment_method_data[card][cvc]": "123",
            return_url: `${server.url}/c/pay/${s.id}/action_return`
          }
        })
      const completedEvents = (id: string) =>
        Effect.map(api("/v1/events?type=checkout.session.completed&limit=100"), (r) => (r.json.data as Array<{ data: { object: { id: string } } }>).filter((e) => e.data.object.id === id).length)

      // 1. approved at once (Till's own card form: the account gave no publishable key for Stripe.js)
      const first = yield* session()
      const component = yield* api(`/c/pay/${first.id}/client_component`, { auth: first.client_secret })
      assert.deepStrictEqual(component.json, { client_component: null })
      assert.isTrue(first.livemode)
      prefer = { "payment_methods.create": "example=card", "payment_intents.create": "example=succeeded" }
      const paid = yield* pay(first)
      assert.strictEqual(paid.status, 200, paid.text)
      assert.strictEqual(paid.json.status, "succeeded")
      assert.strictEqual(paid.json.payment_method_details.card.last4, "4242")
      assert.strictEqual((yield* api(`/v1/checkout/sessions/${first.id}`)).json.status, "complete")

      // 2. 3-D Secure: the intent waits with Stripe's redirect; the shopper's return completes it
      const second = yield* session()
      prefer = { "payment_methods.create": "example=card", "payment_intents.create": "example=requires_action" }
      const waiting = yield* pay(second)
      assert.strictEqual(waiting.status, 200, waiting.text)
      assert.strictEqual(waiting.json.status, "requires_action")
      assert.strictEqual(waiting.json.next_action.type, "redirect_to_url")
      assert.match(waiting.json.next_action.redirect_to_url.url, /^https:\/\/hooks\.stripe\.com\//)
      // the attempt is open: no second payment meanwhile
      assert.strictEqual((yield* pay(second)).status, 409)
      prefer = { "payment_intents.retrieve": "example=succeeded", "payment_intents.search": "example=succeeded" }
      const back = yield* api(`/c/pay/${second.id}/action_return?payment_intent=pi_3MockIntent`, { auth: "" })
      assert.strictEqual(back.status, 303, back.text)
      assert.strictEqual(back.location, `${server.url}/c/pay/${second.id}`)
      assert.strictEqual((yield* api(`/v1/checkout/sessions/${second.id}`)).json.status, "complete")
      assert.strictEqual(yield* completedEvents(second.id), 1)

      // 3. the shopper never comes back: Stripe's signed notification alone completes the session, once
      const third = yield* session()
      prefer = { "payment_methods.create": "example=card", "payment_intents.create": "example=requires_action" }
      const pending = yield* pay(third)
      assert.strictEqual(pending.json.status, "requires_action")
      const stripe = new Stripe("sk_test_unused")
      const event = JSON.stringify({
        id: "evt_async",
        object: "event",
        type: "payment_intent.succeeded",
        data: { object: { id: "pi_3MockIntent", object: "payment_intent", status: "succeeded", payment_method: "pm_1MockCard", metadata: { till_attempt: "pa_async", till_payment_intent: pending.json.id } } }
      })
      const notify = (signature: string) =>
        api(`/v1/processor_notifications/stripe/${account}/live`, { auth: "", raw: event, headers: { "stripe-signature": signature, "content-type": "application/json" } })
      const forged = yield* notify(stripe.webhooks.generateTestHeaderString({ payload: event, secret: "whsec_someoneElse" }))
      assert.strictEqual(forged.status, 400)
      assert.strictEqual((yield* api(`/v1/checkout/sessions/${third.id}`)).json.status, "open")
      const signature = stripe.webhooks.generateTestHeaderString({ payload: event, secret: WEBHOOK_SECRET })
      const delivered = yield* notify(signature)
      assert.strictEqual(delivered.status, 200, delivered.text)
      // delivered again (Stripe retries), and the shopper returns after all: still one completion
      assert.strictEqual((yield* notify(signature)).status, 200)
      assert.strictEqual((yield* api(`/c/pay/${third.id}/action_return?payment_intent=pi_3MockIntent`, { auth: "" })).status, 303)
      const completed = (yield* api(`/v1/checkout/sessions/${third.id}`)).json
      assert.strictEqual(completed.status, "complete")
      assert.strictEqual(completed.payment_status, "paid")
      assert.strictEqual(yield* completedEvents(third.id), 1)

      // the credentials are in no row in clear (the settings hold them sealed), the card number in none at all
      const { kysely } = yield* Db
      const tables = yield* Effect.promise(() =>
        sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(kysely)
      )
      assert.isAbove(tables.rows.length, 10)
      let sealed = ""
      for (const { table_name } of tables.rows) {
        const rows = yield* Effect.promise(() => sql<{ row: string }>`select (to_jsonb(t))::text as row from ${sql.table(table_name)} t`.execute(kysely))
        for (const { row } of rows.rows) {
          for (const secret of [SECRET_KEY, WEBHOOK_SECRET, CARD]) assert.notInclude(row, secret, `${table_name} holds a secret in clear`)
          if (table_name === "processor_settings") sealed = row
        }
      }
      assert.match(sealed, /"sealed_credentials": "v1\./)

      // nor does any log line
      for (const line of logged) for (const secret of [SECRET_KEY, WEBHOOK_SECRET, CARD]) assert.notInclude(line, secret)
    }), { timeout: 120_000 })
})
