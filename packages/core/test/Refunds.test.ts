/**
 * Charges and refunds through the use cases: a paid session's charge, partial and full refunds that
 * never exceed what was captured (one at a time or fifty at once), the test cards whose refunds change
 * later, reconciliation of a refund whose answer was lost, and scope isolation.
 */
import { assert, describe, it } from "@effect/vitest"
import { Context, Effect, Exit, Fiber, Layer, Option } from "effect"
import { TestClock } from "effect/testing"
import fc from "fast-check"
import { chargeIdOf } from "../src/Charge.ts"
import { Charges } from "../src/Charges.ts"
import type { Scope } from "../src/CheckoutSession.ts"
import { AttemptTimeout, CheckoutSessions } from "../src/CheckoutSessions.ts"
import { StoreUnavailable } from "../src/Errors.ts"
import { EventLog } from "../src/EventLog.ts"
import { RefundRepository } from "../src/ports/RefundRepository.ts"
import { PaymentProcessor } from "../src/ports/PaymentProcessor.ts"
import { SessionRepository } from "../src/ports/SessionRepository.ts"
import { TestProcessorLedger } from "../src/ports/TestProcessorLedger.ts"
import { RequestContext } from "../src/RequestContext.ts"
import * as Testing from "../src/testing/index.ts"
import * as TestPaymentProcessor from "../src/TestPaymentProcessor.ts"
import { basicParams, params, T0 } from "./fixtures.ts"

const scope: Scope = { account: "acct_1", livemode: false }
const other: Scope = { account: "acct_2", livemode: false }

type Services = CheckoutSessions | Charges | EventLog | TestProcessorLedger | PaymentProcessor | SessionRepository

const run = <A, E>(body: Effect.Effect<A, E, Services>, layer: Layer.Layer<Services> = Testing.layer) =>
  Effect.gen(function*() {
    yield* TestClock.setTime(T0 * 1000)
    return yield* body
  }).pipe(Effect.provide(layer), Effect.provideService(RequestContext, { id: null, idempotency_key: null }))

const eventTypes = EventLog.use((log) => log.list(scope, { limit: 100 })).pipe(Effect.map((page) => page.data.map((e) => e.type).reverse()))

/** A session of 2,000 paid with `payment_method`, and its charge's id. */
const paid = (payment_method = "pm_card_visa", extra: object = {}) =>
  Effect.gen(function*() {
    const sessions = yield* CheckoutSessions
    const { session } = yield* sessions.create(scope, params({ ...basicParams, ...extra }))
    const intent = yield* sessions.pay(scope, session.id, { payment_method })
    return { session, intent, charge: chargeIdOf(intent.id) }
  })

const failureOf = <A, E>(effect: Effect.Effect<A, E, Services>) =>
  Effect.map(Effect.exit(effect), (exit) => {
    if (Exit.isSuccess(exit)) throw new Error("expected a failure")
    const error = exit.cause.reasons.find((r) => r._tag === "Fail")
    if (error === undefined) throw new Error(`expected a failure, got ${String(exit.cause)}`)
    return error.error as { readonly _tag: string; readonly code?: string; readonly param?: string | null; readonly message: string }
  })

