/**
 * Coupons and promotion codes through the official `stripe` client (`stripe.coupons.*`,
 * `stripe.promotionCodes.*`), and discounts on checkout sessions (`discounts[]`,
 * `total_details.amount_discount`, line items' `discounts`), against a running Till server. Reusable
 * like the Stripe suite: any layer that provides `SuiteServer`.
 */
import { assert, layer } from "@effect/vitest"
import { Effect, type Layer } from "effect"
import Stripe from "stripe"
import { createSession, ok, pay, rejects, stripeClient, unique } from "./StripeSuite.ts"
import { START_TIMEOUT, SuiteServer } from "./SuiteServer.ts"

const errorOf = (e: unknown) => e as Stripe.errors.StripeError

const shirt = (extra: Record<string, unknown> = {}) =>
  ({ price_data: { currency: "usd", unit_amount: 1000, product_data: { name: "T-shirt" } }, quantity: 2, ...extra }) as Stripe.Checkout.SessionCreateParams.LineItem

/** The coupon and promotion-code suite, registered as a describe block running against `server`. */
export const promotionsSuite = (name: string, server: Layer.Layer<SuiteServer, unknown>) =>
  layer(server, { excludeTestServices: true, timeout: START_TIMEOUT })(name, (it) => {
    it.effect("coupons: create, retrieve, update, list and delete in Stripe's shape", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const stripe = stripeClient(server)
        const id = unique("TEN")
        const ten = yield* ok(() => stripe.coupons.create({ id, percent_off: 10, name: "Ten", max_redemptions: 3, metadata: { k: "v" } }))
        assert.deepStrictEqual(
          [ten.id, ten.object, ten.percent_off, ten.amount_off, ten.duration, ten.valid, ten.times_redeemed, ten.max_redemptions],
          [id, "coupon", 10, null, "once", true, 0, 3]
        )
        const off = yield* ok(() => stripe.coupons.create({ amount_off: 500, currency: "usd", duration: "forever" }))
        assert.deepStrictEqual([off.amount_off, off.currency, off.duration], [500, "usd", "forever"])
        const missing = errorOf(yield* rejects(() => stripe.coupons.create({ amount_off: 500 })))
        assert.strictEqual(missing.param, "currency")
        const renamed = yield* ok(() => stripe.coupons.update(id, { name: "Tenner" }))
        assert.strictEqual(renamed.name, "Tenner")
        const immutable = errorOf(yield* rejects(() => stripe.coupons.update(id, { percent_off: 20 } as never)))
        assert.strictEqual(immutable.code, "parameter_unknown")
        assert.includeMembers((yield* ok(() => stripe.coupons.list({ limit: 100 }))).data.map((c) => c.id), [id, off.id])
        const deleted = yield* ok(() => stripe.coupons.del(off.id))
        assert.deepStrictEqual([deleted.id, deleted.deleted], [off.id, true])
        assert.strictEqual(errorOf(yield* rejects(() => stripe.coupons.retrieve(off.id))).code, "resource_missing")

        // idempotency and isolation
        const idempotencyKey = unique("coupon-key")
        const once = yield* ok(() => stripe.coupons.create({ percent_off: 5 }, { idempotencyKey }))
        const twice = yield* ok(() => stripe.coupons.create({ percent_off: 5 }, { idempotencyKey }))
        assert.strictEqual(twice.id, once.id)
        for (const key of [server.keys.otherTest, server.keys.live]) {
          assert.strictEqual(errorOf(yield* rejects(() => stripe.coupons.retrieve(id, {}, { apiKey: key }))).code, "resource_missing")
        }
      }))

    it.effect("promotion codes: Stripe's promotion[coupon] shape, unique active codes, filters", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const ten = yield* ok(() => stripe.coupons.create({ percent_off: 10 }))
        const text = unique("SPRING").replace(/_/g, "-")
        const code = yield* ok(() =>
          stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: ten.id }, code: text, max_redemptions: 2, restrictions: { minimum_amount: 1000, minimum_amount_currency: "usd" } })
        )
        assert.deepStrictEqual([code.object, code.code, code.active, code.promotion.coupon, code.promotion.type, code.times_redeemed], ["promotion_code", text, true, ten.id, "coupon", 0])
        assert.deepStrictEqual(code.restrictions, { currency_options: {}, first_time_transaction: false, minimum_amount: 1000, minimum_amount_currency: "usd" })
        const clash = errorOf(yield* rejects(() => stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: ten.id }, code: text.toLowerCase() })))
        assert.strictEqual(clash.param, "code")
        const listed = yield* ok(() => stripe.promotionCodes.list({ code: text.toLowerCase() }))
        assert.deepStrictEqual(listed.data.map((c) => c.id), [code.id])
        const off = yield* ok(() => stripe.promotionCodes.update(code.id, { active: false }))
        assert.isFalse(off.active)
        assert.deepStrictEqual((yield* ok(() => stripe.promotionCodes.list({ code: text, active: true }))).data, [])
      }))

    it.effect("sessions take a discount before tax; total_details, line items and the charge agree; redemptions are counted once", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const ten = yield* ok(() => stripe.coupons.create({ percent_off: 10 }))
        const iva = yield* ok(() => stripe.taxRates.create({ display_name: "IVA", percentage: 19, inclusive: false }))
        const code = yield* ok(() => stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: ten.id }, max_redemptions: 1 }))
        const s = yield* createSession(stripe, { line_items: [shirt({ tax_rates: [iva.id] })], discounts: [{ promotion_code: code.id }] })
        // 10 % off 20.00 is 2.00; 19 % of 18.00 is 3.42
        assert.deepStrictEqual(s.total_details, { amount_discount: 200, amount_shipping: 0, amount_tax: 342 })
        assert.deepStrictEqual([s.amount_subtotal, s.amount_total], [2000, 2142])
        assert.deepStrictEqual(s.discounts, [{ coupon: null, promotion_code: code.id }])
        const items = yield* ok(() => stripe.checkout.sessions.listLineItems(s.id))
        const discounts = (items.data[0] as unknown as { discounts: ReadonlyArray<Stripe.LineItem.Discount> }).discounts
        assert.strictEqual(discounts[0]!.amount, 200)
        assert.strictEqual(discounts[0]!.discount.promotion_code, code.id)
        assert.strictEqual((discounts[0]!.discount.source.coupon as Stripe.Coupon).id, ten.id)

        const other = yield* createSession(stripe, { line_items: [shirt()], discounts: [{ promotion_code: code.id }] })
        yield* ok(() => pay(stripe, s.id, { payment_method: "pm_card_visa" }))
        const paid = yield* ok(() => stripe.checkout.sessions.retrieve(s.id, { expand: ["payment_intent"] }))
        assert.strictEqual((paid.payment_intent as Stripe.PaymentIntent).amount, 2142)
        assert.strictEqual((yield* ok(() => stripe.promotionCodes.retrieve(code.id))).times_redeemed, 1)
        assert.strictEqual((yield* ok(() => stripe.coupons.retrieve(ten.id))).times_redeemed, 1)
        // the code is used up: the other session's payment is refused before anything is charged
        const refused = errorOf(yield* rejects(() => pay(stripe, other.id, { payment_method: "pm_card_visa" })))
        assert.strictEqual(refused.code, "coupon_expired")
        assert.strictEqual(refused.param, "discounts")
        assert.strictEqual((yield* ok(() => stripe.checkout.sessions.retrieve(other.id))).status, "open")

        const both = errorOf(yield* rejects(() =>
          stripe.checkout.sessions.create({ mode: "payment", line_items: [shirt()], allow_promotion_codes: true, discounts: [{ coupon: ten.id }] })
        ))
        assert.strictEqual(both.param, "discounts")
        const allowed = yield* createSession(stripe, { line_items: [shirt()], allow_promotion_codes: true })
        assert.isTrue(allowed.allow_promotion_codes)
        const link = yield* ok(() => stripe.paymentLinks.create({ line_items: [shirt() as never], allow_promotion_codes: true } as never))
        assert.isTrue(link.allow_promotion_codes)
      }))
  })
