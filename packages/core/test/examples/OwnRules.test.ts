import { assert, it } from "@effect/vitest"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import { CheckoutSessions, CreateSessionParams, Validation } from "@till/core"
import * as Testing from "@till/core/testing"

// A rule of your own service: carts become Till sessions, with the order id as client_reference_id.
interface Cart {
  readonly orderId: string
  readonly lines: ReadonlyArray<{ readonly name: string; readonly cents: number; readonly qty: number }>
}

const checkoutFor = (cart: Cart) =>
  Effect.gen(function*() {
    const sessions = yield* CheckoutSessions
    const params = yield* Validation.decode(CreateSessionParams)({
      client_reference_id: cart.orderId,
      line_items: cart.lines.map((l) => ({
        price_data: { currency: "usd", unit_amount: l.cents, product_data: { name: l.name } },
        quantity: l.qty
      }))
    })
    return yield* sessions.create({ account: "acct_shop", livemode: false }, params)
  })

it.effect("a cart becomes a session whose total is the cart's, and paying it completes it", () =>
  Effect.gen(function*() {
    const session = yield* checkoutFor({ orderId: "order-7", lines: [{ name: "Mug", cents: 1250, qty: 2 }] })
    assert.strictEqual(session.session.amount_total, 2500)

    const sessions = yield* CheckoutSessions
    yield* sessions.pay({ account: "acct_shop", livemode: false }, session.session.id, { payment_method: "pm_card_visa" })
    const paid = yield* sessions.retrieve({ account: "acct_shop", livemode: false }, session.session.id)
    assert.strictEqual(paid.session.status, "complete")
  }).pipe(Effect.provide(Testing.layer)))

it.effect("an empty cart is refused with the parameter that is wrong", () =>
  Effect.gen(function*() {
    const error = yield* Effect.flip(checkoutFor({ orderId: "order-8", lines: [] }))
    assert.strictEqual(error._tag, "ValidationError")
    assert.strictEqual(error.param, "line_items")
  }).pipe(Effect.provide(Testing.layer)))

it.effect("an unpaid session reads as expired once its 24 hours have passed", () =>
  Effect.gen(function*() {
    const session = yield* checkoutFor({ orderId: "order-9", lines: [{ name: "Mug", cents: 1250, qty: 1 }] })
    yield* TestClock.adjust("24 hours")
    const sessions = yield* CheckoutSessions
    const later = yield* sessions.retrieve({ account: "acct_shop", livemode: false }, session.session.id)
    assert.strictEqual(later.session.status, "expired")
  }).pipe(Effect.provide(Testing.layer)))
