import { Redacted } from "effect"
import { describe, expect, it } from "vitest"
import { fromProcessorToken, methodOf } from "../src/PaymentMethod.ts"

const token = {
  type: "scheme",
  encryptedCardNumber: "adyenjs_0_1_25$QmFzZTY0+/=",
  encryptedExpiryMonth: "adyenjs_0_1_25$MDM=",
  encryptedExpiryYear: "adyenjs_0_1_25$MjAzMA==",
  encryptedSecurityCode: "adyenjs_0_1_25$NzM3",
  brand: "visa"
}

describe("payment methods sent to Adyen", () => {
  it("a processor token from Adyen Web passes on its encrypted fields only", () => {
    const result = methodOf({ type: "processor_token", processor: "adyen", data: Redacted.make(JSON.stringify(token)) }, false)
    expect(result).toEqual({ _tag: "Method", method: token, last4: null, expiry: null })
  })
  it("a token with a clear card number is refused (card data would pass through Till)", () => {
    const result = fromProcessorToken(JSON.stringify({ ...token, number: "4111111111111111" }))
    expect(result).toMatchObject({ _tag: "Refused", code: "invalid_processor_token" })
    expect(result._tag === "Refused" && result.message).toContain("`number`")
  })
  it("a token whose fields are not encrypted is refused", () => {
    expect(fromProcessorToken(JSON.stringify({ ...token, encryptedCardNumber: "4111111111111111" }))).toMatchObject({ _tag: "Refused", code: "invalid_processor_token" })
    expect(fromProcessorToken(JSON.stringify({ ...token, encryptedSecurityCode: undefined }))).toMatchObject({ _tag: "Refused" })
  })
  it("a token that is not a card, not an object or not JSON is refused", () => {
    expect(fromProcessorToken(JSON.stringify({ ...token, type: "ideal" }))).toMatchObject({ _tag: "Refused" })
    expect(fromProcessorToken("[]")).toMatchObject({ _tag: "Refused" })
    expect(fromProcessorToken("{")).toMatchObject({ _tag: "Refused" })
  })
  it("another processor's token is refused", () => {
    expect(methodOf({ type: "processor_token", processor: "stripe", data: Redacted.make("pm_x") }, false)).toMatchObject({ _tag: "Refused", code: "invalid_processor_token" })
  })
  it("raw card data is refused unless the account allows it", () => {
    const card = { type: "card" as const, number: Redacted.make("4111 1111 1111 1111"), exp_month: 3, exp_year: 30, cvc: Redacted.make("737") }
    expect(methodOf(card, false)).toMatchObject({ _tag: "Refused", code: "raw_card_data_not_accepted" })
    expect(methodOf(card, true)).toEqual({
      _tag: "Method",
      method: { type: "scheme", number: "4111111111111111", expiryMonth: "03", expiryYear: "2030", cvc: "737" },
      last4: "1111",
      expiry: { exp_month: 3, exp_year: 2030 }
    })
  })
  it("a saved or test token means nothing to Adyen", () => {
    expect(methodOf({ type: "token", token: "pm_card_visa" }, true)).toMatchObject({ _tag: "Refused", code: "resource_missing" })
  })
})
