/**
 * Manual capture through the use cases: a held payment is captured (in full or in part) or canceled
 * once, through the processor's single settlement, with its events; a lost write is reconciled by the
 * next capture or cancel.
 */
import { assert, describe, it } from "@effect/vitest"
import { Context, Effect, Fiber, Layer } from "effect"
import { TestClock } from "effect/testing"
import type { Scope } from "../src/CheckoutSession.ts"
import { CheckoutSessions } from "../src/CheckoutSessions.ts"
import { EventLog } from "../src/EventLog.ts"
import { IdGenerator } from "../src/ports/IdGenerator.ts"
import { PaymentLinks } from "../src/PaymentLinks.ts"
import { PaymentProcessor } from "../src/ports/PaymentProcessor.ts"
import { settlementKey, TestProcessorLedger } from "../src/ports/TestProcessorLedger.ts"
import { RequestContext } from "../src/RequestContext.ts"
import * as Testing from "../src/testing/index.ts"
import * as TestPaymentProcessor from "../src/TestPaymentProcessor.ts"
import { basicParams, params, T0 } from "./fixtures.ts"

const scope: Scope = { account: "acct_1", livemode: false }
const visa = { payment_method: "pm_card_visa" } as const

const run = <A, E>(body: Effect.Effect<A, E, CheckoutSessions | EventLog | TestProcessorLedger | PaymentProcessor | PaymentLinks>) =>
  Effect.gen(function*() {
    yield* TestClock.setTime(T0 * 1000)
    return yield* body
  }).pipe(Effect.provide(Testing.layer), Effect.provideService(RequestContext, { id: null, idempotency_key: null }))

const eventTypes = EventLog.use((log) => log.list(scope, { limit: 100 })).pipe(Effect.map((page) => page.data.map((e) => e.type).reverse()))

/** A session with manual capture, paid: its intent holds 2,000. */
const authorized = Effect.gen(function*() {
  const sessions = yield* CheckoutSessions
  const { session } = yield* sessions.create(scope, params({ ...basicParams, payment_intent_data: { capture_method: "manual", metadata: { a: "1" } } }))
  const intent = yield* sessions.pay(scope, session.id, visa)
  return { session, intent }
})

