/**
 * What Till sends Adyen as `paymentMethod`. From the hosted page: the token Adyen Web's card
 * component made in the shopper's browser (its `state.data.paymentMethod`, card fields encrypted
 * with the account's client key, so Till never sees a card number). Raw card data only when the
 * account allows it (`accept_raw_cards`, which needs Adyen's permission and puts Till in PCI DSS
 * SAQ D scope). Saved and test tokens (`pm_card_visa`) mean nothing to Adyen.
 */
import { Redacted } from "effect"
import type { PaymentMethodInput } from "./Port.ts"

/** A card payment method in Adyen's shape (`CardDetails`, type `scheme`). */
export type AdyenCardMethod = Readonly<Record<string, string>> & { readonly type: "scheme" }

/** The method Adyen gets, the last four Till may keep when it saw the number, or why the request is refused. */
export type MethodResult =
  | { readonly _tag: "Method"; readonly method: AdyenCardMethod; readonly last4: string | null; readonly expiry: { readonly exp_month: number; readonly exp_year: number } | null }
  | { readonly _tag: "Refused"; readonly code: string; readonly message: string }

/** The fields Adyen Web's secured fields produce, and the few plain ones it may add. */
const ENCRYPTED = ["encryptedCardNumber", "encryptedExpiryMonth", "encryptedExpiryYear", "encryptedSecurityCode"] as const
const PLAIN = ["holderName", "brand", "checkoutAttemptId"] as const

/** Adyen's encrypted blobs are long base64-like strings beginning with the version prefix (`adyenjs_0_1_25$...`); test ones begin with `test_`. */
const encryptedLooking = (value: string) => /^(adyenjs_[0-9_]+\$|test_)[A-Za-z0-9+/=$_.-]+$/.test(value) && value.length <= 8192

/** Reads a processor token: JSON of Adyen Web's `paymentMethod` with every card field encrypted. */
export const fromProcessorToken = (data: string): MethodResult => {
  let parsed: unknown
  try {
    parsed = JSON.parse(data)
  } catch {
    return refused("The Adyen payment method token is not JSON.")
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return refused("The Adyen payment method token must be an object.")
  const fields = parsed as Record<string, unknown>
  if (fields.type !== "scheme") return refused("The Adyen payment method token must be a card (`type: scheme`).")
  const method: Record<string, string> = { type: "scheme" }
  for (const name of ENCRYPTED) {
    const value = fields[name]
    if (typeof value !== "string" || !encryptedLooking(value)) return refused(`The Adyen payment method token needs an encrypted \`${name}\`.`)
    method[name] = value
  }
  for (const name of PLAIN) {
    const value = fields[name]
    if (value === undefined) continue
    if (typeof value !== "string" || value.length > 256) return refused(`The Adyen payment method token's \`${name}\` must be a short string.`)
    method[name] = value
  }
  const unknown = Object.keys(fields).find((k) => k !== "type" && !(ENCRYPTED as ReadonlyArray<string>).includes(k) && !(PLAIN as ReadonlyArray<string>).includes(k))
  // an unencrypted `number` or `cvc` in a token would be card data passing through Till unannounced
  if (unknown !== undefined) return refused(`The Adyen payment method token has an unexpected field \`${unknown}\`.`)
  return { _tag: "Method", method: method as AdyenCardMethod, last4: null, expiry: null }
}

const refused = (message: string): MethodResult => ({ _tag: "Refused", code: "invalid_processor_token", message })

/** The payment method for one authorize request (see the module comment). */
export const methodOf = (input: PaymentMethodInput, acceptRawCards: boolean): MethodResult => {
  switch (input.type) {
    case "processor_token":
      if (input.processor !== "adyen") return { _tag: "Refused", code: "invalid_processor_token", message: `A ${input.processor} token cannot pay through Adyen.` }
      return fromProcessorToken(Redacted.value(input.data))
    case "card": {
      if (!acceptRawCards) {
        return {
          _tag: "Refused",
          code: "raw_card_data_not_accepted",
          message: "This account takes cards through Adyen's card component only; send the component's token (`processor_token`), not card numbers."
        }
      }
      const number = Redacted.value(input.number).replace(/[\s-]/g, "")
      const year = input.exp_year < 100 ? 2000 + input.exp_year : input.exp_year
      const method: Record<string, string> = {
        type: "scheme",
        number,
        expiryMonth: String(input.exp_month).padStart(2, "0"),
        expiryYear: String(year)
      }
      if (input.cvc !== null) method.cvc = Redacted.value(input.cvc)
      return { _tag: "Method", method: method as AdyenCardMethod, last4: number.slice(-4), expiry: { exp_month: input.exp_month, exp_year: year } }
    }
    case "token":
      return { _tag: "Refused", code: "resource_missing", message: `No such PaymentMethod: '${input.token}'` }
  }
}
