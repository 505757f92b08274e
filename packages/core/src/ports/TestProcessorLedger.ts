/**
 * Port: the test processor's own records of the attempts it decided, kept apart from the sessions as
 * a real processor's records are, so that reconciliation asks something that can disagree with Till.
 */
import { Context, type Effect, type Option } from "effect"
import type { RetrieveOutcome, SettleOutcome } from "./PaymentProcessor.ts"

/**
 * A refund as the test processor recorded it: where it stands when made (`initial`, what `refund`
 * answers) and where it ends (`final`, what any later `retrieveRefund` answers), as Stripe's test cards
 * whose refunds start `pending` or `succeeded` and change later.
 */
export interface RefundEntry {
  readonly _tag: "Refund"
  readonly initial: "pending" | "succeeded" | "failed"
  readonly final: "succeeded" | "failed"
  readonly failure_reason: string | null
}

/**
 * What the test processor recorded for one attempt: its outcome, or that it was voided unseen; or,
 * under a payment intent's settlement key (see `settlementKey`), how its authorization was settled;
 * or, under a refund's id, the refund.
 */
export interface LedgerEntry {
  readonly attempt_id: string
  /** The payment intent charged; null for a void, which knows only the attempt. */
  readonly payment_intent: string | null
  readonly amount: number
  readonly currency: string | null
  readonly outcome: Extract<RetrieveOutcome, { readonly _tag: "Succeeded" | "Failed" }> | { readonly _tag: "Voided" } | SettleOutcome | RefundEntry
  readonly created: number
}

/** The ledger key of a payment intent's settlement: one per intent, so the first capture or release wins. */
export const settlementKey = (paymentIntent: string): string => `${paymentIntent}:settlement`

/**
 * Port: the ledger. `record` keeps the first entry made for an attempt and answers whichever entry
 * is stored, so a charge and a void racing for one attempt agree on a single winner.
 */
export class TestProcessorLedger extends Context.Service<TestProcessorLedger, {
  readonly record: (entry: LedgerEntry) => Effect.Effect<LedgerEntry>
  readonly find: (attemptId: string) => Effect.Effect<Option.Option<LedgerEntry>>
  /** Every entry for one payment intent, oldest first (for tests and the dashboard). */
  readonly listByPaymentIntent: (paymentIntent: string) => Effect.Effect<ReadonlyArray<LedgerEntry>>
}>()("till/TestProcessorLedger") {}
