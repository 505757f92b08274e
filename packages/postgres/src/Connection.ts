/**
 * The connection layer: PostgreSQL when a URL is given, otherwise embedded PGlite on disk (default
 * `./.till`), locked to this process. Migrations run before it is ready. It reads no environment: the
 * server's configuration (`apps/server/src/Config.ts`) hands it the values.
 */
import { PGlite, types } from "@electric-sql/pglite"
import { mkdirSync, rmSync } from "node:fs"
import { resolve } from "node:path"
import { Cause, Context, Effect, Layer, Redacted, Schema } from "effect"
import { Kysely, PostgresDialect, sql } from "kysely"
import type { Database } from "./Database.ts"
import * as DataDirLock from "./DataDirLock.ts"
import { Db, type PoolStats } from "./Db.ts"
import { GuardedDialect, type QueryInstrument } from "./GuardedDialect.ts"
import { migrateToLatest } from "./Migrations.ts"
import * as PgliteTemplate from "./PgliteTemplate.ts"
import * as PgPool from "./PgPool.ts"
import { PgliteDialect } from "./PgliteDialect.ts"

/** Where the embedded database lives when no directory is given. */
export const DEFAULT_DATA_DIR = "./.till"

/** How many connections a process keeps to a PostgreSQL server by default. */
export const DEFAULT_POOL_SIZE = 10

/** How long opening a connection to PostgreSQL may take by default. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000

/** How long one statement may run on PostgreSQL by default (migrations excepted). */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 10_000

/**
 * How long a query waits by default for a free connection (PostgreSQL's pool, PGlite's single
 * connection) before it fails with StoreUnavailable.
 */
export const DEFAULT_ACQUIRE_TIMEOUT_MS = 3_000

/** The `application_name` of the application's connections (pg-boss's are `till-queue`). */
export const APPLICATION_NAME = "till"

/**
 * What each statement of the application's connections runs through (the server's tracing, when it
 * exports traces), read when the database is opened; none by default, and then statements cost nothing more.
 */
export const Instrument = Context.Reference<QueryInstrument | undefined>("till/postgres/QueryInstrument", {
  defaultValue: () => undefined
})

/** How long things may take; every field has a default. */
export interface Limits {
  /** The size of the PostgreSQL connection pool (default 10). */
  readonly poolSize?: number | undefined
  /** How long opening a PostgreSQL connection may take (default 5 s). */
  readonly connectTimeoutMs?: number | undefined
  /** PostgreSQL's `statement_timeout` (default 10 s; 0 means none). */
  readonly statementTimeoutMs?: number | undefined
  /** How long a query may wait for a free connection, on either backend (default 3 s). */
  readonly acquireTimeoutMs?: number | undefined
}

/** What to connect to, and how long things may take. */
export interface Options extends Limits {
  /** A PostgreSQL connection string. When absent or empty, the embedded PGlite database is used. */
  readonly databaseUrl?: string | Redacted.Redacted<string> | undefined
  /** The PGlite data directory (default `./.till`); `memory://` keeps it in memory, unlocked. */
  readonly dataDir?: string | undefined
}

/**
 * Migrations may rewrite a large table, which takes longer than any request should: they run on one
 * connection with no statement timeout, which is reset before the connection goes back to the pool.
 */
const migrated = (db: Kysely<Database>) =>
  Effect.promise(() =>
    db.connection().execute(async (connection) => {
      await sql`set statement_timeout = 0`.execute(connection)
      try {
        await migrateToLatest(connection)
      } finally {
        await sql`reset statement_timeout`.execute(connection)
      }
    })
  ).pipe(Effect.as(db))

/** PostgreSQL at `url`, through a `pg` pool, migrated. */
export const layerPostgres = (url: string | Redacted.Redacted<string>, limits: Limits = {}): Layer.Layer<Db> =>
  Layer.effect(
    Db,
    Effect.gen(function*() {
      let closing = false
      // the pool reports outside any fiber: to the log of the context the database was opened in
      const log = Effect.runForkWith(yield* Effect.context<never>())
      const instrument = yield* Instrument
      const poolSize = limits.poolSize ?? DEFAULT_POOL_SIZE
      let stats: () => PoolStats = () => ({ max: poolSize, inUse: 0, waiting: 0, waits: 0, timeouts: 0 })
      const kysely = yield* Effect.acquireRelease(
        Effect.sync(() => {
          const pool = PgPool.make({
            connectionString: Redacted.isRedacted(url) ? Redacted.value(url) : url,
            size: poolSize,
            connectTimeoutMs: limits.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
            statementTimeoutMs: limits.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
            applicationName: APPLICATION_NAME,
            // Once closing, the pool stops waiting for its clients before they have fully ended, so
            // their errors are expected then.
            onError: (error) => {
              if (!closing) log(Effect.logWarning("a PostgreSQL connection failed", Cause.fail(error)))
            }
          })
          const dialect = new GuardedDialect(new PostgresDialect({ pool: PgPool.forKysely(pool) }), {
            connections: poolSize,
            acquireTimeoutMs: limits.acquireTimeoutMs ?? DEFAULT_ACQUIRE_TIMEOUT_MS,
            instrument
          })
          stats = () => ({ ...dialect.stats, pg: { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } })
          return new Kysely<Database>({ dialect })
        }),
        (db) =>
          Effect.promise(() => {
            closing = true
            return db.destroy()
          })
      )
      yield* migrated(kysely)
      return Db.of({ kysely, backend: "postgres", pglite: null, stats: () => stats() })
    })
  )

/** How {@link layerPglite} opens PGlite. */
export interface PgliteOptions extends Pick<Limits, "acquireTimeoutMs"> {
  /**
   * The template a new data directory starts from (default: the one `npm run build` makes,
   * {@link PgliteTemplate.DEFAULT_FILE}); `null` for none: PGlite's initdb makes it.
   */
  readonly template?: string | null | undefined
}

