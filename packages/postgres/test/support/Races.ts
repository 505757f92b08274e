/**
 * Races through the use cases: many concurrent commands on one session must leave exactly one outcome;
 * concurrent changes to a payment link or a webhook endpoint must all land, and a deleted endpoint stay deleted.
 */
import { assert, type Vitest } from "@effect/vitest"
import {
  Charges,
  chargeIdOf,
  CustomerRepository,
  Customers,
  CheckoutSessions,
  type Event,
  EventRepository,
  IdGenerator,
  type PageRequest,
  PaymentLinkRepository,
  PaymentLinks,
  type Scope,
  SessionRepository,
  type SessionState,
  settlementKey,
  TestProcessorLedger,
  WebhookEndpointRepository,
  WebhookEndpoints,
  type CatalogRepository,
  RefundRepository,
  type TaxRateRepository,
  PromotionRepository,
  type ShippingRateRepository,
  type Coupon,
  type PromotionCode,
  Ids
} from "@till/core"
import { PlainSnapshots, StubWebhookUrlGuard, TestPaymentProcessor } from "@till/core/testing"
import { type Context, Effect, Layer, Option, Result } from "effect"
import { newScope, newSession } from "./Fixtures.ts"

/** What the race scenarios need. */
export type RaceServices = CheckoutSessions | Charges | SessionRepository | EventRepository | TestProcessorLedger | RefundRepository | PromotionRepository

/** The use cases over the given repositories, the test processor over the given ledger, random ids and plain event snapshots. */
export const useCases = <E, R>(
  repositories: Layer.Layer<SessionRepository | EventRepository | TestProcessorLedger | CatalogRepository | CustomerRepository | RefundRepository | TaxRateRepository | PromotionRepository | ShippingRateRepository, E, R>
): Layer.Layer<RaceServices, E, R> =>
  Layer.merge(CheckoutSessions.layer, Charges.layer).pipe(
    Layer.provideMerge(Layer.mergeAll(TestPaymentProcessor.layer, IdGenerator.layerRandom, PlainSnapshots.layer)),
    Layer.provideMerge(repositories)
  )

const visa = { payment_method: "pm_card_visa" } as const
const LOSING = ["PaymentInProgress", "SessionNotOpen", "ConcurrentModification"]

/** Every event of a scope. */
export const allEvents = (scope: Scope) =>
  Effect.gen(function*() {
    const repo = yield* EventRepository
    const out: Array<Event> = []
    let page: PageRequest = { limit: 100 }
    for (;;) {
      const p = yield* repo.list(scope, {}, page)
      out.push(...p.data)
      if (!p.has_more) return out
      const last = p.data[p.data.length - 1]!
      page = { limit: 100, after: { created: last.created, id: last.id } }
    }
  })

/** Every session of a scope. */
export const allSessions = (scope: Scope) =>
  Effect.gen(function*() {
    const repo = yield* SessionRepository
    const out: Array<SessionState> = []
    let page: PageRequest = { limit: 100 }
    for (;;) {
      const p = yield* repo.list(scope, {}, page, 0)
      out.push(...p.data)
      if (!p.has_more) return out
      const last = p.data[p.data.length - 1]!.session
      page = { limit: 100, after: { created: last.created, id: last.id } }
    }
  })

const aboutSession = (events: ReadonlyArray<Event>, id: string) =>
  events.filter((e) => e.data.object.object === "checkout.session" ? e.data.object.id === id : e.data.object.checkout_session === id)

const count = (events: ReadonlyArray<Event>, type: Event["type"]) => events.filter((e) => e.type === type).length

/** 50 payments at once on one session: one succeeds, the others lose cleanly. */
const concurrentPayments = (pays: number) =>
  Effect.gen(function*() {
    const sessions = yield* CheckoutSessions
    const scope = newScope()
    const { session } = yield* sessions.create(scope, { amount: 4200, currency: "usd" })
    const results = yield* Effect.all(
      Array.from({ length: pays }, () => Effect.result(sessions.pay(scope, session.id, visa))),
      { concurrency: "unbounded" }
    )
    assert.strictEqual(results.filter(Result.isSuccess).length, 1)
    for (const r of results) if (Result.isFailure(r)) assert.include(LOSING, r.failure._tag)

    const stored = yield* sessions.retrieve(scope, session.id)
    assert.strictEqual(stored.session.status, "complete")
    assert.strictEqual(stored.payment_intent?.status, "succeeded")
    assert.strictEqual(stored.payment_intent?.amount_received, 4200)
    // and the processor itself charged once
    const charges = yield* TestProcessorLedger.use((l) => l.listByPaymentIntent(stored.payment_intent!.id))
    assert.strictEqual(charges.filter((c) => c.outcome._tag === "Succeeded").length, 1)
    const events = aboutSession(yield* allEvents(scope), session.id)
    assert.strictEqual(count(events, "checkout.session.completed"), 1)
    assert.strictEqual(count(events, "payment_intent.succeeded"), 1)
    assert.strictEqual(events.length, 2)
  })

