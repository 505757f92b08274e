/**
 * ProcessorSettingsRepository on PostgreSQL (or PGlite): one row per account and mode. The
 * credentials arrive sealed (the core seals them before this adapter sees them) and are stored as
 * such. The first write inserts (and loses to a concurrent first write on the primary key), later
 * ones are conditional on the version the caller read.
 */
import { ConcurrentModification, ProcessorSettingsRepository, type StoredProcessorSettings } from "@till/core"
import { Effect, Layer, Option, Schema } from "effect"
import { Db } from "./Db.ts"

const decodeStrings = Schema.decodeUnknownSync(Schema.Record(Schema.String, Schema.String))
// PGlite and node-postgres hand json back parsed; a string would be the text of one
const strings = (value: unknown) => decodeStrings(typeof value === "string" ? JSON.parse(value) : value)

/** Makes the repository over the Db. */
export const make = Effect.gen(function*() {
  const { kysely: db } = yield* Db
  return ProcessorSettingsRepository.of({
    find: (scope) =>
      Effect.promise(() =>
        db.selectFrom("processor_settings").select(["processor", "sealed_credentials", "credential_hints", "options", "updated", "version"])
          .where("account", "=", scope.account).where("livemode", "=", scope.livemode).executeTakeFirst()
      ).pipe(Effect.map((row) =>
        row === undefined ? Option.none<StoredProcessorSettings>() : Option.some<StoredProcessorSettings>({
          version: row.version,
          processor: row.processor,
          sealed_credentials: row.sealed_credentials,
          credential_hints: strings(row.credential_hints),
          options: strings(row.options),
          updated: Number(row.updated)
        })
      )),
    put: (scope, stored) =>
      Effect.promise(async () => {
        const values = {
          processor: stored.processor,
          sealed_credentials: stored.sealed_credentials,
          credential_hints: JSON.stringify(stored.credential_hints),
          options: JSON.stringify(stored.options),
          updated: stored.updated,
          version: stored.version
        }
        if (stored.version === 1) {
          const inserted = await db.insertInto("processor_settings").values({ account: scope.account, livemode: scope.livemode, ...values })
            .onConflict((oc) => oc.columns(["account", "livemode"]).doNothing()).executeTakeFirst()
          return (inserted.numInsertedOrUpdatedRows ?? 0n) > 0n
        }
        const updated = await db.updateTable("processor_settings").set(values)
          .where("account", "=", scope.account).where("livemode", "=", scope.livemode).where("version", "=", stored.version - 1)
          .executeTakeFirst()
        return updated.numUpdatedRows > 0n
      }).pipe(Effect.flatMap((wrote) => wrote ? Effect.void : Effect.fail(new ConcurrentModification({ id: scope.account }))))
  })
})

/** ProcessorSettingsRepository over the Db. */
export const layer: Layer.Layer<ProcessorSettingsRepository, never, Db> = Layer.effect(ProcessorSettingsRepository, make)
