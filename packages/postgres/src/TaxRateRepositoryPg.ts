/**
 * TaxRateRepository on PostgreSQL (or PGlite): one row per tax rate (see TaxRateRow). A write stores
 * the rate and its events in one transaction, in which the SessionEventSink then runs, as a customer's
 * does. Updates are conditional on the version the caller read.
 */
import { ConcurrentModification, type Event, type PageRequest, type Scope, type TaxRateFilter, TaxRateRepository } from "@till/core"
import { Effect, Layer, Option } from "effect"
import type { Kysely, Transaction } from "kysely"
import type { Database } from "./Database.ts"
import { Db } from "./Db.ts"
import { writeWithEvents } from "./ObjectEvents.ts"
import { paginate, toPage, whereInRange } from "./Keyset.ts"
import { SessionEventSink } from "./SessionEventSink.ts"
import { COLUMNS, fromRow, toRow } from "./TaxRateRow.ts"

/** The query of one page of the list (exported so tests can check its plan). */
export const listQuery = (db: Kysely<Database>, scope: Scope, filter: TaxRateFilter, page: PageRequest) => {
  let q = db.selectFrom("tax_rates").select(COLUMNS).where("account", "=", scope.account).where("livemode", "=", scope.livemode)
  if (filter.active !== undefined) q = q.where("active", "=", filter.active)
  if (filter.inclusive !== undefined) q = q.where("inclusive", "=", filter.inclusive)
  return paginate(whereInRange(q, "created", filter.created), { created: "created", id: "id" }, page)
}

/** Makes the repository over the Db; the SessionEventSink's `written` runs inside every write's transaction. */
export const make = Effect.gen(function*() {
  const { kysely: db } = yield* Db
  const { written } = yield* SessionEventSink

  const withEvents = (events: ReadonlyArray<Event>, write: (trx: Transaction<Database>) => Promise<boolean>) =>
    Effect.promise(() => writeWithEvents(db, written, events, write))

  return TaxRateRepository.of({
    insert: (stored, events) =>
      withEvents(events, async (trx) => {
        await trx.insertInto("tax_rates").values(toRow(stored)).execute()
        return true
      }).pipe(Effect.asVoid),
    update: (stored, events) => {
      const { id, ...row } = toRow(stored)
      return withEvents(events, async (trx) => {
        const result = await trx.updateTable("tax_rates").set(row).where("id", "=", id).where("version", "=", stored.version - 1).executeTakeFirst()
        return result.numUpdatedRows > 0n
      }).pipe(Effect.flatMap((wrote) => wrote ? Effect.void : Effect.fail(new ConcurrentModification({ id }))))
    },
    findById: (scope, id) =>
      Effect.promise(() =>
        db.selectFrom("tax_rates").select(COLUMNS).where("id", "=", id).where("account", "=", scope.account).where("livemode", "=", scope.livemode).executeTakeFirst()
      ).pipe(Effect.map((row) => row === undefined ? Option.none() : Option.some(fromRow(row)))),
    list: (scope, filter, page) =>
      Effect.promise(() => listQuery(db, scope, filter, page).execute()).pipe(Effect.map((rows) => toPage(rows.map(fromRow), page)))
  })
})

/** TaxRateRepository over the Db, its writes' events handed to the SessionEventSink (required: there is no default). */
export const layer: Layer.Layer<TaxRateRepository, never, Db | SessionEventSink> = Layer.effect(TaxRateRepository, make)
