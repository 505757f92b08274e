/**
 * The `pg` pool Till keeps to a PostgreSQL server, with its timeouts, and the face Kysely's
 * PostgresDialect sees of it. A `pg` client whose server goes away emits 'error'; with nothing
 * listening that ends the process, and pg-pool listens only while a client is idle. So every client
 * gets a listener of its own for its whole life: the statement it was running fails (and is
 * classified), the pool drops the client, and the next query gets a fresh connection.
 */
import type { PostgresPool, PostgresPoolClient } from "kysely"
import pg from "pg"
import * as NamedQuery from "./NamedQuery.ts"
import * as Prepared from "./Prepared.ts"

/** How the pool connects and how long anything may take. */
export interface Options {
  readonly connectionString: string
  /** Connections at most. */
  readonly size: number
  /** How long opening a connection (TCP, TLS, authentication) may take. */
  readonly connectTimeoutMs: number
  /** The server's `statement_timeout` for every statement of these connections; 0 means none. */
  readonly statementTimeoutMs: number
  /** Shown in `pg_stat_activity`, so an operator (or a test) can tell Till's connections apart. */
  readonly applicationName: string
  /** Told about every connection error (a lost server, a dropped connection). */
  readonly onError: (error: Error) => void
}

/**
 * How much later than `statement_timeout` the client gives up on an answer itself: the server cancels
 * a slow statement first; this only fires when the server cannot answer at all (a network that drops
 * packets silently), where nothing else would end the wait.
 */
export const QUERY_TIMEOUT_MARGIN_MS = 2_000

/** A pool to the server at `options.connectionString`, every client's errors handled. */
export const make = (options: Options): pg.Pool => {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.size,
    connectionTimeoutMillis: options.connectTimeoutMs,
    ...(options.statementTimeoutMs > 0
      ? { statement_timeout: options.statementTimeoutMs, query_timeout: options.statementTimeoutMs + QUERY_TIMEOUT_MARGIN_MS }
      : {}),
    application_name: options.applicationName,
    // notices a peer that vanished (a failover, a cable) on an idle connection
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000
  })
  pool.on("error", options.onError)
  pool.on("connect", (client) => client.on("error", options.onError))
  return pool
}

/**
 * `pool` as Kysely's PostgresDialect takes it. A client that gave up waiting for an answer (`Query
 * read timeout`) still has that statement outstanding, so it is discarded when released instead of
 * being handed to the next query, which would queue behind the lost answer.
 */
export const forKysely = (pool: pg.Pool): PostgresPool => ({
  options: pool.options,
  connect: async () => {
    const client = await pool.connect()
    let overdue = false
    const query = (sql: string, parameters: ReadonlyArray<unknown>) => {
      // a statement compiled once goes by its name, so PostgreSQL parses and plans it once per connection (Prepared.ts),
      // and pg sets up its result's rows once (NamedQuery.ts)
      const name = Prepared.nameOf(sql)
      return (name === undefined
        ? client.query(sql, parameters as Array<unknown>)
        : NamedQuery.run(client, name, sql, parameters as Array<unknown>)).catch((error: unknown) => {
        if (error instanceof Error && error.message === "Query read timeout") overdue = true
        throw error
      })
    }
    return {
      processID: (client as { processID?: number }).processID,
      query,
      release: (destroy?: boolean) => client.release(overdue ? new Error("query read timeout") : destroy)
    } as unknown as PostgresPoolClient
  },
  end: () => pool.end()
})
