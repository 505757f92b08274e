/**
 * Amounts as the dashboard's forms take and show them: in a currency's major units ("12.50"), turned
 * into and out of the minor units Till keeps (1250).
 */
import { Money } from "@till/core"

/**
 * An amount typed in a currency's major units ("12.50", or "12,50" as Spanish and Portuguese write it)
 * in its minor units (1250); undefined when it is not one, or has more decimals than the currency.
 */
export const minorUnits = (text: string, currency: string): number | undefined => {
  const digits = Money.exponent(currency)
  const m = /^(\d{1,11})(?:[.,](\d+))?$/.exec(text.replace(/\s/g, ""))
  if (m === null) return undefined
  const fraction = m[2] ?? ""
  if (fraction.length > digits) return undefined
  return Number(m[1]) * 10 ** digits + (digits === 0 ? 0 : Number(fraction.padEnd(digits, "0")))
}

/** An amount in minor units written in major units for a form field ("12.50", "1250" for yen). */
export const majorUnits = (amount: number, currency: string): string => {
  const digits = Money.exponent(currency)
  if (digits === 0) return String(amount)
  const text = String(amount).padStart(digits + 1, "0")
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`
}

/** An example amount in a currency, for messages: "12.50", "1250" for yen, "12.500" for dinars. */
export const exampleAmount = (currency: string): string => {
  const digits = Money.exponent(currency)
  return digits === 0 ? "1250" : `12.${"5".padEnd(digits, "0")}`
}
