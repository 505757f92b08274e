/**
 * CustomerRepository on PostgreSQL (or PGlite): one row per customer (see CustomerRow), deleted ones
 * kept as tombstones. A write stores the customer and its events in one transaction, in which the
 * SessionEventSink then runs (the queue fans the events out to webhook deliveries), as a session
 * write does. Updates are conditional on the version the caller read.
 */
import { ConcurrentModification, type CustomerFilter, CustomerRepository, type Event, type PageRequest, type Scope, type StoredCustomer } from "@till/core"
import { Effect, Layer, Option } from "effect"
import type { Kysely, Transaction } from "kysely"
import { COLUMNS, fromRow, toRow } from "./CustomerRow.ts"
import type { Database } from "./Database.ts"
import { Db } from "./Db.ts"
import { paginate, toPage, whereInRange } from "./Keyset.ts"
import { writeWithEvents } from "./ObjectEvents.ts"
import { SessionEventSink } from "./SessionEventSink.ts"

/** The query of one page of the list (exported so tests can check its plan). */
export const listQuery = (db: Kysely<Database>, scope: Scope, filter: CustomerFilter, page: PageRequest) => {
  let q = db.selectFrom("customers").select(COLUMNS)
    .where("account", "=", scope.account).where("livemode", "=", scope.livemode).where("deleted", "=", false)
  if (filter.email !== undefined) q = q.where("email", "=", filter.email)
  return paginate(whereInRange(q, "created", filter.created), { created: "created", id: "id" }, page)
}

/** Makes the repository over the Db; the SessionEventSink's `written` runs inside every write's transaction. */
export const make = Effect.gen(function*() {
  const { kysely: db } = yield* Db
  const { written } = yield* SessionEventSink

  const withEvents = (events: ReadonlyArray<Event>, write: (trx: Transaction<Database>) => Promise<boolean>) =>
    Effect.promise(() => writeWithEvents(db, written, events, write))

  const insert = (stored: StoredCustomer, events: ReadonlyArray<Event>) =>
    withEvents(events, async (trx) => {
      await trx.insertInto("customers").values(toRow(stored)).execute()
      return true
    }).pipe(Effect.asVoid)

  const update = (stored: StoredCustomer, events: ReadonlyArray<Event>) => {
    const { id, ...row } = toRow(stored)
    return withEvents(events, async (trx) => {
      const result = await trx.updateTable("customers").set(row).where("id", "=", id).where("version", "=", stored.version - 1).executeTakeFirst()
      return result.numUpdatedRows > 0n
    }).pipe(Effect.flatMap((wrote) => wrote ? Effect.void : Effect.fail(new ConcurrentModification({ id }))))
  }

  return CustomerRepository.of({
    insert,
    update,
    findById: (id) =>
      Effect.promise(() => db.selectFrom("customers").select(COLUMNS).where("id", "=", id).executeTakeFirst())
        .pipe(Effect.map((row) => row === undefined ? Option.none() : Option.some(fromRow(row)))),
    list: (scope, filter, page) =>
      Effect.promise(() => listQuery(db, scope, filter, page).execute()).pipe(Effect.map((rows) => toPage(rows.map(fromRow), page)))
  })
})

/** CustomerRepository over the Db, its writes' events handed to the SessionEventSink (required: there is no default). */
export const layer: Layer.Layer<CustomerRepository, never, Db | SessionEventSink> = Layer.effect(CustomerRepository, make)
