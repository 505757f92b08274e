/**
 * The official `stripe` client against a running Till server, end to end over a real port.
 * Reusable: give it a layer that starts a server (in memory here; apps/server runs it over PGlite
 * and PostgreSQL) and it checks what SPEC sections 4 to 6 promise a Stripe user.
 */
import { assert, layer } from "@effect/vitest"
import { Effect, type Layer } from "effect"
import Stripe from "stripe"
import { START_TIMEOUT, SuiteServer } from "./SuiteServer.ts"

type Server = SuiteServer["Service"]

/** A client for the server, with retries off unless asked (so each call is one request). */
export const stripeClient = (server: Server, key = server.keys.test, options: Stripe.StripeConfig = {}) =>
  new Stripe(key, { host: server.host, port: server.port, protocol: "http", maxNetworkRetries: 0, ...options })

/** Runs an SDK call that must succeed. */
export const ok = <A>(f: () => Promise<A>): Effect.Effect<A> => Effect.promise(f)

/** Runs an SDK call that must fail, giving its error. */
export const rejects = (f: () => Promise<unknown>): Effect.Effect<unknown> =>
  Effect.flatMap(Effect.tryPromise({ try: f, catch: (e) => e }), (value) =>
    Effect.die(new Error(`expected the call to fail, got ${JSON.stringify(value).slice(0, 300)}`)))
    .pipe(Effect.catch((e) => Effect.succeed(e)))

/** A unique tag, so a test can filter the shared account's sessions down to its own. */
export const unique = (label: string) => `${label}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`

/** One line item of 1,200 cents × `quantity`. */
export const lineItem = (name = "T-shirt", unit_amount = 1200, quantity = 1) => ({
  price_data: { currency: "usd", unit_amount, product_data: { name } },
  quantity
})

const SUCCESS_URL = "https://shop.example/ok"

/** Creates a plain session. */
export const createSession = (stripe: Stripe, params: Partial<Stripe.Checkout.SessionCreateParams> = {}) =>
  ok(() => stripe.checkout.sessions.create({ mode: "payment", line_items: [lineItem()], success_url: SUCCESS_URL, ...params }))

/** Pays a session through the `payments` extension endpoint (the SDK has no method for it). */
export const pay = (stripe: Stripe, sessionId: string, params: Record<string, unknown>, options: Stripe.RawRequestOptions = {}) =>
  stripe.rawRequest("POST", `/v1/checkout/sessions/${sessionId}/payments`, params, options) as unknown as Promise<
    Stripe.PaymentIntent & { lastResponse: { requestId: string; headers: Record<string, string> } }
  >

const isError = <C extends abstract new(...args: never) => unknown>(e: unknown, cls: C): e is InstanceType<C> => e instanceof cls

