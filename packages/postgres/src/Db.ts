/**
 * The database handle every adapter of this package uses.
 */
import type { PGlite } from "@electric-sql/pglite"
import { Context } from "effect"
import type { Kysely } from "kysely"
import type { Database } from "./Database.ts"

/** Which database is behind the handle. */
export type Backend = "postgres" | "pglite"

/** How the process's database connections are used right now (for metrics). */
export interface PoolStats {
  /** Connections that may be in use at once: the pool's size, 1 on PGlite. */
  readonly max: number
  readonly inUse: number
  /** Queries waiting for a free connection now. */
  readonly waiting: number
  /** Queries that had to wait for a connection, and those that gave up waiting, since the start. */
  readonly waits: number
  readonly timeouts: number
  /** PostgreSQL only: the `pg` pool's own counts (`totalCount`, `idleCount`, `waitingCount`). */
  readonly pg?: { readonly total: number; readonly idle: number; readonly waiting: number }
}

/** A migrated database: Kysely over PostgreSQL (a pool) or over embedded PGlite (one connection). */
export class Db extends Context.Service<Db, {
  readonly kysely: Kysely<Database>
  readonly backend: Backend
  /** The PGlite instance on the embedded backend (for pg-boss's `fromPglite`); null on PostgreSQL. */
  readonly pglite: PGlite | null
  /** How the connections are used now; absent on a handle made without the connection layer. */
  readonly stats?: () => PoolStats
}>()("till/postgres/Db") {}
