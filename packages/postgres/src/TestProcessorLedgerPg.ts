/**
 * TestProcessorLedger on PostgreSQL (or PGlite): the test processor's records in their own table,
 * written outside any session transaction, as a real processor's would be. The first entry for an
 * attempt wins (`on conflict do nothing`), so a charge and a void racing for one attempt, in one
 * process or in two, agree on one outcome.
 */
import { type LedgerEntry, TestProcessorLedger } from "@till/core"
import { Effect, Layer, Option } from "effect"
import type { Selectable } from "kysely"
import type { TestProcessorChargesTable } from "./Database.ts"
import { Db } from "./Db.ts"

const OUTCOMES = new Set(["Succeeded", "Failed", "Voided", "Captured", "Released", "Refund"])

const toEntry = (row: Selectable<TestProcessorChargesTable>): LedgerEntry => {
  const outcome = row.outcome as LedgerEntry["outcome"]
  // written only by this adapter: anything else is a broken database, not an input to handle
  if (!OUTCOMES.has(outcome._tag)) throw new Error(`test processor ledger row ${row.attempt_id} has an unknown outcome`)
  return {
    attempt_id: row.attempt_id,
    payment_intent: row.payment_intent,
    amount: Number(row.amount),
    currency: row.currency,
    outcome,
    created: Number(row.created)
  }
}

/** Makes the ledger over the Db. */
export const make = Effect.gen(function*() {
  const { kysely: db } = yield* Db
  const find = (attemptId: string) =>
    Effect.promise(() => db.selectFrom("test_processor_charges").selectAll().where("attempt_id", "=", attemptId).executeTakeFirst()).pipe(
      Effect.map((row) => row === undefined ? Option.none() : Option.some(toEntry(row)))
    )
  return TestProcessorLedger.of({
    record: (entry) =>
      Effect.promise(() =>
        db.insertInto("test_processor_charges")
          .values({
            attempt_id: entry.attempt_id,
            payment_intent: entry.payment_intent,
            amount: entry.amount,
            currency: entry.currency,
            outcome: JSON.stringify(entry.outcome),
            created: entry.created
          })
          .onConflict((oc) => oc.column("attempt_id").doNothing())
          .execute()
      ).pipe(
        // read back whichever entry won
        Effect.andThen(find(entry.attempt_id)),
        Effect.map(Option.getOrElse(() => entry))
      ),
    find,
    listByPaymentIntent: (paymentIntent) =>
      Effect.promise(() =>
        db.selectFrom("test_processor_charges").selectAll().where("payment_intent", "=", paymentIntent)
          .orderBy("created", "asc").orderBy("attempt_id", "asc").execute()
      ).pipe(Effect.map((rows) => rows.map(toEntry)))
  })
})

/** TestProcessorLedger over the Db. */
export const layer: Layer.Layer<TestProcessorLedger, never, Db> = Layer.effect(TestProcessorLedger, make)