/** A 10 %-off coupon and a promotion code for it of `max` redemptions, in `scope`. */
const newPromotion = (scope: Scope, max: number) =>
  Effect.gen(function*() {
    const repo = yield* PromotionRepository
    const now = Math.floor(Date.now() / 1000)
    const coupon: Coupon = {
      id: `co_${Ids.randomBase62()}`, livemode: scope.livemode, created: now, name: "Ten", percent_off: 10, amount_off: null, currency: null,
      duration: "once", duration_in_months: null, max_redemptions: null, redeem_by: null, applies_to: null, metadata: {}, times_redeemed: 0
    }
    yield* repo.writeCoupon({ account: scope.account, version: 1, deleted: false, coupon }, [])
    const code: PromotionCode = {
      id: `promo_${Ids.randomBase62()}`, livemode: scope.livemode, created: now, code: `TEN${Ids.randomBase62(6)}`, coupon: coupon.id, active: true,
      customer: null, expires_at: null, max_redemptions: max, times_redeemed: 0,
      restrictions: { first_time_transaction: false, minimum_amount: null, minimum_amount_currency: null }, metadata: {}
    }
    yield* repo.writePromotionCode({ account: scope.account, version: 1, promotion_code: code }, [])
    return { coupon, code }
  })

/** How often a coupon and a promotion code have been redeemed, as stored. */
const redeemed = (scope: Scope, coupon: string, code: string) =>
  Effect.gen(function*() {
    const repo = yield* PromotionRepository
    const c = Option.getOrThrow(yield* repo.findCoupon(scope, coupon))
    const p = Option.getOrThrow(yield* repo.findPromotionCode(scope, code))
    return [c.coupon.times_redeemed, p.promotion_code.times_redeemed]
  })

/**
 * `n` sessions with one promotion code of `max` redemptions, all paid at once: exactly `max` payments
 * start (each reserving a redemption in its own conditional write) and complete; every other one is
 * refused with `coupon_expired` before the processor is asked, so nothing is charged for it.
 */
const concurrentRedemptions = (n: number, max: number) =>
  Effect.gen(function*() {
    const sessions = yield* CheckoutSessions
    const scope = newScope()
    const { coupon, code } = yield* newPromotion(scope, max)
    const created = yield* Effect.forEach(Array.from({ length: n }), () =>
      sessions.create(scope, { amount: 4200, currency: "usd", discounts: [{ promotion_code: code.id }] }), { concurrency: 8 })
    assert.isTrue(created.every(({ session }) => session.amount_total === 3780))
    const results = yield* Effect.all(created.map(({ session }) => Effect.result(sessions.pay(scope, session.id, visa))), { concurrency: "unbounded" })
    assert.strictEqual(results.filter(Result.isSuccess).length, max)
    for (const r of results) {
      if (Result.isFailure(r)) {
        assert.strictEqual(r.failure._tag, "ValidationError")
        assert.strictEqual((r.failure as { code?: string }).code, "coupon_expired")
      }
    }
    assert.deepStrictEqual(yield* redeemed(scope, coupon.id, code.id), [max, max])
    const states = yield* Effect.forEach(created, ({ session }) => sessions.retrieve(scope, session.id))
    assert.strictEqual(states.filter((s) => s.session.status === "complete").length, max)
    // the refused ones stay open, with no payment attempt left behind
    assert.isTrue(states.filter((s) => s.session.status === "open").every((s) => s.attempt === null))
    const events = yield* allEvents(scope)
    assert.strictEqual(count(events, "checkout.session.completed"), max)
  })

/**
 * `refunds` refunds of 100 at once on one charge of 2,000 (on `stacks`, taken in turn): exactly 20 are
 * made, the others are refused as too large or already refunded, the processor made 20, and the
 * refunds that count never add up to more than was captured.
 */
