/**
 * The bundled app's domain with the queue, in this process, over a fresh database (PGlite in a
 * temporary directory, or a new PostgreSQL database): what `till serve` runs minus HTTP, with the
 * queue settings and the clock under the test's control.
 */
import { Clock, Context, type Duration, Effect, Layer } from "effect"
import { Connection, Db } from "@till/postgres"
import { Boss, QueueSettings, Resolver, Worker } from "@till/queue"
import { freshPostgresUrl, tempDir } from "@till/postgres/testing"
import { FakeDns } from "@till/queue/testing"
import { join } from "node:path"
import { DomainLayer, QueueSinkLayer } from "../../src/AppLayer.ts"
import * as Sweeper from "../../src/Sweeper.ts"

/** Which database. */
export type Backend = "pglite" | "postgres"

/** A clock that can be moved forward: the app's time, while the database keeps its own. */
export class TestTime extends Context.Service<TestTime, { readonly advance: (seconds: number) => void }>()("till/test/TestTime") {}

const offsetClock = Layer.effectContext(Effect.gen(function*() {
  const base = yield* Clock.Clock
  let offsetMs = 0
  const now = () => base.currentTimeMillisUnsafe() + offsetMs
  const clock: Clock.Clock = {
    currentTimeMillisUnsafe: now,
    currentTimeMillis: Effect.sync(now),
    currentTimeNanosUnsafe: () => BigInt(now()) * 1_000_000n,
    currentTimeNanos: Effect.sync(() => BigInt(now()) * 1_000_000n),
    monotonicTimeNanosUnsafe: () => base.monotonicTimeNanosUnsafe(),
    monotonicTimeNanos: base.monotonicTimeNanos,
    sleep: (duration) => base.sleep(duration)
  }
  return Context.make(Clock.Clock, clock).pipe(Context.add(TestTime, TestTime.of({ advance: (seconds) => void (offsetMs += seconds * 1000) })))
}))

/** Settings for tests: one-second backoff, quick polling. */
export const fastSettings = (overrides: Partial<QueueSettings.QueueSettings> = {}): QueueSettings.QueueSettings => ({
  ...QueueSettings.defaults,
  live: { retryLimit: 3, retryDelay: 1, retryDelayMax: 4 },
  test: { retryLimit: 3, retryDelay: 1, retryDelayMax: 4 },
  pollingSeconds: 0.5,
  superviseSeconds: 2,
  ...overrides
})

/**
 * How long a stack may take to build: a fresh database (PGlite's initdb), migrations and pg-boss's
 * schema, a few seconds idle and past a minute on a loaded 2-core machine.
 */
export const START_TIMEOUT = "4 minutes"

/** What a stack is made of. */
export interface StackOptions {
  readonly settings?: QueueSettings.QueueSettings
  /** How many worker registrations (each with `settings.concurrency` handlers per queue); 0 for none. */
  readonly workers?: number
  /** The expiry sweep's interval; none when absent. */
  readonly sweep?: Duration.Input
  /**
   * `TILL_WEBHOOK_ALLOW_PRIVATE`: `"true"` by default, since the tests' receivers listen on loopback in
   * both modes; `"unset"` for the server's own default.
   */
  readonly allowPrivate?: "true" | "false" | "unset"
  /** What webhook host names resolve to; none resolves by default (no test asks a real DNS server). */
  readonly dns?: FakeDns.FakeDns
  /** The size of pg-boss's own connection pool on PostgreSQL (its default when absent). */
  readonly bossPoolSize?: number
}

const database = (backend: Backend, bossPoolSize?: number) =>
  backend === "pglite"
    ? Effect.map(tempDir(), (dir) => {
      const db = Connection.layerPglite(join(dir, "data")).pipe(Layer.orDie)
      return { db, target: (d: Db["Service"]): Boss.Target => ({ backend: "pglite", pglite: d.pglite! }) }
    })
    : Effect.map(freshPostgresUrl, (url) => ({
      db: Connection.layerPostgres(url),
      target: (): Boss.Target => ({ backend: "postgres", connectionString: url, poolSize: bossPoolSize })
    }))

/** The use cases with the queue (and the worker and sweep, as asked) over a fresh database of `backend`. */
export const stack = (backend: Backend, options: StackOptions = {}) =>
  Layer.unwrap(Effect.gen(function*() {
    const { db, target } = yield* database(backend, options.bossPoolSize)
    const settings = options.settings ?? fastSettings()
    const boss = Layer.unwrap(Effect.map(Db, (d) => Boss.layer(target(d), settings)))
    const workers = Layer.mergeAll(
      Layer.empty,
      ...Array.from({ length: options.workers ?? 1 }, () => Worker.layer),
      ...(options.sweep === undefined ? [] : [Sweeper.layer(options.sweep)])
    )
    const allowPrivate = options.allowPrivate ?? "true"
    const queue = QueueSettings.make({ allowPrivate: allowPrivate === "unset" ? undefined : allowPrivate === "true" })
    const domain = DomainLayer({ queue }).pipe(
      Layer.provide(QueueSinkLayer),
      Layer.provide(Layer.succeed(Resolver.Resolver, (options.dns ?? FakeDns.make()).resolve))
    )
    return workers.pipe(
      Layer.provideMerge(domain),
      Layer.provideMerge(boss),
      Layer.provideMerge(db),
      Layer.provideMerge(offsetClock)
    )
  }))
