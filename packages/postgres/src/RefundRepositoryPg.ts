/**
 * RefundRepository on PostgreSQL (or PGlite). A reservation locks the charge's record (made on the
 * spot if the charge has none) for the length of its transaction, sums the refunds that count and
 * inserts the new one only if the sum stays within what was captured, so concurrent refunds of one
 * charge, in one process or many, are decided one after another. Every write stores its events in the
 * same transaction and runs the SessionEventSink there, as a session write does.
 */
import {
  ConcurrentModification,
  type Event,
  type PageRequest,
  type RefundFilter,
  RefundRepository,
  type Reservation,
  type Scope
} from "@till/core"
import { Effect, Layer, Option } from "effect"
import { type Kysely, sql, type Transaction } from "kysely"
import type { Database } from "./Database.ts"
import { Db } from "./Db.ts"
import { paginate, toPage, whereInRange } from "./Keyset.ts"
import { writeWithEvents } from "./ObjectEvents.ts"
import { chargeFromRow, chargeToRow, refundFromRow, refundToRow } from "./RefundRows.ts"
import { SessionEventSink } from "./SessionEventSink.ts"

/** The query of one page of the list (exported so tests can check its plan). */
export const listQuery = (db: Kysely<Database>, scope: Scope, filter: RefundFilter, page: PageRequest) => {
  let q = db.selectFrom("refunds").selectAll().where("account", "=", scope.account).where("livemode", "=", scope.livemode)
  if (filter.charge !== undefined) q = q.where("charge", "=", filter.charge)
  if (filter.payment_intent !== undefined) q = q.where("payment_intent", "=", filter.payment_intent)
  return paginate(whereInRange(q, "created", filter.created), { created: "created", id: "id" }, page)
}

/** Makes the repository over the Db; the SessionEventSink's `written` runs inside every write's transaction. */
export const make = Effect.gen(function*() {
  const { kysely: db } = yield* Db
  const { written } = yield* SessionEventSink

  const withEvents = <A>(events: ReadonlyArray<Event>, write: (trx: Transaction<Database>) => Promise<A>, wrote: (a: A) => boolean) =>
    Effect.promise(() => writeWithEvents(db, written, events, write, wrote))

  /** Makes a charge's record with no details, unless it has one. */
  const ensureCharge = (trx: Transaction<Database>, record: { id: string; account: string; livemode: boolean; payment_intent: string }) =>
    trx.insertInto("charges").values(chargeToRow({ ...record, version: 0, details: null }))
      .onConflict((oc) => oc.column("id").doNothing()).execute()

  return RefundRepository.of({
    reserve: (stored, captured, events) => {
      const refund = stored.refund
      return withEvents(events, async (trx): Promise<Reservation> => {
        await ensureCharge(trx, { id: refund.charge, account: stored.account, livemode: refund.livemode, payment_intent: refund.payment_intent })
        await trx.selectFrom("charges").select("id").where("id", "=", refund.charge).forUpdate().execute()
        const { refunded } = await trx.selectFrom("refunds")
          .select(sql<string>`coalesce(sum(amount), 0)`.as("refunded"))
          .where("charge", "=", refund.charge).where("status", "not in", ["failed", "canceled"])
          .executeTakeFirstOrThrow()
        if (Number(refunded) + refund.amount > captured) return { _tag: "Exceeds", refunded: Number(refunded) }
        await trx.insertInto("refunds").values(refundToRow(stored)).execute()
        return { _tag: "Reserved" }
      }, (r) => r._tag === "Reserved")
    },
    update: (stored, events) => {
      const { id, ...row } = refundToRow(stored)
      return withEvents(events, async (trx) => {
        const result = await trx.updateTable("refunds").set(row).where("id", "=", id).where("version", "=", stored.version - 1).executeTakeFirst()
        return result.numUpdatedRows > 0n
      }, (wrote) => wrote).pipe(Effect.flatMap((wrote) => wrote ? Effect.void : Effect.fail(new ConcurrentModification({ id }))))
    },
    findById: (id) =>
      Effect.promise(() => db.selectFrom("refunds").selectAll().where("id", "=", id).executeTakeFirst())
        .pipe(Effect.map((row) => row === undefined ? Option.none() : Option.some(refundFromRow(row)))),
    list: (scope, filter, page) =>
      Effect.promise(() => listQuery(db, scope, filter, page).execute()).pipe(Effect.map((rows) => toPage(rows.map(refundFromRow), page))),
    listByCharges: (charges) =>
      charges.length === 0
        ? Effect.succeed([])
        : Effect.promise(() =>
          db.selectFrom("refunds").selectAll().where("charge", "in", charges).orderBy("created", "desc").orderBy("id", "desc").execute()
        ).pipe(Effect.map((rows) => rows.map(refundFromRow))),
    listUnsettled: (askedBy, limit) =>
      Effect.promise(() =>
        db.selectFrom("refunds").selectAll().where("processor", "<>", "final").where("asked_at", "<=", String(askedBy))
          .orderBy("asked_at", "asc").limit(limit).execute()
      ).pipe(Effect.map((rows) => rows.map(refundFromRow))),
    findCharge: (id) =>
      Effect.promise(() => db.selectFrom("charges").selectAll().where("id", "=", id).executeTakeFirst())
        .pipe(Effect.map((row) => row === undefined ? Option.none() : Option.some(chargeFromRow(row)))),
    saveCharge: (record, events) => {
      const { id, ...row } = chargeToRow(record)
      return withEvents(events, async (trx) => {
        await ensureCharge(trx, record)
        const result = await trx.updateTable("charges").set(row).where("id", "=", id).where("version", "=", record.version - 1).executeTakeFirst()
        return result.numUpdatedRows > 0n
      }, (wrote) => wrote).pipe(Effect.flatMap((wrote) => wrote ? Effect.void : Effect.fail(new ConcurrentModification({ id }))))
    }
  })
})

/** RefundRepository over the Db, its writes' events handed to the SessionEventSink (required: there is no default). */
export const layer: Layer.Layer<RefundRepository, never, Db | SessionEventSink> = Layer.effect(RefundRepository, make)
