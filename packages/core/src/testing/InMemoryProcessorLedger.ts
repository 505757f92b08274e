/**
 * An in-memory TestProcessorLedger: the test processor's records, for tests with no database.
 */
import { Effect, Layer, Option } from "effect"
import { type LedgerEntry, TestProcessorLedger } from "../ports/TestProcessorLedger.ts"

/** Makes an empty ledger. */
export const make = Effect.sync(() => {
  const entries = new Map<string, LedgerEntry>()
  return TestProcessorLedger.of({
    record: (entry) =>
      Effect.sync(() => {
        const stored = entries.get(entry.attempt_id)
        if (stored !== undefined) return stored
        entries.set(entry.attempt_id, entry)
        return entry
      }),
    find: (attemptId) => Effect.sync(() => Option.fromNullishOr(entries.get(attemptId))),
    listByPaymentIntent: (paymentIntent) =>
      Effect.sync(() => [...entries.values()].filter((e) => e.payment_intent === paymentIntent).sort((a, b) => a.created - b.created))
  })
})

/** A fresh, empty ledger. */
export const layer = Layer.effect(TestProcessorLedger, make)
