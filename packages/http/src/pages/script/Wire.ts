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
}

/** Whether a payment's answer means the customer is done: paid, or (manual capture) authorized and held for the merchant. */
export const customerDone = (status: number, reply: PaymentReply | null): boolean =>
  status === 200 && (reply?.status === "succeeded" || reply?.status === "requires_capture")
