/**
 * Where a session write's events go, inside the write's transaction (transactional outbox): the queue
 * fans them out to webhook deliveries and enqueues their jobs, committing or rolling back with the
 * write. A batch of the expiry sweep is one call, with every session's events. `SessionRepositoryPg.layer` requires it and nothing
 * provides a default, so a composition that leaves the queue out has to say so: with the queue's sink
 * (`apps/server` wires `@till/queue`'s `WriteHook`), or, in tests and benchmarks, with
 * `@till/postgres/testing`'s `NoOutbox.layer`. The catalog's changes (CatalogRepositoryPg) hand their
 * events to the same sink, with no session writes.
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
 * Called inside the session write's transaction after the sessions and their events are written, once
 * per transaction: with one write, or with every session a batch of the expiry sweep stored (`writes`,
 * their events together in `events`); and only with what was written (not with an update that lost to
 * a concurrent one). A rejection rolls the whole write back and becomes a defect. Use `trx` for every
 * statement: on PGlite the transaction holds the only connection, so anything else waits for it forever.
 */
export type Written = (trx: Transaction<Database>, events: ReadonlyArray<Event>, writes: ReadonlyArray<SessionWrite>) => Promise<void>

/** The sink of session writes' events that SessionRepositoryPg requires. */
export class SessionEventSink extends Context.Service<SessionEventSink, {
  /**
   * What to do inside each write's transaction; `null` when nothing is (a composition with no queue,
   * stated with `NoOutbox.layer`): the write is then its one statement, with no transaction around it.
   */
  readonly written: Written | null
  /**
   * Whether `written` has nothing to do for a write without events. Then such a write (a new session,
   * a metadata update) is its one statement, with no transaction and no call; by default every write
   * calls it.
   */
  readonly onlyWithEvents?: boolean
}>()("till/postgres/SessionEventSink") {}