export const concurrentRefunds = (refunds: number, stacks: ReadonlyArray<Context.Context<RaceServices>> = []) =>
  Effect.gen(function*() {
    const scope = newScope()
    const sessions = yield* CheckoutSessions
    const { session } = yield* sessions.create(scope, { amount: 2000, currency: "usd" })
    const intent = yield* sessions.pay(scope, session.id, visa)
    const charge = chargeIdOf(intent.id)
    const refund = Effect.result(Charges.use((c) => c.createRefund(scope, { charge, amount: 100 })))
    const results = yield* Effect.all(
      Array.from({ length: refunds }, (_, i) => stacks.length === 0 ? refund : refund.pipe(Effect.provide(stacks[i % stacks.length]!))),
      { concurrency: "unbounded" }
    )
    assert.strictEqual(results.filter(Result.isSuccess).length, 20)
    for (const r of results) {
      if (Result.isFailure(r)) assert.include(["amount_too_large", "charge_already_refunded"], (r.failure as { code?: string }).code)
    }
    const read = yield* Charges.use((c) => c.retrieveCharge(scope, charge))
    assert.deepStrictEqual([read.amount_refunded, read.refunded, read.refunds.length], [2000, true, 20])
    const made = yield* TestProcessorLedger.use((l) => l.listByPaymentIntent(intent.id))
    assert.strictEqual(made.filter((e) => e.outcome._tag === "Refund").length, 20)
    const events = yield* allEvents(scope)
    assert.strictEqual(count(events, "refund.created"), 20)
    assert.strictEqual(count(events, "charge.refunded"), 20)
  })

/**
 * Captures and cancels racing on held payments: per intent, exactly one request wins, the intent
 * ends as the processor settled it (captured or released, once), and exactly one event says so.
 */
export const concurrentSettlements = (intents: number, racersEach: number) =>
  Effect.gen(function*() {
    const sessions = yield* CheckoutSessions
    const ledger = yield* TestProcessorLedger
    const scope = newScope()
    const held = yield* Effect.forEach(Array.from({ length: intents }), () =>
      Effect.gen(function*() {
        const { session } = yield* sessions.create(scope, { amount: 5000, currency: "usd", payment_intent_data: { capture_method: "manual" } })
        return yield* sessions.pay(scope, session.id, visa)
      }), { concurrency: 4 })
    const outcomes = { captured: 0, canceled: 0 }
    yield* Effect.forEach(held, (intent, i) =>
      Effect.gen(function*() {
        const after = (ms: number, e: Effect.Effect<unknown, unknown>) => Effect.sleep(ms).pipe(Effect.andThen(Effect.result(e)))
        const racers = Array.from({ length: racersEach }, (_, j) =>
          after(
            Math.floor(Math.random() * 10),
            (i + j) % 2 === 0
              ? sessions.capturePaymentIntent(scope, intent.id, { amount_to_capture: 1000 + j })
              : sessions.cancelPaymentIntent(scope, intent.id, { cancellation_reason: "abandoned" })
          ))
        const results = yield* Effect.all(racers, { concurrency: "unbounded" })
        assert.strictEqual(results.filter(Result.isSuccess).length, 1, `${intent.id}: one winner`)
        for (const r of results) if (Result.isFailure(r)) assert.include(["PaymentIntentUnexpectedState", "ConcurrentModification"], (r.failure as { _tag: string })._tag)

        const stored = yield* sessions.retrievePaymentIntent(scope, intent.id)
        const settled = Option.getOrThrow(yield* ledger.find(settlementKey(intent.id))).outcome
        if (settled._tag === "Captured") {
          outcomes.captured++
          assert.deepStrictEqual([stored.status, stored.amount_received], ["succeeded", settled.amount])
        } else {
          outcomes.canceled++
          assert.deepStrictEqual([stored.status, stored.amount_received], ["canceled", 0])
        }
        const winner = results.find(Result.isSuccess)!.success as { status: string }
        assert.strictEqual(winner.status, stored.status)
      }), { concurrency: "unbounded" })
    const events = yield* allEvents(scope)
    for (const intent of held) {
      const mine = aboutSession(events, intent.checkout_session)
      assert.strictEqual(count(mine, "payment_intent.succeeded") + count(mine, "payment_intent.canceled"), 1, intent.id)
      assert.strictEqual(count(mine, "payment_intent.amount_capturable_updated"), 1)
    }
    assert.strictEqual(outcomes.captured + outcomes.canceled, intents)
  })

