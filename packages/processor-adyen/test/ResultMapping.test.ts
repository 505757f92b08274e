import { describe, expect, it } from "vitest"
import {
  BRANDS,
  brandOf,
  expiryOf,
  GENERIC_DECLINE,
  processorError,
  REFUSAL_REASON_NAMES,
  REFUSAL_REASONS,
  refusalCodeOfReason,
  refusalError,
  RESULT_CODES,
  resultKind
} from "../src/ResultMapping.ts"

// One expectation per row, written out rather than read from the table, so a changed row fails here.
const EXPECTED_REFUSALS: ReadonlyArray<readonly [string, string, string | null]> = [
  ["2", "card_declined", "generic_decline"],
  ["3", "card_declined", "call_issuer"],
  ["4", "processing_error", null],
  ["5", "card_declined", "pickup_card"],
  ["6", "expired_card", "expired_card"],
  ["7", "card_declined", "invalid_amount"],
  ["8", "incorrect_number", "incorrect_number"],
  ["9", "card_declined", "issuer_not_available"],
  ["10", "card_declined", "card_not_supported"],
  ["11", "payment_intent_authentication_failure", null],
  ["12", "card_declined", "insufficient_funds"],
  ["14", "card_declined", "fraudulent"],
  ["15", "card_declined", "generic_decline"],
  ["16", "payment_intent_authentication_failure", null],
  ["17", "card_declined", "incorrect_pin"],
  ["18", "card_declined", "pin_try_exceeded"],
  ["19", "card_declined", "offline_pin_required"],
  ["20", "card_declined", "fraudulent"],
  ["21", "processing_error", null],
  ["22", "card_declined", "fraudulent"],
  ["23", "card_declined", "transaction_not_allowed"],
  ["24", "incorrect_cvc", "incorrect_cvc"],
  ["25", "card_declined", "restricted_card"],
  ["26", "card_declined", "revocation_of_authorization"],
  ["27", "card_declined", "generic_decline"],
  ["28", "card_declined", "withdrawal_count_limit_exceeded"],
  ["29", "card_declined", "withdrawal_count_limit_exceeded"],
  ["31", "card_declined", "fraudulent"],
  ["32", "card_declined", "incorrect_address"],
  ["33", "card_declined", "online_or_offline_pin_required"],
  ["34", "card_declined", "invalid_account"],
  ["35", "card_declined", "invalid_account"],
  ["36", "card_declined", "offline_pin_required"],
  ["37", "card_declined", "generic_decline"],
  ["38", "card_declined", "authentication_required"],
  ["39", "payment_intent_authentication_failure", null],
  ["42", "payment_intent_authentication_failure", null],
  ["46", "card_declined", "do_not_try_again"]
]

describe("refusal reasons", () => {
  it("the table has exactly the rows tested", () => {
    expect(Object.keys(REFUSAL_REASONS).sort()).toEqual(EXPECTED_REFUSALS.map(([c]) => c).sort())
  })
  for (const [code, stripeCode, declineCode] of EXPECTED_REFUSALS) {
    it(`refusal reason ${code} is ${stripeCode} / ${declineCode}`, () => {
      const error = refusalError(code, "Adyen's words")
      expect(error).toMatchObject({ type: "card_error", code: stripeCode, decline_code: declineCode })
      expect(error.message).toContain("(Adyen: Adyen's words)")
    })
  }
  it("an unknown or missing code is a generic decline, Adyen's reason kept", () => {
    expect(refusalError("999", "Something new")).toEqual({ type: "card_error", code: GENERIC_DECLINE.code, decline_code: "generic_decline", message: "Your card was declined. (Adyen: Something new)" })
    expect(refusalError(undefined, undefined).message).toBe("Your card was declined.")
  })
  it("a processor error is an api_error keeping Adyen's reason", () => {
    expect(processorError("processing_error", "Acquirer down")).toEqual({
      type: "api_error",
      code: "processing_error",
      decline_code: null,
      message: "The payment processor could not process this payment. (Adyen: Acquirer down)"
    })
  })
})

describe("refusal reason names (notifications)", () => {
  for (const [name, code] of Object.entries(REFUSAL_REASON_NAMES)) {
    it(`"${name}" is code ${code}, a row of the refusal table`, () => {
      expect(refusalCodeOfReason(name)).toBe(code)
      expect(REFUSAL_REASONS[code]).toBeDefined()
    })
  }
  it("detail after a colon is ignored; unknown text has no code", () => {
    expect(refusalCodeOfReason("CVC Declined: 1234")).toBe("24")
    expect(refusalCodeOfReason("Whatever")).toBeUndefined()
    expect(refusalCodeOfReason(undefined)).toBeUndefined()
  })
})

const EXPECTED_RESULTS: ReadonlyArray<readonly [string, string]> = [
  ["Authorised", "Approved"],
  ["Refused", "Declined"],
  ["Cancelled", "Declined"],
  ["Error", "Error"],
  ["RedirectShopper", "Action"],
  ["IdentifyShopper", "Action"],
  ["ChallengeShopper", "Action"],
  ["PresentToShopper", "Action"],
  ["Pending", "Unknown"],
  ["Received", "Unknown"],
  ["AuthenticationFinished", "Unknown"],
  ["AuthenticationNotRequired", "Unknown"],
  ["PartiallyAuthorised", "Unknown"]
]

describe("result codes", () => {
  it("the table has exactly the rows tested", () => {
    expect(Object.keys(RESULT_CODES).sort()).toEqual(EXPECTED_RESULTS.map(([c]) => c).sort())
  })
  for (const [code, kind] of EXPECTED_RESULTS) {
    it(`${code} is ${kind}`, () => expect(resultKind(code)).toBe(kind))
  }
  it("a code Adyen adds later, or none, is Unknown: never a decline", () => {
    expect(resultKind("SomethingNew")).toBe("Unknown")
    expect(resultKind(undefined)).toBe("Unknown")
  })
})

const EXPECTED_BRANDS: ReadonlyArray<readonly [string, string]> = [
  ["visa", "visa"],
  ["mc", "mastercard"],
  ["amex", "amex"],
  ["discover", "discover"],
  ["diners", "diners"],
  ["jcb", "jcb"],
  ["cup", "unionpay"],
  ["maestro", "mastercard"],
  ["cartebancaire", "cartes_bancaires"],
  ["elo", "elo"],
  ["hipercard", "hipercard"]
]

describe("brands", () => {
  it("the table has exactly the rows tested", () => {
    expect(Object.keys(BRANDS).sort()).toEqual(EXPECTED_BRANDS.map(([b]) => b).sort())
  })
  for (const [adyen, stripe] of EXPECTED_BRANDS) {
    it(`${adyen} is ${stripe}`, () => expect(brandOf(adyen)).toBe(stripe))
  }
  it("sub-brands go by their prefix; unknown otherwise", () => {
    expect(brandOf("visadankort")).toBe("visa")
    expect(brandOf("mc_applepay")).toBe("mastercard")
    expect(brandOf("klarna")).toBe("unknown")
    expect(brandOf(undefined)).toBe("unknown")
  })
  it("expiry dates read as month and year", () => {
    expect(expiryOf("3/2030")).toEqual({ exp_month: 3, exp_year: 2030 })
    expect(expiryOf("12/2031")).toEqual({ exp_month: 12, exp_year: 2031 })
    expect(expiryOf("soon")).toEqual({ exp_month: 0, exp_year: 0 })
    expect(expiryOf(undefined)).toEqual({ exp_month: 0, exp_year: 0 })
  })
})
