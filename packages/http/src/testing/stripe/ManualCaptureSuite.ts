/**
 * `payment_intent_data` and manual capture through the official `stripe` client, as a Stripe user
 * writes them: a session created with `payment_intent_data`, paid, its payment intent captured (in
 * full or in part) or canceled with `stripe.paymentIntents.capture` / `.cancel`, and the events the
 * changes cause. Reusable like the Stripe suite: any layer that provides `SuiteServer`.
 */
import { assert, layer } from "@effect/vitest"
import { Effect, type Layer } from "effect"
import Stripe from "stripe"
import { createSession, ok, pay, rejects, stripeClient, unique } from "./StripeSuite.ts"
import { START_TIMEOUT, SuiteServer } from "./SuiteServer.ts"

const invalidRequest = (e: unknown): Stripe.errors.StripeError => {
  assert.instanceOf(e, Stripe.errors.StripeInvalidRequestError)
  return e as Stripe.errors.StripeError
}

/** Creates a session with manual capture and pays it: the answer is the held payment intent. */
const held = (stripe: Stripe, data: Stripe.Checkout.SessionCreateParams.PaymentIntentData = {}) =>
  Effect.gen(function*() {
    const session = yield* createSession(stripe, { payment_intent_data: { capture_method: "manual", ...data } })
    const intent = yield* ok(() => pay(stripe, session.id, { payment_method: "pm_card_visa" }))
    return { session, intent }
  })

/** The event types of one payment intent, oldest first. */
const eventTypesOf = (stripe: Stripe, intent: string) =>
  Effect.map(
    ok(() => stripe.events.list({ limit: 100 })),
    (page) =>
      page.data
        .filter((e) => (e.data.object as { id?: string }).id === intent)
        .map((e) => e.type)
        .reverse()
  )