/** Registers the race scenarios. */
export const raceScenarios = (it: Vitest.MethodsNonLive<RaceServices>) => {
  it.effect("50 concurrent payment attempts on one session give exactly one success", () => concurrentPayments(50))

  it.effect("50 concurrent refunds of one charge never refund more than it captured", () => concurrentRefunds(50))

  it.effect("50 sessions paying at once with one promotion code of max_redemptions=10 redeem it exactly 10 times", () => concurrentRedemptions(50, 10))

  it.effect("a declined payment gives its reserved redemption back; the next payment takes it", () =>
    Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const scope = newScope()
      const { coupon, code } = yield* newPromotion(scope, 1)
      const { session } = yield* sessions.create(scope, { amount: 1000, currency: "usd", discounts: [{ promotion_code: code.id }] })
      const declined = yield* Effect.result(sessions.pay(scope, session.id, { payment_method: "pm_card_chargeDeclined" }))
      assert.isTrue(Result.isFailure(declined))
      assert.deepStrictEqual(yield* redeemed(scope, coupon.id, code.id), [0, 0])
      yield* sessions.pay(scope, session.id, visa)
      assert.deepStrictEqual(yield* redeemed(scope, coupon.id, code.id), [1, 1])
      // the used-up code is refused to a new session; its coupon, which has no limit, still applies alone
      const refused = yield* Effect.flip(sessions.create(scope, { amount: 1000, currency: "usd", discounts: [{ promotion_code: code.id }] }))
      assert.strictEqual((refused as { code?: string }).code, "promotion_code_invalid")
      const other = yield* sessions.create(scope, { amount: 1000, currency: "usd", discounts: [{ coupon: coupon.id }] })
      const paid = yield* sessions.pay(scope, other.session.id, visa)
      assert.strictEqual(paid.amount, 900)
      assert.deepStrictEqual(yield* redeemed(scope, coupon.id, code.id), [2, 1])
    }))

  it.effect("captures racing cancels on 20 held payments: one winner each, recorded as the processor settled it", () => concurrentSettlements(20, 6))

  it.effect("expire racing pay ends in exactly one terminal state with exactly one terminal event", () =>
    Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const scope = newScope()
      const created = yield* Effect.forEach(Array.from({ length: 20 }), () => sessions.create(scope, { amount: 990, currency: "eur" }))
      yield* Effect.forEach(created, ({ session }, i) => {
        // random head starts of up to 20 ms, so either side wins some of the races
        const after = (ms: number, e: Effect.Effect<unknown, unknown>) => Effect.sleep(ms).pipe(Effect.andThen(Effect.result(e)))
        const expireAt = Math.floor(Math.random() * 20)
        const payAt = Math.floor(Math.random() * 20)
        const racers = [
          after(expireAt, sessions.expire(scope, session.id)),
          after(payAt, sessions.pay(scope, session.id, visa)),
          after(expireAt, sessions.expire(scope, session.id)),
          after(payAt, sessions.pay(scope, session.id, visa))
        ]
        return Effect.all(i % 2 === 0 ? racers : racers.reverse(), { concurrency: "unbounded" })
      }, { concurrency: "unbounded" })

      const events = yield* allEvents(scope)
      const outcomes = { complete: 0, expired: 0 }
      for (const { session } of created) {
        const stored = yield* sessions.retrieve(scope, session.id)
        const mine = aboutSession(events, session.id)
        const completed = count(mine, "checkout.session.completed")
        const expired = count(mine, "checkout.session.expired")
        assert.strictEqual(completed + expired, 1, `${session.id}: one terminal event`)
        if (stored.session.status === "complete") {
          outcomes.complete++
          assert.strictEqual(completed, 1)
          assert.strictEqual(count(mine, "payment_intent.succeeded"), 1)
        } else {
          outcomes.expired++
          assert.strictEqual(stored.session.status, "expired")
          assert.strictEqual(expired, 1)
          assert.strictEqual(count(mine, "payment_intent.succeeded"), 0)
        }
      }
      assert.strictEqual(outcomes.complete + outcomes.expired, 20)
    }))

  it.effect("sweeps racing each other and the merchant's expire give each due session exactly one checkout.session.expired", () =>
    Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const repo = yield* SessionRepository
      const scope = newScope()
      // created three days ago, so due now; stored directly, as the use cases cannot create in the past
      const past = Math.floor(Date.now() / 1000) - 3 * 86400
      const due = Array.from({ length: 30 }, (_, i) => newSession(scope, past + i))
      yield* Effect.forEach(due, (s) => repo.insert(s, []), { discard: true })
      const sweep = Effect.gen(function*() {
        while ((yield* sessions.sweepExpired(3)) === 3) {}
      })
      yield* Effect.all([
        ...Array.from({ length: 4 }, () => sweep),
        ...due.filter((_, i) => i % 3 === 0).map((s) => Effect.result(sessions.expire(scope, s.session.id)))
      ], { concurrency: "unbounded" })
      yield* sessions.sweepExpired(100)

      const events = yield* allEvents(scope)
      for (const s of due) {
        const mine = aboutSession(events, s.session.id)
        assert.deepStrictEqual(mine.map((e) => e.type), ["checkout.session.expired"], s.session.id)
        const stored = Option.getOrThrow(yield* repo.findById(s.session.id))
        assert.deepStrictEqual([stored.session.status, stored.version], ["expired", 2])
      }
    }))

  it.effect("1,000 concurrent creates give 1,000 rows", () =>
    Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const scope = newScope()
      const created = yield* Effect.all(
        Array.from({ length: 1000 }, (_, i) => sessions.create(scope, { amount: 100 + i, currency: "usd", client_reference_id: `order-${i}` })),
        { concurrency: "unbounded" }
      )
      const stored = yield* allSessions(scope)
      assert.strictEqual(stored.length, 1000)
      assert.deepStrictEqual(new Set(stored.map((s) => s.session.id)), new Set(created.map((s) => s.session.id)))
      assert.deepStrictEqual(new Set(stored.map((s) => s.session.client_reference_id)).size, 1000)
    }))
}

