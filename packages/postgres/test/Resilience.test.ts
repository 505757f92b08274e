/**
 * The connection layer when the database misbehaves: a query waits a bounded time for a connection,
 * a lost, refused, stalled or slow connection fails that query with StoreUnavailable (never an
 * unhandled 'error' event that ends the process), and the pool recovers on its own.
 */
import { assert, describe, it } from "@effect/vitest"
import { isStoreUnavailable } from "@till/core"
import { Context, Effect, Layer, type Scope } from "effect"
import { type Kysely, sql } from "kysely"
import { join } from "node:path"
import * as Connection from "../src/Connection.ts"
import type { Database } from "../src/Database.ts"
import { Db } from "../src/Db.ts"
import { freshPostgresUrl, hasPostgres, tempDir, withClient } from "../src/testing/Databases.ts"
import * as FaultProxy from "../src/testing/FaultProxy.ts"

const open = (layer: Layer.Layer<Db, unknown>): Effect.Effect<Db["Service"], never, Scope.Scope> =>
  Layer.build(Layer.orDie(layer)).pipe(Effect.map((ctx) => Context.get(ctx, Db)))

/** Runs a query; answers "ok", or what it was rejected with, and how long it took. */
const attempt = (f: () => Promise<unknown>) =>
  Effect.promise(async () => {
    const started = performance.now()
    const outcome = await f().then(() => "ok" as const, (error: unknown) => error)
    return { outcome, ms: performance.now() - started }
  })

const selectOne = (db: Kysely<Database>) => () => sql`select 1`.execute(db)

/** A transaction that holds its connection until `release` is called. */
const holdConnection = (db: Kysely<Database>) => {
  let release!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  let begun!: () => void
  const holding = new Promise<void>((resolve) => (begun = resolve))
  const done = db.transaction().execute(async (trx) => {
    await sql`select 1`.execute(trx)
    begun()
    await released
  })
  return { holding, release, done }
}

const assertUnavailable = (outcome: unknown, what: string) =>
  assert.isTrue(isStoreUnavailable(outcome), `${what}: expected StoreUnavailable, got ${String(outcome)}`)

describe("PGlite", () => {
  it.live("a query that cannot get the one connection within the acquire timeout fails with StoreUnavailable; later ones succeed", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir()
      const { kysely } = yield* open(Connection.layerPglite(join(dir, "data"), { acquireTimeoutMs: 300 }))
      const held = holdConnection(kysely)
      yield* Effect.promise(() => held.holding)
      const waited = yield* attempt(selectOne(kysely))
      assertUnavailable(waited.outcome, "waiting behind an open transaction")
      assert.isAtLeast(waited.ms, 250)
      held.release()
      yield* Effect.promise(() => held.done)
      assert.strictEqual((yield* attempt(selectOne(kysely))).outcome, "ok")
    }), 60_000)

  it.live("a closed PGlite fails every query at once with StoreUnavailable", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir()
      const db = yield* open(Connection.layerPglite(join(dir, "data")))
      yield* Effect.promise(() => db.pglite!.close())
      const query = yield* attempt(selectOne(db.kysely))
      assertUnavailable(query.outcome, "a query")
      const transaction = yield* attempt(() => db.kysely.transaction().execute((trx) => sql`select 1`.execute(trx)))
      assertUnavailable(transaction.outcome, "a transaction")
      assert.isBelow(transaction.ms, 1_000)
    }), 60_000)
})

