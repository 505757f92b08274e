/**
 * A processor's outcome is never lost and a session is never charged twice, whatever the store does:
 * the outcome's write is retried while the store is unreachable, an ambiguous write (it landed, its
 * answer was lost) is recognised, and an attempt left unresolved is reconciled by asking the processor.
 * The store's faults are injected into the in-memory repository; the same faults on PGlite and
 * PostgreSQL are in packages/postgres/test/PaymentFaults.test.ts.
 */
import { assert, describe, it } from "@effect/vitest"
import { Context, Effect, Fiber, Layer, Option, Result } from "effect"
import { TestClock } from "effect/testing"
import type { Scope, SessionState } from "../src/CheckoutSession.ts"
import { AttemptTimeout, CheckoutSessions } from "../src/CheckoutSessions.ts"
import { StoreUnavailable } from "../src/Errors.ts"
import { EventLog } from "../src/EventLog.ts"
import { IdGenerator } from "../src/ports/IdGenerator.ts"
import { PaymentProcessor, VOIDED_ATTEMPT } from "../src/ports/PaymentProcessor.ts"
import { CatalogRepository } from "../src/ports/CatalogRepository.ts"
import { TaxRateRepository } from "../src/ports/TaxRateRepository.ts"
import { PromotionRepository } from "../src/ports/PromotionRepository.ts"
import { ShippingRateRepository } from "../src/ports/ShippingRateRepository.ts"
import { CustomerRepository } from "../src/ports/CustomerRepository.ts"
import { EventRepository } from "../src/ports/EventRepository.ts"
import { SessionRepository } from "../src/ports/SessionRepository.ts"
import { TestProcessorLedger } from "../src/ports/TestProcessorLedger.ts"
import * as InMemoryProcessorLedger from "../src/testing/InMemoryProcessorLedger.ts"
import * as PlainSnapshots from "../src/testing/PlainSnapshots.ts"
import * as InMemoryRepository from "../src/testing/InMemoryRepository.ts"
import * as Machine from "../src/SessionMachine.ts"
import * as TestPaymentProcessor from "../src/TestPaymentProcessor.ts"
import { basicParams, params } from "./fixtures.ts"

const scope: Scope = { account: "acct_1", livemode: false }

/** Which writes of a session fail, and how: before the store applies them, or after (the answer is lost). */
interface Faults {
  when: "before" | "after"
  /** The next `remaining` updates whose new state matches fail. */
  remaining: number
  matches: (state: SessionState) => boolean
}

/** The in-memory repository with injectable StoreUnavailable faults on `update`. */
const faultyRepository = (faults: Faults) =>
  Layer.effectContext(Effect.gen(function*() {
    const { catalogRepository, customerRepository, eventRepository, promotionRepository, sessionRepository, shippingRateRepository, taxRateRepository } = yield* InMemoryRepository.make
    const update: typeof sessionRepository.update = (state, events, customers) => {
      if (faults.remaining <= 0 || !faults.matches(state)) return sessionRepository.update(state, events, customers)
      faults.remaining--
      const lost = Effect.die(new StoreUnavailable({ message: "connection terminated unexpectedly" }))
      return faults.when === "before" ? lost : Effect.andThen(sessionRepository.update(state, events, customers), lost)
    }
    return Context.make(SessionRepository, { ...sessionRepository, update }).pipe(
      Context.add(EventRepository, eventRepository),
      Context.add(CustomerRepository, customerRepository),
      Context.add(CatalogRepository, catalogRepository),
      Context.add(TaxRateRepository, taxRateRepository),
      Context.add(PromotionRepository, promotionRepository),
      Context.add(ShippingRateRepository, shippingRateRepository)
    )
  }))

/** A processor whose charges never answer, and which never received any (its ledger is empty). */
const hangingProcessor = Layer.effect(
  PaymentProcessor,
  Effect.gen(function*() {
    const ledger = yield* TestProcessorLedger
    const real = yield* Layer.build(TestPaymentProcessor.layer).pipe(
      Effect.map(Context.get(PaymentProcessor)),
      Effect.provideService(TestProcessorLedger, ledger)
    )
    return PaymentProcessor.of({ ...real, authorize: () => Effect.never })
  })
)

