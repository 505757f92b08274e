import { assert, describe, it } from "@effect/vitest"
import * as Card from "../src/Card.ts"

describe("Card", () => {
  it("keeps only the digits of what was typed", () => {
    const table: ReadonlyArray<[string, string]> = [
      ["4242 4242 4242 4242", "4242424242424242"],
      ["4242-4242-4242-4242", "4242424242424242"],
      [" 3782 822463 10005 ", "378282246310005"],
      ["abc", ""],
      ["", ""]
    ]
    for (const [typed, digits] of table) assert.strictEqual(Card.digits(typed), digits, typed)
  })

  it("names the brand from the leading digits, as Stripe does", () => {
    const table: ReadonlyArray<[string, Card.Brand]> = [
      ["4242424242424242", "visa"],
      ["4", "visa"],
      ["5555555555554444", "mastercard"],
      ["51", "mastercard"],
      ["2223003122003222", "mastercard"],
      ["2221", "mastercard"],
      ["2720", "mastercard"],
      ["2721", "unknown"],
      ["378282246310005", "amex"],
      ["34", "amex"],
      ["6011111111111117", "discover"],
      ["65", "discover"],
      ["6445", "discover"],
      ["3566002020360505", "jcb"],
      ["3528", "jcb"],
      ["3589", "jcb"],
      ["36227206271667", "diners"],
      ["3056930009020004", "diners"],
      ["38", "diners"],
      ["6200000000000005", "unionpay"],
      ["9999999999999995", "unknown"],
      ["3", "unknown"],
      ["", "unknown"]
    ]
    for (const [digits, brand] of table) assert.strictEqual(Card.brandOf(digits), brand, digits)
  })

  it("checks the Luhn checksum of 12 to 19 digits", () => {
    const table: ReadonlyArray<[string, boolean]> = [
      ["4242424242424242", true],
      ["4242424242424241", false],
      ["378282246310005", true],
      ["378282246310006", false],
      ["42424242424242a2", false],
      ["4242 4242 4242 4242", false],
      ["0", false],
      ["000000000000", true],
      ["00000000000", false],
      ["00000000000000000000", false],
      ["6200000000000005", true],
      ["", false]
    ]
    for (const [digits, valid] of table) assert.strictEqual(Card.luhnValid(digits), valid, digits)
  })

  it("finds what is wrong with a number: missing, too short for its brand, a wrong length or checksum", () => {
    const table: ReadonlyArray<[string, Card.NumberProblem | null]> = [
      ["", "missing"],
      ["4242", "incomplete"],
      ["42424242424", "incomplete"],
      ["4242424242424242", null],
      ["4222222222222", null],
      ["4242424242424241", "invalid"],
      ["42424242424242420", "invalid"],
      ["37828224631000", "incomplete"],
      ["378282246310005", null],
      ["36227206271667", null],
      ["5555555555554444", null],
      ["555555555555444", "incomplete"]
    ]
    for (const [digits, problem] of table) assert.strictEqual(Card.numberProblem(digits), problem, digits)
  })

  it("knows each brand's usual, shortest and longest lengths", () => {
    const table: ReadonlyArray<[Card.Brand, number, number, number]> = [
      ["visa", 16, 13, 19],
      ["mastercard", 16, 16, 16],
      ["amex", 15, 15, 15],
      ["diners", 14, 14, 19],
      ["unknown", 16, 12, 19]
    ]
    for (const [brand, usual, min, max] of table) {
      assert.deepStrictEqual([Card.LENGTHS[brand][0], Card.minLength(brand), Card.maxLength(brand)], [usual, min, max], brand)
    }
  })

  it("wants four CVC digits on American Express and three elsewhere", () => {
    const table: ReadonlyArray<[string, Card.Brand, boolean]> = [
      ["123", "visa", true],
      ["1234", "visa", false],
      ["12", "visa", false],
      ["1234", "amex", true],
      ["123", "amex", false],
      ["12a", "mastercard", false],
      ["", "unknown", false]
    ]
    for (const [cvc, brand, valid] of table) assert.strictEqual(Card.cvcValid(cvc, brand), valid, `${cvc} ${brand}`)
    assert.deepStrictEqual([Card.cvcLength("amex"), Card.cvcLength("visa")], [4, 3])
  })

  it("groups a number as printed on the card", () => {
    const table: ReadonlyArray<[string, string]> = [
      ["4242424242424242", "4242 4242 4242 4242"],
      ["42424", "4242 4"],
      ["4242", "4242"],
      ["378282246310005", "3782 822463 10005"],
      ["37828", "3782 8"],
      ["3782822463", "3782 822463"],
      ["4242424242424242424", "4242 4242 4242 4242 424"],
      ["", ""]
    ]
    for (const [digits, grouped] of table) assert.strictEqual(Card.group(digits, Card.brandOf(digits)), grouped, digits)
  })

  it("reads an expiry date in the ways customers type it", () => {
    const table: ReadonlyArray<[string, Card.Expiry | null]> = [
      ["12 / 34", { month: 12, year: 2034 }],
      ["12/34", { month: 12, year: 2034 }],
      ["1/34", { month: 1, year: 2034 }],
      ["01 / 2034", { month: 1, year: 2034 }],
      ["0134", { month: 1, year: 2034 }],
      ["012034", { month: 1, year: 2034 }],
      ["13 / 34", null],
      ["00 / 34", null],
      ["12 / 3", null],
      ["12-34", null],
      ["", null]
    ]
    for (const [typed, expiry] of table) assert.deepStrictEqual(Card.parseExpiry(typed), expiry, typed)
  })

  it("finds an expiry date in the past or too far ahead; a card is good through its month", () => {
    const today = { month: 6, year: 2030 }
    const table: ReadonlyArray<[Card.Expiry, "past" | "too_far" | null]> = [
      [{ month: 6, year: 2030 }, null],
      [{ month: 5, year: 2030 }, "past"],
      [{ month: 12, year: 2029 }, "past"],
      [{ month: 1, year: 2031 }, null],
      [{ month: 12, year: 2080 }, null],
      [{ month: 1, year: 2081 }, "too_far"]
    ]
    for (const [expiry, problem] of table) assert.strictEqual(Card.expiryProblem(expiry, today), problem, JSON.stringify(expiry))
  })

  it("reads two-digit years as this century's and finds the UTC month of an instant", () => {
    assert.deepStrictEqual([Card.fullYear(34), Card.fullYear(2034), Card.fullYear(0)], [2034, 2034, 2000])
    assert.deepStrictEqual(Card.monthOf(Date.UTC(2030, 11, 31, 23, 59, 59) / 1000), { month: 12, year: 2030 })
    assert.deepStrictEqual(Card.monthOf(Date.UTC(2031, 0, 1) / 1000), { month: 1, year: 2031 })
  })
})
