/**
 * The database handle every adapter of this package uses.
 */
import type { PGlite } from "@electric-sql/pglite"
import { Context } from "effect"
import type { Kysely } from "kysely"
import type { Database } from "./Database.ts"

/** Which database is behind the handle. */
export type Backend = "postgres" | "pglite"

/** A migrated database: Kysely over PostgreSQL (a pool) or over embedded PGlite (one connection). */
export class Db extends Context.Service<Db, {
  readonly kysely: Kysely<Database>
  readonly backend: Backend
  /** The PGlite instance on the embedded backend (for pg-boss's `fromPglite`); null on PostgreSQL. */
  readonly pglite: PGlite | null
}>()("till/postgres/Db") {}
