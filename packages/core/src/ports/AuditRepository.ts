/**
 * Port: the audit trail, who did what to which object and when (issue 15).
 */
import { Context, type Effect } from "effect"
import type { AuditRecord } from "../Audit.ts"
import type { Scope } from "../CheckoutSession.ts"

/** How a list of records is bounded: newest first, at most `limit`, optionally only some actions. */
export interface AuditQuery {
  readonly limit: number
  /** Only these actions (e.g. `["api_key.roll", "api_key.revoke"]`); every action when absent. */
  readonly actions?: ReadonlyArray<string> | undefined
}

/** Port: audit records, append-only, read per object or per account, newest first. */
export class AuditRepository extends Context.Service<AuditRepository, {
  /** Appends a record (ids are unique; a record is never changed). */
  readonly insert: (record: AuditRecord) => Effect.Effect<void>
  /** The scope's records about any of the objects, newest first. */
  readonly listForObjects: (scope: Scope, objects: ReadonlyArray<string>, query: AuditQuery) => Effect.Effect<ReadonlyArray<AuditRecord>>
  /** The scope's records, newest first. */
  readonly listForAccount: (scope: Scope, query: AuditQuery) => Effect.Effect<ReadonlyArray<AuditRecord>>
}>()("till/AuditRepository") {}