/** The Stripe suite, registered as a describe block running against `server`. */
export const stripeSuite = (name: string, server: Layer.Layer<SuiteServer, unknown>) =>
  layer(server, { excludeTestServices: true, timeout: START_TIMEOUT })(name, (it) => {
    it.effect("creates a session from a form body and answers with the session and a request id", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const s = yield* createSession(stripe, {
          line_items: [lineItem("Shirt", 1200, 2), lineItem("Socks", 350, 1)],
          metadata: { order: "42" },
          client_reference_id: "order-42",
          customer_email: "buyer@example.com",
          expand: ["line_items"]
        })
        assert.match(s.id, /^cs_test_/)
        assert.strictEqual(s.object, "checkout.session")
        assert.strictEqual(s.status, "open")
        assert.strictEqual(s.payment_status, "unpaid")
        assert.strictEqual(s.amount_total, 2750)
        assert.strictEqual(s.currency, "usd")
        assert.deepStrictEqual(s.metadata, { order: "42" })
        assert.isFalse(s.livemode)
        assert.isNull(s.payment_intent)
        assert.match(s.client_secret!, new RegExp(`^${s.id}_secret_`))
        assert.match(s.url!, new RegExp(`/c/pay/${s.id}#`))
        assert.strictEqual(s.line_items!.object, "list")
        assert.deepStrictEqual(s.line_items!.data.map((i) => [i.description, i.quantity, i.amount_total]), [["Shirt", 2, 2400], ["Socks", 1, 350]])
        assert.match(s.lastResponse.requestId, /^req_/)
      }))

    it.effect("works with the client's default settings (retries on, automatic idempotency keys)", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const stripe = new Stripe(server.keys.test, { host: server.host, port: server.port, protocol: "http" })
        const s = yield* createSession(stripe)
        assert.match(s.lastResponse.idempotencyKey ?? "", /^stripe-node-retry-/)
        const read = yield* ok(() => stripe.checkout.sessions.retrieve(s.id))
        assert.strictEqual(read.id, s.id)
      }))

    it.effect("retrieves with expand[] line_items and payment_intent", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const s = yield* createSession(stripe)
        const plain = yield* ok(() => stripe.checkout.sessions.retrieve(s.id))
        assert.isUndefined(plain.line_items)
        yield* ok(() => pay(stripe, s.id, { payment_method: "pm_card_visa" }))
        const expanded = yield* ok(() => stripe.checkout.sessions.retrieve(s.id, { expand: ["line_items", "payment_intent"] }))
        assert.strictEqual(expanded.status, "complete")
        const pi = expanded.payment_intent as Stripe.PaymentIntent
        assert.strictEqual(pi.object, "payment_intent")
        assert.strictEqual(pi.status, "succeeded")
        assert.strictEqual(pi.amount, 1200)
        assert.strictEqual(expanded.line_items!.data.length, 1)
        const e = yield* rejects(() => stripe.checkout.sessions.retrieve(s.id, { expand: ["line_items", "invoice"] }))
        assert.isTrue(isError(e, Stripe.errors.StripeInvalidRequestError))
        assert.strictEqual((e as Stripe.errors.StripeError).param, "expand[1]")
      }))

    it.effect("lists newest first in both cursor directions, auto-paginates, and filters by status and created", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const customer = (yield* ok(() => stripe.customers.create({ description: unique("lists") }))).id
        const created: Array<string> = []
        for (let i = 0; i < 5; i++) created.push((yield* createSession(stripe, { customer })).id)
        const all = yield* ok(() => stripe.checkout.sessions.list({ customer, limit: 100 }))
        assert.strictEqual(all.object, "list")
        assert.strictEqual(all.url, "/v1/checkout/sessions")
        assert.isFalse(all.has_more)
        const ids = all.data.map((s) => s.id)
        assert.sameMembers(ids, created)
        const createdTimes = all.data.map((s) => s.created)
        assert.deepStrictEqual(createdTimes, [...createdTimes].sort((a, b) => b - a))

        const first = yield* ok(() => stripe.checkout.sessions.list({ customer, limit: 2 }))
        assert.isTrue(first.has_more)
        assert.deepStrictEqual(first.data.map((s) => s.id), ids.slice(0, 2))
        const second = yield* ok(() => stripe.checkout.sessions.list({ customer, limit: 2, starting_after: first.data[1]!.id }))
        assert.deepStrictEqual(second.data.map((s) => s.id), ids.slice(2, 4))
        const back = yield* ok(() => stripe.checkout.sessions.list({ customer, limit: 2, ending_before: second.data[0]!.id }))
        assert.deepStrictEqual(back.data.map((s) => s.id), ids.slice(0, 2))
        assert.isFalse(back.has_more)

        const forward = yield* ok(() => stripe.checkout.sessions.list({ customer, limit: 2 }).autoPagingToArray({ limit: 100 }))
        assert.deepStrictEqual(forward.map((s) => s.id), ids)
        const backward = yield* ok(() =>
          stripe.checkout.sessions.list({ customer, limit: 2, ending_before: ids[4]! }).autoPagingToArray({ limit: 100 })
        )
        assert.sameMembers(backward.map((s) => s.id), ids.slice(0, 4))

        yield* ok(() => stripe.checkout.sessions.expire(ids[0]!))
        const expired = yield* ok(() => stripe.checkout.sessions.list({ customer, status: "expired" }))
        assert.deepStrictEqual(expired.data.map((s) => s.id), [ids[0]])
        const open = yield* ok(() => stripe.checkout.sessions.list({ customer, status: "open", limit: 100 }))
        assert.sameMembers(open.data.map((s) => s.id), ids.slice(1))

        const t = all.data[0]!.created
        const since = yield* ok(() => stripe.checkout.sessions.list({ customer, created: { gte: t - 60, lte: t + 60 }, limit: 100 }))
        assert.lengthOf(since.data, 5)
        const future = yield* ok(() => stripe.checkout.sessions.list({ customer, created: { gt: t + 3600 } }))
        assert.lengthOf(future.data, 0)

        const both = yield* rejects(() => stripe.checkout.sessions.list({ customer, starting_after: ids[0]!, ending_before: ids[1]! }))
        assert.isTrue(isError(both, Stripe.errors.StripeInvalidRequestError))
      }))

    it.effect("lists line items with pagination", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const s = yield* createSession(stripe, { line_items: [lineItem("A"), lineItem("B"), lineItem("C")] })
        const page = yield* ok(() => stripe.checkout.sessions.listLineItems(s.id, { limit: 2 }))
        assert.strictEqual(page.url, `/v1/checkout/sessions/${s.id}/line_items`)
        assert.isTrue(page.has_more)
        assert.deepStrictEqual(page.data.map((i) => i.description), ["A", "B"])
        const all = yield* ok(() => stripe.checkout.sessions.listLineItems(s.id, { limit: 1 }).autoPagingToArray({ limit: 10 }))
        assert.deepStrictEqual(all.map((i) => i.description), ["A", "B", "C"])
        assert.match(all[0]!.id, /^li_/)
        assert.strictEqual(all[0]!.price!.unit_amount, 1200)
      }))

    it.effect("updates metadata (merged, an empty value unsets) and expires", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const s = yield* createSession(stripe, { metadata: { a: "1", b: "2" } })
        const updated = yield* ok(() => stripe.checkout.sessions.update(s.id, { metadata: { a: "", c: "3" } }))
        assert.deepStrictEqual(updated.metadata, { b: "2", c: "3" })
        const expired = yield* ok(() => stripe.checkout.sessions.expire(s.id))
        assert.strictEqual(expired.status, "expired")
        const again = yield* rejects(() => stripe.checkout.sessions.expire(s.id))
        assert.isTrue(isError(again, Stripe.errors.StripeInvalidRequestError))
        assert.strictEqual((again as Stripe.errors.StripeError).statusCode, 400)
        const late = yield* rejects(() => stripe.checkout.sessions.update(s.id, { metadata: { d: "4" } }))
        assert.strictEqual((late as Stripe.errors.StripeError).statusCode, 400)
      }))

    it.effect("answers 400 with the parameter in bracket form, and rejects unknown parameters", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const bad = yield* rejects(() =>
          stripe.checkout.sessions.create({ mode: "payment", line_items: [lineItem(), { ...lineItem(), quantity: 0 }] })
        )
        assert.isTrue(isError(bad, Stripe.errors.StripeInvalidRequestError))
        const err = bad as Stripe.errors.StripeError
        assert.strictEqual(err.statusCode, 400)
        assert.strictEqual(err.type, "StripeInvalidRequestError")
        assert.strictEqual(err.rawType, "invalid_request_error")
        assert.strictEqual(err.param, "line_items[1][quantity]")
        assert.strictEqual(err.code, "parameter_invalid")
        assert.match(err.requestId ?? "", /^req_/)
        const unknown = yield* rejects(() =>
          stripe.checkout.sessions.create({ mode: "payment", line_items: [lineItem()], subscription_data: { trial_period_days: 7 } })
        )
        assert.isTrue(isError(unknown, Stripe.errors.StripeInvalidRequestError))
        assert.strictEqual((unknown as Stripe.errors.StripeError).param, "subscription_data")
        assert.strictEqual((unknown as Stripe.errors.StripeError).code, "parameter_unsupported")
        const shipping = yield* rejects(() =>
          stripe.checkout.sessions.create({ mode: "payment", line_items: [lineItem()], automatic_tax: { enabled: true } })
        )
        assert.strictEqual((shipping as Stripe.errors.StripeError).code, "parameter_unsupported")
        assert.strictEqual((shipping as Stripe.errors.StripeError).param, "automatic_tax[enabled]")
        const typo = yield* rejects(() =>
          stripe.checkout.sessions.create({ mode: "payment", line_items: [lineItem()], automatic_taxes: { enabled: true } } as Stripe.Checkout.SessionCreateParams)
        )
        assert.strictEqual((typo as Stripe.errors.StripeError).code, "parameter_unknown")
      }))

    it.effect("answers 401 for a missing or unknown key", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        for (const key of ["sk_test_doesnotexist000000000000000", "sk_live_nope0000000000000000000000", "rk_test_restricted"]) {
          const e = yield* rejects(() => stripeClient(server, key).checkout.sessions.list())
          assert.isTrue(isError(e, Stripe.errors.StripeAuthenticationError), key)
          assert.strictEqual((e as Stripe.errors.StripeError).statusCode, 401)
          assert.notInclude((e as Stripe.errors.StripeError).message, key.slice(9, -4))
        }
      }))

    it.effect("isolates accounts and modes: another scope's session is a 404", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const s = yield* createSession(stripeClient(server))
        for (const key of [server.keys.otherTest, server.keys.live]) {
          const e = yield* rejects(() => stripeClient(server, key).checkout.sessions.retrieve(s.id))
          assert.isTrue(isError(e, Stripe.errors.StripeInvalidRequestError))
          const err = e as Stripe.errors.StripeError
          assert.strictEqual(err.statusCode, 404)
          assert.strictEqual(err.code, "resource_missing")
          assert.strictEqual(err.param, "id")
          const expire = yield* rejects(() => stripeClient(server, key).checkout.sessions.expire(s.id))
          assert.strictEqual((expire as Stripe.errors.StripeError).statusCode, 404)
        }
        const live = yield* createSession(stripeClient(server, server.keys.live))
        assert.match(live.id, /^cs_live_/)
        assert.isTrue(live.livemode)
        const listed = yield* ok(() => stripeClient(server, server.keys.otherTest).checkout.sessions.list({ limit: 100 }))
        assert.notInclude(listed.data.map((x) => x.id), s.id)
      }))

    it.effect("pays with test cards: success completes, declines answer 402 with decline_code and keep the session open", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const s = yield* createSession(stripe)
        const declined = yield* rejects(() => pay(stripe, s.id, { payment_method: "pm_card_chargeDeclined" }))
        assert.isTrue(isError(declined, Stripe.errors.StripeCardError))
        const card = declined as Stripe.errors.StripeCardError
        assert.strictEqual(card.statusCode, 402)
        assert.strictEqual(card.code, "card_declined")
        assert.strictEqual(card.decline_code, "generic_decline")
        assert.strictEqual(card.payment_intent?.object, "payment_intent")
        assert.strictEqual(card.payment_intent?.status, "requires_payment_method")
        assert.strictEqual((yield* ok(() => stripe.checkout.sessions.retrieve(s.id))).status, "open")

        const funds = yield* rejects(() =>
          pay(stripe, s.id, { payment_method_data: { type: "card", card: { number: "4000000000009995", exp_month: 12, exp_year: 2034, cvc: "123" } } })
        )
        assert.strictEqual((funds as Stripe.errors.StripeCardError).decline_code, "insufficient_funds")
        const processing = yield* rejects(() =>
          pay(stripe, s.id, { payment_method_data: { type: "card", card: { number: "4000000000000119", exp_month: 12, exp_year: 2034 } } })
        )
        assert.isTrue(isError(processing, Stripe.errors.StripeCardError))
        assert.strictEqual((processing as Stripe.errors.StripeCardError).code, "processing_error")

        const pi = yield* ok(() =>
          pay(stripe, s.id, { payment_method_data: { type: "card", card: { number: "4242424242424242", exp_month: 12, exp_year: 2034, cvc: "123" } } })
        )
        assert.strictEqual(pi.object, "payment_intent")
        assert.strictEqual(pi.status, "succeeded")
        assert.strictEqual(pi.amount_received, 1200)
        assert.strictEqual((pi as unknown as { payment_method_details: { card: { last4: string } } }).payment_method_details.card.last4, "4242")
        assert.notInclude(JSON.stringify(pi), "4242424242424242")
        const done = yield* ok(() => stripe.checkout.sessions.retrieve(s.id))
        assert.strictEqual(done.status, "complete")
        assert.strictEqual(done.payment_status, "paid")
        assert.strictEqual(done.payment_intent, pi.id)
        const retrieved = yield* ok(() => stripe.paymentIntents.retrieve(pi.id))
        assert.strictEqual(retrieved.status, "succeeded")

        const again = yield* rejects(() => pay(stripe, s.id, { payment_method: "pm_card_mastercard" }))
        assert.strictEqual((again as Stripe.errors.StripeError).statusCode, 400)
      }))

    it.effect("accepts the session's client secret on client routes only, for that session only", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const stripe = stripeClient(server)
        const s = yield* createSession(stripe)
        const other = yield* createSession(stripe)
        const asClient = { apiKey: s.client_secret! }
        const read = yield* ok(() => stripe.checkout.sessions.retrieve(s.id, {}, asClient))
        assert.strictEqual(read.id, s.id)
        const items = yield* ok(() => stripe.checkout.sessions.listLineItems(s.id, {}, asClient))
        assert.lengthOf(items.data, 1)
        for (const attempt of [
          () => stripe.checkout.sessions.retrieve(other.id, {}, asClient),
          () => stripe.checkout.sessions.list({}, asClient),
          () => stripe.checkout.sessions.expire(s.id, {}, asClient),
          () => stripe.checkout.sessions.update(s.id, { metadata: { x: "1" } }, asClient)
        ]) {
          const e = yield* rejects(attempt)
          assert.isTrue(isError(e, Stripe.errors.StripeAuthenticationError))
        }
        const pi = yield* ok(() => pay(stripe, s.id, { payment_method: "pm_card_visa" }, { apiKey: s.client_secret! }))
        assert.strictEqual(pi.status, "succeeded")

        const rotated = yield* ok(() =>
          stripe.rawRequest("POST", `/v1/checkout/sessions/${other.id}/refresh_client_secret`, {}) as unknown as Promise<{ client_secret: string }>
        )
        assert.notStrictEqual(rotated.client_secret, other.client_secret)
        const stale = yield* rejects(() => stripe.checkout.sessions.retrieve(other.id, {}, { apiKey: other.client_secret! }))
        assert.isTrue(isError(stale, Stripe.errors.StripeAuthenticationError))
        const fresh = yield* ok(() => stripe.checkout.sessions.retrieve(other.id, {}, { apiKey: rotated.client_secret }))
        assert.strictEqual(fresh.id, other.id)
      }))

    it.effect("replays an idempotent request and refuses the key with other parameters", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const idempotencyKey = unique("idem")
        const params = { mode: "payment" as const, line_items: [lineItem()], client_reference_id: "same" }
        const a = yield* ok(() => stripe.checkout.sessions.create(params, { idempotencyKey }))
        const b = yield* ok(() => stripe.checkout.sessions.create(params, { idempotencyKey }))
        assert.strictEqual(b.id, a.id)
        assert.strictEqual(b.lastResponse.headers["idempotent-replayed"], "true")
        assert.isUndefined(a.lastResponse.headers["idempotent-replayed"])
        assert.notStrictEqual(b.lastResponse.requestId, a.lastResponse.requestId)
        const mismatch = yield* rejects(() => stripe.checkout.sessions.create({ ...params, client_reference_id: "other" }, { idempotencyKey }))
        assert.isTrue(isError(mismatch, Stripe.errors.StripeIdempotencyError))
        assert.strictEqual((mismatch as Stripe.errors.StripeError).statusCode, 400)

        // a decline did work: it is replayed, not retried
        const s = yield* createSession(stripe)
        const payKey = unique("pay")
        const d1 = yield* rejects(() => pay(stripe, s.id, { payment_method: "pm_card_chargeDeclined" }, { idempotencyKey: payKey }))
        const d2 = yield* rejects(() => pay(stripe, s.id, { payment_method: "pm_card_chargeDeclined" }, { idempotencyKey: payKey }))
        assert.strictEqual((d2 as Stripe.errors.StripeCardError).payment_intent?.id, (d1 as Stripe.errors.StripeCardError).payment_intent?.id)
        assert.strictEqual((d2 as Stripe.errors.StripeError).headers?.["idempotent-replayed"], "true")

        // a request that failed validation stored nothing: the key works with corrected parameters
        const fixKey = unique("fix")
        yield* rejects(() => stripe.checkout.sessions.create({ mode: "payment", line_items: [{ ...lineItem(), quantity: 0 }] }, { idempotencyKey: fixKey }))
        const fixed = yield* ok(() => stripe.checkout.sessions.create(params, { idempotencyKey: fixKey }))
        assert.match(fixed.id, /^cs_test_/)

        const long = yield* rejects(() => stripe.checkout.sessions.create(params, { idempotencyKey: "k".repeat(256) }))
        assert.isTrue(isError(long, Stripe.errors.StripeInvalidRequestError))
      }))

    it.effect("records events with the request id and idempotency key, newest first", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const stripe = stripeClient(server)
        const s = yield* createSession(stripe)
        const idempotencyKey = unique("evt")
        const pi = yield* ok(() => pay(stripe, s.id, { payment_method: "pm_card_visa" }, { idempotencyKey }))
        const events = yield* ok(() => stripe.events.list({ type: "checkout.session.completed", limit: 100 }))
        assert.strictEqual(events.url, "/v1/events")
        const mine = events.data.find((e) => (e.data.object as Stripe.Checkout.Session).id === s.id)
        assert.isDefined(mine)
        assert.strictEqual(mine!.request?.id, pi.lastResponse.requestId)
        assert.strictEqual(mine!.request?.idempotency_key, idempotencyKey)
        assert.notProperty(mine!, "account")
        const read = yield* ok(() => stripe.events.retrieve(mine!.id))
        assert.strictEqual(read.type, "checkout.session.completed")
        const missing = yield* rejects(() => stripeClient(server, server.keys.otherTest).events.retrieve(mine!.id))
        assert.strictEqual((missing as Stripe.errors.StripeError).statusCode, 404)
        const recent = yield* ok(() => stripe.events.list({ limit: 100 }))
        const times = recent.data.map((e) => e.created)
        assert.deepStrictEqual(times, [...times].sort((a, b) => b - a))
      }))
  })