describe("charges", () => {
  it.effect("a paid session's intent has a charge with the card, the amounts and the intent's description and metadata", () =>
    run(Effect.gen(function*() {
      const charges = yield* Charges
      const { charge, intent } = yield* paid("pm_card_visa", { payment_intent_data: { description: "order 7", metadata: { order: "7" } } })
      const read = yield* charges.retrieveCharge(scope, charge)
      assert.deepStrictEqual(
        [read.id, read.amount, read.amount_captured, read.amount_refunded, read.captured, read.refunded, read.payment_intent],
        [charge, 2000, 2000, 0, true, false, intent.id]
      )
      assert.deepStrictEqual([read.card?.brand, read.card?.last4, read.description, read.metadata], ["visa", "4242", "order 7", { order: "7" }])
      assert.strictEqual(yield* charges.chargeOfIntent(scope, intent.id).pipe(Effect.map((c) => c?.id)), charge)
    })))

  it.effect("a payment made before charges existed has one, read from its intent, and refunds (even one stored without its card)", () =>
    run(Effect.gen(function*() {
      const charges = yield* Charges
      const repo = yield* SessionRepository
      const { intent, session } = yield* paid()
      // as an old row reads: an intent with no card kept, and no charge record, no refund
      const stored = Option.getOrThrow(yield* repo.findById(session.id))
      yield* repo.update({ ...stored, version: stored.version + 1, payment_intent: { ...stored.payment_intent!, payment_method_details: null } }, [])
      const charge = yield* charges.retrieveCharge(scope, chargeIdOf(intent.id))
      assert.deepStrictEqual([charge.amount_captured, charge.card, charge.refunded], [2000, null, false])
      const refund = yield* charges.createRefund(scope, { payment_intent: intent.id })
      assert.deepStrictEqual([refund.amount, refund.status], [2000, "succeeded"])
    })))

  it.effect("another account's charge is missing, and an intent with no approved attempt has none", () =>
    run(Effect.gen(function*() {
      const charges = yield* Charges
      const sessions = yield* CheckoutSessions
      const { charge } = yield* paid()
      assert.strictEqual((yield* failureOf(charges.retrieveCharge(other, charge)))._tag, "ResourceMissing")
      const { session } = yield* sessions.create(scope, params(basicParams))
      const declined = yield* failureOf(sessions.pay(scope, session.id, { payment_method: "pm_card_chargeDeclined" }))
      assert.strictEqual(declined._tag, "PaymentFailed")
      const pi = (yield* sessions.retrieve(scope, session.id)).payment_intent!
      assert.strictEqual(yield* charges.chargeOfIntent(scope, pi.id), null)
      const refused = yield* failureOf(charges.createRefund(scope, { payment_intent: pi.id }))
      assert.deepStrictEqual([refused.code, refused.param], ["charge_not_refundable", "payment_intent"])
    })))

  it.effect("update changes description and metadata (merged) once, with charge.updated", () =>
    run(Effect.gen(function*() {
      const charges = yield* Charges
      const { charge } = yield* paid()
      const updated = yield* charges.updateCharge(scope, charge, { description: "gift", metadata: { a: "1" } })
      assert.deepStrictEqual([updated.description, updated.metadata], ["gift", { a: "1" }])
      yield* charges.updateCharge(scope, charge, { metadata: { b: "2" } })
      yield* charges.updateCharge(scope, charge, { metadata: { b: "2" } })
      const read = yield* charges.retrieveCharge(scope, charge)
      assert.deepStrictEqual([read.description, read.metadata], ["gift", { a: "1", b: "2" }])
      assert.deepStrictEqual((yield* eventTypes).filter((t) => t === "charge.updated"), ["charge.updated", "charge.updated"])
    })))

  it.effect("the list pages through the scope's charges, newest first, and filters by payment intent", () =>
    run(Effect.gen(function*() {
      const charges = yield* Charges
      const a = yield* paid()
      yield* TestClock.adjust("1 second")
      const b = yield* paid()
      const first = yield* charges.listCharges(scope, { limit: 1 })
      assert.deepStrictEqual([first.data.map((c) => c.id), first.has_more], [[b.charge], true])
      const second = yield* charges.listCharges(scope, { limit: 1, starting_after: b.charge })
      assert.deepStrictEqual([second.data.map((c) => c.id), second.has_more], [[a.charge], false])
      assert.deepStrictEqual((yield* charges.listCharges(scope, { payment_intent: a.intent.id })).data.map((c) => c.id), [a.charge])
      assert.deepStrictEqual((yield* charges.listCharges(other, {})).data, [])
    })))
})

