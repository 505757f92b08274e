/**
 * Installation secrets: made once, then the same bytes for every process on the database and after
 * every restart (PGlite reopened from its directory; PostgreSQL from two pools racing to make it).
 */
import { assert, describe, it } from "@effect/vitest"
import { Context, Effect, Layer } from "effect"
import { join } from "node:path"
import * as Connection from "../src/Connection.ts"
import { Db } from "../src/Db.ts"
import * as InstallationSecrets from "../src/InstallationSecrets.ts"
import { freshPostgresUrl, hasPostgres, tempDir } from "../src/testing/Databases.ts"

const secretOn = (db: Db["Service"], name: string) => InstallationSecrets.get(name).pipe(Effect.provideService(Db, db))

const open = <E>(layer: Layer.Layer<Db, E>) => Effect.map(Layer.build(layer), (ctx) => Context.get(ctx, Db))

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex")

describe("InstallationSecrets", () => {
  it.live("makes a secret once and gives the same one after PGlite is closed and reopened", () =>
    Effect.gen(function*() {
      const dir = join(yield* tempDir(), "data")
      const first = yield* Effect.scoped(Effect.gen(function*() {
        const db = yield* open(Connection.layerPglite(dir))
        const made = yield* secretOn(db, InstallationSecrets.FINGERPRINT_KEY)
        assert.strictEqual(made.length, InstallationSecrets.SECRET_BYTES)
        assert.strictEqual(hex(yield* secretOn(db, InstallationSecrets.FINGERPRINT_KEY)), hex(made))
        assert.notStrictEqual(hex(yield* secretOn(db, "another purpose")), hex(made))
        return made
      }))
      const reopened = yield* Effect.scoped(Effect.flatMap(open(Connection.layerPglite(dir)), (db) => secretOn(db, InstallationSecrets.FINGERPRINT_KEY)))
      assert.strictEqual(hex(reopened), hex(first))
    }), 120_000)

  it.live.runIf(hasPostgres)("on PostgreSQL, processes racing to make it all end with the same one", () =>
    Effect.gen(function*() {
      const url = yield* freshPostgresUrl
      yield* Effect.scoped(Effect.gen(function*() {
        const a = yield* open(Connection.layer({ databaseUrl: url }))
        const b = yield* open(Connection.layer({ databaseUrl: url }))
        const secrets = yield* Effect.all(
          Array.from({ length: 8 }, (_, i) => secretOn(i % 2 === 0 ? a : b, InstallationSecrets.FINGERPRINT_KEY)),
          { concurrency: "unbounded" }
        )
        assert.strictEqual(new Set(secrets.map(hex)).size, 1)
        assert.strictEqual(secrets[0]!.length, InstallationSecrets.SECRET_BYTES)
      }))
    }), 120_000)
})
