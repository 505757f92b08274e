import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Option, Redacted } from "effect"
import { TestClock } from "effect/testing"
import type { Scope, SessionState } from "../src/CheckoutSession.ts"
import { CheckoutSessions } from "../src/CheckoutSessions.ts"
import { Customers } from "../src/Customers.ts"
import { EventLog } from "../src/EventLog.ts"
import { IdGenerator } from "../src/ports/IdGenerator.ts"
import { PaymentProcessor } from "../src/ports/PaymentProcessor.ts"
import { SessionRepository } from "../src/ports/SessionRepository.ts"
import { RequestContext } from "../src/RequestContext.ts"
import * as Testing from "../src/testing/index.ts"
import * as TestPaymentProcessor from "../src/TestPaymentProcessor.ts"
import { basicParams, params, T0 } from "./fixtures.ts"

const scope: Scope = { account: "acct_1", livemode: false }
const HOUR = 3600

/** Runs a test on fresh in-memory stores with the clock at T0. */
const run = <A, E>(
  body: Effect.Effect<A, E, CheckoutSessions | EventLog | SessionRepository>,
  layer: Layer.Layer<CheckoutSessions | EventLog | SessionRepository> = Testing.layer
) =>
  Effect.gen(function*() {
    yield* TestClock.setTime(T0 * 1000)
    return yield* body
  }).pipe(Effect.provide(layer))

/** {@link run} with the customers' use cases too, on the core's test layer. */
const runWithCustomers = <A, E>(body: Effect.Effect<A, E, CheckoutSessions | EventLog | SessionRepository | Customers>) =>
  Effect.gen(function*() {
    yield* TestClock.setTime(T0 * 1000)
    return yield* body
  }).pipe(Effect.provide(Testing.layer))

/**
 * The use cases over a processor that lets other fibers run while it decides, as a real one waiting on
 * the network would, and that counts the charges it makes.
 */
const racing = () => {
  const charges = { count: 0 }
  const processor = Layer.succeed(PaymentProcessor, PaymentProcessor.of({
    authorize: (request) =>
      Effect.andThen(Effect.yieldNow, Effect.sync(() => {
        const outcome = TestPaymentProcessor.decide(request)
        if (outcome._tag === "Succeeded") charges.count++
        return outcome
      })),
    // every attempt resolves in its own call here, so none is ever left to reconcile
    retrieve: () => Effect.die(new Error("no attempt should need reconciling")),
    settle: () => Effect.die(new Error("no payment here is captured manually")),
    refund: () => Effect.die(new Error("nothing here is refunded")),
    retrieveRefund: () => Effect.die(new Error("nothing here is refunded"))
  }))
  const layer = Layer.mergeAll(CheckoutSessions.layer, EventLog.layer).pipe(
    Layer.provideMerge(Layer.mergeAll(Testing.InMemoryRepository.layer, processor, IdGenerator.layerRandom, Testing.PlainSnapshots.layer))
  )
  return { charges, layer }
}

const eventsOf = (s: Scope = scope) =>
  EventLog.use((log) => log.list(s, { limit: 100 })).pipe(Effect.map((page) => page.data))