describe("refunds", () => {
  it.effect("two partial refunds, then one too large is refused naming amount, then the rest, then nothing more", () =>
    run(Effect.gen(function*() {
      const charges = yield* Charges
      const { charge, intent } = yield* paid()
      const first = yield* charges.createRefund(scope, { payment_intent: intent.id, amount: 500, reason: "requested_by_customer", metadata: { n: "1" } })
      assert.deepStrictEqual([first.status, first.amount, first.charge, first.reason, first.metadata], ["succeeded", 500, charge, "requested_by_customer", { n: "1" }])
      yield* charges.createRefund(scope, { charge, amount: 700 })
      const tooLarge = yield* failureOf(charges.createRefund(scope, { charge, amount: 801 }))
      assert.deepStrictEqual([tooLarge.code, tooLarge.param], ["amount_too_large", "amount"])
      assert.strictEqual(tooLarge.message, "Refund amount ($8.01) is greater than unrefunded amount on charge ($8.00)")
      const rest = yield* charges.createRefund(scope, { charge })
      assert.strictEqual(rest.amount, 800)
      const again = yield* failureOf(charges.createRefund(scope, { charge, amount: 1 }))
      assert.deepStrictEqual([again.code, again.param], ["charge_already_refunded", "amount"])
      const read = yield* charges.retrieveCharge(scope, charge)
      assert.deepStrictEqual([read.amount_refunded, read.refunded, read.refunds.length], [2000, true, 3])
      const types = yield* eventTypes
      assert.strictEqual(types.filter((t) => t === "charge.refunded").length, 3)
      assert.strictEqual(types.filter((t) => t === "refund.created").length, 3)
      const listed = yield* charges.listRefunds(scope, { charge })
      assert.deepStrictEqual(listed.data.map((r) => r.amount).sort(), [500, 700, 800])
      assert.deepStrictEqual((yield* charges.listRefunds(other, {})).data, [])
    })))

  it.effect("fifty concurrent refunds of 100 on a charge of 2,000 refund exactly 2,000", () =>
    run(Effect.gen(function*() {
      const charges = yield* Charges
      const { charge } = yield* paid()
      const results = yield* Effect.forEach(
        Array.from({ length: 50 }, () => charges.createRefund(scope, { charge, amount: 100 })),
        Effect.exit,
        { concurrency: "unbounded" }
      )
      assert.strictEqual(results.filter(Exit.isSuccess).length, 20)
      const read = yield* charges.retrieveCharge(scope, charge)
      assert.deepStrictEqual([read.amount_refunded, read.refunded], [2000, true])
    })))

  it.effect("an uncaptured (manual capture) intent cannot be refunded; once captured in part, only the captured part", () =>
    run(Effect.gen(function*() {
      const charges = yield* Charges
      const sessions = yield* CheckoutSessions
      const { charge, intent } = yield* paid("pm_card_visa", { payment_intent_data: { capture_method: "manual" } })
      const held = yield* failureOf(charges.createRefund(scope, { payment_intent: intent.id }))
      assert.deepStrictEqual([held.code, held.param], ["charge_not_refundable", "payment_intent"])
      yield* sessions.capturePaymentIntent(scope, intent.id, { amount_to_capture: 1500 })
      const refund = yield* charges.createRefund(scope, { charge })
      assert.strictEqual(refund.amount, 1500)
    })))

  it.effect("update merges metadata with refund.updated; cancel is refused as Stripe refuses it for a card refund", () =>
    run(Effect.gen(function*() {
      const charges = yield* Charges
      const { charge } = yield* paid()
      const refund = yield* charges.createRefund(scope, { charge, amount: 100, metadata: { a: "1" } })
      const updated = yield* charges.updateRefund(scope, refund.id, { metadata: { b: "2" } })
      assert.deepStrictEqual(updated.metadata, { a: "1", b: "2" })
      assert.deepStrictEqual((yield* charges.retrieveRefund(scope, refund.id)).metadata, { a: "1", b: "2" })
      assert.isTrue((yield* eventTypes).includes("refund.updated"))
      const cancel = yield* failureOf(charges.cancelRefund(scope, refund.id))
      assert.strictEqual(cancel.code, "refund_cannot_be_canceled")
      assert.strictEqual((yield* failureOf(charges.retrieveRefund(other, refund.id)))._tag, "ResourceMissing")
    })))

  it.effect("pm_card_refundFail: the refund succeeds, then fails when reconciled, and the charge is refundable again", () =>
    run(Effect.gen(function*() {
      const charges = yield* Charges
      const { charge } = yield* paid("pm_card_refundFail")
      const refund = yield* charges.createRefund(scope, { charge })
      assert.strictEqual(refund.status, "succeeded")
      assert.strictEqual(yield* charges.reconcileRefunds().pipe(Effect.provideService(AttemptTimeout, 0)), 1)
      const failed = yield* charges.retrieveRefund(scope, refund.id)
      assert.deepStrictEqual([failed.status, failed.failure_reason], ["failed", "expired_or_canceled_card"])
      assert.deepStrictEqual((yield* eventTypes).filter((t) => t.startsWith("refund.") || t.startsWith("charge.")), [
        "charge.refunded",
        "refund.created",
        "refund.updated",
        "charge.refund.updated",
        "refund.failed"
      ])
      assert.strictEqual((yield* charges.retrieveCharge(scope, charge)).amount_refunded, 0)
      // final now: nothing left to reconcile
      assert.strictEqual(yield* charges.reconcileRefunds().pipe(Effect.provideService(AttemptTimeout, 0)), 0)
    })))

  it.effect("pm_card_pendingRefund: the refund is pending, then succeeds when reconciled", () =>
    run(Effect.gen(function*() {
      const charges = yield* Charges
      const { charge } = yield* paid("pm_card_pendingRefund")
      const refund = yield* charges.createRefund(scope, { charge, amount: 300 })
      assert.strictEqual(refund.status, "pending")
      assert.strictEqual((yield* charges.retrieveCharge(scope, charge)).amount_refunded, 300)
      // not yet due: the processor is asked again only after AttemptTimeout
      assert.strictEqual(yield* charges.reconcileRefunds(), 0)
      yield* TestClock.adjust("10 minutes")
      assert.strictEqual(yield* charges.reconcileRefunds(), 1)
      assert.strictEqual((yield* charges.retrieveRefund(scope, refund.id)).status, "succeeded")
    })))
})

