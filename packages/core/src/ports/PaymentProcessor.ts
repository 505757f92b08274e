/**
 * Port: the processor that decides a payment attempt.
 */
import { Context, type Effect, type Redacted } from "effect"
import type { CardDetails, PaymentError } from "../PaymentIntent.ts"

/** How the customer pays: a saved or test token, or a card typed in (number and CVC redacted). */
export type PaymentMethodInput =
  | { readonly type: "token"; readonly token: string }
  | {
    readonly type: "card"
    readonly number: Redacted.Redacted<string>
    readonly exp_month: number
    readonly exp_year: number
    readonly cvc: Redacted.Redacted<string> | null
  }

/** One attempt to charge a session's payment intent. */
export interface AuthorizeRequest {
  readonly attempt_id: string
  readonly payment_intent: string
  readonly amount: number
  readonly currency: string
  readonly livemode: boolean
  readonly method: PaymentMethodInput
  readonly installments: number | null
  /** The attempt's time in Unix seconds, to judge card expiry against. */
  readonly now: number
}

/** What the processor decided. Only the card's brand, last four and expiry ever come back. */
export type AuthorizeOutcome =
  | { readonly _tag: "Succeeded"; readonly payment_method: string; readonly card: CardDetails }
  | { readonly _tag: "Failed"; readonly payment_method: string | null; readonly error: PaymentError }
  /** The request was refused before anything was tried, such as an unknown token: no attempt happened. */
  | { readonly _tag: "Rejected"; readonly param: string; readonly code: string; readonly message: string }

/**
 * Port: authorizes and captures one attempt. Implementations must be idempotent by `attempt_id`.
 * Only the test processor ships; live mode plugs a real one in here.
 */
export class PaymentProcessor extends Context.Service<PaymentProcessor, {
  readonly authorize: (request: AuthorizeRequest) => Effect.Effect<AuthorizeOutcome>
}>()("till/PaymentProcessor") {}
