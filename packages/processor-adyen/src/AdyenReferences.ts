/**
 * What the connector must remember between calls, because Adyen keys its modifications by its own
 * `pspReference` while Till's port keys them by the payment intent, and Adyen has no lookup by
 * merchant reference: the authorisation of each payment intent (its pspReference and currency), the
 * first settlement of each, where each refund stands as the last answer or notification said, and
 * what each attempt was for (its payment intent and currency), written before the attempt is sent.
 * Kept in the core's ProcessorReferences port (a table in the server's database:
 * ProcessorReferencesPg), so a capture or refund works after a restart; `memoryReferences` for tests.
 */
import { type ProcessorReferences, type ReferenceKey } from "@till/core"
import { Effect, Option } from "effect"
import type { CardDetails, RefundOutcome, SettleOutcome } from "./Port.ts"

/** An authorisation Adyen made for a payment intent, and the approval Till was told (to answer it again on reconciliation). */
export interface Authorisation {
  readonly payment_intent: string
  readonly attempt_id: string
  readonly psp_reference: string
  readonly currency: string
  readonly approval?: { readonly payment_method: string; readonly card: CardDetails }
}

/** What an attempt is for, remembered before it is sent, so an approval learned later (reconciliation, a redirect's return) finds its payment intent. */
export interface AttemptRecord {
  readonly payment_intent: string
  readonly currency: string
}

/** The connector's memory of Adyen's references (see the module comment). */
export interface AdyenReferences {
  readonly rememberAttempt: (attempt_id: string, record: AttemptRecord) => Effect.Effect<void>
  readonly attemptOf: (attempt_id: string) => Effect.Effect<Option.Option<AttemptRecord>>
  readonly rememberAuthorisation: (authorisation: Authorisation) => Effect.Effect<void>
  readonly authorisationOf: (payment_intent: string) => Effect.Effect<Option.Option<Authorisation>>
  /** Records a settlement unless one is recorded: answers the first. */
  readonly recordSettlement: (payment_intent: string, outcome: SettleOutcome) => Effect.Effect<SettleOutcome>
  readonly settlementOf: (payment_intent: string) => Effect.Effect<Option.Option<SettleOutcome>>
  readonly rememberRefund: (refund_id: string, outcome: RefundOutcome) => Effect.Effect<void>
  readonly refundOf: (refund_id: string) => Effect.Effect<Option.Option<RefundOutcome>>
}

const at = (key: string): ReferenceKey => ({ processor: "adyen", key })
const parsed = <A>(found: Option.Option<string>): Option.Option<A> => Option.map(found, (text) => JSON.parse(text) as A)

/** The references over a ProcessorReferences store (values as JSON text, keys by kind and Till id). */
export const fromStore = (store: ProcessorReferences["Service"]): AdyenReferences => ({
  rememberAttempt: (id, record) => store.put(at(`attempt:${id}`), JSON.stringify(record)),
  attemptOf: (id) => Effect.map(store.find(at(`attempt:${id}`)), parsed<AttemptRecord>),
  rememberAuthorisation: (a) => store.put(at(`authorisation:${a.payment_intent}`), JSON.stringify(a)),
  authorisationOf: (pi) => Effect.map(store.find(at(`authorisation:${pi}`)), parsed<Authorisation>),
  recordSettlement: (pi, outcome) => Effect.map(store.putFirst(at(`settlement:${pi}`), JSON.stringify(outcome)), (text) => JSON.parse(text) as SettleOutcome),
  settlementOf: (pi) => Effect.map(store.find(at(`settlement:${pi}`)), parsed<SettleOutcome>),
  rememberRefund: (id, outcome) => store.put(at(`refund:${id}`), JSON.stringify(outcome)),
  refundOf: (id) => Effect.map(store.find(at(`refund:${id}`)), parsed<RefundOutcome>)
})

/** References kept in this process's memory (tests, and a connector made without a store). */
export const memoryReferences = (): AdyenReferences => {
  const values = new Map<string, string>()
  return fromStore({
    find: (k) => Effect.sync(() => Option.fromNullishOr(values.get(k.key))),
    put: (k, value) => Effect.sync(() => void values.set(k.key, value)),
    putFirst: (k, value) =>
      Effect.sync(() => {
        const first = values.get(k.key)
        if (first !== undefined) return first
        values.set(k.key, value)
        return value
      })
  })
}
