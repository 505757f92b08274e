import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Schema } from "effect"
import { TestClock } from "effect/testing"
import type { Scope } from "../src/CheckoutSession.ts"
import { CheckoutSessions } from "../src/CheckoutSessions.ts"
import { CreateCouponParams, CreatePromotionCodeParams } from "../src/Coupon.ts"
import { EventLog } from "../src/EventLog.ts"
import { Promotions } from "../src/Promotions.ts"
import { PaymentParams } from "../src/SessionParams.ts"
import * as Testing from "../src/testing/index.ts"
import { params, T0 } from "./fixtures.ts"

const coupon = Schema.decodeUnknownSync(CreateCouponParams)
const code = Schema.decodeUnknownSync(CreatePromotionCodeParams)
const visa = Schema.decodeUnknownSync(PaymentParams)({ payment_method: "pm_card_visa" })
const scope: Scope = { account: "acct_1", livemode: false }

const run = <A, E>(body: Effect.Effect<A, E, CheckoutSessions | Promotions | EventLog>) =>
  Effect.gen(function*() {
    yield* TestClock.setTime(T0 * 1000)
    return yield* body
  }).pipe(Effect.provide(Testing.layer))

const cart = (extra: Record<string, unknown> = {}) =>
  params({ line_items: [{ price_data: { currency: "usd", unit_amount: 1000, product_data: { name: "T-shirt" } }, quantity: 2 }], ...extra })

const paramOf = (e: unknown) => (e as { param?: unknown }).param

describe("Coupons", () => {
  it("percent_off is above 0, at most 100, with at most two decimals (Stripe's precision)", () => {
    for (const percent_off of ["10", "12.5", "33.33", "100", 0.01]) {
      assert.isTrue(Exit.isSuccess(Schema.decodeUnknownExit(CreateCouponParams)({ percent_off })), String(percent_off))
    }
    for (const percent_off of ["0", "12.345", "33.3333", "100.01", 0.001]) {
      assert.isTrue(Exit.isFailure(Schema.decodeUnknownExit(CreateCouponParams)({ percent_off })), String(percent_off))
    }
  })

  it.effect("create checks Stripe's rules; update changes name and metadata only; delete hides it; list is newest first", () =>
    run(Effect.gen(function*() {
      const p = yield* Promotions
      const bad = [
        [{}, "percent_off"],
        [{ percent_off: 10, amount_off: 100, currency: "usd" }, "amount_off"],
        [{ amount_off: 100 }, "currency"],
        [{ percent_off: 10, currency: "usd" }, "currency"],
        [{ percent_off: 10, duration: "repeating" }, "duration_in_months"],
        [{ percent_off: 10, redeem_by: T0 - 1 }, "redeem_by"]
      ] as const
      for (const [given, param] of bad) assert.strictEqual(paramOf(yield* Effect.flip(p.createCoupon(scope, coupon(given)))), param, JSON.stringify(given))

      const ten = yield* p.createCoupon(scope, coupon({ id: "TEN", percent_off: "10", name: "Ten", max_redemptions: 2, metadata: { a: "1" } }))
      assert.deepStrictEqual([ten.id, ten.percent_off, ten.duration, ten.valid, ten.times_redeemed], ["TEN", 10, "once", true, 0])
      assert.strictEqual(paramOf(yield* Effect.flip(p.createCoupon(scope, coupon({ id: "TEN", percent_off: 5 })))), "id")
      // another account may have its own TEN
      yield* p.createCoupon({ account: "acct_2", livemode: false }, coupon({ id: "TEN", percent_off: 5 }))

      const renamed = yield* p.updateCoupon(scope, "TEN", { name: "", metadata: { a: "", b: "2" } })
      assert.deepStrictEqual([renamed.name, renamed.metadata, renamed.percent_off], [null, { b: "2" }, 10])
      yield* TestClock.adjust("1 second")
      const five = yield* p.createCoupon(scope, coupon({ amount_off: 500, currency: "usd" }))
      assert.deepStrictEqual((yield* p.listCoupons(scope, {})).data.map((c) => c.id), [five.id, "TEN"])
      assert.strictEqual(yield* p.deleteCoupon(scope, five.id), five.id)
      assert.strictEqual((yield* Effect.flip(p.retrieveCoupon(scope, five.id)))._tag, "ResourceMissing")
      assert.deepStrictEqual((yield* p.listCoupons(scope, {})).data.map((c) => c.id), ["TEN"])
      const types = (yield* EventLog.use((l) => l.list(scope, { limit: 10 }))).data.map((e) => e.type)
      assert.deepStrictEqual(types, ["coupon.deleted", "coupon.created", "coupon.updated", "coupon.created"])
    })))
})

