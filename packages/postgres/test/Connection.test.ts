/**
 * The connection layer: which database it picks from its options, and migrations at start.
 */
import { assert, describe, it } from "@effect/vitest"
import { Context, Effect, Layer } from "effect"
import { sql } from "kysely"
import * as Connection from "../src/Connection.ts"
import { Db } from "../src/Db.ts"
import { migrations } from "../src/Migrations.ts"
import { freshPostgresUrl, hasPostgres } from "../src/testing/Databases.ts"

const open = <E>(layer: Layer.Layer<Db, E>) => Layer.build(layer).pipe(Effect.map((ctx) => Context.get(ctx, Db)))

const applied = (db: Db["Service"]) =>
  Effect.promise(() => sql<{ name: string }>`select name from kysely_migration order by name`.execute(db.kysely)).pipe(
    Effect.map((r) => r.rows.map((row) => row.name))
  )

describe("Connection", () => {
  it.live("without a database URL (or with an empty one) it opens PGlite in the data directory, migrated", () =>
    Effect.gen(function*() {
      const db = yield* open(Connection.layer({ databaseUrl: "", dataDir: "memory://" }))
      assert.strictEqual(db.backend, "pglite")
      assert.isNotNull(db.pglite)
      assert.deepStrictEqual(yield* applied(db), Object.keys(migrations))
      // int8 reads as a string, as on PostgreSQL
      const { rows } = yield* Effect.promise(() => sql<{ n: unknown }>`select count(*) as n from checkout_sessions`.execute(db.kysely))
      assert.strictEqual(rows[0]!.n, "0")
    }), 60_000)

  it.live.runIf(hasPostgres)("with a database URL it opens PostgreSQL, migrated, and a second start migrates nothing", () =>
    Effect.gen(function*() {
      const url = yield* freshPostgresUrl
      yield* Effect.scoped(Effect.gen(function*() {
        const db = yield* open(Connection.layer({ databaseUrl: url, dataDir: "/nonexistent/never-used" }))
        assert.strictEqual(db.backend, "postgres")
        assert.isNull(db.pglite)
        assert.deepStrictEqual(yield* applied(db), Object.keys(migrations))
        const again = yield* open(Connection.layer({ databaseUrl: url }))
        assert.deepStrictEqual(yield* applied(again), Object.keys(migrations))
      }))
    }))
})
