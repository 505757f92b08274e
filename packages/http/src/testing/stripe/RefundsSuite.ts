/**
 * Charges and refunds through the official `stripe` client, as a Stripe user writes them: a paid
 * session's `latest_charge`, two partial refunds and a third that would exceed the charge (refused
 * with Stripe's error), updates, lists, expansions, an idempotency key that replays one refund, and
 * another account that sees none of it. Reusable like the Stripe suite: any layer that provides `SuiteServer`.
 */
import { assert, layer } from "@effect/vitest"
import { Effect, type Layer } from "effect"
import Stripe from "stripe"
import { createSession, lineItem, ok, pay, rejects, stripeClient, unique } from "./StripeSuite.ts"
import { START_TIMEOUT, SuiteServer } from "./SuiteServer.ts"

const invalidRequest = (e: unknown): Stripe.errors.StripeError => {
  assert.instanceOf(e, Stripe.errors.StripeInvalidRequestError)
  return e as Stripe.errors.StripeError
}

/** A session of 2,400 paid with `payment_method`: its payment intent, with the charge expanded. */
const paid = (stripe: Stripe, payment_method = "pm_card_visa") =>
  Effect.gen(function*() {
    const session = yield* createSession(stripe, { line_items: [lineItem("T-shirt", 1200, 2)], metadata: { order: unique("order") } })
    const intent = yield* ok(() => pay(stripe, session.id, { payment_method }))
    return yield* ok(() => stripe.paymentIntents.retrieve(intent.id, { expand: ["latest_charge"] }))
  })