/** What the races on links and endpoints need. */
export type ObjectRaceServices =
  | PaymentLinks
  | WebhookEndpoints
  | PaymentLinkRepository
  | WebhookEndpointRepository
  | Customers
  | CustomerRepository
  | EventRepository

/** The payment-link and webhook-endpoint use cases (with the session use cases links mint through) over the given repositories. */
export const objectUseCases = <E, R>(
  repositories: Layer.Layer<
    SessionRepository | EventRepository | TestProcessorLedger | PaymentLinkRepository | WebhookEndpointRepository | CatalogRepository | CustomerRepository | TaxRateRepository | PromotionRepository | ShippingRateRepository,
    E,
    R
  >
): Layer.Layer<ObjectRaceServices, E, R> =>
  Layer.mergeAll(PaymentLinks.layer, WebhookEndpoints.layer, Customers.layer).pipe(
    Layer.provideMerge(Layer.mergeAll(CheckoutSessions.layer, StubWebhookUrlGuard.layer)),
    Layer.provideMerge(Layer.mergeAll(TestPaymentProcessor.layer, IdGenerator.layerRandom, PlainSnapshots.layer)),
    Layer.provideMerge(repositories)
  )

/** Runs `e` after `ms` milliseconds (at once for 0), capturing its outcome. */
const after = <A, E>(ms: number, e: Effect.Effect<A, E>) => ms === 0 ? Effect.result(e) : Effect.sleep(ms).pipe(Effect.andThen(Effect.result(e)))

/** A head start: none half of the time (both sides read before either writes), else up to 3 ms, so either side wins some races. */
const headStart = () => Math.random() < 0.5 ? 0 : Math.floor(Math.random() * 4)

