/**
 * Which database failures mean "the store is unavailable" (core's StoreUnavailable): the server cannot
 * be reached, dropped the connection, is shutting down or starting, has no connection slot left, or did
 * not answer in time. Anything else (a constraint violation, a syntax error) is a bug or a business
 * outcome and stays what it is. The one place that knows the drivers' error shapes.
 */
import { StoreUnavailable } from "@till/core"

// SQLSTATEs: https://www.postgresql.org/docs/current/errcodes-appendix.html
const UNAVAILABLE_STATES = new Set([
  "57P01", // admin_shutdown: pg_terminate_backend, a fast shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: starting up, in recovery
  "57P04", // database_dropped
  "57P05", // idle_session_timeout
  "53300", // too_many_connections
  "57014", // query_canceled: statement_timeout, or a cancel from outside
  "25P03", // idle_in_transaction_session_timeout
  "25006" // read_only_sql_transaction: after a failover, the old primary is a standby (Till never opens read-only transactions)
])

// Node's socket errors when the server is unreachable or the connection breaks.
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  "ENOTFOUND",
  "EAI_AGAIN"
])

// Errors pg, pg-pool, Kysely and PGlite raise without a code; matched on the start of the message.
const UNAVAILABLE_MESSAGES = [
  "Connection terminated", // pg: "… unexpectedly", "… due to connection timeout"
  "timeout expired", // pg: connectionTimeoutMillis of a lone client
  "timeout exceeded when trying to connect", // pg-pool: no connection within connectionTimeoutMillis
  "Client has encountered a connection error and is not queryable",
  "Client was closed and is not queryable",
  "Query read timeout", // pg: query_timeout, the client-side backstop of statement_timeout
  "Cannot use a pool after calling end on the pool", // shutting down
  "driver has already been destroyed", // Kysely, shutting down
  "Postgres connection has been discarded", // Kysely, after a failed rollback
  "PGlite is closed",
  "PGlite is closing",
  "PGlite instance is already closed",
  "Aborted(" // PGlite's WebAssembly module aborted: it answers nothing any more
]

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null

const isOwnFailure = (error: unknown): boolean => {
  if (!isRecord(error)) return false
  const code = error["code"]
  if (typeof code === "string" && (code.startsWith("08") || UNAVAILABLE_STATES.has(code) || NETWORK_CODES.has(code))) return true
  if (typeof WebAssembly !== "undefined" && error instanceof WebAssembly.RuntimeError) return true
  const message = error["message"]
  return typeof message === "string" && UNAVAILABLE_MESSAGES.some((m) => message.startsWith(m))
}

/**
 * Whether `error` (or what caused it, or, for a connection attempt to several addresses, any of its
 * errors) is a connection-class failure.
 */
export const isUnavailable = (error: unknown, depth = 0): boolean => {
  if (depth > 5 || !isRecord(error)) return false
  if (error["_tag"] === "StoreUnavailable" || isOwnFailure(error)) return true
  const errors = error["errors"]
  if (Array.isArray(errors) && errors.some((e) => isUnavailable(e, depth + 1))) return true
  return isUnavailable(error["cause"], depth + 1)
}

/** `error` as a StoreUnavailable when it is a connection-class failure; otherwise `error` itself. */
export const classify = (error: unknown): unknown => {
  if (!isUnavailable(error)) return error
  if (isRecord(error) && error["_tag"] === "StoreUnavailable") return error
  const detail = isRecord(error) && typeof error["message"] === "string" ? error["message"] : String(error)
  return new StoreUnavailable({ message: `The database is unavailable: ${detail}` })
}
