/**
 * What an Adyen answer means for Till: a pure table from Adyen's `resultCode` and refusal reason
 * code (Checkout API v71) to the processor port's outcome kinds and Stripe's `code` /
 * `decline_code`, so a merchant reads the same decline codes whichever processor decided. Adyen's
 * own reason is kept in the error's message, so `last_payment_error` says what Adyen said.
 */
import type { PaymentError } from "@till/core"

/** Stripe's error for one refusal reason: `code`, `decline_code` and the message a shopper may read. */
export interface StripeDecline {
  readonly code: string
  readonly decline_code: string | null
  readonly message: string
}

const declined = (decline_code: string, message = "Your card was declined."): StripeDecline => ({ code: "card_declined", decline_code, message })

/**
 * Adyen's refusal reason codes (docs.adyen.com "Refusal reasons", the `refusalReasonCode` of a
 * `/payments` answer) to Stripe's decline codes. A code not listed is a `generic_decline`.
 */
export const REFUSAL_REASONS: Readonly<Record<string, StripeDecline>> = {
  "2": declined("generic_decline"), // Refused
  "3": declined("call_issuer"), // Referral
  "4": { code: "processing_error", decline_code: null, message: "An error occurred while processing your card. Try again in a little bit." }, // Acquirer Error
  "5": declined("pickup_card"), // Blocked Card
  "6": { code: "expired_card", decline_code: "expired_card", message: "Your card has expired." }, // Expired Card
  "7": declined("invalid_amount"), // Invalid Amount
  "8": { code: "incorrect_number", decline_code: "incorrect_number", message: "Your card number is incorrect." }, // Invalid Card Number
  "9": declined("issuer_not_available"), // Issuer Unavailable
  "10": declined("card_not_supported"), // Not supported
  "11": { code: "payment_intent_authentication_failure", decline_code: null, message: "The card's 3-D Secure authentication failed." }, // 3D Not Authenticated
  "12": declined("insufficient_funds", "Your card has insufficient funds."), // Not enough balance
  "14": declined("fraudulent"), // Acquirer Fraud
  "15": declined("generic_decline"), // Cancelled
  "16": { code: "payment_intent_authentication_failure", decline_code: null, message: "The payment was cancelled during authentication." }, // Shopper Cancelled
  "17": declined("incorrect_pin"), // Invalid Pin
  "18": declined("pin_try_exceeded"), // Pin tries exceeded
  "19": declined("offline_pin_required"), // Pin validation not possible
  "20": declined("fraudulent"), // FRAUD
  "21": { code: "processing_error", decline_code: null, message: "An error occurred while processing your card. Try again in a little bit." }, // Not Submitted
  "22": declined("fraudulent"), // FRAUD-CANCELLED
  "23": declined("transaction_not_allowed"), // Transaction Not Permitted
  "24": { code: "incorrect_cvc", decline_code: "incorrect_cvc", message: "Your card's security code is incorrect." }, // CVC Declined
  "25": declined("restricted_card"), // Restricted Card
  "26": declined("revocation_of_authorization"), // Revocation Of Auth
  "27": declined("generic_decline"), // Declined Non Generic
  "28": declined("withdrawal_count_limit_exceeded"), // Withdrawal amount exceeded
  "29": declined("withdrawal_count_limit_exceeded"), // Withdrawal count exceeded
  "31": declined("fraudulent"), // Issuer Suspected Fraud
  "32": declined("incorrect_address"), // AVS Declined
  "33": declined("online_or_offline_pin_required"), // Card requires online pin
  "34": declined("invalid_account"), // No checking account available on Card
  "35": declined("invalid_account"), // No savings account available on Card
  "36": declined("offline_pin_required"), // Mobile pin required
  "37": declined("generic_decline"), // Contactless fallback
  "38": declined("authentication_required"), // Authentication required
  "39": { code: "payment_intent_authentication_failure", decline_code: null, message: "The card's 3-D Secure authentication failed." }, // RReq not received from DS
  "42": { code: "payment_intent_authentication_failure", decline_code: null, message: "The card's 3-D Secure authentication failed." }, // 3DS Authentication Error
  "46": declined("do_not_try_again") // Transaction blocked by Adyen to prevent excessive retry fees
}

/** The decline for any refusal reason code not in {@link REFUSAL_REASONS}. */
export const GENERIC_DECLINE: StripeDecline = declined("generic_decline")

/** The error recorded for a refusal, Adyen's own reason appended to Stripe's message. */
export const refusalError = (refusalReasonCode: string | undefined, refusalReason: string | undefined): PaymentError => {
  const decline = (refusalReasonCode === undefined ? undefined : REFUSAL_REASONS[refusalReasonCode]) ?? GENERIC_DECLINE
  return {
    type: "card_error",
    code: decline.code,
    decline_code: decline.decline_code,
    message: withReason(decline.message, refusalReason)
  }
}

