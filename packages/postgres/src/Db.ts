/**
 * The database handle every adapter of this package uses, and its transactions.
 */
import type { PGlite } from "@electric-sql/pglite"
import { AsyncLocalStorage } from "node:async_hooks"
import { Context } from "effect"
import type { Kysely, Transaction } from "kysely"
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

/**
 * The Kysely transaction the current async context runs in, if any. On PGlite an open transaction
 * holds the only connection, so anything else that must write inside it (pg-boss enqueueing a job)
 * looks here and routes its statements into the transaction instead of waiting for it forever.
 */
export const TransactionStorage = new AsyncLocalStorage<Transaction<Database>>()

/** The transaction the caller runs in, if any (see {@link TransactionStorage}). */
export const currentTransaction = (): Transaction<Database> | undefined => TransactionStorage.getStore()

/** Runs `f` in one transaction, visible through {@link TransactionStorage} while it runs. */
export const transaction = <A>(db: Kysely<Database>, f: (trx: Transaction<Database>) => Promise<A>): Promise<A> =>
  db.transaction().execute((trx) => TransactionStorage.run(trx, () => f(trx)))