/** The refunds suite, registered as a describe block running against `server`. */
export const refundsSuite = (name: string, server: Layer.Layer<SuiteServer, unknown>) =>
  layer(server, { excludeTestServices: true, timeout: START_TIMEOUT })(name, (it) => {
    it.effect("a paid intent's latest_charge; two partial refunds, a third too large refused as Stripe refuses it, then the rest", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const intent = yield* paid(stripe)
        const charge = intent.latest_charge as Stripe.Charge
        assert.match(charge.id, /^ch_/)
        assert.deepStrictEqual(
          [charge.amount, charge.amount_captured, charge.amount_refunded, charge.captured, charge.paid, charge.refunded, charge.status],
          [2400, 2400, 0, true, true, false, "succeeded"]
        )
        assert.strictEqual(charge.payment_intent, intent.id)
        assert.deepStrictEqual([charge.payment_method_details?.card?.brand, charge.payment_method_details?.card?.last4], ["visa", "4242"])
        assert.isNull(charge.balance_transaction)
        // the receipt page: the charge's id and a secret of its own (docs/receipts.md)
        assert.match(charge.receipt_url!, new RegExp(`/receipts/${charge.id}/[A-Za-z0-9]{20,}$`))

        const first = yield* ok(() => stripe.refunds.create({ payment_intent: intent.id, amount: 1000, reason: "requested_by_customer", metadata: { n: "1" } }))
        assert.deepStrictEqual([first.object, first.status, first.amount, first.charge, first.payment_intent], ["refund", "succeeded", 1000, charge.id, intent.id])
        const second = yield* ok(() => stripe.refunds.create({ charge: charge.id, amount: 900 }))
        assert.strictEqual(second.amount, 900)
        const tooLarge = invalidRequest(yield* rejects(() => stripe.refunds.create({ charge: charge.id, amount: 501 })))
        assert.deepStrictEqual([tooLarge.code, tooLarge.param, tooLarge.statusCode], ["amount_too_large", "amount", 400])
        assert.strictEqual(tooLarge.message, "Refund amount ($5.01) is greater than unrefunded amount on charge ($5.00)")
        const rest = yield* ok(() => stripe.refunds.create({ payment_intent: intent.id }))
        assert.strictEqual(rest.amount, 500)
        const done = invalidRequest(yield* rejects(() => stripe.refunds.create({ payment_intent: intent.id })))
        assert.strictEqual(done.code, "charge_already_refunded")

        const read = yield* ok(() => stripe.charges.retrieve(charge.id, { expand: ["refunds"] }))
        assert.deepStrictEqual([read.amount_refunded, read.refunded], [2400, true])
        assert.deepStrictEqual(read.refunds!.data.map((r) => r.amount), [500, 900, 1000])
        const listed = yield* ok(() => stripe.refunds.list({ charge: charge.id, limit: 2 }))
        assert.deepStrictEqual([listed.data.map((r) => r.id), listed.has_more], [[rest.id, second.id], true])
        const older = yield* ok(() => stripe.refunds.list({ payment_intent: intent.id, starting_after: second.id }))
        assert.deepStrictEqual(older.data.map((r) => r.id), [first.id])
      }))

    it.effect("refunds and charges update their metadata; cancel is refused; lists and expansions", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const intent = yield* paid(stripe)
        const chargeId = (intent.latest_charge as Stripe.Charge).id
        const refund = yield* ok(() => stripe.refunds.create({ charge: chargeId, amount: 100, metadata: { a: "1" }, expand: ["charge"] }))
        assert.strictEqual((refund.charge as Stripe.Charge).amount_refunded, 100)
        const updated = yield* ok(() => stripe.refunds.update(refund.id, { metadata: { b: "2" } }))
        assert.deepStrictEqual(updated.metadata, { a: "1", b: "2" })
        const cancel = invalidRequest(yield* rejects(() => stripe.refunds.cancel(refund.id)))
        assert.strictEqual(cancel.statusCode, 400)
        const charge = yield* ok(() => stripe.charges.update(chargeId, { description: "gift", metadata: { k: "v" } }))
        assert.deepStrictEqual([charge.description, charge.metadata], ["gift", { k: "v" }])
        const byIntent = yield* ok(() => stripe.charges.list({ payment_intent: intent.id, expand: ["data.payment_intent"] }))
        assert.deepStrictEqual(byIntent.data.map((c) => [c.id, (c.payment_intent as Stripe.PaymentIntent).id]), [[chargeId, intent.id]])
        const withRefund = yield* ok(() => stripe.refunds.retrieve(refund.id, { expand: ["payment_intent"] }))
        assert.strictEqual((withRefund.payment_intent as Stripe.PaymentIntent).latest_charge, chargeId)
        const sessionId = (intent as unknown as { checkout_session: string }).checkout_session
        const session = yield* ok(() => stripe.checkout.sessions.retrieve(sessionId, { expand: ["payment_intent.latest_charge"] }))
        const embedded = (session.payment_intent as Stripe.PaymentIntent).latest_charge as Stripe.Charge
        assert.deepStrictEqual([embedded.id, embedded.amount_refunded], [chargeId, 100])
        const ofCharge = (yield* ok(() => stripe.rawRequest("GET", `/v1/charges/${chargeId}/refunds`, {}))) as unknown as {
          data: ReadonlyArray<{ id: string }>
          url: string
        }
        assert.deepStrictEqual([ofCharge.data.map((r) => r.id), ofCharge.url], [[refund.id], `/v1/charges/${chargeId}/refunds`])
      }))

    it.effect("an idempotency key replays one refund; another account sees neither charge nor refund", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const stripe = stripeClient(server)
        const intent = yield* paid(stripe)
        const chargeId = (intent.latest_charge as Stripe.Charge).id
        const key = unique("refund")
        const a = yield* ok(() => stripe.refunds.create({ charge: chargeId, amount: 300 }, { idempotencyKey: key }))
        const b = yield* ok(() => stripe.refunds.create({ charge: chargeId, amount: 300 }, { idempotencyKey: key }))
        assert.strictEqual(a.id, b.id)
        assert.strictEqual((yield* ok(() => stripe.charges.retrieve(chargeId))).amount_refunded, 300)
        const other = stripeClient(server, server.keys.otherTest)
        const missing = invalidRequest(yield* rejects(() => other.charges.retrieve(chargeId)))
        assert.deepStrictEqual([missing.statusCode, missing.code], [404, "resource_missing"])
        assert.strictEqual((invalidRequest(yield* rejects(() => other.refunds.retrieve(a.id)))).statusCode, 404)
        const refused = invalidRequest(yield* rejects(() => other.refunds.create({ charge: chargeId })))
        assert.deepStrictEqual([refused.code, refused.param], ["resource_missing", "charge"])
      }))

    it.effect("an uncaptured intent cannot be refunded; bad parameters are named", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const session = yield* createSession(stripe, { payment_intent_data: { capture_method: "manual" } })
        const held = yield* ok(() => pay(stripe, session.id, { payment_method: "pm_card_visa" }))
        const e = invalidRequest(yield* rejects(() => stripe.refunds.create({ payment_intent: held.id })))
        assert.deepStrictEqual([e.code, e.param], ["charge_not_refundable", "payment_intent"])
        const intent = yield* paid(stripe)
        const cases: ReadonlyArray<[Stripe.RefundCreateParams, string]> = [
          [{ payment_intent: intent.id, amount: 0 }, "amount"],
          [{ payment_intent: intent.id, reason: "because" as "duplicate" }, "reason"],
          [{}, "charge"]
        ]
        for (const [params, param] of cases) assert.strictEqual(invalidRequest(yield* rejects(() => stripe.refunds.create(params))).param, param)
      }))
  })
