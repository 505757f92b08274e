/**
 * Recovery of expired sessions (`after_expiration[recovery]`): the link an expired session gets, what
 * opening it makes (a copy of the session, once while that copy is open), and when it opens nothing.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { TestClock } from "effect/testing"
import type { Scope, SessionState } from "../src/CheckoutSession.ts"
import { CheckoutSessions } from "../src/CheckoutSessions.ts"
import { CreateCouponParams } from "../src/Coupon.ts"
import { CreateCustomerParams } from "../src/Customer.ts"
import { Customers } from "../src/Customers.ts"
import { EventLog } from "../src/EventLog.ts"
import { Promotions } from "../src/Promotions.ts"
import { RECOVERY_WINDOW_SECONDS } from "../src/SessionMachine.ts"
import { PaymentParams } from "../src/SessionParams.ts"
import * as Testing from "../src/testing/index.ts"
import { params, T0 } from "./fixtures.ts"

const scope: Scope = { account: "acct_1", livemode: false }
const visa = Schema.decodeUnknownSync(PaymentParams)({ payment_method: "pm_card_visa" })
const DAY = 24 * 3600

const run = <A, E>(body: Effect.Effect<A, E, CheckoutSessions | EventLog | Promotions | Customers>) =>
  Effect.gen(function*() {
    yield* TestClock.setTime(T0 * 1000)
    return yield* body
  }).pipe(Effect.provide(Testing.layer))

const CART = {
  line_items: [
    { price_data: { currency: "usd", unit_amount: 1000, product_data: { name: "T-shirt", description: "Cotton" } }, quantity: 2 },
    { price_data: { currency: "usd", unit_amount: 350, product_data: { name: "Socks" } }, quantity: 1 }
  ],
  metadata: { order: "42" },
  client_reference_id: "order-42",
  customer_email: "ada@example.com",
  locale: "es",
  success_url: "https://shop.example/ok?s={CHECKOUT_SESSION_ID}",
  cancel_url: "https://shop.example/cart",
  payment_intent_data: { description: "Order 42" }
}
const recovering = (extra: Record<string, unknown> = {}) =>
  params({ ...CART, after_expiration: { recovery: { enabled: true } }, ...extra })

/** The token of a session's recovery link. */
const tokenOf = (state: SessionState) => state.session.after_expiration!.recovery!.token!

const itemsOf = (state: SessionState) => state.line_items.map((i) => [i.description, i.quantity, i.amount_subtotal, i.amount_total])

