/**
 * ProcessorReferences on PostgreSQL (or PGlite): one row per connector and key, written outside any
 * session transaction. `putFirst` inserts unless a row is there (`on conflict do nothing`) and reads
 * back whichever row won, so two processes settling one payment intent agree on the first.
 */
import { ProcessorReferences, type ReferenceKey } from "@till/core"
import { Effect, Layer, Option } from "effect"
import { Db } from "./Db.ts"

/** Makes the store over the Db. */
export const make = Effect.gen(function*() {
  const { kysely: db } = yield* Db
  const find = (at: ReferenceKey) =>
    Effect.promise(() =>
      db.selectFrom("processor_references").select("value").where("processor", "=", at.processor).where("key", "=", at.key).executeTakeFirst()
    ).pipe(Effect.map((row) => Option.fromNullishOr(row?.value)))
  return ProcessorReferences.of({
    find,
    put: (at, value) =>
      Effect.promise(() =>
        db.insertInto("processor_references")
          .values({ processor: at.processor, key: at.key, value })
          .onConflict((oc) => oc.columns(["processor", "key"]).doUpdateSet({ value }))
          .execute()
      ).pipe(Effect.asVoid),
    putFirst: (at, value) =>
      Effect.promise(() =>
        db.insertInto("processor_references")
          .values({ processor: at.processor, key: at.key, value })
          .onConflict((oc) => oc.columns(["processor", "key"]).doNothing())
          .execute()
      ).pipe(
        Effect.andThen(find(at)),
        Effect.map(Option.getOrElse(() => value))
      )
  })
})

/** ProcessorReferences over the Db. */
export const layer: Layer.Layer<ProcessorReferences, never, Db> = Layer.effect(ProcessorReferences, make)