/**
 * The template (its tarball, uncompressed) when `dir` is new and the template is usable, else undefined
 * (and why, in the log). A directory on disk is made from it here; an in-memory one is loaded by PGlite.
 */
const seed = (dir: string, inMemory: boolean, file: string | null | undefined) =>
  Effect.gen(function*() {
    if (file === null || !(inMemory || PgliteTemplate.isNew(dir))) return undefined
    const template = PgliteTemplate.read(file ?? PgliteTemplate.DEFAULT_FILE)
    if (template._tag === "Absent") {
      yield* Effect.logDebug(`no PGlite template (npm run build makes it): initdb makes the new data directory ${dir}`)
      return undefined
    }
    if (template._tag === "Unusable") {
      yield* Effect.logWarning(`the PGlite template is not used, ${template.reason}: initdb makes the new data directory ${dir}`)
      return undefined
    }
    if (!inMemory) {
      try {
        PgliteTemplate.extract(template.tarball, dir)
      } catch (e) {
        yield* Effect.logWarning(`the PGlite template could not be copied to ${dir} (${(e as Error).message}): initdb makes it instead`)
        return undefined
      }
    }
    yield* Effect.logDebug(`the new data directory ${dir} starts from the PGlite template (${template.migrations} migrations)`)
    return template.tarball
  })

/**
 * Embedded PGlite in `dataDir`, migrated. The directory is locked first: a second process fails at
 * once with DataDirInUse instead of silently corrupting the database. A new directory starts from the
 * PGlite template when there is a usable one (PgliteTemplate.ts), else PGlite's initdb makes it.
 */
export const layerPglite = (
  dataDir: string = DEFAULT_DATA_DIR,
  options: PgliteOptions = {}
): Layer.Layer<Db, DataDirLock.DataDirInUse> =>
  Layer.effect(
    Db,
    Effect.gen(function*() {
      const inMemory = dataDir.startsWith("memory://")
      const dir = inMemory ? dataDir : resolve(dataDir)
      if (!inMemory) yield* DataDirLock.lock(dir)
      const template = yield* seed(dir, inMemory, options.template)
      if (!inMemory) mkdirSync(dir, { recursive: true })
      const open = (loadDataDir?: Blob) =>
        Effect.acquireRelease(
          // int8 as a string, as node-postgres reads it, so both backends return the same types.
          // (PGlite's own error, not wrapped: as a defect it is what the start's failure shows)
          Effect.tryPromise({
            try: () =>
              PGlite.create({
                dataDir: dir,
                parsers: { [types.INT8]: (value: string) => value },
                ...(loadDataDir === undefined ? {} : { loadDataDir })
              }),
            catch: (error) => error
          }),
          (pglite) => Effect.promise(() => pglite.closed ? Promise.resolve() : pglite.close())
        )
      const pglite = template === undefined
        ? yield* Effect.orDie(open())
        : yield* open(inMemory ? PgliteTemplate.tarballOf(template) : undefined).pipe(
          // a template that passed its checks and still does not open: the directory made from it is
          // replaced by initdb's, so a bad template never stops a start
          Effect.catch((error) =>
            Effect.gen(function*() {
              yield* Effect.logWarning(`PGlite did not open the data directory made from the template: initdb makes ${dir} again`, Cause.fail(error))
              if (!inMemory) {
                rmSync(dir, { recursive: true, force: true })
                mkdirSync(dir, { recursive: true })
              }
              return yield* Effect.orDie(open())
            })
          )
        )
      // one connection: every query and transaction takes turns on it, each waiting a bounded time;
      // statements compiled once are prepared by name, as on PostgreSQL (PgliteDialect.ts)
      const dialect = new GuardedDialect(new PgliteDialect(pglite), {
        connections: 1,
        acquireTimeoutMs: options.acquireTimeoutMs ?? DEFAULT_ACQUIRE_TIMEOUT_MS,
        unavailable: () => (pglite.closed ? "PGlite is closed" : undefined),
        instrument: yield* Instrument
      })
      const kysely = new Kysely<Database>({ dialect })
      yield* migrated(kysely)
      return Db.of({ kysely, backend: "pglite", pglite, stats: () => ({ ...dialect.stats }) })
    })
  )

const isGiven = (url: Options["databaseUrl"]): url is string | Redacted.Redacted<string> =>
  url !== undefined && (Redacted.isRedacted(url) ? Redacted.value(url) : url).trim() !== ""

/** PostgreSQL when `databaseUrl` is given, else PGlite in `dataDir` (default `./.till`). */
export const layer = (options: Options = {}): Layer.Layer<Db, DataDirLock.DataDirInUse> => {
  const { databaseUrl, dataDir, ...limits } = options
  return isGiven(databaseUrl) ? layerPostgres(databaseUrl, limits) : layerPglite(dataDir ?? DEFAULT_DATA_DIR, limits)
}

const intAtLeast = (minimum: number) => Schema.Int.pipe(Schema.check(Schema.isGreaterThanOrEqualTo(minimum)))

/** A valid {@link Limits.poolSize}: a whole number, at least 1 (the server reads it from `TILL_DB_POOL_SIZE`). */
export const PoolSize = intAtLeast(1)

/** A valid {@link Limits.connectTimeoutMs}: whole milliseconds, at least 1. */
export const ConnectTimeoutMs = intAtLeast(1)

/** A valid {@link Limits.statementTimeoutMs}: whole milliseconds, 0 for none. */
export const StatementTimeoutMs = intAtLeast(0)

/** A valid {@link Limits.acquireTimeoutMs}: whole milliseconds, at least 1. */
export const AcquireTimeoutMs = intAtLeast(1)
