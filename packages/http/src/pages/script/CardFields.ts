/**
 * The card form's fields as the customer types them: formatting as they go and the message each
 * field shows. The card rules themselves (brand, lengths, Luhn, CVC, expiry) are the core's.
 */
import * as Card from "@till/core/Card"
import type { Key } from "../Messages.ts"


/** The number field after a keystroke: grouped, cut at the brand's longest length, caret kept after the same digit. */
export interface NumberInput {
  readonly value: string
  readonly caret: number
  readonly digits: string
  readonly brand: Card.Brand
  /** The brand's name to show beside the field, or "". */
  readonly brandName: string
  /** Whether the number has reached its brand's usual length, so it is checked while typed. */
  readonly complete: boolean
}

/** Formats what is in the number field, with the caret at `caret` in it. */
export const numberInput = (typed: string, caret: number): NumberInput => {
  const digitsBeforeCaret = Card.digits(typed.slice(0, caret)).length
  const all = Card.digits(typed)
  const brand = Card.brandOf(all)
  const digits = all.slice(0, Card.maxLength(brand))
  const value = Card.group(digits, brand)
  let position = 0
  for (let seen = 0; position < value.length && seen < digitsBeforeCaret; position++) {
    if (value.charAt(position) !== " ") seen++
  }
  return {
    value,
    caret: position,
    digits,
    brand,
    brandName: digits === "" ? "" : Card.BRAND_NAMES[brand],
    complete: digits.length >= Card.LENGTHS[brand][0]!
  }
}

const NUMBER_ERRORS: { readonly [P in Card.NumberProblem]: Key } = {
  missing: "error.numberMissing",
  incomplete: "error.numberIncomplete",
  invalid: "error.numberInvalid"
}

/** The number field's error, or null. */
export const numberError = (value: string): Key | null => {
  const problem = Card.numberProblem(Card.digits(value))
  return problem === null ? null : NUMBER_ERRORS[problem]
}

/** The month a local date falls in: the customer's month decides whether a card has expired. */
export const monthOf = (date: Date): Card.Expiry => ({ month: date.getMonth() + 1, year: date.getFullYear() })

/** The expiry field's error in a given month, or null. */
export const expiryError = (value: string, today: Card.Expiry): Key | null => {
  if (value.trim() === "") return "error.expiryMissing"
  const expiry = Card.parseExpiry(value)
  if (expiry === null) return "error.expiryInvalid"
  const problem = Card.expiryProblem(expiry, today)
  return problem === "past" ? "error.expiryPast" : problem === "too_far" ? "error.expiryInvalid" : null
}

/**
 * The expiry field after a keystroke: `MM / YY` takes shape as digits are typed, and a lone month
 * followed by a slash gets its zero. Null leaves the field as it is: while deleting, or once the
 * customer types a slash or anything but digits themselves.
 */
export const expiryInput = (value: string, inputType: string): string | null => {
  if (inputType.startsWith("delete")) return null
  const single = /^(\d)\s*\/$/.exec(value)
  if (single !== null) return `0${single[1]} / `
  if (/[^\d\s/]/.test(value) || value.includes("/")) return null
  const digits = Card.digits(value).slice(0, 4)
  return digits.length >= 2 ? `${digits.slice(0, 2)} / ${digits.slice(2)}` : digits
}

/** The CVC field's error for the number typed, or null. */
export const cvcError = (cvc: string, number: string): Key | null =>
  Card.cvcValid(Card.digits(cvc), Card.brandOf(Card.digits(number))) ? null : "error.cvcInvalid"

/** The name field's error, or null. */
export const nameError = (value: string): Key | null => (value.trim() === "" ? "error.nameMissing" : null)

/** The fields of the card form, by their element ids. */
export type Field = "number" | "expiry" | "cvc" | "name"

/** A parameter the server refused, as the field the customer can fix and its message. */
export const fieldOf = (param: string | null | undefined): readonly [Field, Key] | null => {
  if (!param) return null
  if (param.includes("[number]")) return ["number", "error.numberInvalid"]
  if (param.includes("[exp_")) return ["expiry", "error.expiryInvalid"]
  if (param.includes("[cvc]")) return ["cvc", "error.cvcInvalid"]
  if (param.includes("[name]")) return ["name", "error.nameMissing"]
  return null
}