describe("refund durability", () => {
  /** The test processor, but `refund` makes the refund and then never answers (a lost reply). */
  const losingAnswers = Layer.effect(
    PaymentProcessor,
    Effect.gen(function*() {
      const real = yield* Layer.build(TestPaymentProcessor.layer).pipe(Effect.map(Context.get(PaymentProcessor)))
      return PaymentProcessor.of({ ...real, refund: (request) => Effect.andThen(real.refund(request), Effect.never) })
    })
  )
  /** The test processor, but `refund` never reaches it (the request is lost on the way). */
  const losingRequests = Layer.effect(
    PaymentProcessor,
    Effect.gen(function*() {
      const real = yield* Layer.build(TestPaymentProcessor.layer).pipe(Effect.map(Context.get(PaymentProcessor)))
      let lost = true
      return PaymentProcessor.of({ ...real, refund: (request) => lost ? (lost = false, Effect.never) : real.refund(request) })
    })
  )
  const withProcessor = (processor: Layer.Layer<PaymentProcessor, never, TestProcessorLedger>) =>
    Layer.mergeAll(CheckoutSessions.layer, Charges.layer, EventLog.layer).pipe(
      Layer.provideMerge(Layer.mergeAll(Testing.InMemoryRepository.layer, Testing.PlainSnapshots.layer, Testing.SequentialIds.layer)),
      Layer.provideMerge(processor),
      Layer.provideMerge(Testing.InMemoryProcessorLedger.layer)
    ) as Layer.Layer<Services>

  const refundOnce = Effect.gen(function*() {
    const charges = yield* Charges
    const ledger = yield* TestProcessorLedger
    const { charge, intent } = yield* paid()
    // the processor's answer never comes: the call gives up after half the attempt timeout
    const fiber = yield* charges.createRefund(scope, { charge, amount: 600 }).pipe(Effect.provideService(AttemptTimeout, 2), Effect.forkChild)
    yield* TestClock.adjust("1 second")
    const refund = yield* Fiber.join(fiber)
    assert.strictEqual(refund.status, "pending")
    // still counted against the charge while its outcome is unknown
    const tooLarge = yield* failureOf(charges.createRefund(scope, { charge, amount: 1401 }))
    assert.strictEqual(tooLarge.code, "amount_too_large")
    yield* TestClock.adjust("10 minutes")
    assert.strictEqual(yield* charges.reconcileRefunds(), 1)
    const settled = yield* charges.retrieveRefund(scope, refund.id)
    assert.strictEqual(settled.status, "succeeded")
    const entries = (yield* ledger.listByPaymentIntent(intent.id)).filter((e) => e.outcome._tag === "Refund")
    assert.deepStrictEqual(entries.map((e) => [e.attempt_id, e.amount]), [[refund.id, 600]])
    assert.deepStrictEqual((yield* eventTypes).filter((t) => t === "refund.created" || t === "charge.refunded"), ["charge.refunded", "refund.created"])
  })

  it.effect("a refund made but whose answer was lost is recorded once by reconciliation, never made twice", () =>
    run(refundOnce, withProcessor(losingAnswers)))

  it.effect("a refund the processor never received is sent by reconciliation under the same id", () =>
    run(refundOnce, withProcessor(losingRequests)))
})

