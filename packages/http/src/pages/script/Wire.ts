/**
 * What the page reads of the API's answers: only the fields it uses. The session and payment method
 * shapes are Stripe's (see Responses.ts); the display is Till's own page endpoint.
 */
export type { Display, DisplayPlan } from "../../CheckoutDisplay.ts"

/** The fields of a checkout session the page reads. */
export interface Session {
  readonly status: "open" | "complete" | "expired"
  readonly livemode: boolean
  readonly success_url: string | null
  readonly cancel_url: string | null
  readonly country?: string | null
  readonly customer_email?: string | null
  readonly customer_details?: { readonly email: string | null } | null
  readonly billing_address_collection?: "auto" | "required" | null
  readonly shipping_address_collection?: { readonly allowed_countries: ReadonlyArray<string> } | null
  readonly phone_number_collection?: { readonly enabled: boolean }
  readonly ui_mode?: "hosted_page" | "embedded_page"
  /** An embedded session's: where it returns the customer, and when. */
  readonly return_url?: string
  readonly redirect_on_completion?: "always" | "if_required" | "never"
}

/** A Stripe error body's `error`. */
export interface ApiError {
  readonly type?: string
  readonly code?: string | null
  readonly decline_code?: string | null
  readonly param?: string | null
}

/** The answer to a payment: the payment intent, or an error. */
export interface PaymentReply {
  readonly status?: string
  readonly error?: ApiError
  /** With `requires_action`: where the processor wants the shopper (3-D Secure, a redirect). */
  readonly next_action?: { readonly type?: string; readonly redirect_to_url?: { readonly url?: string } } | null
}

/** The address the processor wants the shopper sent to, when the payment waits for an action; null otherwise. */
export const actionUrl = (status: number, reply: PaymentReply | null): string | null => {
  const url = status === 200 && reply?.status === "requires_action" ? reply.next_action?.redirect_to_url?.url : undefined
  return typeof url === "string" && /^https?:\/\//.test(url) ? url : null
}

/** Whether a payment's answer means the customer is done: paid, or (manual capture) authorized and held for the merchant. */
export const customerDone = (status: number, reply: PaymentReply | null): boolean =>
  status === 200 && (reply?.status === "succeeded" || reply?.status === "requires_capture")
