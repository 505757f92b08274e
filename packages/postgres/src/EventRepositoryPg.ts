/**
 * EventRepository on PostgreSQL (or PGlite). Events are written by SessionRepositoryPg, in the
 * transaction of the change that causes them; this reads them back.
 */
import { Event, type EventFilter, EventRepository, type PageRequest, type Scope } from "@till/core"
import { Effect, Layer, Option, Schema } from "effect"
import type { Kysely } from "kysely"
import type { Database } from "./Database.ts"
import { Db } from "./Db.ts"
import { paginate, toPage, whereInRange } from "./Keyset.ts"

const decodeEvent = Schema.decodeUnknownSync(Event)

/** The query of one page of an event list (exported so tests can check its plan). */
export const listQuery = (db: Kysely<Database>, scope: Scope, filter: EventFilter, page: PageRequest) => {
  let q = db.selectFrom("events").select("doc").where("account", "=", scope.account).where("livemode", "=", scope.livemode)
  if (filter.type !== undefined) q = q.where("type", "=", filter.type)
  return paginate(whereInRange(q, "created", filter.created), { created: "created", id: "id" }, page)
}

/** Makes the repository over the Db. */
export const make = Effect.gen(function*() {
  const { kysely: db } = yield* Db
  return EventRepository.of({
    findById: (id) =>
      Effect.promise(() => db.selectFrom("events").select("doc").where("id", "=", id).executeTakeFirst()).pipe(
        Effect.map((row) => row === undefined ? Option.none() : Option.some(decodeEvent(row.doc)))
      ),
    list: (scope, filter, page) =>
      Effect.promise(() => listQuery(db, scope, filter, page).execute()).pipe(
        Effect.map((rows) => toPage(rows.map((row) => decodeEvent(row.doc)), page))
      )
  })
})

/** EventRepository over the Db. */
export const layer: Layer.Layer<EventRepository, never, Db> = Layer.effect(EventRepository, make)