/** The manual-capture suite, registered as a describe block running against `server`. */
export const manualCaptureSuite = (name: string, server: Layer.Layer<SuiteServer, unknown>) =>
  layer(server, { excludeTestServices: true, timeout: START_TIMEOUT })(name, (it) => {
    it.effect("payment_intent_data is carried onto the payment intent made at payment", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const order = unique("order")
        const session = yield* createSession(stripe, {
          payment_intent_data: {
            description: `Order ${order}`,
            metadata: { order },
            statement_descriptor_suffix: "ORDER 42",
            receipt_email: "buyer@example.com"
          }
        })
        yield* ok(() => pay(stripe, session.id, { payment_method: "pm_card_visa" }))
        const read = yield* ok(() => stripe.checkout.sessions.retrieve(session.id, { expand: ["payment_intent"] }))
        assert.strictEqual(read.payment_status, "paid")
        const pi = read.payment_intent as Stripe.PaymentIntent
        assert.strictEqual(pi.description, `Order ${order}`)
        assert.deepStrictEqual(pi.metadata, { order })
        assert.strictEqual(pi.statement_descriptor_suffix, "ORDER 42")
        assert.isNull(pi.statement_descriptor)
        assert.strictEqual(pi.receipt_email, "buyer@example.com")
        assert.strictEqual(pi.capture_method, "automatic")
        assert.strictEqual(pi.status, "succeeded")
        assert.strictEqual(pi.amount_capturable, 0)
      }))

    it.effect("rejects bad payment_intent_data with the parameter named", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const cases: ReadonlyArray<[Stripe.Checkout.SessionCreateParams.PaymentIntentData, string]> = [
          [{ statement_descriptor: "THIS DESCRIPTOR IS TOO LONG" }, "payment_intent_data[statement_descriptor]"],
          [{ statement_descriptor: "12345" }, "payment_intent_data[statement_descriptor]"],
          [{ statement_descriptor_suffix: "BAD*" }, "payment_intent_data[statement_descriptor_suffix]"],
          [{ capture_method: "later" as "manual" }, "payment_intent_data[capture_method]"],
          [{ receipt_email: "nobody" }, "payment_intent_data[receipt_email]"]
        ]
        for (const [data, param] of cases) {
          const e = invalidRequest(yield* rejects(() => stripe.checkout.sessions.create({
            mode: "payment",
            line_items: [{ price_data: { currency: "usd", unit_amount: 1200, product_data: { name: "T-shirt" } }, quantity: 1 }],
            success_url: "https://shop.example/ok",
            payment_intent_data: data
          })))
          assert.strictEqual(e.statusCode, 400)
          assert.strictEqual(e.param, param)
        }
      }))

    it.effect("manual capture: the session completes unpaid, the intent waits in requires_capture, and a partial capture succeeds once", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const { intent, session } = yield* held(stripe, { metadata: { step: "held" } })
        assert.strictEqual(intent.status, "requires_capture")
        assert.strictEqual(intent.capture_method, "manual")
        assert.strictEqual(intent.amount_capturable, 1200)
        assert.strictEqual(intent.amount_received, 0)
        const read = yield* ok(() => stripe.checkout.sessions.retrieve(session.id))
        assert.deepStrictEqual([read.status, read.payment_status], ["complete", "unpaid"])

        const tooMuch = invalidRequest(yield* rejects(() => stripe.paymentIntents.capture(intent.id, { amount_to_capture: 1201 })))
        assert.strictEqual(tooMuch.param, "amount_to_capture")

        const badSuffix = invalidRequest(yield* rejects(() => stripe.paymentIntents.capture(intent.id, { statement_descriptor_suffix: "<NO>" })))
        assert.strictEqual(badSuffix.param, "statement_descriptor_suffix")

        const captured = yield* ok(() =>
          stripe.paymentIntents.capture(intent.id, { amount_to_capture: 1000, metadata: { step: "captured" }, statement_descriptor_suffix: "SHIPPED" })
        )
        assert.strictEqual(captured.statement_descriptor_suffix, "SHIPPED")
        assert.strictEqual(captured.object, "payment_intent")
        assert.strictEqual(captured.status, "succeeded")
        assert.strictEqual(captured.amount_received, 1000)
        assert.strictEqual(captured.amount_capturable, 0)
        assert.deepStrictEqual(captured.metadata, { step: "captured" })
        assert.deepStrictEqual(yield* ok(() => stripe.paymentIntents.retrieve(intent.id)).pipe(Effect.map((p) => p.status)), "succeeded")

        const again = invalidRequest(yield* rejects(() => stripe.paymentIntents.capture(intent.id)))
        assert.strictEqual(again.code, "payment_intent_unexpected_state")
        assert.strictEqual(again.message, "This PaymentIntent could not be captured because it has already been captured.")
        // as Stripe's, the error carries the intent as it stands
        const inError = (again.raw as { payment_intent?: Stripe.PaymentIntent }).payment_intent
        assert.deepStrictEqual([inError?.id, inError?.status, inError?.amount_received], [intent.id, "succeeded", 1000])
        const cancel = invalidRequest(yield* rejects(() => stripe.paymentIntents.cancel(intent.id)))
        assert.strictEqual(cancel.code, "payment_intent_unexpected_state")
        assert.match(cancel.message, /status of succeeded/)

        assert.deepStrictEqual(yield* eventTypesOf(stripe, intent.id), ["payment_intent.amount_capturable_updated", "payment_intent.succeeded"])
        const completed = yield* ok(() => stripe.events.list({ type: "checkout.session.completed", limit: 100 }))
        const mine = completed.data.find((e) => (e.data.object as Stripe.Checkout.Session).id === session.id)
        assert.strictEqual((mine!.data.object as Stripe.Checkout.Session).payment_status, "unpaid")
      }))

    it.effect("cancel releases the hold with Stripe's reasons; an automatic payment or an open session's intent is refused", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const { intent } = yield* held(stripe)
        const badReason = invalidRequest(yield* rejects(() => stripe.paymentIntents.cancel(intent.id, { cancellation_reason: "bored" as "duplicate" })))
        assert.strictEqual(badReason.param, "cancellation_reason")
        const canceled = yield* ok(() => stripe.paymentIntents.cancel(intent.id, { cancellation_reason: "requested_by_customer" }))
        assert.strictEqual(canceled.status, "canceled")
        assert.strictEqual(canceled.cancellation_reason, "requested_by_customer")
        assert.isNumber(canceled.canceled_at)
        assert.strictEqual(canceled.amount_capturable, 0)
        const capture = invalidRequest(yield* rejects(() => stripe.paymentIntents.capture(intent.id)))
        assert.strictEqual(capture.code, "payment_intent_unexpected_state")
        assert.deepStrictEqual(yield* eventTypesOf(stripe, intent.id), ["payment_intent.amount_capturable_updated", "payment_intent.canceled"])

        const automatic = yield* createSession(stripe)
        const paid = yield* ok(() => pay(stripe, automatic.id, { payment_method: "pm_card_visa" }))
        const notHeld = invalidRequest(yield* rejects(() => stripe.paymentIntents.capture(paid.id)))
        assert.match(notHeld.message, /already been captured/)

        const open = yield* createSession(stripe, { payment_intent_data: { capture_method: "manual" } })
        const declined = yield* rejects(() => pay(stripe, open.id, { payment_method: "pm_card_chargeDeclined" }))
        const pending = ((declined as Stripe.errors.StripeCardError).payment_intent as Stripe.PaymentIntent).id
        const fromCheckout = invalidRequest(yield* rejects(() => stripe.paymentIntents.cancel(pending)))
        assert.strictEqual(fromCheckout.message, "You cannot cancel the PaymentIntent for a Checkout Session. Expire the Checkout Session instead.")

        const missing = yield* rejects(() => stripe.paymentIntents.capture("pi_missing"))
        assert.instanceOf(missing, Stripe.errors.StripeInvalidRequestError)
        assert.strictEqual((missing as Stripe.errors.StripeError).statusCode, 404)
      }))
  })