describe("Promotion codes", () => {
  it.effect("are unique among active codes, case-insensitively; a deactivated code's text can be reused", () =>
    run(Effect.gen(function*() {
      const p = yield* Promotions
      yield* p.createCoupon(scope, coupon({ id: "TEN", percent_off: 10 }))
      const first = yield* p.createPromotionCode(scope, code({ promotion: { type: "coupon", coupon: "TEN" }, code: "SPRING", max_redemptions: 3 }))
      assert.deepStrictEqual([first.coupon, first.code, first.active, first.times_redeemed], ["TEN", "SPRING", true, 0])
      assert.strictEqual(paramOf(yield* Effect.flip(p.createPromotionCode(scope, code({ coupon: "TEN", code: "spring" })))), "code")
      assert.strictEqual(paramOf(yield* Effect.flip(p.createPromotionCode(scope, code({ coupon: "NOPE" })))), "coupon")
      yield* p.updatePromotionCode(scope, first.id, { active: false })
      const second = yield* p.createPromotionCode(scope, code({ coupon: "TEN", code: "spring" }))
      assert.strictEqual(paramOf(yield* Effect.flip(p.updatePromotionCode(scope, first.id, { active: true }))), "active")
      assert.deepStrictEqual((yield* p.listPromotionCodes(scope, { code: "SPRING", active: true })).data.map((c) => c.id), [second.id])
    })))
})

