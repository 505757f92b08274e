/** What the customer reads when a payment fails: the decline code's message, else the error code's, else a general one. */
import type { Translator } from "./Translator.ts"
import type { ApiError } from "./Wire.ts"

/** The message of a failed payment's error. */
export const message = (error: ApiError, t: Translator): string => {
  if (error.decline_code && t.has(`decline.${error.decline_code}`)) return t.text(`decline.${error.decline_code}`)
  if (error.code && t.has(`decline.${error.code}`)) return t.text(`decline.${error.code}`)
  return t.text(error.type === "card_error" ? "decline.card_declined" : "decline.other")
}
