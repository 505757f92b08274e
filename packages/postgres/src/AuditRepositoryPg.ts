/**
 * AuditRepository on PostgreSQL (or PGlite): one row per record, its actor in columns, its details as
 * JSON. The table is declared here (`withTables`), beside the only code that uses it.
 */
import { type AuditActor, type AuditDetails, type AuditQuery, type AuditRecord, AuditRepository } from "@till/core"
import { Effect, Layer } from "effect"
import type { Int8, Int8Identity, Json } from "./Database.ts"
import { Db } from "./Db.ts"

/** The audit trail. */
export interface AuditRecordsTable {
  readonly id: string
  readonly seq: Int8Identity
  readonly account: string
  readonly livemode: boolean
  readonly actor_type: AuditActor["type"]
  readonly actor_id: string | null
  readonly actor_email: string | null
  readonly action: string
  readonly object_id: string
  readonly details: Json | null
  readonly created: Int8
}

/** The audit trail's table. */
export type AuditTables = { readonly audit_records: AuditRecordsTable }

const COLUMNS = ["id", "account", "livemode", "actor_type", "actor_id", "actor_email", "action", "object_id", "details", "created"] as const

const toRecord = (row: {
  id: string
  account: string
  livemode: boolean
  actor_type: AuditActor["type"]
  actor_id: string | null
  actor_email: string | null
  action: string
  object_id: string
  details: unknown
  created: string
}): AuditRecord => ({
  id: row.id,
  object: "audit_record",
  account: row.account,
  livemode: row.livemode,
  actor: { type: row.actor_type, id: row.actor_id, email: row.actor_email },
  action: row.action,
  object_id: row.object_id,
  details: (row.details ?? null) as AuditDetails | null,
  created: Number(row.created)
})

/** Makes the repository over the Db. */
export const make = Effect.gen(function*() {
  const db = (yield* Db).kysely.withTables<AuditTables>()
  const select = (account: string, livemode: boolean, query: AuditQuery) => {
    let q = db.selectFrom("audit_records").select(COLUMNS).where("account", "=", account).where("livemode", "=", livemode)
    if (query.actions !== undefined) q = query.actions.length === 0 ? q.where((eb) => eb.val(false)) : q.where("action", "in", query.actions)
    return q.orderBy("created", "desc").orderBy("seq", "desc").limit(Math.max(0, Math.floor(query.limit)))
  }
  return AuditRepository.of({
    insert: (r) =>
      Effect.promise(() =>
        db.insertInto("audit_records").values({
          id: r.id,
          account: r.account,
          livemode: r.livemode,
          actor_type: r.actor.type,
          actor_id: r.actor.id,
          actor_email: r.actor.email,
          action: r.action,
          object_id: r.object_id,
          details: r.details === null ? null : JSON.stringify(r.details),
          created: r.created
        }).execute()
      ).pipe(Effect.asVoid),
    listForObjects: (scope, objects, query) =>
      objects.length === 0
        ? Effect.succeed([])
        : Effect.promise(() => select(scope.account, scope.livemode, query).where("object_id", "in", objects).execute()).pipe(Effect.map((rows) => rows.map(toRecord))),
    listForAccount: (scope, query) => Effect.promise(() => select(scope.account, scope.livemode, query).execute()).pipe(Effect.map((rows) => rows.map(toRecord)))
  })
})

/** AuditRepository over the Db. */
export const layer: Layer.Layer<AuditRepository, never, Db> = Layer.effect(AuditRepository, make)