describe("recovery links", () => {
  it.effect("an expired session's link opens a copy of it, hosted, open for 24 hours, that names where it came from", () =>
    run(Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const original = yield* sessions.create(scope, recovering({ after_expiration: { recovery: { enabled: true, allow_promotion_codes: true } } }))
      const token = tokenOf(original)
      assert.match(token, new RegExp(`^${original.session.id}_recovery_[0-9A-Za-z]{33}$`))
      assert.deepStrictEqual(original.session.after_expiration, { recovery: { enabled: true, allow_promotion_codes: true, expires_at: null, token } })
      // while the session is open there is no link
      assert.strictEqual((yield* Effect.flip(sessions.recover(token)))._tag, "ResourceMissing")

      yield* TestClock.adjust("1 hour")
      const expired = yield* sessions.expire(scope, original.session.id)
      assert.strictEqual(expired.session.after_expiration!.recovery!.expires_at, T0 + 3600 + RECOVERY_WINDOW_SECONDS)

      yield* TestClock.adjust("2 days")
      const { created, state: copy } = yield* sessions.recover(token)
      assert.isTrue(created)
      const s = copy.session
      assert.notStrictEqual(s.id, original.session.id)
      assert.strictEqual(s.recovered_from, original.session.id)
      assert.deepStrictEqual([s.status, s.created, s.expires_at, s.ui_mode], ["open", T0 + 3600 + 2 * DAY, T0 + 3600 + 3 * DAY, "hosted_page"])
      assert.deepStrictEqual(itemsOf(copy), itemsOf(original))
      assert.isTrue(copy.line_items.every((item) => item.id.startsWith("li_") && !original.line_items.some((o) => o.id === item.id)))
      assert.deepStrictEqual(
        [s.amount_total, s.currency, s.metadata, s.client_reference_id, s.customer_email, s.locale, s.success_url, s.cancel_url, s.payment_intent_data.description],
        [2350, "usd", { order: "42" }, "order-42", "ada@example.com", "es", CART.success_url, CART.cancel_url, "Order 42"]
      )
      // the recovery's setting, not the original's; no recovery of its own
      assert.isTrue(s.allow_promotion_codes)
      assert.isNull(s.after_expiration)
      assert.notStrictEqual(s.client_secret, original.session.client_secret)
      assert.deepStrictEqual(yield* sessions.retrieve(scope, s.id), copy)
      assert.deepStrictEqual((yield* sessions.retrieve(scope, original.session.id)).session.status, "expired")

      // opened again while the copy is open: the same copy
      const again = yield* sessions.recover(token)
      assert.isFalse(again.created)
      assert.strictEqual(again.state.session.id, s.id)

      // a wrong secret, or another session's id, is no link
      for (const wrong of [`${token}x`, token.replace(/.$/, (c) => (c === "a" ? "b" : "a")), `cs_test_nope_recovery_${token.split("_recovery_")[1]}`, "", "garbage"]) {
        assert.strictEqual((yield* Effect.flip(sessions.recover(wrong)))._tag, "ResourceMissing", wrong)
      }

      // once the copy is paid, the link opens nothing more
      yield* sessions.pay(scope, s.id, visa)
      const paid = yield* Effect.flip(sessions.recover(token))
      assert.deepInclude(paid, { _tag: "RecoveryUnavailable", reason: "completed" })
    })))

  it.effect("a copy that expires too is followed by a new one; the link works 30 days from the expiry, then not", () =>
    run(Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const original = yield* sessions.create(scope, recovering())
      yield* TestClock.adjust("24 hours")
      const first = yield* sessions.recover(tokenOf(original))
      assert.isTrue(first.created)
      // recovery's promotion codes default to off
      assert.isFalse(first.state.session.allow_promotion_codes)
      yield* TestClock.adjust("24 hours")
      const second = yield* sessions.recover(tokenOf(original))
      assert.isTrue(second.created)
      assert.notStrictEqual(second.state.session.id, first.state.session.id)
      assert.strictEqual((yield* sessions.retrieve(scope, first.state.session.id)).session.status, "expired")
      // the copies list as sessions like any other
      const listed = yield* sessions.list(scope, { limit: 10 })
      assert.deepStrictEqual(listed.data.map((x) => x.session.recovered_from), [original.session.id, original.session.id, null])

      // 30 days after the original expired (T0 + 24 h), not 30 days after the last copy
      yield* TestClock.setTime((T0 + DAY + RECOVERY_WINDOW_SECONDS - 1) * 1000)
      assert.isTrue((yield* sessions.recover(tokenOf(original))).created)
      yield* TestClock.adjust("1 second")
      assert.deepInclude(yield* Effect.flip(sessions.recover(tokenOf(original))), { _tag: "RecoveryUnavailable", reason: "expired" })
    })))

  it.effect("the sweep expires a session with its recovery window, and the expired event carries it", () =>
    run(Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const original = yield* sessions.create(scope, recovering({ expires_at: T0 + 1800 }))
      yield* TestClock.adjust("2 hours")
      assert.strictEqual(yield* sessions.sweepExpired(), 1)
      const stored = yield* sessions.retrieve(scope, original.session.id)
      assert.strictEqual(stored.session.status, "expired")
      // expired at its expires_at, as reads showed it before the sweep
      assert.strictEqual(stored.session.after_expiration!.recovery!.expires_at, T0 + 1800 + RECOVERY_WINDOW_SECONDS)
      const [event] = (yield* EventLog.use((log) => log.list(scope, { limit: 10 }))).data
      assert.strictEqual(event!.type, "checkout.session.expired")
      assert.deepStrictEqual((event!.data.object as { after_expiration: unknown }).after_expiration, stored.session.after_expiration)
      assert.isTrue((yield* sessions.recover(tokenOf(original))).created)
    })))

  it.effect("without recovery, or with it off, there is no link; a paid session has none", () =>
    run(Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const off = yield* sessions.create(scope, recovering({ after_expiration: { recovery: { enabled: false, allow_promotion_codes: true } } }))
      assert.deepStrictEqual(off.session.after_expiration, { recovery: { enabled: false, allow_promotion_codes: true, expires_at: null, token: null } })
      const none = yield* sessions.create(scope, params(CART))
      assert.isNull(none.session.after_expiration)
      const paid = yield* sessions.create(scope, recovering())
      yield* sessions.pay(scope, paid.session.id, visa)
      yield* TestClock.adjust("25 hours")
      assert.isNull((yield* sessions.retrieve(scope, off.session.id)).session.after_expiration!.recovery!.expires_at)
      assert.strictEqual((yield* Effect.flip(sessions.recover(tokenOf(paid)))) ._tag, "ResourceMissing")
    })))

  it.effect("an embedded session's copy is hosted, its return_url the copy's success_url", () =>
    run(Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const { cancel_url: _c, success_url: _s, ...cart } = CART
      const original = yield* sessions.create(scope, params({
        ...cart,
        ui_mode: "embedded_page",
        return_url: "https://shop.example/back?s={CHECKOUT_SESSION_ID}",
        after_expiration: { recovery: { enabled: true } }
      }))
      yield* sessions.expire(scope, original.session.id)
      const { state } = yield* sessions.recover(tokenOf(original))
      assert.deepStrictEqual(
        [state.session.ui_mode, state.session.redirect_on_completion, state.session.success_url, state.session.return_url, state.session.cancel_url],
        ["hosted_page", null, "https://shop.example/back?s={CHECKOUT_SESSION_ID}", null, null]
      )
    })))

  it.effect("the copy keeps a discount and a customer that still exist, and goes without those that do not", () =>
    run(Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const promotions = yield* Promotions
      const customers = yield* Customers
      yield* promotions.createCoupon(scope, Schema.decodeUnknownSync(CreateCouponParams)({ id: "TEN", percent_off: 10 }))
      yield* promotions.createCoupon(scope, Schema.decodeUnknownSync(CreateCouponParams)({ id: "GONE", percent_off: 50 }))
      const kept = yield* customers.create(scope, Schema.decodeUnknownSync(CreateCustomerParams)({ email: "kept@example.com" }))
      const gone = yield* customers.create(scope, Schema.decodeUnknownSync(CreateCustomerParams)({ email: "gone@example.com" }))
      const { customer_email: _e, ...cart } = CART
      const withTen = yield* sessions.create(scope, params({ ...cart, after_expiration: { recovery: { enabled: true } }, customer: kept.id, discounts: [{ coupon: "TEN" }] }))
      const withGone = yield* sessions.create(scope, params({ ...cart, after_expiration: { recovery: { enabled: true } }, customer: gone.id, discounts: [{ coupon: "GONE" }] }))
      assert.strictEqual(withTen.session.amount_total, 2115)
      assert.strictEqual(withGone.session.amount_total, 1175)
      yield* promotions.deleteCoupon(scope, "GONE")
      yield* customers.delete(scope, gone.id)
      yield* TestClock.adjust("25 hours")

      const ten = (yield* sessions.recover(tokenOf(withTen))).state
      assert.deepStrictEqual([ten.session.customer, ten.session.discounts.map((d) => d.coupon.id), ten.session.amount_total], [kept.id, ["TEN"], 2115])
      assert.isTrue(ten.session.discounts.every((d) => d.id.startsWith("di_")))
      const full = (yield* sessions.recover(tokenOf(withGone))).state
      assert.deepStrictEqual([full.session.customer, full.session.discounts, full.session.amount_total, full.session.amount_discount], [null, [], 2350, 0])
      assert.isTrue(full.line_items.every((item) => (item.discounts ?? []).length === 0))
      // the copy pays like any session, its discount redeemed once
      yield* sessions.pay(scope, ten.session.id, visa)
      assert.strictEqual((yield* promotions.retrieveCoupon(scope, "TEN")).times_redeemed, 1)
    })))
})