describe("CheckoutSessions", () => {
  it.effect("creates and retrieves within the scope only", () =>
    run(Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const created = yield* sessions.create(scope, params(basicParams))
      assert.match(created.session.id, /^cs_test_[0-9A-Za-z]{33}$/)
      assert.match(created.session.client_secret!, new RegExp(`^${created.session.id}_secret_[0-9A-Za-z]{33}$`))
      assert.strictEqual(created.session.created, T0)
      const read = yield* sessions.retrieve(scope, created.session.id)
      assert.deepStrictEqual(read, created)
      for (const other of [{ account: "acct_2", livemode: false }, { account: "acct_1", livemode: true }]) {
        const e = yield* Effect.flip(sessions.retrieve(other, created.session.id))
        assert.strictEqual(e._tag, "ResourceMissing")
      }
      const live = yield* sessions.create({ account: "acct_1", livemode: true }, params(basicParams))
      assert.match(live.session.id, /^cs_live_/)
      assert.isTrue(live.session.livemode)
    })))

  it.effect("reads a session past expires_at as expired before the sweep runs, then the sweep writes it once", () =>
    run(Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const s = yield* sessions.create(scope, params(basicParams))
      yield* TestClock.adjust("24 hours")
      assert.strictEqual((yield* sessions.retrieve(scope, s.session.id)).session.status, "expired")
      assert.lengthOf(yield* eventsOf(), 0)
      const expiredList = yield* sessions.list(scope, { status: "expired" })
      assert.deepStrictEqual(expiredList.data.map((x) => x.session.id), [s.session.id])
      assert.lengthOf((yield* sessions.list(scope, { status: "open" })).data, 0)
      assert.strictEqual(yield* sessions.sweepExpired(), 1)
      assert.strictEqual(yield* sessions.sweepExpired(), 0)
      const events = yield* eventsOf()
      assert.deepStrictEqual(events.map((e) => e.type), ["checkout.session.expired"])
      assert.strictEqual((yield* sessions.retrieve(scope, s.session.id)).version, 2)
    })))

  it.effect("the sweep waits for expires_at, then expires in batches of at most its limit, oldest deadline first", () =>
    run(Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const created: Array<SessionState> = []
      for (const offset of [4, 1, 3, 2, 5]) {
        created.push(yield* sessions.create(scope, params({ ...basicParams, expires_at: T0 + HOUR + offset })))
      }
      assert.strictEqual(yield* sessions.sweepExpired(), 0)
      yield* TestClock.adjust("1 hour")
      yield* TestClock.adjust("3 seconds")
      assert.strictEqual(yield* sessions.sweepExpired(2), 2)
      assert.strictEqual(yield* sessions.sweepExpired(2), 1)
      assert.strictEqual(yield* sessions.sweepExpired(2), 0)
      const expiredFirst = (yield* eventsOf()).map((e) => (e.data.object as { id: string }).id).reverse()
      assert.deepStrictEqual(expiredFirst, [1, 3, 2].map((i) => created[i]!.session.id))
      yield* TestClock.adjust("2 seconds")
      assert.strictEqual(yield* sessions.sweepExpired(), 2)
      const events = yield* eventsOf()
      assert.lengthOf(events, 5)
      assert.isTrue(events.every((e) => e.type === "checkout.session.expired" && e.created >= T0 + HOUR + 3))
    })))

  it.effect("sweeps running side by side expire each session once", () =>
    run(Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      for (let i = 0; i < 20; i++) yield* sessions.create(scope, params({ ...basicParams, expires_at: T0 + HOUR }))
      yield* TestClock.adjust("1 hour")
      const counts = yield* Effect.all(Array.from({ length: 4 }, () => sessions.sweepExpired(3)), { concurrency: "unbounded" })
      const rest = yield* sessions.sweepExpired()
      assert.strictEqual(counts.reduce((a, b) => a + b, 0) + rest, 20)
      const events = yield* eventsOf()
      assert.lengthOf(events, 20)
      assert.strictEqual(new Set(events.map((e) => (e.data.object as { id: string }).id)).size, 20)
    })))

  it.effect("lists newest first with filters and keyset cursors in both directions", () =>
    runWithCustomers(Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const even = yield* Customers.use((c) => c.create(scope, {}))
      const ids: Array<string> = []
      for (let i = 0; i < 7; i++) {
        const s = yield* sessions.create(scope, params({
          ...basicParams,
          client_reference_id: `order-${i}`,
          ...(i % 2 === 0 ? { customer: even.id } : { customer_email: `c${i}@shop.example` })
        }))
        ids.push(s.session.id)
        yield* TestClock.adjust("1 second")
      }
      yield* sessions.create({ account: "acct_2", livemode: false }, params(basicParams))
      const newest = [...ids].reverse()
      const all = yield* sessions.list(scope, { limit: 100 })
      assert.deepStrictEqual(all.data.map((s) => s.session.id), newest)
      assert.isFalse(all.has_more)
      assert.lengthOf((yield* sessions.list(scope, {})).data, 7)

      const p1 = yield* sessions.list(scope, { limit: 3 })
      assert.deepStrictEqual(p1.data.map((s) => s.session.id), newest.slice(0, 3))
      assert.isTrue(p1.has_more)
      const p2 = yield* sessions.list(scope, { limit: 3, starting_after: newest[2]! })
      assert.deepStrictEqual(p2.data.map((s) => s.session.id), newest.slice(3, 6))
      assert.isTrue(p2.has_more)
      const p3 = yield* sessions.list(scope, { limit: 3, starting_after: newest[5]! })
      assert.deepStrictEqual(p3.data.map((s) => s.session.id), newest.slice(6))
      assert.isFalse(p3.has_more)
      const back = yield* sessions.list(scope, { limit: 3, ending_before: newest[6]! })
      assert.deepStrictEqual(back.data.map((s) => s.session.id), newest.slice(3, 6))
      assert.isTrue(back.has_more)
      const first = yield* sessions.list(scope, { limit: 3, ending_before: newest[2]! })
      assert.deepStrictEqual(first.data.map((s) => s.session.id), newest.slice(0, 2))
      assert.isFalse(first.has_more)

      const byRef = yield* sessions.list(scope, { client_reference_id: "order-3" })
      assert.deepStrictEqual(byRef.data.map((s) => s.session.id), [ids[3]])
      assert.lengthOf((yield* sessions.list(scope, { customer: even.id })).data, 4)
      assert.deepStrictEqual((yield* sessions.list(scope, { customer_details: { email: "c5@shop.example" } })).data.map((s) => s.session.id), [ids[5]])
      const range = yield* sessions.list(scope, { created: { gte: T0 + 2, lt: T0 + 4 } })
      assert.deepStrictEqual(range.data.map((s) => s.session.id), [ids[3], ids[2]])
      assert.deepStrictEqual((yield* sessions.list(scope, { created: T0 + 1 })).data.map((s) => s.session.id), [ids[1]])

      const both = yield* Effect.flip(sessions.list(scope, { starting_after: ids[0]!, ending_before: ids[1]! }))
      assert.strictEqual(both._tag, "ValidationError")
      const unknown = yield* Effect.flip(sessions.list(scope, { starting_after: "cs_test_nope" }))
      assert.strictEqual(unknown._tag, "ResourceMissing")
      assert.strictEqual((unknown as { param: string }).param, "starting_after")
    })))

  it.effect("filters by payment_intent and payment_link", () =>
    run(Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const a = yield* sessions.create(scope, params(basicParams), { payment_link: "plink_1" })
      const b = yield* sessions.create(scope, params(basicParams))
      const pi = yield* sessions.pay(scope, b.session.id, { payment_method: "pm_card_visa" })
      assert.deepStrictEqual((yield* sessions.list(scope, { payment_link: "plink_1" })).data.map((s) => s.session.id), [a.session.id])
      assert.deepStrictEqual((yield* sessions.list(scope, { payment_intent: pi.id })).data.map((s) => s.session.id), [b.session.id])
      assert.deepStrictEqual((yield* sessions.list(scope, { status: "complete" })).data.map((s) => s.session.id), [b.session.id])
    })))

  it.effect("pages line items in order", () =>
    run(Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const items = Array.from({ length: 25 }, (_, i) => ({ price_data: { currency: "usd", unit_amount: 100 + i, product_data: { name: `p${i}` } }, quantity: 1 }))
      const s = yield* sessions.create(scope, params({ line_items: items }))
      const p1 = yield* sessions.listLineItems(scope, s.session.id, {})
      assert.deepStrictEqual(p1.data.map((li) => li.description), items.slice(0, 10).map((i) => i.price_data.product_data.name))
      assert.isTrue(p1.has_more)
      const p3 = yield* sessions.listLineItems(scope, s.session.id, { starting_after: s.line_items[19]!.id })
      assert.lengthOf(p3.data, 5)
      assert.isFalse(p3.has_more)
      const back = yield* sessions.listLineItems(scope, s.session.id, { ending_before: s.line_items[5]!.id, limit: 3 })
      assert.deepStrictEqual(back.data.map((li) => li.id), s.line_items.slice(2, 5).map((li) => li.id))
      assert.isTrue(back.has_more)
    })))

  it.effect("updates metadata while open, refuses it afterwards", () =>
    run(Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const s = yield* sessions.create(scope, params({ ...basicParams, metadata: { order: "42", tmp: "x" } }))
      const updated = yield* sessions.update(scope, s.session.id, { metadata: { tmp: "", note: "gift" } })
      assert.deepStrictEqual(updated.session.metadata, { order: "42", note: "gift" })
      yield* sessions.expire(scope, s.session.id)
      const e = yield* Effect.flip(sessions.update(scope, s.session.id, { metadata: { a: "b" } }))
      assert.strictEqual(e._tag, "SessionNotOpen")
    })))

  it.effect("expires on request once; a second expire is refused", () =>
    run(Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const s = yield* sessions.create(scope, params(basicParams))
      const expired = yield* sessions.expire(scope, s.session.id)
      assert.strictEqual(expired.session.status, "expired")
      assert.strictEqual((yield* Effect.flip(sessions.expire(scope, s.session.id)))._tag, "SessionNotOpen")
      assert.strictEqual((yield* Effect.flip(sessions.pay(scope, s.session.id, { payment_method: "pm_card_visa" })))._tag, "SessionNotOpen")
      assert.deepStrictEqual((yield* eventsOf()).map((e) => e.type), ["checkout.session.expired"])
    })))

  it.effect("pays with a test token: complete, paid, two events that record the request", () =>
    run(Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const s = yield* sessions.create(scope, params(basicParams))
      const pi = yield* sessions.pay(scope, s.session.id, { payment_method: "pm_card_visa" }).pipe(
        Effect.provideService(RequestContext, { id: "req_1", idempotency_key: "key_1" })
      )
      assert.strictEqual(pi.status, "succeeded")
      assert.strictEqual(pi.amount_received, 2000)
      assert.strictEqual(pi.payment_method_details?.card.brand, "visa")
      const done = yield* sessions.retrieve(scope, s.session.id)
      assert.strictEqual(done.session.status, "complete")
      assert.strictEqual(done.session.payment_intent, pi.id)
      assert.deepStrictEqual(yield* sessions.retrievePaymentIntent(scope, pi.id), pi)
      assert.strictEqual((yield* Effect.flip(sessions.retrievePaymentIntent({ account: "acct_2", livemode: false }, pi.id)))._tag, "ResourceMissing")
      const events = yield* eventsOf()
      assert.deepStrictEqual(events.map((e) => e.type).sort(), ["checkout.session.completed", "payment_intent.succeeded"])
      for (const e of events) assert.deepStrictEqual(e.request, { id: "req_1", idempotency_key: "key_1" })
      // a paid session cannot be paid again
      assert.strictEqual((yield* Effect.flip(sessions.pay(scope, s.session.id, { payment_method: "pm_card_visa" })))._tag, "SessionNotOpen")
    })))

  it.effect("a decline leaves the session open with the reason, and the customer can try again", () =>
    run(Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const s = yield* sessions.create(scope, params(basicParams))
      const card = (number: string) => ({
        payment_method_data: { type: "card" as const, card: { number: Redacted.make(number), exp_month: 12, exp_year: 2034, cvc: Redacted.make("123") } }
      })
      const declined = yield* Effect.flip(sessions.pay(scope, s.session.id, card("4000000000000002")))
      assert.strictEqual(declined._tag, "PaymentFailed")
      assert.deepInclude(declined, { type: "card_error", code: "card_declined", decline_code: "generic_decline" })
      const funds = yield* Effect.flip(sessions.pay(scope, s.session.id, card("4000000000009995")))
      assert.deepInclude(funds, { decline_code: "insufficient_funds" })
      const processing = yield* Effect.flip(sessions.pay(scope, s.session.id, card("4000000000000119")))
      assert.deepInclude(processing, { code: "processing_error" })
      assert.strictEqual((yield* sessions.retrieve(scope, s.session.id)).session.status, "open")
      const pi = yield* sessions.pay(scope, s.session.id, card("5555 5555 5555 4444"))
      assert.strictEqual(pi.payment_method_details?.card.brand, "mastercard")
      assert.strictEqual(pi.payment_method_details?.card.last4, "4444")
      const types = (yield* eventsOf()).map((e) => e.type)
      assert.strictEqual(types.filter((t) => t === "payment_intent.payment_failed").length, 3)
      assert.strictEqual(types.filter((t) => t === "checkout.session.completed").length, 1)
      // card numbers never reach storage or events
      const repo = yield* SessionRepository
      const stored = JSON.stringify([Option.getOrThrow(yield* repo.findById(s.session.id)), yield* eventsOf()])
      for (const number of ["4000000000000002", "4000000000009995", "4000000000000119", "5555555555554444", "5555 5555 5555 4444"]) {
        assert.notInclude(stored, number)
      }
    })))

  it.effect("an unknown token is refused without an attempt or an event", () =>
    run(Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const s = yield* sessions.create(scope, params(basicParams))
      const e = yield* Effect.flip(sessions.pay(scope, s.session.id, { payment_method: "pm_card_bogus" }))
      assert.deepInclude(e, { _tag: "ValidationError", code: "resource_missing", param: "payment_method" })
      const after = yield* sessions.retrieve(scope, s.session.id)
      assert.isNull(after.attempt)
      assert.lengthOf(yield* eventsOf(), 0)
      const neither = yield* Effect.flip(sessions.pay(scope, s.session.id, {}))
      assert.deepInclude(neither, { _tag: "ValidationError", param: "payment_method" })
      // live mode has no processor
      const live = { account: "acct_1", livemode: true }
      const ls = yield* sessions.create(live, params(basicParams))
      assert.deepInclude(yield* Effect.flip(sessions.pay(live, ls.session.id, { payment_method: "pm_card_visa" })), { code: "livemode_unsupported" })
    })))

  it.effect("installments must be offered by the session", () =>
    run(Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const plain = yield* sessions.create(scope, params(basicParams))
      const e = yield* Effect.flip(sessions.pay(scope, plain.session.id, { payment_method: "pm_card_visa", installments: { count: 3 } }))
      assert.deepInclude(e, { _tag: "ValidationError", param: "installments[count]" })
      const offered = yield* sessions.create(scope, params({ ...basicParams, payment_method_options: { card: { installments: { plans: [{ count: 3 }, { count: 6 }] } } } }))
      assert.deepInclude(yield* Effect.flip(sessions.pay(scope, offered.session.id, { payment_method: "pm_card_visa", installments: { count: 4 } })), { param: "installments[count]" })
      const pi = yield* sessions.pay(scope, offered.session.id, { payment_method: "pm_card_visa", installments: { count: 6 } })
      assert.deepStrictEqual(pi.payment_method_details?.card.installments, { plan: { count: 6, interval: "month", type: "fixed_count" } })
    })))

  it.effect("a client secret authorizes its own session only, until rotated", () =>
    run(Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const a = yield* sessions.create(scope, params(basicParams))
      const b = yield* sessions.create(scope, params(basicParams))
      assert.deepStrictEqual(yield* sessions.authorizeClient(a.session.id, a.session.client_secret!), scope)
      assert.strictEqual((yield* Effect.flip(sessions.authorizeClient(b.session.id, a.session.client_secret!)))._tag, "InvalidClientSecret")
      assert.strictEqual((yield* Effect.flip(sessions.authorizeClient("cs_test_missing", "x")))._tag, "ResourceMissing")
      const rotated = yield* sessions.rotateClientSecret(scope, a.session.id)
      assert.notStrictEqual(rotated.session.client_secret, a.session.client_secret)
      assert.strictEqual((yield* Effect.flip(sessions.authorizeClient(a.session.id, a.session.client_secret!)))._tag, "InvalidClientSecret")
      assert.deepStrictEqual(yield* sessions.authorizeClient(a.session.id, rotated.session.client_secret!), scope)
    })))

  it.effect("many fibers paying one session at once give exactly one success and one charge", () => {
    const { charges, layer } = racing()
    return run(Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const s = yield* sessions.create(scope, params(basicParams))
      const results = yield* Effect.all(
        Array.from({ length: 50 }, () => Effect.result(sessions.pay(scope, s.session.id, { payment_method: "pm_card_visa" }))),
        { concurrency: "unbounded" }
      )
      const successes = results.filter((r) => r._tag === "Success")
      assert.lengthOf(successes, 1)
      for (const r of results) {
        if (r._tag === "Failure") assert.include(["PaymentInProgress", "SessionNotOpen", "ConcurrentModification"], r.failure._tag)
      }
      const events = yield* eventsOf()
      assert.strictEqual(events.filter((e) => e.type === "checkout.session.completed").length, 1)
      assert.strictEqual(events.filter((e) => e.type === "payment_intent.succeeded").length, 1)
      assert.strictEqual(charges.count, 1)
    }), layer)
  })

  it.effect("expire racing pay ends in one terminal state with one terminal event", () => {
    const { layer } = racing()
    return run(Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      for (let round = 0; round < 20; round++) {
        const s = yield* sessions.create(scope, params(basicParams))
        yield* Effect.all([
          Effect.result(sessions.pay(scope, s.session.id, { payment_method: "pm_card_visa" })),
          Effect.result(sessions.expire(scope, s.session.id))
        ], { concurrency: "unbounded" })
        const final = yield* sessions.retrieve(scope, s.session.id)
        const terminal = (yield* eventsOf()).filter((e) =>
          (e.type === "checkout.session.completed" || e.type === "checkout.session.expired") &&
          (e.data.object as { id: string }).id === s.session.id
        )
        assert.lengthOf(terminal, 1)
        assert.strictEqual(terminal[0]!.type, final.session.status === "complete" ? "checkout.session.completed" : "checkout.session.expired")
      }
    }), layer)
  })
})
