/**
 * A Kysely dialect around another one (PostgresDialect or PgliteDialect.ts), so that every repository
 * gets the same guarantees without knowing about them:
 * - at most `connections` connections are in use, and a query waits at most `acquireTimeoutMs` for
 *   one: under overload the caller is told at once (StoreUnavailable) instead of queueing for a minute;
 * - every connection-class failure (StoreFailures.ts) is rethrown as core's StoreUnavailable, which
 *   the HTTP adapter answers 503 and payment code knows it may retry.
 * Kysely serializes a single-connection dialect (PGlite) behind an unbounded mutex of its own; this
 * dialect says it supports several connections and does that serializing itself, with the bound.
 */
import { StoreUnavailable } from "@till/core"
import { Semaphore, type SemaphoreInterface, withTimeout } from "async-mutex"
import type {
  DatabaseConnection,
  DatabaseIntrospector,
  Dialect,
  DialectAdapter,
  Driver,
  Kysely,
  QueryCompiler,
  TransactionSettings
} from "kysely"
import { classify } from "./StoreFailures.ts"

/** How the dialect bounds its connections. */
export interface Options {
  /** Connections in use at once: the pool's size on PostgreSQL, 1 on PGlite. */
  readonly connections: number
  /** How long a query may wait for a free connection before it fails with StoreUnavailable. */
  readonly acquireTimeoutMs: number
  /**
   * Why the database cannot take queries at all right now (a closed PGlite), or undefined. Checked
   * before a connection is handed out, so such a query fails at once instead of waiting on it.
   */
  readonly unavailable?: (() => string | undefined) | undefined
  /** Runs each statement (tracing: a span per statement); absent, statements run as they are, at no cost. */
  readonly instrument?: QueryInstrument | undefined
}

/**
 * Wraps the run of one statement, given its SQL text (with `$n` placeholders: never a parameter's
 * value), or `BEGIN`, `COMMIT`, `ROLLBACK` for a transaction's own.
 */
export type QueryInstrument = <A>(sql: string, run: () => Promise<A>) => Promise<A>

const TIMED_OUT = new Error("acquire timed out")

/** How the dialect's connections are used, for metrics: counts kept as queries come and go. */
export interface ConnectionStats {
  /** Connections that may be in use at once. */
  readonly max: number
  /** Connections in use now. */
  inUse: number
  /** Queries waiting for a free connection now. */
  waiting: number
  /** Queries that had to wait for a connection, since the start. */
  waits: number
  /** Queries that gave up waiting (StoreUnavailable), since the start. */
  timeouts: number
}

const rethrow = (error: unknown): never => {
  throw classify(error)
}

const guard = <A>(promise: Promise<A>): Promise<A> => promise.catch(rethrow)

/** A connection whose failures come out classified; it remembers the inner driver's connection. */
interface GuardedConnection extends DatabaseConnection {
  readonly inner: DatabaseConnection
}

const guardConnection = (inner: DatabaseConnection, instrument: QueryInstrument | undefined): GuardedConnection => {
  const connection: GuardedConnection = {
    inner,
    executeQuery: instrument === undefined
      ? (compiledQuery, options) => guard(inner.executeQuery(compiledQuery, options))
      : (compiledQuery, options) => instrument(compiledQuery.sql, () => guard(inner.executeQuery(compiledQuery, options))),
    streamQuery: async function*(compiledQuery, chunkSize, options) {
      try {
        yield* inner.streamQuery(compiledQuery, chunkSize, options)
      } catch (error) {
        rethrow(error)
      }
    }
  }
  // optional capabilities stay absent when the inner connection lacks them
  if (inner.cancelQuery) connection.cancelQuery = (provider) => guard(inner.cancelQuery!(provider))
  if (inner.killSession) connection.killSession = (provider) => guard(inner.killSession!(provider))
  if (inner.collectSessionInfo) connection.collectSessionInfo = () => guard(inner.collectSessionInfo!())
  return connection
}

class GuardedDriver implements Driver {
  readonly #inner: Driver
  readonly #options: Options
  readonly #free: Semaphore
  readonly #permits: SemaphoreInterface
  readonly #wrapped = new WeakMap<DatabaseConnection, GuardedConnection>()
  readonly #releases = new Map<GuardedConnection, SemaphoreInterface.Releaser>()
  readonly #stats: ConnectionStats

  constructor(inner: Driver, options: Options, stats: ConnectionStats) {
    this.#inner = inner
    this.#options = options
    this.#stats = stats
    this.#free = new Semaphore(Math.max(1, options.connections))
    this.#permits = withTimeout(this.#free, options.acquireTimeoutMs, TIMED_OUT)
  }

