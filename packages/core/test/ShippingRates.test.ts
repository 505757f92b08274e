import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { TestClock } from "effect/testing"
import type { Scope } from "../src/CheckoutSession.ts"
import { CheckoutSessions } from "../src/CheckoutSessions.ts"
import { EventLog } from "../src/EventLog.ts"
import { CreateShippingRateParams } from "../src/ShippingRate.ts"
import { ShippingRates } from "../src/ShippingRates.ts"
import * as Testing from "../src/testing/index.ts"
import * as Validation from "../src/Validation.ts"
import { params, T0 } from "./fixtures.ts"

const createParams = Schema.decodeUnknownSync(CreateShippingRateParams)
const scope: Scope = { account: "acct_1", livemode: false }

const run = <A, E>(body: Effect.Effect<A, E, CheckoutSessions | ShippingRates | EventLog>) =>
  Effect.gen(function*() {
    yield* TestClock.setTime(T0 * 1000)
    return yield* body
  }).pipe(Effect.provide(Testing.layer))

const standard = { display_name: "Standard", type: "fixed_amount", fixed_amount: { amount: "500", currency: "USD" } }
const mug = { price_data: { currency: "usd", unit_amount: 1200, product_data: { name: "Mug" } }, quantity: 2 }

describe("ShippingRates", () => {
  it.effect("creates in Stripe's shape, changes what may change, never its amount, lists by active and currency; no events", () =>
    run(Effect.gen(function*() {
      const rates = yield* ShippingRates
      const rate = yield* rates.create(scope, createParams({
        ...standard,
        fixed_amount: { ...standard.fixed_amount, currency_options: { EUR: { amount: 450 } } },
        delivery_estimate: { minimum: { unit: "business_day", value: "3" }, maximum: { unit: "business_day", value: 5 } },
        tax_behavior: "unspecified",
        metadata: { k: "v" }
      }))
      assert.match(rate.id, /^shr_/)
      assert.deepStrictEqual({ ...rate, id: "" }, {
        id: "", livemode: false, created: T0, active: true, display_name: "Standard", type: "fixed_amount",
        fixed_amount: { amount: 500, currency: "usd", currency_options: { eur: { amount: 450, tax_behavior: "unspecified" } } },
        delivery_estimate: { maximum: { unit: "business_day", value: 5 }, minimum: { unit: "business_day", value: 3 } },
        metadata: { k: "v" }, tax_behavior: "unspecified", tax_code: null
      })
      assert.deepStrictEqual(yield* rates.retrieve(scope, rate.id), rate)
      assert.strictEqual((yield* Effect.flip(rates.retrieve({ account: "acct_2", livemode: false }, rate.id)))._tag, "ResourceMissing")

      const changed = yield* rates.update(scope, rate.id, {
        active: false,
        tax_behavior: "exclusive",
        metadata: { k: "" },
        fixed_amount: { currency_options: { eur: { amount: 480 }, gbp: { amount: 400 } } }
      })
      assert.deepStrictEqual([changed.active, changed.tax_behavior, changed.metadata, changed.fixed_amount], [
        false, "exclusive", {}, { amount: 500, currency: "usd", currency_options: { eur: { amount: 480, tax_behavior: "unspecified" }, gbp: { amount: 400, tax_behavior: "exclusive" } } }
      ])
      // once exclusive, the tax behavior stays; the rate's own currency never changes its amount
      const fixed = yield* Effect.flip(rates.update(scope, rate.id, { tax_behavior: "inclusive" }))
      assert.deepStrictEqual([fixed._tag, fixed._tag === "ValidationError" ? fixed.param : null], ["ValidationError", "tax_behavior"])
      const own = yield* Effect.flip(rates.update(scope, rate.id, { fixed_amount: { currency_options: { usd: { amount: 1 } } } }))
      assert.deepStrictEqual(own._tag === "ValidationError" ? own.param : null, "fixed_amount[currency_options][usd]")
      const newWithoutAmount = yield* Effect.flip(rates.update(scope, rate.id, { fixed_amount: { currency_options: { jpy: { tax_behavior: "inclusive" } } } }))
      assert.deepStrictEqual(newWithoutAmount._tag === "ValidationError" ? newWithoutAmount.param : null, "fixed_amount[currency_options][jpy][amount]")

      yield* TestClock.adjust("1 second")
      const clp = yield* rates.create(scope, createParams({ display_name: "Envío", fixed_amount: { amount: 3990, currency: "clp" } }))
      assert.deepStrictEqual((yield* rates.list(scope, {})).data.map((r) => r.id), [clp.id, rate.id])
      assert.deepStrictEqual((yield* rates.list(scope, { active: true })).data.map((r) => r.id), [clp.id])
      assert.deepStrictEqual((yield* rates.list(scope, { currency: "usd" })).data.map((r) => r.id), [rate.id])
      assert.deepStrictEqual((yield* rates.list(scope, { limit: 1, starting_after: clp.id })).data.map((r) => r.id), [rate.id])
      assert.strictEqual((yield* EventLog.use((l) => l.list(scope, { limit: 10 }))).data.length, 0)
    })))

  it("refuses what Stripe refuses, naming the parameter", () => {
    const param = (input: unknown) => {
      const result = Effect.runSync(Effect.result(Validation.decode(CreateShippingRateParams)(input)))
      return result._tag === "Success" ? null : result.failure.param
    }
    assert.isNull(param(standard))
    for (const [input, name] of [
      [{ ...standard, display_name: "" }, "display_name"],
      [{ ...standard, type: "delivery" }, "type"],
      [{ ...standard, fixed_amount: { amount: -1, currency: "usd" } }, "fixed_amount[amount]"],
      [{ ...standard, fixed_amount: { amount: 1, currency: "zzz" } }, "fixed_amount[currency]"],
      [{ ...standard, delivery_estimate: { minimum: { unit: "fortnight", value: 1 } } }, "delivery_estimate[minimum][unit]"],
      [{ ...standard, delivery_estimate: { minimum: { unit: "day", value: 0 } } }, "delivery_estimate[minimum][value]"],
      [{ ...standard, fixed_amount: { amount: 1, currency: "usd", currency_options: { xyz: { amount: 1 } } } }, "fixed_amount[currency_options]"]
    ] as const) {
      assert.strictEqual(param(input), name, JSON.stringify(input))
    }
  })

  it.effect("missing fixed_amount, its own currency among the options, and an estimate upside down are refused at creation", () =>
    run(Effect.gen(function*() {
      const rates = yield* ShippingRates
      const errorOf = (input: unknown) =>
        Effect.map(Effect.flip(rates.create(scope, createParams(input))), (e) => e._tag === "ValidationError" ? e.param : e._tag)
      assert.strictEqual(yield* errorOf({ display_name: "X" }), "fixed_amount")
      assert.strictEqual(yield* errorOf({ ...standard, fixed_amount: { ...standard.fixed_amount, currency_options: { usd: { amount: 1 } } } }), "fixed_amount[currency_options][usd]")
      assert.strictEqual(
        yield* errorOf({ ...standard, delivery_estimate: { minimum: { unit: "day", value: 5 }, maximum: { unit: "day", value: 2 } } }),
        "delivery_estimate[minimum][value]"
      )
    })))
})

