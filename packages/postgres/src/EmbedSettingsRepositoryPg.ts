/**
 * EmbedSettingsRepository on PostgreSQL (or PGlite): one row per account and mode, the origins a JSON
 * array. The first write inserts (and loses to a concurrent first write on the primary key), later
 * ones are conditional on the version the caller read.
 */
import { ConcurrentModification, EmbedSettingsRepository, type StoredEmbedSettings } from "@till/core"
import { Effect, Layer, Option, Schema } from "effect"
import { Db } from "./Db.ts"

const decodeOrigins = Schema.decodeUnknownSync(Schema.Array(Schema.String))

/** Makes the repository over the Db. */
export const make = Effect.gen(function*() {
  const { kysely: db } = yield* Db
  return EmbedSettingsRepository.of({
    find: (scope) =>
      Effect.promise(() =>
        db.selectFrom("embed_settings").select(["allowed_origins", "updated", "version"])
          .where("account", "=", scope.account).where("livemode", "=", scope.livemode).executeTakeFirst()
      ).pipe(Effect.map((row) =>
        row === undefined ? Option.none<StoredEmbedSettings>() : Option.some<StoredEmbedSettings>({
          version: row.version,
          settings: {
            livemode: scope.livemode,
            // PGlite and node-postgres hand json back parsed; a string would be the text of one
            allowed_origins: decodeOrigins(typeof row.allowed_origins === "string" ? JSON.parse(row.allowed_origins) : row.allowed_origins),
            updated: Number(row.updated)
          }
        })
      )),
    put: (scope, { settings, version }) =>
      Effect.promise(async () => {
        const values = { allowed_origins: JSON.stringify(settings.allowed_origins), updated: settings.updated ?? 0, version }
        if (version === 1) {
          const inserted = await db.insertInto("embed_settings").values({ account: scope.account, livemode: scope.livemode, ...values })
            .onConflict((oc) => oc.columns(["account", "livemode"]).doNothing()).executeTakeFirst()
          return (inserted.numInsertedOrUpdatedRows ?? 0n) > 0n
        }
        const updated = await db.updateTable("embed_settings").set(values)
          .where("account", "=", scope.account).where("livemode", "=", scope.livemode).where("version", "=", version - 1)
          .executeTakeFirst()
        return updated.numUpdatedRows > 0n
      }).pipe(Effect.flatMap((wrote) => wrote ? Effect.void : Effect.fail(new ConcurrentModification({ id: scope.account }))))
  })
})

/** EmbedSettingsRepository over the Db. */
export const layer: Layer.Layer<EmbedSettingsRepository, never, Db> = Layer.effect(EmbedSettingsRepository, make)