const paid = (s: SessionState) => s.session.payment_status === "paid"

/** The use cases over the faulty repository, the test processor and its ledger, with no attempt timeout. */
const stack = (faults: Faults, processor = TestPaymentProcessor.layer) =>
  Layer.mergeAll(CheckoutSessions.layer, EventLog.layer).pipe(
    Layer.provideMerge(Layer.mergeAll(faultyRepository(faults), processor, IdGenerator.layerRandom, PlainSnapshots.layer)),
    Layer.provideMerge(InMemoryProcessorLedger.layer)
  )

const approvalsOf = (paymentIntent: string) =>
  TestProcessorLedger.use((ledger) => ledger.listByPaymentIntent(paymentIntent)).pipe(
    Effect.map((entries) => entries.filter((e) => e.outcome._tag === "Succeeded").length)
  )

const typesOf = Effect.map(
  EventLog.use((log) => log.list(scope, { limit: 100 })),
  (page) => page.data.map((e) => e.type).sort()
)

const newSession = CheckoutSessions.use((s) => s.create(scope, params(basicParams)))
const payVisa = (id: string) => CheckoutSessions.use((s) => s.pay(scope, id, { payment_method: "pm_card_visa" }))
const stored = (id: string) =>
  SessionRepository.use((r) => r.findById(id)).pipe(Effect.map(Option.getOrThrow))