describe("manual capture", () => {
  it.effect("pay holds the funds: the intent requires_capture, the session completes unpaid", () =>
    run(Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const { intent, session } = yield* authorized
      assert.strictEqual(intent.status, "requires_capture")
      assert.strictEqual(intent.amount_capturable, 2000)
      assert.deepStrictEqual(intent.metadata, { a: "1" })
      const read = yield* sessions.retrieve(scope, session.id)
      assert.deepStrictEqual([read.session.status, read.session.payment_status], ["complete", "unpaid"])
      assert.deepStrictEqual(yield* eventTypes, ["payment_intent.amount_capturable_updated", "checkout.session.completed"])
    })))

  it.effect("capture takes part of the hold, merges metadata, and a second capture or a cancel is refused", () =>
    run(Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const { intent } = yield* authorized
      const captured = yield* sessions.capturePaymentIntent(scope, intent.id, { amount_to_capture: 1500, metadata: { b: "2" } })
      assert.deepStrictEqual([captured.status, captured.amount_received, captured.amount_capturable], ["succeeded", 1500, 0])
      assert.deepStrictEqual(captured.metadata, { a: "1", b: "2" })
      assert.deepStrictEqual(yield* sessions.retrievePaymentIntent(scope, intent.id), captured)
      const again = yield* Effect.flip(sessions.capturePaymentIntent(scope, intent.id, {}))
      assert.strictEqual(again._tag, "PaymentIntentUnexpectedState")
      const cancel = yield* Effect.flip(sessions.cancelPaymentIntent(scope, intent.id, {}))
      assert.strictEqual(cancel._tag, "PaymentIntentUnexpectedState")
      const settled = yield* TestProcessorLedger.use((l) => l.find(settlementKey(intent.id)))
      assert.deepInclude(settled._tag === "Some" ? settled.value.outcome : {}, { _tag: "Captured", amount: 1500 })
      assert.deepStrictEqual((yield* eventTypes).slice(2), ["payment_intent.succeeded"])
    })))

  it.effect("cancel releases the hold with its reason; capture after it is refused", () =>
    run(Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const { intent } = yield* authorized
      const canceled = yield* sessions.cancelPaymentIntent(scope, intent.id, { cancellation_reason: "fraudulent" })
      assert.deepStrictEqual([canceled.status, canceled.cancellation_reason, canceled.canceled_at], ["canceled", "fraudulent", T0])
      const e = yield* Effect.flip(sessions.capturePaymentIntent(scope, intent.id, {}))
      assert.strictEqual(e._tag, "PaymentIntentUnexpectedState")
      assert.deepStrictEqual((yield* eventTypes).slice(2), ["payment_intent.canceled"])
    })))

  it.effect("another scope's intent is missing; amount_to_capture above the hold is refused without settling", () =>
    run(Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const { intent } = yield* authorized
      const missing = yield* Effect.flip(sessions.capturePaymentIntent({ account: "acct_2", livemode: false }, intent.id, {}))
      assert.strictEqual(missing._tag, "ResourceMissing")
      const tooMuch = yield* Effect.flip(sessions.capturePaymentIntent(scope, intent.id, { amount_to_capture: 2001 }))
      assert.strictEqual(tooMuch._tag, "ValidationError")
      const settled = yield* TestProcessorLedger.use((l) => l.find(settlementKey(intent.id)))
      assert.strictEqual(settled._tag, "None")
    })))

  it.effect("a settlement the processor made but Till never recorded is recorded by the next request, which then loses", () =>
    run(Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const processor = yield* PaymentProcessor
      const { intent } = yield* authorized
      // a capture reached the processor, and its caller died before writing it
      yield* processor.settle({ reference: "pa_lost", payment_intent: intent.id, livemode: false, action: { _tag: "Capture", amount: 900 }, now: T0 })
      const e = yield* Effect.flip(sessions.cancelPaymentIntent(scope, intent.id, {}))
      assert.strictEqual(e._tag, "PaymentIntentUnexpectedState")
      assert.include(e.message, "status of succeeded")
      const read = yield* sessions.retrievePaymentIntent(scope, intent.id)
      assert.deepStrictEqual([read.status, read.amount_received], ["succeeded", 900])
      assert.deepStrictEqual((yield* eventTypes).slice(2), ["payment_intent.succeeded"])
    })))

  it.effect("a payment link carries payment_intent_data to the sessions it mints", () =>
    run(Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const links = yield* PaymentLinks
      const link = yield* links.create(scope, { amount: 990, currency: "eur", payment_intent_data: { capture_method: "manual", description: "Link" } })
      const minted = yield* links.mint(link.token)
      const intent = yield* sessions.pay(scope, minted.session.id, visa)
      assert.deepStrictEqual([intent.status, intent.amount_capturable, intent.description], ["requires_capture", 990, "Link"])
    })))

  it.effect("a processor that does not settle in time: PaymentOutcomeUnknown, and the hold reads as it was", () => {
    const hanging = Layer.effect(
      PaymentProcessor,
      Effect.gen(function*() {
        const real = Context.get(yield* Layer.build(TestPaymentProcessor.layer), PaymentProcessor)
        return PaymentProcessor.of({ ...real, settle: () => Effect.never })
      })
    )
    const layer = CheckoutSessions.layer.pipe(
      Layer.provideMerge(Layer.mergeAll(Testing.InMemoryRepository.layer, hanging, IdGenerator.layerRandom, Testing.PlainSnapshots.layer)),
      Layer.provideMerge(Testing.InMemoryProcessorLedger.layer)
    )
    return Effect.gen(function*() {
      yield* TestClock.setTime(T0 * 1000)
      const sessions = yield* CheckoutSessions
      const { intent } = yield* authorized
      const fiber = yield* Effect.forkChild(Effect.flip(sessions.capturePaymentIntent(scope, intent.id, {})))
      yield* TestClock.adjust("2 minutes")
      const e = yield* Fiber.join(fiber)
      assert.strictEqual(e._tag, "PaymentOutcomeUnknown")
      assert.strictEqual((yield* sessions.retrievePaymentIntent(scope, intent.id)).status, "requires_capture")
    }).pipe(Effect.provide(layer), Effect.provideService(RequestContext, { id: null, idempotency_key: null }))
  })
})
