import { assert, describe, it } from "@effect/vitest"
import * as CardFields from "../../../src/pages/script/CardFields.ts"

describe("the card form's fields", () => {
  it("groups the number as it is typed, stops at the brand's longest length and keeps the caret after the same digit", () => {
    const table: ReadonlyArray<[typed: string, caret: number, value: string, caret: number, brandName: string, complete: boolean]> = [
      ["4242", 4, "4242", 4, "Visa", false],
      ["42424", 5, "4242 4", 6, "Visa", false],
      ["4242424242424242", 16, "4242 4242 4242 4242", 19, "Visa", true],
      ["4242 4242 4242 42420000", 23, "4242 4242 4242 4242 000", 23, "Visa", true],
      ["378282246310005", 15, "3782 822463 10005", 17, "American Express", true],
      ["3782822463100059999", 19, "3782 822463 10005", 17, "American Express", true],
      ["4242 x4242", 6, "4242 4242", 4, "Visa", false],
      ["55555", 2, "5555 5", 2, "Mastercard", false],
      ["9", 1, "9", 1, "", false],
      ["", 0, "", 0, "", false]
    ]
    for (const [typed, caret, value, after, brandName, complete] of table) {
      const input = CardFields.numberInput(typed, caret)
      assert.deepStrictEqual([input.value, input.caret, input.brandName, input.complete], [value, after, brandName, complete], typed)
    }
  })

  it("says what is wrong with the number", () => {
    const table: ReadonlyArray<[string, string | null]> = [
      ["", "error.numberMissing"],
      ["4242 4242", "error.numberIncomplete"],
      ["4242 4242 4242 4241", "error.numberInvalid"],
      ["4242 4242 4242 4242", null],
      ["3782 822463 10005", null]
    ]
    for (const [value, key] of table) assert.strictEqual(CardFields.numberError(value), key, value)
  })

  it("shapes the expiry date as MM / YY while digits are typed, and leaves deletions and typed slashes alone", () => {
    const table: ReadonlyArray<[value: string, inputType: string, next: string | null]> = [
      ["1", "insertText", "1"],
      ["12", "insertText", "12 / "],
      ["123", "insertText", "12 / 3"],
      ["12 / 34", "insertText", null],
      ["1234", "insertFromPaste", "12 / 34"],
      ["123456", "insertFromPaste", "12 / 34"],
      ["1/", "insertText", "01 / "],
      ["1 /", "insertText", "01 / "],
      ["12 / ", "deleteContentBackward", null],
      ["1a", "insertText", null],
      ["", "", ""]
    ]
    for (const [value, inputType, next] of table) assert.strictEqual(CardFields.expiryInput(value, inputType), next, `${value} ${inputType}`)
  })

  it("says what is wrong with the expiry date, in the customer's month", () => {
    const today = CardFields.monthOf(new Date(2030, 5, 15))
    assert.deepStrictEqual(today, { month: 6, year: 2030 })
    const table: ReadonlyArray<[string, string | null]> = [
      ["", "error.expiryMissing"],
      ["  ", "error.expiryMissing"],
      ["13 / 31", "error.expiryInvalid"],
      ["12", "error.expiryInvalid"],
      ["05 / 30", "error.expiryPast"],
      ["06 / 30", null],
      ["01 / 2081", "error.expiryInvalid"],
      ["12 / 2080", null]
    ]
    for (const [value, key] of table) assert.strictEqual(CardFields.expiryError(value, today), key, value)
  })

  it("wants the CVC length of the number's brand, and a name", () => {
    const table: ReadonlyArray<[cvc: string, number: string, key: string | null]> = [
      ["123", "4242 4242 4242 4242", null],
      ["1234", "4242 4242 4242 4242", "error.cvcInvalid"],
      ["1234", "3782 822463 10005", null],
      ["123", "3782 822463 10005", "error.cvcInvalid"],
      ["", "", "error.cvcInvalid"]
    ]
    for (const [cvc, number, key] of table) assert.strictEqual(CardFields.cvcError(cvc, number), key, `${cvc} ${number}`)
    assert.deepStrictEqual([CardFields.nameError(" "), CardFields.nameError("Ada")], ["error.nameMissing", null])
  })

  it("points a refused parameter at the field the customer can fix", () => {
    const table: ReadonlyArray<[string | null, readonly [string, string] | null]> = [
      ["payment_method_data[card][number]", ["number", "error.numberInvalid"]],
      ["payment_method_data[card][exp_month]", ["expiry", "error.expiryInvalid"]],
      ["payment_method_data[card][exp_year]", ["expiry", "error.expiryInvalid"]],
      ["payment_method_data[card][cvc]", ["cvc", "error.cvcInvalid"]],
      ["payment_method_data[billing_details][name]", ["name", "error.nameMissing"]],
      ["installments[count]", null],
      [null, null]
    ]
    for (const [param, field] of table) assert.deepStrictEqual(CardFields.fieldOf(param), field, String(param))
  })
})