describe("sessions with discounts", () => {
  it.effect("a coupon or code takes its share off, before tax; total_details and each line say how much", () =>
    run(Effect.gen(function*() {
      const p = yield* Promotions
      const sessions = yield* CheckoutSessions
      yield* p.createCoupon(scope, coupon({ id: "TEN", percent_off: 10 }))
      const promo = yield* p.createPromotionCode(scope, code({ coupon: "TEN", code: "SPRING" }))
      const byCoupon = yield* sessions.create(scope, cart({ discounts: [{ coupon: "TEN" }] }))
      assert.deepStrictEqual([byCoupon.session.amount_subtotal, byCoupon.session.amount_discount, byCoupon.session.amount_total], [2000, 200, 1800])
      assert.deepStrictEqual(byCoupon.line_items[0]!.discounts, [{ amount: 200, discount: byCoupon.session.discounts[0]!.id }])
      assert.isNull(byCoupon.session.discounts[0]!.promotion_code)
      const byCode = yield* sessions.create(scope, cart({ discounts: [{ promotion_code: promo.id }] }))
      assert.strictEqual(byCode.session.discounts[0]!.promotion_code?.code, "SPRING")
      assert.strictEqual(byCode.session.amount_total, 1800)
    })))

  it.effect("refuses what Stripe refuses, naming the parameter", () =>
    run(Effect.gen(function*() {
      const p = yield* Promotions
      const sessions = yield* CheckoutSessions
      yield* p.createCoupon(scope, coupon({ id: "EUR5", amount_off: 500, currency: "eur" }))
      yield* p.createCoupon(scope, coupon({ id: "TEN", percent_off: 10 }))
      yield* p.createCoupon(scope, coupon({ id: "OLD", percent_off: 10, redeem_by: T0 + 10 }))
      const big = yield* p.createPromotionCode(scope, code({ coupon: "TEN", code: "BIG", restrictions: { minimum_amount: 5000, minimum_amount_currency: "usd" } }))
      const late = yield* p.createPromotionCode(scope, code({ coupon: "TEN", code: "LATE", expires_at: T0 + 10 }))
      const mine = yield* p.createPromotionCode(scope, code({ coupon: "TEN", code: "MINE", customer: "cus_other" }))
      yield* TestClock.adjust("11 seconds")
      const cases = [
        [{ discounts: [{ coupon: "EUR5" }] }, "discounts[0][coupon]"],
        [{ discounts: [{ coupon: "NOPE" }] }, "discounts[0][coupon]"],
        [{ discounts: [{ coupon: "OLD" }] }, "discounts[0][coupon]"],
        [{ discounts: [{ promotion_code: big.id }] }, "discounts[0][promotion_code]"],
        [{ discounts: [{ promotion_code: late.id }] }, "discounts[0][promotion_code]"],
        [{ discounts: [{ promotion_code: mine.id }] }, "discounts[0][promotion_code]"],
        [{ discounts: [{ coupon: "TEN", promotion_code: big.id }] }, "discounts[0]"],
        [{ discounts: [{ coupon: "TEN" }], allow_promotion_codes: true }, "discounts"]
      ] as const
      for (const [extra, param] of cases) assert.strictEqual(paramOf(yield* Effect.flip(sessions.create(scope, cart(extra)))), param, JSON.stringify(extra))
    })))

  it.effect("a completed session counts its redemption exactly once; a refused payment counts nothing", () =>
    run(Effect.gen(function*() {
      const p = yield* Promotions
      const sessions = yield* CheckoutSessions
      yield* p.createCoupon(scope, coupon({ id: "ONCE", percent_off: 50, max_redemptions: 1 }))
      const a = yield* sessions.create(scope, cart({ discounts: [{ coupon: "ONCE" }] }))
      const b = yield* sessions.create(scope, cart({ discounts: [{ coupon: "ONCE" }] }))
      const paid = yield* sessions.pay(scope, a.session.id, visa)
      assert.strictEqual(paid.amount, 1000)
      // paying again, or reading, counts nothing more
      yield* Effect.flip(sessions.pay(scope, a.session.id, visa))
      assert.deepStrictEqual([(yield* p.retrieveCoupon(scope, "ONCE")).times_redeemed, (yield* p.retrieveCoupon(scope, "ONCE")).valid], [1, false])
      const refused = yield* Effect.flip(sessions.pay(scope, b.session.id, visa))
      assert.deepStrictEqual([refused._tag, (refused as { code?: string }).code, paramOf(refused)], ["ValidationError", "coupon_expired", "discounts"])
      assert.strictEqual((yield* sessions.retrieve(scope, b.session.id)).session.status, "open")
      assert.strictEqual((yield* p.retrieveCoupon(scope, "ONCE")).times_redeemed, 1)
    })))

  it.effect("the hosted page's code field: applies a code by its text, removes it, and only where codes are allowed", () =>
    run(Effect.gen(function*() {
      const p = yield* Promotions
      const sessions = yield* CheckoutSessions
      yield* p.createCoupon(scope, coupon({ id: "TEN", percent_off: 10 }))
      yield* p.createCoupon(scope, coupon({ id: "ALL", percent_off: 100 }))
      yield* p.createPromotionCode(scope, code({ coupon: "TEN", code: "SPRING" }))
      yield* p.createPromotionCode(scope, code({ coupon: "ALL", code: "FREE" }))
      const open = yield* sessions.create(scope, cart({ allow_promotion_codes: true }))
      const applied = yield* sessions.applyPromotionCode(scope, open.session.id, "spring")
      assert.deepStrictEqual([applied.session.amount_discount, applied.session.amount_total, applied.line_items[0]!.amount_discount], [200, 1800, 200])
      assert.deepStrictEqual((yield* sessions.retrieve(scope, open.session.id)).line_items, applied.line_items)
      const unknown = yield* Effect.flip(sessions.applyPromotionCode(scope, open.session.id, "NOPE"))
      assert.deepStrictEqual([(unknown as { code?: string }).code, paramOf(unknown)], ["promotion_code_invalid", "promotion_code"])
      // a code that would make the total 0 is refused: Till's totals are 1..99,999,999
      const free = yield* Effect.flip(sessions.applyPromotionCode(scope, open.session.id, "FREE"))
      assert.deepStrictEqual([(free as { code?: string }).code, paramOf(free)], ["amount_too_small", "promotion_code"])
      const removed = yield* sessions.applyPromotionCode(scope, open.session.id, "")
      assert.deepStrictEqual([removed.session.amount_discount, removed.session.amount_total, removed.session.discounts], [0, 2000, []])
      const plain = yield* sessions.create(scope, cart())
      assert.strictEqual(paramOf(yield* Effect.flip(sessions.applyPromotionCode(scope, plain.session.id, "SPRING"))), "promotion_code")
      // once paid, nothing changes any more
      yield* sessions.pay(scope, open.session.id, visa)
      assert.strictEqual((yield* Effect.flip(sessions.applyPromotionCode(scope, open.session.id, "SPRING")))._tag, "SessionNotOpen")
    })))
})
