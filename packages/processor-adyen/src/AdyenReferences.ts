/**
 * What the connector must remember between calls, because Adyen keys its modifications by its own
 * `pspReference` while Till's port keys them by the payment intent: the authorisation of each
 * payment intent (its pspReference and currency), the first settlement of each, and where each
 * refund stands as the last answer or notification said. The default keeps them in memory
 * (enough for one process and the tests); a deployment that restarts needs a persistent store
 * behind the same interface (docs/processors-adyen.md, "Limits").
 */
import { Effect, Option } from "effect"
import type { RefundOutcome, SettleOutcome } from "./Port.ts"

/** An authorisation Adyen made for a payment intent. */
export interface Authorisation {
  readonly payment_intent: string
  readonly attempt_id: string
  readonly psp_reference: string
  readonly currency: string
}

/** The connector's memory of Adyen's references (see the module comment). */
export interface AdyenReferences {
  readonly rememberAuthorisation: (authorisation: Authorisation) => Effect.Effect<void>
  readonly authorisationOf: (payment_intent: string) => Effect.Effect<Option.Option<Authorisation>>
  /** Records a settlement unless one is recorded: answers the first. */
  readonly recordSettlement: (payment_intent: string, outcome: SettleOutcome) => Effect.Effect<SettleOutcome>
  readonly settlementOf: (payment_intent: string) => Effect.Effect<Option.Option<SettleOutcome>>
  readonly rememberRefund: (refund_id: string, outcome: RefundOutcome) => Effect.Effect<void>
  readonly refundOf: (refund_id: string) => Effect.Effect<Option.Option<RefundOutcome>>
}

/** References kept in this process's memory. */
export const memoryReferences = (): AdyenReferences => {
  const authorisations = new Map<string, Authorisation>()
  const settlements = new Map<string, SettleOutcome>()
  const refunds = new Map<string, RefundOutcome>()
  return {
    rememberAuthorisation: (a) => Effect.sync(() => void authorisations.set(a.payment_intent, a)),
    authorisationOf: (pi) => Effect.sync(() => Option.fromNullishOr(authorisations.get(pi))),
    recordSettlement: (pi, outcome) =>
      Effect.sync(() => {
        const first = settlements.get(pi)
        if (first !== undefined) return first
        settlements.set(pi, outcome)
        return outcome
      }),
    settlementOf: (pi) => Effect.sync(() => Option.fromNullishOr(settlements.get(pi))),
    rememberRefund: (id, outcome) => Effect.sync(() => void refunds.set(id, outcome)),
    refundOf: (id) => Effect.sync(() => Option.fromNullishOr(refunds.get(id)))
  }
}
