import { assert, describe, it } from "@effect/vitest"
import { Redacted } from "effect"
import type { AuthorizeOutcome, AuthorizeRequest } from "../src/ports/PaymentProcessor.ts"
import { luhnValid } from "../src/Card.ts"
import { decide, TEST_TOKENS } from "../src/TestPaymentProcessor.ts"
import { T0 } from "./fixtures.ts"

const base: Omit<AuthorizeRequest, "method"> = {
  attempt_id: "pa_abc", payment_intent: "pi_1", amount: 100, currency: "usd", livemode: false, installments: null, now: T0
}
const card = (number: string, extra: { exp_month?: number; exp_year?: number; cvc?: string | null } = {}) =>
  decide({
    ...base,
    method: {
      type: "card",
      number: Redacted.make(number),
      exp_month: extra.exp_month ?? 12,
      exp_year: extra.exp_year ?? 2034,
      cvc: extra.cvc === null ? null : Redacted.make(extra.cvc ?? "123")
    }
  })
const token = (t: string) => decide({ ...base, method: { type: "token", token: t } })
const failure = (o: AuthorizeOutcome) => (o._tag === "Failed" ? o.error : null)

describe("TestPaymentProcessor (SPEC section 6)", () => {
  it("4242… and 5555…4444 succeed with brand and last four only", () => {
    const visa = card("4242424242424242")
    assert.strictEqual(visa._tag, "Succeeded")
    if (visa._tag === "Succeeded") {
      assert.deepStrictEqual(visa.card, { brand: "visa", last4: "4242", exp_month: 12, exp_year: 2034, installments: null })
      assert.notInclude(JSON.stringify(visa), "424242424242")
    }
    const mc = card("5555555555554444")
    assert.strictEqual(mc._tag === "Succeeded" && mc.card.brand, "mastercard")
  })

  it("the decline cards decline with Stripe's codes", () => {
    assert.deepInclude(failure(card("4000000000000002")), { type: "card_error", code: "card_declined", decline_code: "generic_decline" })
    assert.deepInclude(failure(card("4000000000009995")), { type: "card_error", code: "card_declined", decline_code: "insufficient_funds" })
    assert.deepInclude(failure(card("4000000000000119")), { type: "card_error", code: "processing_error" })
  })

  it("tokens stand for their cards", () => {
    assert.strictEqual(token("pm_card_visa")._tag, "Succeeded")
    assert.strictEqual(token("pm_card_mastercard")._tag, "Succeeded")
    assert.deepInclude(failure(token("pm_card_chargeDeclined")), { decline_code: "generic_decline" })
    assert.deepInclude(failure(token("pm_card_chargeDeclinedInsufficientFunds")), { decline_code: "insufficient_funds" })
    const unknown = token("pm_card_nope")
    assert.strictEqual(unknown._tag, "Rejected")
    for (const number of Object.values(TEST_TOKENS).map((t) => t.number)) assert.isTrue(luhnValid(number))
  })

  it("bad numbers, expired cards and bad CVCs are card errors; other real cards decline in test mode", () => {
    assert.deepInclude(failure(card("4242424242424241")), { code: "incorrect_number" })
    assert.deepInclude(failure(card("4242")), { code: "incorrect_number" })
    assert.deepInclude(failure(card("4242424242424242", { exp_month: 12, exp_year: 2025 })), { code: "expired_card" })
    assert.strictEqual(card("4242424242424242", { exp_month: 1, exp_year: 26 })._tag, "Succeeded")
    assert.deepInclude(failure(card("4242424242424242", { cvc: "12" })), { code: "invalid_cvc" })
    assert.strictEqual(card("4242424242424242", { cvc: null })._tag, "Succeeded")
    assert.deepInclude(failure(card("4012888888881881")), { code: "card_declined", decline_code: "test_mode_live_card" })
  })

  it("refuses live mode: only test mode ships a processor", () => {
    const live = decide({ ...base, livemode: true, method: { type: "token", token: "pm_card_visa" } })
    assert.strictEqual(live._tag, "Rejected")
  })

  it("reports installments on the card", () => {
    const o = decide({ ...base, installments: 6, method: { type: "token", token: "pm_card_visa" } })
    assert.deepStrictEqual(o._tag === "Succeeded" && o.card.installments, { plan: { count: 6, interval: "month", type: "fixed_count" } })
  })
})
