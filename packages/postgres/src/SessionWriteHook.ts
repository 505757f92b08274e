/**
 * A hook into the transaction that writes a session, for work that must commit or roll back with it
 * (the queue enqueues its jobs here, transactional outbox style).
 */
import type { Event, SessionState } from "@till/core"
import { Context } from "effect"
import type { Transaction } from "kysely"
import type { Database } from "./Database.ts"

/** What is being written: a new session, or a new version of one, with its events. */
export interface SessionWrite {
  readonly kind: "insert" | "update"
  readonly state: SessionState
}

/**
 * Called inside the session write's transaction after the session and its events are written, and
 * only when the write succeeds (not when an update loses to a concurrent one). A rejection rolls the
 * whole write back and becomes a defect. Use `trx` for every statement: on PGlite the transaction
 * holds the only connection, so anything else waits for it forever.
 */
export type SessionWriteHookFn = (
  trx: Transaction<Database>,
  events: ReadonlyArray<Event>,
  write: SessionWrite
) => Promise<void>

/** The default hook: none, so a session write needs no transaction around its one statement. */
export const noHook: SessionWriteHookFn = () => Promise.resolve()

/** The hook SessionRepositoryPg calls, read when its layer is built. The default is {@link noHook}. */
export const SessionWriteHook = Context.Reference<SessionWriteHookFn>("till/postgres/SessionWriteHook", {
  defaultValue: () => noHook
})