/** Registers the races on payment links and webhook endpoints. */
export const objectRaceScenarios = (it: Vitest.MethodsNonLive<ObjectRaceServices>) => {
  it.effect("delete versus update of a webhook endpoint, 50 times: a deleted endpoint never comes back", () =>
    Effect.gen(function*() {
      const endpoints = yield* WebhookEndpoints
      const repo = yield* WebhookEndpointRepository
      const scope = newScope()
      const created = yield* Effect.forEach(Array.from({ length: 50 }), () =>
        endpoints.create(scope, { url: "https://shop.example/hooks", enabled_events: ["*"] }))
      const outcomes = { updatedFirst: 0, deletedFirst: 0 }
      yield* Effect.forEach(created, ({ endpoint }, i) =>
        Effect.gen(function*() {
          const del = after(headStart(), endpoints.delete(scope, endpoint.id))
          const upd = after(headStart(), endpoints.update(scope, endpoint.id, { description: `update ${i}`, metadata: { round: `${i}` } }))
          // forked in either order
          const [deleted, updated] = i % 2 === 0
            ? yield* Effect.all([del, upd], { concurrency: "unbounded" })
            : yield* Effect.map(Effect.all([upd, del], { concurrency: "unbounded" }), ([u, d]) => [d, u] as const)
          // the delete always lands (on a fresh read if it lost); the update lands before it or finds nothing
          assert.isTrue(Result.isSuccess(deleted), `${endpoint.id}: ${JSON.stringify(deleted)}`)
          if (Result.isSuccess(updated)) {
            outcomes.updatedFirst++
            assert.strictEqual(Result.getOrThrow(deleted).description, `update ${i}`, `${endpoint.id}: deleted as updated`)
          } else {
            outcomes.deletedFirst++
            assert.deepInclude(updated.failure, { _tag: "ResourceMissing", id: endpoint.id })
          }
          assert.isTrue(Option.isNone(yield* repo.findById(endpoint.id)), `${endpoint.id} came back`)
        }), { concurrency: "unbounded" })
      assert.strictEqual(outcomes.updatedFirst + outcomes.deletedFirst, 50)
      // nothing of the scope is left, secrets included
      assert.lengthOf((yield* repo.list(scope, { limit: 100 })).data, 0)
    }))

  it.effect("customers, 25 times: two concurrent updates both land; a delete racing an update leaves it deleted; one event per change", () =>
    Effect.gen(function*() {
      const customers = yield* Customers
      const repo = yield* CustomerRepository
      const scope = newScope()
      const created = yield* Effect.forEach(Array.from({ length: 25 }), () => customers.create(scope, { metadata: { kept: "yes" } }))
      yield* Effect.forEach(created, (c) =>
        Effect.all([
          customers.update(scope, c.id, { metadata: { a: "1" } }),
          customers.update(scope, c.id, { name: "Named", metadata: { b: "2" } })
        ], { concurrency: "unbounded" }), { concurrency: "unbounded" })
      for (const c of created) {
        const read = yield* customers.retrieve(scope, c.id)
        assert.deepInclude(read.deleted ? {} : read.customer, { name: "Named", metadata: { kept: "yes", a: "1", b: "2" } }, c.id)
      }
      yield* Effect.forEach(created, (c, i) =>
        Effect.gen(function*() {
          const [deleted, updated] = yield* Effect.all([
            after(headStart(), customers.delete(scope, c.id)),
            after(headStart(), customers.update(scope, c.id, { description: `update ${i}` }))
          ], { concurrency: "unbounded" })
          assert.isTrue(Result.isSuccess(deleted), `${c.id}: ${JSON.stringify(deleted)}`)
          if (Result.isFailure(updated)) assert.deepInclude(updated.failure, { _tag: "ResourceMissing", id: c.id })
          assert.isTrue(Option.getOrThrow(yield* repo.findById(c.id)).deleted, `${c.id} came back`)
        }), { concurrency: "unbounded" })
      const all = yield* allEvents(scope)
      const count = (type: string) => all.filter((e) => e.type === type).length
      assert.strictEqual(count("customer.created"), 25)
      assert.strictEqual(count("customer.deleted"), 25)
      assert.isAtLeast(count("customer.updated"), 50)
      assert.isAtMost(count("customer.updated"), 75)
    }))

  it.effect("two concurrent metadata merges on a payment link both land, 25 times", () =>
    Effect.gen(function*() {
      const links = yield* PaymentLinks
      const scope = newScope()
      const created = yield* Effect.forEach(Array.from({ length: 25 }), () =>
        links.create(scope, { amount: 500, currency: "usd", metadata: { kept: "yes" } }))
      yield* Effect.forEach(created, (link) =>
        Effect.all([
          links.update(scope, link.id, { metadata: { a: "1" } }),
          links.update(scope, link.id, { metadata: { b: "2" } })
        ], { concurrency: "unbounded" }), { concurrency: "unbounded" })
      for (const link of created) {
        assert.deepStrictEqual({ ...(yield* links.retrieve(scope, link.id)).metadata }, { kept: "yes", a: "1", b: "2" }, link.id)
      }
    }))
}
