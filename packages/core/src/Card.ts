/**
 * The rules of a card's number, security code and expiry date, shared by the test processor and the
 * hosted page's script (which bundles this module for the browser). Plain functions with no imports,
 * so the page's bundle carries these few lines and nothing of `effect`.
 */

/** A card brand as Stripe names it (`card.brand`). */
export type Brand = "visa" | "mastercard" | "amex" | "discover" | "diners" | "jcb" | "unionpay" | "unknown"

/** The digits of what was typed: spaces, dashes and anything else dropped. */
export const digits = (value: string): string => value.replace(/\D/g, "")

/** The brand from the number's leading digits (a prefix is enough, as the customer types). */
export const brandOf = (digits: string): Brand => {
  const n2 = Number(digits.slice(0, 2))
  const n4 = Number(digits.slice(0, 4))
  if (digits.startsWith("4")) return "visa"
  if ((n2 >= 51 && n2 <= 55) || (n4 >= 2221 && n4 <= 2720)) return "mastercard"
  if (n2 === 34 || n2 === 37) return "amex"
  if (digits.startsWith("6011") || digits.startsWith("65") || (n4 >= 6440 && n4 <= 6499)) return "discover"
  if (n4 >= 3528 && n4 <= 3589) return "jcb"
  if (n2 === 36 || n2 === 38 || (n4 >= 3000 && n4 <= 3059)) return "diners"
  if (n2 === 62) return "unionpay"
  return "unknown"
}

/** The brands' names as their owners write them (on the page's card field, on receipts); an unknown brand has none. */
export const BRAND_NAMES: { readonly [B in Brand]: string } = {
  visa: "Visa",
  mastercard: "Mastercard",
  amex: "American Express",
  discover: "Discover",
  diners: "Diners Club",
  jcb: "JCB",
  unionpay: "UnionPay",
  unknown: ""
}

/** The lengths a brand's numbers come in; the first is the usual one. */
export const LENGTHS: { readonly [B in Brand]: ReadonlyArray<number> } = {
  visa: [16, 13, 19],
  mastercard: [16],
  amex: [15],
  discover: [16, 19],
  diners: [14, 16, 19],
  jcb: [16, 17, 18, 19],
  unionpay: [16, 17, 18, 19],
  unknown: [16, 12, 13, 14, 15, 17, 18, 19]
}

/** The longest number of a brand: where typing stops. */
export const maxLength = (brand: Brand): number => Math.max(...LENGTHS[brand])

/** The shortest number of a brand: below it a number is incomplete. */
export const minLength = (brand: Brand): number => Math.min(...LENGTHS[brand])

/** The Luhn checksum every card number satisfies; false for anything but 12 to 19 digits. */
export const luhnValid = (digits: string): boolean => {
  if (!/^\d{12,19}$/.test(digits)) return false
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48
    if (i % 2 === 1) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return sum % 10 === 0
}

/** What is wrong with a card number's digits, if anything. */
export type NumberProblem = "missing" | "incomplete" | "invalid"

/** Checks a number's digits: present, long enough for its brand, one of its lengths, and Luhn-valid. */
export const numberProblem = (digits: string): NumberProblem | null => {
  if (digits === "") return "missing"
  const brand = brandOf(digits)
  if (digits.length < minLength(brand)) return "incomplete"
  return LENGTHS[brand].includes(digits.length) && luhnValid(digits) ? null : "invalid"
}

/** The security code's length: four digits on American Express, three elsewhere. */
export const cvcLength = (brand: Brand): number => (brand === "amex" ? 4 : 3)

/** Whether a security code fits the brand. */
export const cvcValid = (cvc: string, brand: Brand): boolean => cvc.length === cvcLength(brand) && /^\d+$/.test(cvc)

/** A number's digits grouped as printed on the card: 4-6-5 on American Express, fours elsewhere. */
export const group = (digits: string, brand: Brand): string =>
  brand === "amex"
    ? [digits.slice(0, 4), digits.slice(4, 10), digits.slice(10, 15)].filter((part) => part !== "").join(" ")
    : (digits.match(/.{1,4}/g) ?? []).join(" ")

/** A card's expiry month, with a four-digit year. */
export interface Expiry {
  readonly month: number
  readonly year: number
}

/** A year as four digits: a two-digit year is this century's. */
export const fullYear = (year: number): number => (year < 100 ? 2000 + year : year)

/** Reads `MM/YY`, `MM / YYYY`, `MMYY` or `MMYYYY`; null when it is none of these or the month is not 1 to 12. */
export const parseExpiry = (value: string): Expiry | null => {
  const compact = value.replace(/\s/g, "")
  const m = /^(\d{1,2})\/(\d{2}|\d{4})$/.exec(compact) ?? /^(\d{2})(\d{2}|\d{4})$/.exec(compact)
  if (m === null) return null
  const month = Number(m[1])
  return month >= 1 && month <= 12 ? { month, year: fullYear(Number(m[2])) } : null
}

/** Whether a card has expired in a given month: it is good through the end of its expiry month. */
export const expired = (expiry: Expiry, today: Expiry): boolean =>
  expiry.year < today.year || (expiry.year === today.year && expiry.month < today.month)

/** How many years ahead an expiry date may lie before it is taken for a typing mistake. */
export const MAX_YEARS_AHEAD = 50

/** What is wrong with an expiry date in a given month, if anything. */
export const expiryProblem = (expiry: Expiry, today: Expiry): "past" | "too_far" | null =>
  expired(expiry, today) ? "past" : expiry.year > today.year + MAX_YEARS_AHEAD ? "too_far" : null

/** The month a UTC instant (seconds) falls in. */
export const monthOf = (seconds: number): Expiry => {
  const date = new Date(seconds * 1000)
  return { month: date.getUTCMonth() + 1, year: date.getUTCFullYear() }
}