describe("refunds survive store faults", () => {
  /** How many of the next refund writes fail, and how: before the store applies them, or after (the answer is lost). */
  const faults = { when: "before" as "before" | "after", remaining: 0 }
  /** The in-memory repositories, with injectable StoreUnavailable faults on the refund's `update`. */
  const faulty = Layer.effectContext(Effect.gen(function*() {
    const stores = yield* Layer.build(Testing.InMemoryRepository.layer)
    const refunds = Context.get(stores, RefundRepository)
    const update: typeof refunds.update = (stored, events) => {
      if (faults.remaining <= 0) return refunds.update(stored, events)
      faults.remaining--
      const lost = Effect.die(new StoreUnavailable({ message: "connection terminated unexpectedly" }))
      return faults.when === "before" ? lost : Effect.andThen(refunds.update(stored, events), lost)
    }
    return Context.add(stores, RefundRepository, { ...refunds, update })
  }))
  const stack = Layer.mergeAll(CheckoutSessions.layer, Charges.layer, EventLog.layer).pipe(
    Layer.provideMerge(Layer.mergeAll(faulty, Testing.PlainSnapshots.layer, Testing.SequentialIds.layer)),
    Layer.provideMerge(TestPaymentProcessor.layer),
    Layer.provideMerge(Testing.InMemoryProcessorLedger.layer)
  ) as Layer.Layer<Services>
  const live = <A, E>(body: Effect.Effect<A, E, Services>) =>
    body.pipe(Effect.provide(stack), Effect.provideService(RequestContext, { id: null, idempotency_key: null }))
  const refundsMade = (intent: string) =>
    TestProcessorLedger.use((l) => l.listByPaymentIntent(intent)).pipe(Effect.map((entries) => entries.filter((e) => e.outcome._tag === "Refund").length))

  it.live("the write of a refund's answer fails before it lands, or lands and its answer is lost: retried, recorded once", () =>
    live(Effect.gen(function*() {
      const charges = yield* Charges
      for (const when of ["before", "after"] as const) {
        const { charge, intent } = yield* paid()
        Object.assign(faults, { when, remaining: 2 })
        const refund = yield* charges.createRefund(scope, { charge, amount: 700 })
        assert.strictEqual(refund.status, "succeeded")
        assert.strictEqual((yield* charges.retrieveRefund(scope, refund.id)).status, "succeeded")
        assert.strictEqual(yield* refundsMade(intent.id), 1)
      }
      assert.strictEqual((yield* eventTypes).filter((t) => t === "refund.created").length, 2)
    })), 30_000)

  it.live("the store stays down past the retries: the refund stays pending and counted, then reconciliation records it once, never refunding twice", () =>
    live(Effect.gen(function*() {
      const charges = yield* Charges
      const { charge, intent } = yield* paid()
      Object.assign(faults, { when: "before", remaining: 1000 })
      const lost = yield* Effect.exit(charges.createRefund(scope, { charge, amount: 2000 }))
      faults.remaining = 0
      assert.isTrue(Exit.isFailure(lost))
      const [stuck] = (yield* charges.listRefunds(scope, { charge })).data
      assert.strictEqual(stuck!.status, "pending")
      assert.strictEqual((yield* failureOf(charges.createRefund(scope, { charge, amount: 1 }))).code, "charge_already_refunded")
      assert.strictEqual(yield* charges.reconcileRefunds().pipe(Effect.provideService(AttemptTimeout, 0)), 1)
      assert.strictEqual((yield* charges.retrieveRefund(scope, stuck!.id)).status, "succeeded")
      assert.strictEqual(yield* refundsMade(intent.id), 1)
      assert.deepStrictEqual((yield* eventTypes).filter((t) => t.startsWith("refund.") || t === "charge.refunded"), ["charge.refunded", "refund.created"])
      assert.strictEqual(yield* charges.reconcileRefunds().pipe(Effect.provideService(AttemptTimeout, 0)), 0)
    })), 30_000)
})