describe("a session's shipping options", () => {
  it.effect("offers rates of the account and inline ones, the first chosen; the choice is in every total and can change", () =>
    run(Effect.gen(function*() {
      const rates = yield* ShippingRates
      const sessions = yield* CheckoutSessions
      const express = yield* rates.create(scope, createParams({ display_name: "Express", fixed_amount: { amount: 1500, currency: "eur", currency_options: { usd: { amount: 1800 } } } }))
      const s = yield* sessions.create(scope, params({
        line_items: [mug],
        shipping_options: [{ shipping_rate_data: standard }, { shipping_rate: express.id }]
      }))
      const [first, second] = s.session.shipping_options
      assert.strictEqual(first!.shipping_rate.id, `shr_${s.session.id.slice(s.session.id.lastIndexOf("_") + 1)}0`)
      assert.deepStrictEqual([first!.shipping_amount, second!.shipping_amount, second!.shipping_rate.id], [500, 1800, express.id])
      assert.deepStrictEqual(s.session.shipping_cost, { amount_subtotal: 500, amount_tax: 0, amount_total: 500, shipping_rate: first!.shipping_rate.id })
      assert.deepStrictEqual([s.session.amount_subtotal, s.session.amount_total], [2400, 2900])
      // the inline rate is the session's own: not among the account's
      assert.deepStrictEqual((yield* rates.list(scope, {})).data.map((r) => r.id), [express.id])

      const chosen = yield* sessions.chooseShippingRate(scope, s.session.id, express.id)
      assert.deepStrictEqual([chosen.session.shipping_cost?.shipping_rate, chosen.session.shipping_cost?.amount_total, chosen.session.amount_total], [express.id, 1800, 4200])
      const wrong = yield* Effect.flip(sessions.chooseShippingRate(scope, s.session.id, "shr_nope"))
      assert.deepStrictEqual(wrong._tag === "ValidationError" ? wrong.param : null, "shipping_rate")

      // the payment charges the total with the chosen shipping
      const intent = yield* sessions.pay(scope, s.session.id, { payment_method: "pm_card_visa" })
      assert.strictEqual(intent.amount, 4200)
      const paid = yield* sessions.retrieve(scope, s.session.id)
      assert.strictEqual(paid.session.shipping_cost?.shipping_rate, express.id)
      assert.strictEqual((yield* Effect.flip(sessions.chooseShippingRate(scope, s.session.id, first!.shipping_rate.id)))._tag, "SessionNotOpen")
    })))

  it.effect("refuses more than five, an archived rate, a rate twice, another scope's rate and a rate without the session's currency", () =>
    run(Effect.gen(function*() {
      const rates = yield* ShippingRates
      const sessions = yield* CheckoutSessions
      const usd = yield* rates.create(scope, createParams(standard))
      const eur = yield* rates.create(scope, createParams({ display_name: "EU", fixed_amount: { amount: 500, currency: "eur" } }))
      const old = yield* rates.create(scope, createParams(standard))
      yield* rates.update(scope, old.id, { active: false })
      const theirs = yield* rates.create({ account: "acct_2", livemode: false }, createParams(standard))
      const refusal = (shipping_options: unknown) =>
        Effect.map(Effect.flip(sessions.create(scope, params({ line_items: [mug], shipping_options }))), (e) => [e._tag, "param" in e ? e.param : null])
      assert.deepStrictEqual(yield* refusal([{ shipping_rate: old.id }]), ["ValidationError", "shipping_options[0][shipping_rate]"])
      assert.deepStrictEqual(yield* refusal([{ shipping_rate: usd.id }, { shipping_rate: usd.id }]), ["ValidationError", "shipping_options[1][shipping_rate]"])
      assert.deepStrictEqual(yield* refusal([{ shipping_rate: theirs.id }]), ["ResourceMissing", "shipping_options[0][shipping_rate]"])
      assert.deepStrictEqual(yield* refusal([{ shipping_rate: eur.id }]), ["ValidationError", "shipping_options[0][shipping_rate]"])
      assert.deepStrictEqual(
        yield* refusal([{ shipping_rate_data: { display_name: "EU", fixed_amount: { amount: 1, currency: "eur" } } }]),
        ["ValidationError", "shipping_options[0][shipping_rate_data][fixed_amount][currency]"]
      )
      assert.deepStrictEqual(yield* refusal([{ shipping_rate_data: { display_name: "No amount" } }]), ["ValidationError", "shipping_options[0][shipping_rate_data][fixed_amount]"])
      assert.deepStrictEqual(yield* refusal([{ shipping_rate: usd.id, shipping_rate_data: standard }]), ["ValidationError", "shipping_options[0][shipping_rate_data]"])
      assert.throws(() => params({ line_items: [mug], shipping_options: Array.from({ length: 6 }, () => ({ shipping_rate: usd.id })) }))
      // a total out of range with one of the options is refused on that option
      const huge = yield* rates.create(scope, createParams({ display_name: "Freight", fixed_amount: { amount: 99_999_000, currency: "usd" } }))
      assert.deepStrictEqual(yield* refusal([{ shipping_rate: usd.id }, { shipping_rate: huge.id }]), ["ValidationError", "shipping_options[1]"])
    })))
})
