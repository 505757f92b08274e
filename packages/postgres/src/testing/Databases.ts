/**
 * Throwaway databases for the tests: a fresh PostgreSQL database on the server named by
 * `TILL_TEST_DATABASE_URL` (only when it is set), or PGlite in a temporary directory.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Context, Effect, Layer, type Scope } from "effect"
import pg from "pg"
import * as Connection from "../Connection.ts"
import { Db as DbService, type Db } from "../Db.ts"

/** The server the PostgreSQL tests use, when the environment names one. */
export const postgresUrl: string | undefined = process.env["TILL_TEST_DATABASE_URL"] || undefined

/** Whether the PostgreSQL tests run. */
export const hasPostgres = postgresUrl !== undefined

/** Runs `f` on a client of its own connected to `url` (by default the test server), closed afterwards. */
export const withClient = async <A>(url: string | undefined, f: (client: pg.Client) => Promise<A>): Promise<A> => {
  const client = new pg.Client({ connectionString: url ?? postgresUrl })
  await client.connect()
  try {
    return await f(client)
  } finally {
    await client.end()
  }
}

/** How a fresh database is made. */
export interface DatabaseOptions {
  /**
   * An ICU locale (`"en-US"`) for the database's default collation, in which text does not sort by
   * bytes (`a` < `B`): what a server initialised with a language locale gives every new database.
   */
  readonly icuLocale?: string
}

/** A new, empty database `till_test_<random>` on the test server, made as `options` say; dropped when the scope closes. */
export const freshPostgresUrlWith = (options: DatabaseOptions = {}): Effect.Effect<string, never, Scope.Scope> => Effect.acquireRelease(
  Effect.promise(async () => {
    if (postgresUrl === undefined) throw new Error("TILL_TEST_DATABASE_URL is not set")
    const name = `till_test_${Math.random().toString(36).slice(2, 12)}`
    const locale = options.icuLocale === undefined
      ? ""
      : ` template template0 locale_provider icu icu_locale '${options.icuLocale.replaceAll("'", "''")}' locale 'C.UTF-8'`
    await withClient(undefined, (c) => c.query(`create database ${name}${locale}`))
    const url = new URL(postgresUrl)
    url.pathname = `/${name}`
    return url.toString()
  }),
  (url) => Effect.promise(() => withClient(undefined, (c) => c.query(`drop database if exists ${new URL(url).pathname.slice(1)} with (force)`)))
)

/** A new, empty database `till_test_<random>` on the test server; dropped when the scope closes. */
export const freshPostgresUrl: Effect.Effect<string, never, Scope.Scope> = freshPostgresUrlWith()

/** A new temporary directory, removed (with any lock file beside it) when the scope closes. */
export const tempDir = (prefix = "till-pglite-"): Effect.Effect<string, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.sync(() => mkdtempSync(join(tmpdir(), prefix))),
    (dir) =>
      Effect.sync(() => {
        rmSync(dir, { recursive: true, force: true })
        rmSync(`${dir}.lock`, { force: true })
      })
  )

/** A Db on a fresh PostgreSQL database (poolSize connections, made as `options` say), dropped afterwards. */
export const postgresDb = (poolSize?: number, options: DatabaseOptions = {}): Layer.Layer<Db> =>
  Layer.effect(
    DbService,
    Effect.gen(function*() {
      const url = yield* freshPostgresUrlWith(options)
      // built after the database exists, so its pool closes before the database is dropped
      return Context.get(yield* Layer.build(Connection.layerPostgres(url, { poolSize })), DbService)
    })
  )

/** A Db on PGlite in a fresh temporary directory, removed afterwards. */
export const pgliteDb: Layer.Layer<Db> = Layer.unwrap(Effect.map(tempDir(), (dir) => Connection.layerPglite(join(dir, "data")))).pipe(
  Layer.orDie
)