/** The error recorded when Adyen answers `Error` or refuses the request for a reason that is not the card's. */
export const processorError = (code: string, reason: string | undefined): PaymentError => ({
  type: "api_error",
  code,
  decline_code: null,
  message: withReason("The payment processor could not process this payment.", reason)
})

const withReason = (message: string, reason: string | undefined) =>
  reason === undefined || reason === "" ? message : `${message} (Adyen: ${reason})`

/**
 * What one `resultCode` means. `Approved`: the money is authorised (or captured, with automatic
 * capture). `Declined`: a final refusal, its error from the refusal reason. `Error`: a final
 * failure that is not the card's fault. `Action`: the shopper must do something (a redirect, a
 * 3-D Secure challenge) before Adyen decides. `Unknown`: Adyen has not decided yet (`Pending`,
 * `Received`) or answered something this connector does not take as final: the outcome then comes
 * from a notification or from reconciliation, never from a guess.
 */
export type ResultKind = "Approved" | "Declined" | "Error" | "Action" | "Unknown"

/** Adyen's `resultCode` values (Checkout API v71 `PaymentResponse.resultCode`) to what they mean. */
export const RESULT_CODES: Readonly<Record<string, ResultKind>> = {
  Authorised: "Approved",
  Refused: "Declined",
  Cancelled: "Declined",
  Error: "Error",
  RedirectShopper: "Action",
  IdentifyShopper: "Action",
  ChallengeShopper: "Action",
  PresentToShopper: "Action",
  Pending: "Unknown",
  Received: "Unknown",
  AuthenticationFinished: "Unknown",
  AuthenticationNotRequired: "Unknown",
  PartiallyAuthorised: "Unknown"
}

/** What a `resultCode` means; an unlisted (future) code is `Unknown`, never a decline. */
export const resultKind = (resultCode: string | undefined): ResultKind =>
  resultCode === undefined ? "Unknown" : RESULT_CODES[resultCode] ?? "Unknown"

/** Adyen's card brand names (`paymentMethod.brand`, `additionalData.paymentMethod`) to Stripe's. */
export const BRANDS: Readonly<Record<string, string>> = {
  visa: "visa",
  mc: "mastercard",
  amex: "amex",
  discover: "discover",
  diners: "diners",
  jcb: "jcb",
  cup: "unionpay",
  maestro: "mastercard",
  cartebancaire: "cartes_bancaires",
  elo: "elo",
  hipercard: "hipercard"
}

/** Stripe's brand for an Adyen brand name: sub-brands (`visadankort`, `mc_applepay`) by their prefix; `unknown` otherwise. */
export const brandOf = (adyenBrand: string | undefined): string => {
  if (adyenBrand === undefined) return "unknown"
  const exact = BRANDS[adyenBrand]
  if (exact !== undefined) return exact
  const prefix = Object.keys(BRANDS).find((b) => adyenBrand.startsWith(b))
  return prefix === undefined ? "unknown" : BRANDS[prefix]!
}

/** `additionalData.expiryDate` ("3/2030") as month and year; zeros when Adyen did not send it. */
export const expiryOf = (expiryDate: string | undefined): { readonly exp_month: number; readonly exp_year: number } => {
  const match = expiryDate === undefined ? null : /^(\d{1,2})\/(\d{4})$/.exec(expiryDate)
  return match === null ? { exp_month: 0, exp_year: 0 } : { exp_month: Number(match[1]), exp_year: Number(match[2]) }
}

/**
 * Adyen's refusal reason texts (what a notification's `reason` says, without a code) to their
 * codes in {@link REFUSAL_REASONS}, for the common ones.
 */
export const REFUSAL_REASON_NAMES: Readonly<Record<string, string>> = {
  "Refused": "2",
  "Referral": "3",
  "Acquirer Error": "4",
  "Blocked Card": "5",
  "Expired Card": "6",
  "Invalid Amount": "7",
  "Invalid Card Number": "8",
  "Issuer Unavailable": "9",
  "Not supported": "10",
  "3D Not Authenticated": "11",
  "Not enough balance": "12",
  "Acquirer Fraud": "14",
  "Cancelled": "15",
  "Shopper Cancelled": "16",
  "FRAUD": "20",
  "CVC Declined": "24",
  "Restricted Card": "25",
  "Issuer Suspected Fraud": "31",
  "AVS Declined": "32"
}

/** The refusal code of a reason text (a notification's `reason`, which may add detail after a colon). */
export const refusalCodeOfReason = (reason: string | undefined): string | undefined => {
  if (reason === undefined) return undefined
  return REFUSAL_REASON_NAMES[reason] ?? REFUSAL_REASON_NAMES[reason.split(":")[0]!.trim()]
}
