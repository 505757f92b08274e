/**
 * Port: the processor that decides a payment attempt.
 */
import { Context, type Effect, type Redacted } from "effect"
import type { ClientComponent } from "./ProcessorConnector.ts"
import type { CancellationReason, CardDetails, NextAction, PaymentError } from "../PaymentIntent.ts"

/**
 * How the customer pays: a saved or test token, a card typed in (number and CVC redacted), or a token
 * the processor's own client-side component made in the shopper's browser (card data never reaches
 * Till): `processor` names the connector it is for, `data` is what the component produced, opaque to Till.
 */
export type PaymentMethodInput =
  | { readonly type: "token"; readonly token: string }
  | {
    readonly type: "card"
    readonly number: Redacted.Redacted<string>
    readonly exp_month: number
    readonly exp_year: number
    readonly cvc: Redacted.Redacted<string> | null
  }
  | { readonly type: "processor_token"; readonly processor: string; readonly data: Redacted.Redacted<string> }

/** One attempt to charge a session's payment intent. */
export interface AuthorizeRequest {
  readonly attempt_id: string
  /** The account charging: connectors are configured per account and mode. Absent only in old tests: the test processor ignores it. */
  readonly account?: string
  /** Where the processor sends the shopper back after an action (3-D Secure, a redirect); null or absent when the caller can follow none. */
  readonly return_url?: string | null
  readonly payment_intent: string
  readonly amount: number
  readonly currency: string
  readonly livemode: boolean
  readonly method: PaymentMethodInput
  readonly installments: number | null
  /** `manual`: only authorize (hold the funds) until `settle` captures or releases them; otherwise (the default) charge at once. */
  readonly capture?: "automatic" | "manual"
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
   * The processor waits for the shopper (3-D Secure, a redirect): the intent goes `requires_action`
   * with `next_action`, and the attempt stays unresolved until `completeAction`, a notification or
   * reconciliation resolves it.
   */
  | { readonly _tag: "RequiresAction"; readonly payment_method: string | null; readonly next_action: NextAction }

/** Which attempt a call is about, and whose (account and mode). */
export interface AttemptRef {
  readonly attempt_id: string
  readonly livemode: boolean
  /** Absent only in old tests: the test processor ignores it. */
  readonly account?: string
}

/**
 * Asks the processor about an attempt. With `final` (the default, and what reconciliation always
 * asks: it leaves an attempt waiting for the shopper alone until ActionTimeout), a connector must
 * answer an end: an attempt still waiting for its action is voided (Stripe: cancel the intent;
 * Adyen: technical cancel) and answered as it then stands. Asked with `final: false`,
 * `RequiresAction` may come back: the shopper still has time.
 */
export interface RetrieveRequest extends AttemptRef {
  readonly final?: boolean
}

/**
 * Completes an attempt's action once the shopper is back (the processor redirected them to the
 * return URL): `params` are what the processor put on that URL (Adyen's `redirectResult`, Stripe's
 * `payment_intent`), which the connector passes on (Adyen's /payments/details) or ignores (Stripe:
 * retrieve the intent).
 */
export interface CompleteActionRequest extends AttemptRef {
  readonly payment_intent: string
  readonly params: Readonly<Record<string, string>>
  readonly now: number
}

/** What any connector answers for a charge of an attempt that reconciliation already voided: it was never taken. */
export const VOIDED_ATTEMPT: AuthorizeOutcome = {
  _tag: "Failed",
  payment_method: null,
  error: {
    type: "api_error",
    code: "payment_attempt_voided",
    decline_code: null,
    message: "This payment attempt was closed before the processor received it; nothing was charged."
  }
}

/**
 * What the processor knows of an attempt when asked later. `NotFound` is final: the processor never
 * took the attempt, and from this answer on it refuses to (a connector voids the attempt's reference,
 * as Adyen's technical cancel by merchant reference does), so no approval can arrive after it.
 */
export type RetrieveOutcome =
  | Extract<AuthorizeOutcome, { readonly _tag: "Succeeded" | "Failed" }>
  | { readonly _tag: "NotFound" }
  /** Only when asked with `final: false`: the shopper has not completed the action yet. */
  | Extract<AuthorizeOutcome, { readonly _tag: "RequiresAction" }>

/** What to do with an authorization held for a payment intent: take (part of) it, or release it. */
export type SettleAction =
  | { readonly _tag: "Capture"; readonly amount: number }
  | { readonly _tag: "Release"; readonly reason: CancellationReason | null }

/** One request to settle the authorization held for a payment intent. */
export interface SettleRequest {
  /** The account (see AuthorizeRequest). */
  readonly account?: string
  /** This request's own reference: the settlement answers the winner's, so each caller knows whether it won. */
  readonly reference: string
  readonly payment_intent: string
  readonly livemode: boolean
  readonly action: SettleAction
  readonly now: number
}

/**
 * How the authorization was settled: the first settlement the processor recorded for the payment
 * intent, which may be another request's (a capture racing a cancel: one of them wins, and both
 * callers are told which).
 */
export type SettleOutcome =
  | { readonly _tag: "Captured"; readonly reference: string; readonly amount: number }
  | { readonly _tag: "Released"; readonly reference: string; readonly reason: CancellationReason | null }

/** One request to refund (part of) a payment intent's charge. */
export interface RefundRequest {
  /** The account (see AuthorizeRequest). */
  readonly account?: string
  /** The refund's id: the processor's idempotency key, so asking twice refunds at most once. */
  readonly refund_id: string
  readonly payment_intent: string
  readonly amount: number
  readonly currency: string
  readonly livemode: boolean
  readonly reason: string | null
  readonly now: number
}

/**
 * Where the processor says a refund stands: `final` says whether the status can still change (a
 * refund may start `pending`, or even `succeeded`, and fail later, as Stripe's do).
 */
export type RefundOutcome =
  | { readonly _tag: "Refund"; readonly status: "pending" | "succeeded" | "failed"; readonly failure_reason: string | null; readonly final: boolean }

/** Which refund a question is about: its id, its mode and account, and (when known) the payment intent it refunds, which a connector may need to find it. */
export interface RefundRef {
  readonly refund_id: string
  readonly livemode: boolean
  readonly account?: string
  readonly payment_intent?: string
}

/** What the processor knows of a refund when asked later: where it stands, or that it never received it. */
export type RefundRetrieveOutcome = RefundOutcome | { readonly _tag: "NotFound" }

/**
 * Port: the processor that charges a payment attempt (docs/processors.md is the contract a live
 * connector implements). Both calls are keyed by `attempt_id`, which the processor sees as the
 * idempotency key of the charge: `authorize` twice with one attempt id charges at most once and
 * answers the first outcome again; `retrieve` answers what became of an attempt whose outcome the
 * caller lost (a crash, a lost database write, a timeout); `settle` captures or releases a held
 * authorization, keyed by the payment intent. Infrastructure failures are defects
 * (`StoreUnavailable` where the outcome is unknown): the attempt then stays unresolved and is
 * reconciled through `retrieve`. Refunds are keyed by the refund's id in the same way (`refund`,
 * `retrieveRefund`). An attempt may wait for the shopper (`RequiresAction`): `completeAction` then
 * finishes it. The server composes it from connectors (ProcessorRouter): the test processor, and one
 * per processor an account configures.
 */
export class PaymentProcessor extends Context.Service<PaymentProcessor, {
  readonly authorize: (request: AuthorizeRequest) => Effect.Effect<AuthorizeOutcome>
  readonly retrieve: (attempt: RetrieveRequest) => Effect.Effect<RetrieveOutcome>
  /**
   * Captures or releases the authorization held for a payment intent (manual capture). Keyed by the
   * payment intent, which holds at most one authorization: the first settlement wins, and every call
   * (a retry, a racing capture or cancel, a caller reconciling after a lost write) answers it.
   */
  readonly settle: (request: SettleRequest) => Effect.Effect<SettleOutcome>
  /**
   * Refunds (part of) a captured charge, keyed by `refund_id`: asking again with the same id makes
   * no second refund and answers where the first stands. Infrastructure failures are defects: the
   * refund then stays unknown and is reconciled through `retrieveRefund`.
   */
  readonly refund: (request: RefundRequest) => Effect.Effect<RefundOutcome>
  /** Where a refund stands now; `NotFound` when the processor never received it (reconciliation then sends it, with the same id). */
  readonly retrieveRefund: (refund: RefundRef) => Effect.Effect<RefundRetrieveOutcome>
  /**
   * Completes the action an attempt waits on (see CompleteActionRequest). Absent on processors that
   * never ask for one (the test processor): Till then refuses the call as invalid.
   */
  readonly completeAction?: (request: CompleteActionRequest) => Effect.Effect<AuthorizeOutcome>
  /** What the hosted page must load to tokenize cards for this account and mode (see ClientComponent); absent or null: the page's own card form. */
  readonly clientComponent?: (scope: { readonly account: string; readonly livemode: boolean }) => Effect.Effect<ClientComponent | null>
}>()("till/PaymentProcessor") {}
