/**
 * EventRepository on PostgreSQL (or PGlite). Events are written by SessionRepositoryPg, in the
 * transaction of the change that causes them; this reads them back.
 */
import { Event, type EventFilter, EventRepository, type PageRequest, type Scope } from "@till/core"
import { Effect, Layer, Option, Schema } from "effect"
import { type Kysely, sql } from "kysely"
import type { Database } from "./Database.ts"
import { Db } from "./Db.ts"
import { withDefault } from "./Documents.ts"
import { paginate, toPage, whereInRange } from "./Keyset.ts"

/**
 * What `events.doc` holds: the event, its object frozen as it was shown (never decoded into a domain
 * type), read tolerantly like every stored document (see Documents.ts).
 */
export const EventDocument = Event.mapFields((fields) => ({
  ...fields,
  request: withDefault(fields.request, { id: null, idempotency_key: null }),
  pending_webhooks: withDefault(fields.pending_webhooks, 0)
}))

const decodeEvent = Schema.decodeUnknownSync(EventDocument)

/** `pending_webhooks`: the event's deliveries still pending, counted at read time (the stored doc says 0). */
const pending = sql<string>`(select count(*) from webhook_deliveries d where d.event_id = events.id and d.status = 'pending')`.as("pending")

const toEvent = (row: { readonly doc: unknown; readonly pending: string }): Event => ({
  ...decodeEvent(row.doc),
  pending_webhooks: Number(row.pending)
})

/** The query of one page of an event list (exported so tests can check its plan). */
export const listQuery = (db: Kysely<Database>, scope: Scope, filter: EventFilter, page: PageRequest) => {
  let q = db.selectFrom("events").select(["doc", pending]).where("account", "=", scope.account).where("livemode", "=", scope.livemode)
  const types = filter.types
  if (types !== undefined) {
    // a wildcard that matches none of the types asks for nothing: `in ()` is no SQL
    q = types.length === 0 ? q.where(sql<boolean>`false`) : types.length === 1 ? q.where("type", "=", types[0]!) : q.where("type", "in", types)
  }
  const objects = filter.objects
  if (objects !== undefined) {
    // the expression of the events_object index, so an object's history is read by it
    q = objects.length === 0 ? q.where(sql<boolean>`false`) : q.where(sql<string>`(doc -> 'data' -> 'object' ->> 'id')`, "in", objects)
  }
  return paginate(whereInRange(q, "created", filter.created), { created: "created", id: "id" }, page)
}

/**
 * Feed cursors are `<txid>:<seq>`: events are read in (txid, seq) order, and only those whose
 * transaction is older than the oldest one still running (see the event_feed migration), so every
 * event past a cursor that will ever exist sorts after what was already read.
 */
const parseCursor = (cursor: string): readonly [string, string] => {
  const match = /^(\d{1,20}):(\d{1,20})$/.exec(cursor)
  return match === null ? ["0", "0"] : [match[1]!, match[2]!]
}

/** Makes the repository over the Db. */
export const make = Effect.gen(function*() {
  const { kysely: db } = yield* Db
  return EventRepository.of({
    findById: (id) =>
      Effect.promise(() => db.selectFrom("events").select(["doc", pending]).where("id", "=", id).executeTakeFirst()).pipe(
        Effect.map((row) => row === undefined ? Option.none() : Option.some(toEvent(row)))
      ),
    findByIds: (ids) =>
      ids.length === 0
        ? Effect.succeed([])
        : Effect.promise(() => db.selectFrom("events").select(["doc", pending]).where("id", "in", ids).execute()).pipe(
          Effect.map((rows) => rows.map(toEvent))
        ),
    list: (scope, filter, page) =>
      Effect.promise(() => listQuery(db, scope, filter, page).execute()).pipe(
        Effect.map((rows) => toPage(rows.map(toEvent), page))
      ),
    feedStart: (scope, after) =>
      after === undefined
        // every transaction from the oldest still running on: whatever commits from now on is past it
        ? Effect.promise(() => sql<{ x: string }>`select pg_snapshot_xmin(pg_current_snapshot())::text as x`.execute(db)).pipe(
          Effect.map(({ rows }) => Option.some(`${rows[0]!.x}:0`))
        )
        : Effect.promise(() =>
          db.selectFrom("events").select([sql<string>`txid::text`.as("txid"), "seq"])
            .where("id", "=", after).where("account", "=", scope.account).where("livemode", "=", scope.livemode)
            .executeTakeFirst()
        ).pipe(Effect.map((row) => row === undefined ? Option.none() : Option.some(`${row.txid}:${row.seq}`))),
    feed: (scope, filter, cursor, limit) => {
      const [txid, seq] = parseCursor(cursor)
      let q = db.selectFrom("events").select(["doc", pending, sql<string>`txid::text`.as("txid"), "seq"])
        .where("account", "=", scope.account).where("livemode", "=", scope.livemode)
        .where(sql<boolean>`(txid, seq) > (${txid}::xid8, ${seq}::int8)`)
        .where(sql<boolean>`txid < pg_snapshot_xmin(pg_current_snapshot())`)
      const types = filter.types
      if (types !== undefined) q = types.length === 0 ? q.where(sql<boolean>`false`) : q.where("type", "in", types)
      return Effect.promise(() => q.orderBy("txid").orderBy("seq").limit(limit).execute()).pipe(
        Effect.map((rows) => {
          const last = rows.at(-1)
          return { events: rows.map(toEvent), cursor: last === undefined ? cursor : `${last.txid}:${last.seq}` }
        })
      )
    }
  })
})

/** EventRepository over the Db. */
export const layer: Layer.Layer<EventRepository, never, Db> = Layer.effect(EventRepository, make)