describe.runIf(hasPostgres)("PostgreSQL", () => {
  /** The server's pids of this database's connections opened by Till's pool. */
  const tillBackends = (url: string, state?: string) =>
    Effect.promise(() =>
      withClient(url, async (client) => {
        const { rows } = await client.query<{ pid: number }>(
          `select pid from pg_stat_activity where datname = current_database() and application_name = $1 and pid <> pg_backend_pid()${
            state === undefined ? "" : " and state = $2"
          }`,
          state === undefined ? [Connection.APPLICATION_NAME] : [Connection.APPLICATION_NAME, state]
        )
        return rows.map((r) => r.pid)
      })
    )

  const terminate = (url: string, pids: ReadonlyArray<number>) =>
    Effect.promise(() => withClient(url, (client) => client.query("select pg_terminate_backend(pid) from unnest($1::int[]) as pid", [pids])))

  it.live("TILL_DB_POOL_SIZE bounds the pool: a query that finds every connection busy fails after the acquire timeout", () =>
    Effect.gen(function*() {
      const url = yield* freshPostgresUrl
      yield* Effect.scoped(Effect.gen(function*() {
        const { kysely } = yield* open(Connection.layerPostgres(url, { poolSize: 2, acquireTimeoutMs: 300 }))
        const held = [holdConnection(kysely), holdConnection(kysely)]
        yield* Effect.promise(() => Promise.all(held.map((h) => h.holding)))
        assert.lengthOf(yield* tillBackends(url), 2)
        const waited = yield* attempt(selectOne(kysely))
        assertUnavailable(waited.outcome, "a third query")
        assert.isAtLeast(waited.ms, 250)
        for (const h of held) h.release()
        yield* Effect.promise(() => Promise.all(held.map((h) => h.done)))
        assert.strictEqual((yield* attempt(selectOne(kysely))).outcome, "ok")
      }))
    }), 60_000)

  it.live("a statement over the statement timeout fails with StoreUnavailable; the connection that ran the (untimed) migrations has the timeout back", () =>
    Effect.gen(function*() {
      const url = yield* freshPostgresUrl
      yield* Effect.scoped(Effect.gen(function*() {
        const { kysely } = yield* open(Connection.layerPostgres(url, { poolSize: 1, statementTimeoutMs: 200 }))
        const slow = yield* attempt(() => sql`select pg_sleep(5)`.execute(kysely))
        assertUnavailable(slow.outcome, "pg_sleep(5)")
        assert.isBelow(slow.ms, 4_000)
        const { rows } = yield* Effect.promise(() => sql<{ statement_timeout: string }>`show statement_timeout`.execute(kysely))
        assert.strictEqual(rows[0]!.statement_timeout, "200ms")
      }))
    }), 60_000)

  it.live("terminating the backend of a running statement fails that statement only; the process lives and the pool recovers", () =>
    Effect.gen(function*() {
      const url = yield* freshPostgresUrl
      yield* Effect.scoped(Effect.gen(function*() {
        const { kysely } = yield* open(Connection.layerPostgres(url, { poolSize: 3 }))
        // warm the pool, so idle connections are terminated too
        yield* Effect.promise(() => Promise.all([1, 2, 3].map(() => sql`select pg_sleep(0.05)`.execute(kysely))))
        const running = Promise.all([
          sql`select pg_sleep(30)`.execute(kysely).then(() => "ok", (e: unknown) => e),
          kysely.transaction().execute((trx) => sql`select pg_sleep(30)`.execute(trx)).then(() => "ok", (e: unknown) => e)
        ])
        let active: ReadonlyArray<number> = []
        while (active.length < 2) {
          yield* Effect.sleep("20 millis")
          active = yield* tillBackends(url, "active")
        }
        yield* terminate(url, yield* tillBackends(url))
        const outcomes = yield* Effect.promise(() => running)
        outcomes.forEach((o, i) => assertUnavailable(o, `statement ${i}`))
        // every connection was lost; the next queries get new ones. An idle connection's end may reach the
        // client only after a query was handed to it: that query fails as unavailable too, and a retry succeeds.
        const query = () => sql<{ n: number }>`select 1 as n`.execute(kysely).then((r) => r.rows[0]!.n, (e: unknown) => e)
        let after: ReadonlyArray<unknown> = []
        for (let round = 0; round < 20; round++) {
          after = yield* Effect.promise(() => Promise.all([1, 2, 3].map(query)))
          if (after.every((n) => n === 1)) break
          after.filter((n) => n !== 1).forEach((e) => assertUnavailable(e, "a query on a connection that was just lost"))
          yield* Effect.sleep("100 millis")
        }
        assert.deepStrictEqual(after, [1, 1, 1])
      }))
    }), 60_000)

  it.live("through an outage: queries fail fast with StoreUnavailable while the server is unreachable, and succeed once it is back", () =>
    Effect.gen(function*() {
      const url = yield* freshPostgresUrl
      const proxy = yield* Effect.acquireRelease(Effect.promise(() => FaultProxy.start(url)), (p) => Effect.promise(() => p.close()))
      yield* Effect.scoped(Effect.gen(function*() {
        const { kysely } = yield* open(Connection.layerPostgres(proxy.via(url), { poolSize: 2, connectTimeoutMs: 1_000 }))
        proxy.down()
        for (let i = 0; i < 3; i++) {
          const failed = yield* attempt(selectOne(kysely))
          assertUnavailable(failed.outcome, `query ${i} during the outage`)
          assert.isBelow(failed.ms, 2_000)
        }
        const transaction = yield* attempt(() => kysely.transaction().execute((trx) => sql`select 1`.execute(trx)))
        assertUnavailable(transaction.outcome, "a transaction during the outage")
        proxy.up()
        assert.strictEqual((yield* attempt(selectOne(kysely))).outcome, "ok")
        // a connection cut while its statement runs
        proxy.cutOn("pg_sleep", "after")
        const cut = yield* attempt(() => sql`select pg_sleep(0.2)`.execute(kysely))
        assertUnavailable(cut.outcome, "a statement whose connection was cut")
        assert.strictEqual((yield* attempt(selectOne(kysely))).outcome, "ok")
      }))
    }), 60_000)

  it.live("a connection whose answer never comes fails its query after the statement timeout plus a margin, and is not reused", () =>
    Effect.gen(function*() {
      const url = yield* freshPostgresUrl
      const proxy = yield* Effect.acquireRelease(Effect.promise(() => FaultProxy.start(url)), (p) => Effect.promise(() => p.close()))
      yield* Effect.scoped(Effect.gen(function*() {
        // one connection: were the stalled one reused, the next query would wait behind the lost answer
        const { kysely } = yield* open(Connection.layerPostgres(proxy.via(url), { poolSize: 1, statementTimeoutMs: 300 }))
        assert.strictEqual((yield* attempt(selectOne(kysely))).outcome, "ok")
        proxy.stall()
        const stalled = yield* attempt(selectOne(kysely))
        assertUnavailable(stalled.outcome, "a query on a stalled connection")
        assert.isBelow(stalled.ms, 10_000)
        assert.strictEqual((yield* attempt(selectOne(kysely))).outcome, "ok")
      }))
    }), 60_000)
})
