/**
 * The connection layer: PostgreSQL when a URL is given (`DATABASE_URL`), otherwise embedded PGlite on
 * disk (`TILL_DATA_DIR`, default `./.till`), locked to this process. Migrations run before it is ready.
 */
import { PGlite, types } from "@electric-sql/pglite"
import { mkdirSync } from "node:fs"
import { resolve } from "node:path"
import { Config, Effect, Layer, Option, Redacted } from "effect"
import { Kysely, PGliteDialect, PostgresDialect } from "kysely"
import pg from "pg"
import type { Database } from "./Database.ts"
import * as DataDirLock from "./DataDirLock.ts"
import { Db } from "./Db.ts"
import { migrateToLatest } from "./Migrations.ts"

/** Where the embedded database lives when neither `DATABASE_URL` nor `TILL_DATA_DIR` is set. */
export const DEFAULT_DATA_DIR = "./.till"

/** How many connections a process keeps to a PostgreSQL server by default. */
export const DEFAULT_POOL_SIZE = 10

/** What to connect to. */
export interface Options {
  /** A PostgreSQL connection string. When absent or empty, the embedded PGlite database is used. */
  readonly databaseUrl?: string | Redacted.Redacted<string> | undefined
  /** The PGlite data directory (default `./.till`); `memory://` keeps it in memory, unlocked. */
  readonly dataDir?: string | undefined
  /** The size of the PostgreSQL connection pool (default 10). */
  readonly poolSize?: number | undefined
}

const migrated = (db: Kysely<Database>) => Effect.promise(() => migrateToLatest(db)).pipe(Effect.as(db))

/** PostgreSQL at `url`, through a `pg` pool, migrated. */
export const layerPostgres = (
  url: string | Redacted.Redacted<string>,
  options: { readonly poolSize?: number | undefined } = {}
): Layer.Layer<Db> =>
  Layer.effect(
    Db,
    Effect.gen(function*() {
      let closing = false
      const kysely = yield* Effect.acquireRelease(
        Effect.sync(() => {
          const pool = new pg.Pool({
            connectionString: Redacted.isRedacted(url) ? Redacted.value(url) : url,
            max: options.poolSize ?? DEFAULT_POOL_SIZE
          })
          // An idle client that loses its server emits here; without a listener that kills the process.
          // The pool drops the client and the next query gets a fresh one. Once closing, the pool stops
          // waiting for its clients before they have fully ended, so their errors are expected then.
          pool.on("error", (error) => {
            if (!closing) console.error(`[till/postgres] idle connection error: ${error.message}`)
          })
          return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
        }),
        (db) =>
          Effect.promise(() => {
            closing = true
            return db.destroy()
          })
      )
      yield* migrated(kysely)
      return Db.of({ kysely, backend: "postgres", pglite: null })
    })
  )

/**
 * Embedded PGlite in `dataDir`, migrated. The directory is locked first: a second process fails at
 * once with DataDirInUse instead of silently corrupting the database.
 */
export const layerPglite = (dataDir: string = DEFAULT_DATA_DIR): Layer.Layer<Db, DataDirLock.DataDirInUse> =>
  Layer.effect(
    Db,
    Effect.gen(function*() {
      const inMemory = dataDir.startsWith("memory://")
      const dir = inMemory ? dataDir : resolve(dataDir)
      if (!inMemory) {
        yield* DataDirLock.lock(dir)
        mkdirSync(dir, { recursive: true })
      }
      const pglite = yield* Effect.acquireRelease(
        // int8 as a string, as node-postgres reads it, so both backends return the same types.
        Effect.promise(() => PGlite.create({ dataDir: dir, parsers: { [types.INT8]: (value: string) => value } })),
        (pglite) => Effect.promise(() => pglite.closed ? Promise.resolve() : pglite.close())
      )
      const kysely = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) })
      yield* migrated(kysely)
      return Db.of({ kysely, backend: "pglite", pglite })
    })
  )

const isGiven = (url: Options["databaseUrl"]): url is string | Redacted.Redacted<string> =>
  url !== undefined && (Redacted.isRedacted(url) ? Redacted.value(url) : url).trim() !== ""

/** PostgreSQL when `databaseUrl` is given, else PGlite in `dataDir` (default `./.till`). */
export const layer = (options: Options = {}): Layer.Layer<Db, DataDirLock.DataDirInUse> =>
  isGiven(options.databaseUrl)
    ? layerPostgres(options.databaseUrl, { poolSize: options.poolSize })
    : layerPglite(options.dataDir ?? DEFAULT_DATA_DIR)

/** {@link layer} configured from `DATABASE_URL`, `TILL_DATA_DIR` and `TILL_DB_POOL_SIZE`. */
export const layerConfig: Layer.Layer<Db, DataDirLock.DataDirInUse | Config.ConfigError> = Layer.unwrap(
  Effect.gen(function*() {
    const databaseUrl = yield* Config.option(Config.Redacted("DATABASE_URL"))
    const dataDir = yield* Config.withDefault(Config.String("TILL_DATA_DIR"), DEFAULT_DATA_DIR)
    const poolSize = yield* Config.withDefault(Config.Int("TILL_DB_POOL_SIZE"), DEFAULT_POOL_SIZE)
    return layer({ databaseUrl: Option.getOrUndefined(databaseUrl), dataDir, poolSize })
  })
)