describe("payments survive store faults", () => {
  it.live("the success write fails before it lands: retried, the session completes, one approval", () =>
    Effect.gen(function*() {
      const { session } = yield* newSession
      const intent = yield* payVisa(session.id)
      assert.strictEqual(intent.status, "succeeded")
      assert.isTrue(paid(yield* stored(session.id)))
      assert.strictEqual(yield* approvalsOf(intent.id), 1)
      assert.deepStrictEqual(yield* typesOf, ["checkout.session.completed", "payment_intent.succeeded"])
    }).pipe(Effect.provide(stack({ when: "before", remaining: 2, matches: paid }))))

  it.live("the success write lands but its answer is lost: the retry recognises it, events once", () =>
    Effect.gen(function*() {
      const { session } = yield* newSession
      const intent = yield* payVisa(session.id)
      assert.strictEqual(intent.status, "succeeded")
      assert.strictEqual(yield* approvalsOf(intent.id), 1)
      assert.deepStrictEqual(yield* typesOf, ["checkout.session.completed", "payment_intent.succeeded"])
    }).pipe(Effect.provide(stack({ when: "after", remaining: 1, matches: paid }))))

  const outage: Faults = { when: "before", remaining: 0, matches: paid }
  it.live("the store stays down past the retries: the attempt stays unresolved, then reconciliation completes it exactly once", () =>
    Effect.gen(function*() {
      const { session } = yield* newSession
      const sessions = yield* CheckoutSessions
      outage.remaining = 1000
      const lost = yield* Effect.exit(payVisa(session.id))
      outage.remaining = 0
      assert.isTrue(lost._tag === "Failure")
      const stuck = yield* stored(session.id)
      assert.isNotNull(stuck.attempt)
      assert.strictEqual(stuck.payment_intent?.status, "processing")
      assert.strictEqual(yield* approvalsOf(stuck.payment_intent!.id), 1)
      // before the attempt timeout, a second payment waits: no second charge is ever started
      assert.strictEqual((yield* Effect.flip(payVisa(session.id)))._tag, "PaymentInProgress")
      assert.strictEqual((yield* Effect.flip(sessions.expire(scope, session.id)))._tag, "PaymentInProgress")

      const resolved = yield* sessions.reconcileStale().pipe(Effect.provideService(AttemptTimeout, 0))
      assert.strictEqual(resolved, 1)
      const done = yield* stored(session.id)
      assert.strictEqual(done.session.status, "complete")
      assert.strictEqual(done.payment_intent?.status, "succeeded")
      assert.strictEqual(yield* approvalsOf(done.payment_intent!.id), 1)
      assert.deepStrictEqual(yield* typesOf, ["checkout.session.completed", "payment_intent.succeeded"])
      // reconciling again finds nothing, and the customer's retry is told the session is complete
      assert.strictEqual(yield* sessions.reconcileStale().pipe(Effect.provideService(AttemptTimeout, 0)), 0)
      assert.strictEqual((yield* Effect.flip(payVisa(session.id)))._tag, "SessionNotOpen")
    }).pipe(Effect.provide(stack(outage))), 30_000)

  it.live("what the payment collected (phone, billing and shipping address) survives to a completion made by reconciliation", () =>
    Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const { session } = yield* sessions.create(scope, params({
        ...basicParams,
        billing_address_collection: "required",
        shipping_address_collection: { allowed_countries: ["BR"] },
        phone_number_collection: { enabled: true }
      }))
      const address = { line1: "Av. Paulista 1000", city: "São Paulo", state: "SP", postal_code: "01310100", country: "BR" }
      outage.remaining = 1000
      const lost = yield* Effect.exit(sessions.pay(scope, session.id, {
        payment_method: "pm_card_visa",
        billing_details: { name: "Clarice Lispector", email: "clarice@example.com.br", phone: "+55 11 91234-5678", address },
        shipping_details: { name: "Clarice Lispector", address }
      }))
      outage.remaining = 0
      assert.isTrue(lost._tag === "Failure")
      assert.strictEqual(yield* sessions.reconcileStale().pipe(Effect.provideService(AttemptTimeout, 0)), 1)
      const done = (yield* stored(session.id)).session
      assert.strictEqual(done.status, "complete")
      const kept = { city: "São Paulo", country: "BR", line1: "Av. Paulista 1000", line2: null, postal_code: "01310-100", state: "SP" }
      assert.deepStrictEqual(done.customer_details, { email: "clarice@example.com.br", name: "Clarice Lispector", phone: "+5511912345678", address: kept })
      assert.deepStrictEqual(done.shipping_details, { name: "Clarice Lispector", address: kept })
    }).pipe(Effect.provide(stack(outage))), 30_000)

  it.live("a payment call that finds a stale attempt reconciles it first: the earlier approval completes the session, no second charge", () =>
    Effect.gen(function*() {
      const { session } = yield* newSession
      yield* Effect.exit(payVisa(session.id))
      const attempt = (yield* stored(session.id)).attempt!
      assert.isNotNull(attempt)
      const retry = yield* Effect.flip(payVisa(session.id).pipe(Effect.provideService(AttemptTimeout, 0)))
      assert.strictEqual(retry._tag, "SessionNotOpen")
      const done = yield* stored(session.id)
      assert.strictEqual(done.session.status, "complete")
      assert.strictEqual(yield* approvalsOf(done.payment_intent!.id), 1)
    }).pipe(Effect.provide(stack({ when: "before", remaining: 6, matches: paid }))), 30_000)

  it.live("the process dies after recording the attempt, before the processor hears of it: reconciliation voids it, a late charge is refused, the next attempt is charged once", () =>
    Effect.gen(function*() {
      const { session } = yield* newSession
      const sessions = yield* CheckoutSessions
      const repo = yield* SessionRepository
      // what StartPayment leaves behind when its process dies before calling the processor
      const state = yield* stored(session.id)
      const orphan = Result.getOrThrow(
        Machine.transition(state, { _tag: "StartPayment", attempt_id: "pa_orphan", payment_intent_id: "pi_orphan", payment_intent_client_secret: "pi_orphan_secret_x" }, state.session.created)
      )
      yield* repo.update(orphan.state, [])
      assert.strictEqual(yield* sessions.reconcileStale().pipe(Effect.provideService(AttemptTimeout, 0)), 1)
      const freed = yield* stored(session.id)
      assert.isNull(freed.attempt)
      assert.strictEqual(freed.payment_intent?.status, "requires_payment_method")
      // the request that was on its way arrives now: the processor refuses it
      const late = yield* PaymentProcessor.use((p) =>
        p.authorize({
          attempt_id: "pa_orphan",
          payment_intent: "pi_orphan",
          amount: 2000,
          currency: "usd",
          livemode: false,
          method: { type: "token", token: "pm_card_visa" },
          installments: null,
          now: state.session.created
        })
      )
      assert.deepStrictEqual(late, VOIDED_ATTEMPT)
      const intent = yield* payVisa(session.id)
      assert.strictEqual(intent.status, "succeeded")
      assert.strictEqual(yield* approvalsOf("pi_orphan"), 1)
      assert.deepStrictEqual(yield* typesOf, ["checkout.session.completed", "payment_intent.succeeded"])
    }).pipe(Effect.provide(stack({ when: "before", remaining: 0, matches: paid }))))

  const declineLost: Faults = { when: "before", remaining: 0, matches: (s) => s.payment_intent?.last_payment_error != null }
  it.live("an unresolved attempt holds off expiry until reconciled; a declined one then lets the session expire", () =>
    Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const { session } = yield* newSession
      declineLost.remaining = 1000
      const lost = yield* Effect.exit(sessions.pay(scope, session.id, { payment_method: "pm_card_chargeDeclined" }))
      declineLost.remaining = 0
      assert.isTrue(lost._tag === "Failure")
      assert.isNotNull((yield* stored(session.id)).attempt)
      // the merchant expires it: reconciliation first (the processor declined), then the expiry
      const expired = yield* sessions.expire(scope, session.id).pipe(Effect.provideService(AttemptTimeout, 0))
      assert.strictEqual(expired.session.status, "expired")
      assert.deepStrictEqual(yield* typesOf, ["checkout.session.expired", "payment_intent.payment_failed"])
    }).pipe(Effect.provide(stack(declineLost))), 30_000)

  it.effect("a processor that does not answer: the call is given up on (PaymentOutcomeUnknown), the attempt stays unresolved, reconciliation settles it", () =>
    Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const { session } = yield* newSession
      const fiber = yield* Effect.forkChild(Effect.flip(payVisa(session.id)))
      // step the clock until the payment, which reaches the processor after a few store round trips, gives up
      for (let s = 0; s < 70 && fiber.pollUnsafe() === undefined; s++) yield* TestClock.adjust("1 second")
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error._tag, "PaymentOutcomeUnknown")
      const stuck = yield* stored(session.id)
      assert.isNotNull(stuck.attempt)
      assert.strictEqual((yield* Effect.flip(payVisa(session.id)))._tag, "PaymentInProgress")
      // the processor never received it: reconciliation voids it and frees the session
      yield* TestClock.adjust("120 seconds")
      assert.strictEqual(yield* sessions.reconcileStale(), 1)
      const freed = yield* stored(session.id)
      assert.isNull(freed.attempt)
      assert.strictEqual(freed.session.status, "open")
    }).pipe(Effect.provide(stack({ when: "before", remaining: 0, matches: paid }, hangingProcessor))))

  it.effect("the test processor is idempotent by attempt id: a repeated charge answers the first outcome and charges once", () =>
    Effect.gen(function*() {
      const processor = yield* PaymentProcessor
      const request = {
        attempt_id: "pa_same",
        payment_intent: "pi_same",
        amount: 100,
        currency: "usd",
        livemode: false,
        method: { type: "token", token: "pm_card_visa" } as const,
        installments: null,
        now: 1_767_225_600
      }
      const first = yield* processor.authorize(request)
      const again = yield* processor.authorize({ ...request, method: { type: "token", token: "pm_card_chargeDeclined" } })
      assert.deepStrictEqual(again, first)
      assert.deepStrictEqual<unknown>(yield* processor.retrieve({ attempt_id: "pa_same", livemode: false }), first)
      assert.strictEqual(yield* approvalsOf("pi_same"), 1)
      // an attempt never charged is reported as such, for good
      assert.deepStrictEqual(yield* processor.retrieve({ attempt_id: "pa_never", livemode: false }), { _tag: "NotFound" })
      // a refused request (an unknown token) is not recorded: it never became a charge
      const refused = yield* processor.authorize({ ...request, attempt_id: "pa_refused", method: { type: "token", token: "pm_nope" } })
      assert.strictEqual(refused._tag, "Rejected")
      assert.isTrue(Option.isNone(yield* TestProcessorLedger.use((l) => l.find("pa_refused"))))
    }).pipe(Effect.provide(TestPaymentProcessor.layer.pipe(Layer.provideMerge(InMemoryProcessorLedger.layer)))))
})