  init(options?: Parameters<Driver["init"]>[0]): Promise<void> {
    return guard(this.#inner.init(options))
  }

  async acquireConnection(options?: Parameters<Driver["acquireConnection"]>[0]): Promise<DatabaseConnection> {
    const down = this.#options.unavailable?.()
    if (down !== undefined) throw new StoreUnavailable({ message: `The database is unavailable: ${down}` })
    let release: SemaphoreInterface.Releaser
    const stats = this.#stats
    // while a permit is free nothing waits, so no timeout (a timer per query) is set up
    const waits = this.#free.getValue() <= 0
    if (waits) {
      stats.waits++
      stats.waiting++
    }
    try {
      ;[, release] = await (waits ? this.#permits : this.#free).acquire()
    } catch (error) {
      if (error !== TIMED_OUT) throw error
      stats.timeouts++
      throw new StoreUnavailable({
        message: `The database is unavailable: no connection was free within ${this.#options.acquireTimeoutMs} ms`
      })
    } finally {
      if (waits) stats.waiting--
    }
    stats.inUse++
    try {
      const inner = await this.#inner.acquireConnection(options)
      let connection = this.#wrapped.get(inner)
      if (connection === undefined) {
        connection = guardConnection(inner, this.#options.instrument)
        this.#wrapped.set(inner, connection)
      }
      this.#releases.set(connection, release)
      return connection
    } catch (error) {
      stats.inUse--
      release()
      return rethrow(error)
    }
  }

  async releaseConnection(connection: DatabaseConnection, options?: Parameters<Driver["releaseConnection"]>[1]): Promise<void> {
    const guarded = connection as GuardedConnection
    try {
      await guard(this.#inner.releaseConnection(guarded.inner, options))
    } finally {
      const release = this.#releases.get(guarded)
      this.#releases.delete(guarded)
      if (release !== undefined) {
        this.#stats.inUse--
        release()
      }
    }
  }

  #instrumented(sql: string, run: () => Promise<void>): Promise<void> {
    const instrument = this.#options.instrument
    return instrument === undefined ? guard(run()) : instrument(sql, () => guard(run()))
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.#instrumented("BEGIN", () => this.#inner.beginTransaction((connection as GuardedConnection).inner, settings))
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#instrumented("COMMIT", () => this.#inner.commitTransaction((connection as GuardedConnection).inner))
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#instrumented("ROLLBACK", () => this.#inner.rollbackTransaction((connection as GuardedConnection).inner))
  }

  savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler["compileQuery"]): Promise<void> {
    if (!this.#inner.savepoint) throw new Error("The `savepoint` method is not supported by this driver")
    return guard(this.#inner.savepoint((connection as GuardedConnection).inner, name, compile))
  }

  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler["compileQuery"]): Promise<void> {
    if (!this.#inner.rollbackToSavepoint) throw new Error("The `rollbackToSavepoint` method is not supported by this driver")
    return guard(this.#inner.rollbackToSavepoint((connection as GuardedConnection).inner, name, compile))
  }

  releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler["compileQuery"]): Promise<void> {
    if (!this.#inner.releaseSavepoint) throw new Error("The `releaseSavepoint` method is not supported by this driver")
    return guard(this.#inner.releaseSavepoint((connection as GuardedConnection).inner, name, compile))
  }

  destroy(options?: Parameters<Driver["destroy"]>[0]): Promise<void> {
    return this.#inner.destroy(options)
  }
}

/** `inner` with bounded connections and classified failures (see the module comment). */
export class GuardedDialect implements Dialect {
  readonly #inner: Dialect
  readonly #options: Options
  /** How its connections are used now (read by the metrics). */
  readonly stats: ConnectionStats

  constructor(inner: Dialect, options: Options) {
    this.#inner = inner
    this.#options = options
    this.stats = { max: Math.max(1, options.connections), inUse: 0, waiting: 0, waits: 0, timeouts: 0 }
  }

  createDriver(): Driver {
    return new GuardedDriver(this.#inner.createDriver(), this.#options, this.stats)
  }

  createQueryCompiler(): QueryCompiler {
    return this.#inner.createQueryCompiler()
  }

  createAdapter(): DialectAdapter {
    const inner = this.#inner.createAdapter()
    // the bounded semaphore above replaces Kysely's own unbounded mutex for single-connection dialects
    return Object.create(inner, { supportsMultipleConnections: { value: true } }) as DialectAdapter
  }

  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return this.#inner.createIntrospector(db)
  }
}
