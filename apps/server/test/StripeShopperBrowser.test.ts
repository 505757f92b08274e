/**
 * A live-mode session paid on the hosted page in Chromium through the Stripe connector, against Prism
 * serving Stripe's published OpenAPI document: the card typed on Till's form goes to Till, which sends
 * it to "Stripe" (validated against the document); one payment is approved at once, another asks for
 * 3-D Secure, the page follows `next_action` to Stripe's page (here a stand-in that sends the shopper
 * straight back, as Stripe does once the bank approved), and the return completes the session.
 * What the browser could not cover: Stripe.js (it loads only from Stripe) and a real bank's challenge.
 */
import { afterAll, assert, beforeAll, layer } from "@effect/vitest"
import { HttpApp } from "@till/http"
import { describeServer, serverLayer, SuiteServer } from "@till/http/testing"
import { Browser } from "@till/http/testing/Browser"
import { NoOutbox, pgliteDb } from "@till/postgres/testing"
import { StripeConnector } from "@till/processor-stripe"
import type { StripeCall } from "@till/processor-stripe/StripeConnector"
import { Prism } from "@till/processor-stripe/testing"
import { QueueSettings } from "@till/queue"
import { Effect, Layer, Option, Redacted } from "effect"
import type { Page } from "playwright-core"
import { DomainLayer } from "../src/AppLayer.ts"

const PRISM_PORT = 46430
const SHOP = "https://shop.example"
const STRIPE_3DS = "https://hooks.stripe.com"

let prism: Prism.Prism | undefined
let prefer: Partial<Record<StripeCall, string>> = {}

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

const app = Layer.effect(SuiteServer, describeServer).pipe(
  Layer.provide(serverLayer(HttpApp.layer)),
  Layer.provideMerge(
    DomainLayer({
      queue: QueueSettings.defaults,
      processors: { encryptionKey: Option.some(Redacted.make("cd".repeat(32))), allowBaseUrl: true, connectors: [connector] }
    }).pipe(Layer.provide(NoOutbox.layer))
  ),
  Layer.provideMerge(pgliteDb)
)

const fillCard = async (page: Page) => {
  if (await page.locator("#email").isEditable()) await page.locator("#email").fill("ada@example.com")
  await page.locator("#number").fill("4242 4242 4242 4242")
  await page.locator("#expiry").fill("12 / 34")
  await page.locator("#cvc").fill("123")
  await page.locator("#name").fill("Ada Lovelace")
}

layer(Layer.merge(app, Browser.layer), { excludeTestServices: true, timeout: "120 seconds" })("the hosted page in live mode through the Stripe connector", (it) => {
  it.effect("pays at once, and pays after a 3-D Secure redirect and return", () =>
    Effect.gen(function*() {
      const server = yield* SuiteServer
      const browser = yield* Browser
      yield* Effect.promise(async () => {
        const api = async (path: string, body?: Record<string, string>) => {
          const response = await fetch(`${server.url}${path}`, {
            method: body === undefined ? "GET" : "POST",
            headers: { authorization: `Bearer ${server.keys.live}` },
            ...(body === undefined ? {} : { body: new URLSearchParams(body) })
          })
          return { status: response.status, json: await response.json() as any }
        }
        const configured = await api("/v1/account/processor_settings", {
          processor: "stripe",
          "credentials[secret_key]": "sk_live_browserTestKey1234",
          "credentials[webhook_secret]": "whsec_browserTestHook5678",
          "options[base_url]": prism!.url
        })
        assert.strictEqual(configured.status, 200, JSON.stringify(configured.json))
        const session = async () => {
          const made = await api("/v1/checkout/sessions", {
            mode: "payment",
            "line_items[0][price_data][currency]": "usd",
            "line_items[0][price_data][unit_amount]": "2000",
            "line_items[0][price_data][product_data][name]": "Live mug",
            "line_items[0][quantity]": "1",
            success_url: `${SHOP}/thanks`
          })
          assert.strictEqual(made.status, 200, JSON.stringify(made.json))
          return made.json as { id: string; url: string }
        }

        const context = await browser.newContext({ locale: "en-US" })
        try {
          await context.route(`${SHOP}/**`, (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>Shop</title><h1>Thanks</h1>" }))
          const page = await context.newPage()

          // approved at once: the page lands on the success URL
          const first = await session()
          prefer = { "payment_methods.create": "example=card", "payment_intents.create": "example=succeeded" }
          const shell = await page.goto(first.url)
          // an account on Stripe, with no component the page loads, keeps the strict policy: no processor's hosts
          const policy = shell!.headers()["content-security-policy"] ?? ""
          assert.include(policy, "connect-src 'self';")
          assert.notInclude(policy, "frame-src")
          assert.notInclude(policy, "adyen")
          await page.locator("#checkout").waitFor({ state: "visible" })
          assert.notInclude(await page.locator("main").innerText(), "Test mode")
          await fillCard(page)
          await page.locator("#pay").click()
          await page.waitForURL(`${SHOP}/thanks`, { timeout: 60_000 })
          assert.strictEqual((await api(`/v1/checkout/sessions/${first.id}`)).json.status, "complete")

          // 3-D Secure: Stripe's page (a stand-in) sends the shopper back to the return URL the page paid with
          const second = await session()
          let returnUrl = ""
          await context.route(`${STRIPE_3DS}/**`, async (route) => {
            returnUrl = `${server.url}/c/pay/${second.id}/action_return?payment_intent=pi_3MockIntent&payment_intent_client_secret=pi_3MockIntent_secret_mock`
            await route.fulfill({ status: 200, contentType: "text/html", body: `<!doctype html><title>3-D Secure</title><script>location.replace(${JSON.stringify(returnUrl)})</script>` })
          })
          prefer = {
            "payment_methods.create": "example=card",
            "payment_intents.create": "example=requires_action",
            "payment_intents.retrieve": "example=succeeded",
            "payment_intents.search": "example=succeeded"
          }
          await page.goto(second.url)
          await page.locator("#checkout").waitFor({ state: "visible" })
          await fillCard(page)
          await page.locator("#pay").click()
          // back on the session's page, which reads the secret it kept for this tab, and shows the payment done
          await page.waitForURL(`${server.url}/c/pay/${second.id}`, { timeout: 60_000 })
          await page.getByText("This checkout is already paid").waitFor({ timeout: 60_000 })
          assert.notStrictEqual(returnUrl, "")
          const paid = await api(`/v1/checkout/sessions/${second.id}?expand[]=payment_intent`)
          assert.strictEqual(paid.json.status, "complete")
          assert.strictEqual(paid.json.payment_intent.status, "succeeded")
          assert.isNull(paid.json.payment_intent.next_action)
        } finally {
          await context.close()
        }
      })
    }), { timeout: 120_000 })
})
