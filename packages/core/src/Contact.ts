/**
 * The rules of the e-mail address and phone number a checkout collects, shared by the server's
 * validation and the hosted page's script (which bundles this module: no imports, so nothing of
 * `effect` comes along). Phone numbers are stored in E.164 (`+56912345678`), as Stripe stores
 * `customer_details.phone`; the countries Till knows well have their national numbers checked, the
 * others only E.164's shape.
 */

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** Longest e-mail address accepted. */
export const MAX_EMAIL_LENGTH = 512

/** Whether a string is an e-mail address (as Till checks them: something@domain.tld, at most 512 characters). */
export const isEmail = (value: string): boolean => value.length <= MAX_EMAIL_LENGTH && EMAIL.test(value)

/** A country's calling code and the national (significant) numbers it has. */
export interface PhonePlan {
  readonly code: string
  readonly national: string
  /** A national number as written there, for the page's hint. */
  readonly example: string
}

/** The countries whose national numbers are checked; the leading 0 (or 1 in MX) trunk prefixes are dropped before. */
export const PHONE_PLANS: { readonly [country: string]: PhonePlan } = {
  // North American Numbering Plan: area code and exchange never start with 0 or 1
  US: { code: "1", national: "^[2-9]\\d{2}[2-9]\\d{6}$", example: "(201) 555-0123" },
  // every number has nine digits: mobiles start with 9, Santiago's lines with 2
  CL: { code: "56", national: "^[2-9]\\d{8}$", example: "9 6123 4567" },
  MX: { code: "52", national: "^[1-9]\\d{9}$", example: "55 1234 5678" },
  // a two-digit area code, then eight digits (fixed) or nine starting with 9 (mobile)
  BR: { code: "55", national: "^[1-9][1-9](9\\d{8}|[2-5]\\d{7})$", example: "(11) 91234-5678" },
  // ten digits with the area code; mobiles dialled from abroad take a 9 before it
  AR: { code: "54", national: "^9?[1-3]\\d{9}$", example: "9 11 2345 6789" },
  // mobiles 3xx, fixed lines 60 and their area digit, ten digits in all
  CO: { code: "57", national: "^(3\\d{9}|60\\d{8})$", example: "321 1234567" },
  // mobiles nine digits starting with 9; fixed lines eight (Lima's 1, others a two-digit area code)
  PE: { code: "51", national: "^(9\\d{8}|1\\d{7}|[4-8]\\d{7})$", example: "912 345 678" },
  ES: { code: "34", national: "^[6-9]\\d{8}$", example: "612 34 56 78" },
  PT: { code: "351", national: "^[2-9]\\d{8}$", example: "912 345 678" }
}

const E164 = /^\+[1-9]\d{6,14}$/

/** The plan whose calling code starts an E.164 number (longest code first), if Till knows it. */
export const planOf = (e164: string): PhonePlan | undefined => {
  let found: PhonePlan | undefined
  for (const plan of Object.values(PHONE_PLANS)) {
    if (e164.startsWith(`+${plan.code}`) && (found === undefined || plan.code.length > found.code.length)) found = plan
  }
  return found
}

/**
 * A phone number as typed, in E.164, or null when it cannot be one. A number starting with `+` (or
 * `00`) is international; any other is read as a national number of `country`, when Till knows its
 * calling code (the trunk prefix 0 dropped, as Mexico's old 1 after the country code).
 */
export const normalizePhone = (typed: string, country: string | null): string | null => {
  const trimmed = typed.trim()
  if (trimmed === "" || /[^\d\s()+.\-/]/.test(trimmed)) return null
  const digits = trimmed.replace(/\D/g, "")
  const plan = country === null ? undefined : PHONE_PLANS[country.toUpperCase()]
  const e164 = trimmed.startsWith("+")
    ? `+${digits}`
    : digits.startsWith("00")
    ? `+${digits.slice(2)}`
    : plan === undefined
    ? null
    : `+${plan.code}${digits.replace(/^0+/, "")}`
  // Mexico dropped the 1 mobiles took after +52 in 2019; the number is the same without it
  return e164 !== null && /^\+521\d{10}$/.test(e164) ? `+52${e164.slice(4)}` : e164
}

/** Whether an E.164 number is one: its shape, and its national number where Till knows the country. */
export const isPhone = (e164: string): boolean => {
  if (!E164.test(e164)) return false
  const plan = planOf(e164)
  if (plan === undefined) return true
  return new RegExp(plan.national).test(e164.slice(plan.code.length + 1))
}