describe("refund properties", () => {
  type RefundOp = { readonly op: "refund"; readonly amount: number | undefined } | { readonly op: "reconcile" } | { readonly op: "wait" }
  const refundOp: fc.Arbitrary<RefundOp> = fc.oneof(
    fc.option(fc.integer({ min: 1, max: 2500 }), { nil: undefined }).map((amount) => ({ op: "refund" as const, amount })),
    fc.constant({ op: "reconcile" as const }),
    fc.constant({ op: "wait" as const })
  )

  it.effect("random refunds, some concurrent, on cards whose refunds succeed, pend or fail later: never more than captured, and the charge adds them up", () =>
    Effect.promise(() =>
      fc.assert(
        fc.asyncProperty(
          fc.constantFrom("pm_card_visa", "pm_card_refundFail", "pm_card_pendingRefund"),
          fc.array(fc.array(refundOp, { minLength: 1, maxLength: 4 }), { maxLength: 8 }),
          (card, batches) =>
            Effect.runPromise(Effect.gen(function*() {
              yield* TestClock.setTime(T0 * 1000)
              const charges = yield* Charges
              const { charge } = yield* paid(card)
              // each batch runs at once, as concurrent requests would
              for (const batch of batches) {
                yield* Effect.forEach(batch, (o) =>
                  Effect.result(
                    o.op === "refund"
                      ? charges.createRefund(scope, { charge, ...(o.amount === undefined ? {} : { amount: o.amount }) })
                      : o.op === "reconcile"
                      ? charges.reconcileRefunds()
                      : TestClock.adjust("3 minutes")
                  ), { concurrency: "unbounded" })
              }
              const read = yield* charges.retrieveCharge(scope, charge)
              const counted = read.refunds.filter((r) => r.status !== "failed").reduce((sum, r) => sum + r.amount, 0)
              assert.isAtMost(counted, read.amount_captured)
              assert.strictEqual(read.amount_refunded, counted)
              assert.strictEqual(read.refunded, counted === read.amount_captured)
              for (const r of read.refunds) assert.include(["pending", "succeeded", "failed"], r.status)
              if (card === "pm_card_visa") assert.isTrue(read.refunds.every((r) => r.status === "succeeded"))
            }).pipe(
              Effect.provide(Testing.layer),
              Effect.provideService(RequestContext, { id: null, idempotency_key: null }),
              Effect.provide(TestClock.layer())
            ))
        ),
        { numRuns: 60 }
      )
    ), 60_000)
})
