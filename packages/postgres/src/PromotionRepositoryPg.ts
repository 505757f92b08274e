/**
 * PromotionRepository on PostgreSQL (or PGlite): coupons and promotion codes, one row each (see
 * CouponRows). A write stores the object and its events in one transaction, in which the
 * SessionEventSink then runs. Writes never touch `times_redeemed`: session writes count redemptions
 * (SessionRepositoryPg), so an edit racing a redemption loses neither.
 */
import { ConcurrentModification, type Event, type PageRequest, type PromotionCodeFilter, PromotionRepository, type Range, type Scope } from "@till/core"
import { Effect, Layer, Option } from "effect"
import { type Kysely, sql, type Transaction } from "kysely"
import { CODE_COLUMNS, codeFromRow, codeToRow, COUPON_COLUMNS, couponFromRow, couponToRow } from "./CouponRows.ts"
import type { Database } from "./Database.ts"
import { Db } from "./Db.ts"
import { addEvents } from "./ObjectEvents.ts"
import { paginate, toPage, whereInRange } from "./Keyset.ts"
import { SessionEventSink } from "./SessionEventSink.ts"

/** The query of one page of the coupon list. */
export const listCouponsQuery = (db: Kysely<Database>, scope: Scope, filter: { readonly created?: Range }, page: PageRequest) =>
  paginate(
    whereInRange(
      db.selectFrom("coupons").select(COUPON_COLUMNS).where("account", "=", scope.account).where("livemode", "=", scope.livemode).where("deleted", "=", false),
      "created",
      filter.created
    ),
    { created: "created", id: "id" },
    page
  )

/** The query of one page of the promotion-code list. */
export const listCodesQuery = (db: Kysely<Database>, scope: Scope, filter: PromotionCodeFilter, page: PageRequest) => {
  let q = db.selectFrom("promotion_codes").select(CODE_COLUMNS).where("account", "=", scope.account).where("livemode", "=", scope.livemode)
  if (filter.active !== undefined) q = q.where("active", "=", filter.active)
  if (filter.code !== undefined) q = q.where(sql`lower(code)`, "=", filter.code.toLowerCase())
  if (filter.coupon !== undefined) q = q.where("coupon", "=", filter.coupon)
  if (filter.customer !== undefined) q = q.where("customer", "=", filter.customer)
  return paginate(whereInRange(q, "created", filter.created), { created: "created", id: "id" }, page)
}

class Lost extends Error {}

/** Makes the repository over the Db; the SessionEventSink's `written` runs inside every write's transaction. */
export const make = Effect.gen(function*() {
  const { kysely: db } = yield* Db
  const { written } = yield* SessionEventSink

  const withEvents = (id: string, events: ReadonlyArray<Event>, write: (trx: Transaction<Database>) => Promise<bigint | undefined>) =>
    Effect.tryPromise({
      try: () =>
        db.transaction().execute(async (trx) => {
          const n = await write(trx)
          if (n === undefined || n === 0n) throw new Lost()
          await addEvents(trx, events, written)
        }),
      catch: (e) => e
    }).pipe(Effect.catch((e) =>
      // a conditional write that matched nothing, or an id or active code already taken
      e instanceof Lost || (typeof e === "object" && e !== null && (e as { code?: unknown }).code === "23505")
        ? Effect.fail(new ConcurrentModification({ id }))
        : Effect.die(e)
    ))

  return PromotionRepository.of({
    writeCoupon: (stored, events) => {
      const row = couponToRow(stored)
      return withEvents(stored.coupon.id, events, async (trx) => {
        if (stored.version === 1) {
          return (await trx.insertInto("coupons").values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst()).numInsertedOrUpdatedRows
        }
        const { account, livemode, id, ...rest } = row
        return (await trx.updateTable("coupons").set(rest).where("account", "=", account).where("livemode", "=", livemode).where("id", "=", id)
          .where("version", "=", stored.version - 1).executeTakeFirst()).numUpdatedRows
      })
    },
    findCoupon: (scope, id) =>
      Effect.promise(() =>
        db.selectFrom("coupons").select(COUPON_COLUMNS).where("account", "=", scope.account).where("livemode", "=", scope.livemode).where("id", "=", id).executeTakeFirst()
      ).pipe(Effect.map((row) => row === undefined ? Option.none() : Option.some(couponFromRow(row)))),
    listCoupons: (scope, filter, page) =>
      Effect.promise(() => listCouponsQuery(db, scope, filter, page).execute()).pipe(Effect.map((rows) => toPage(rows.map(couponFromRow), page))),
    writePromotionCode: (stored, events) => {
      const row = codeToRow(stored)
      return withEvents(stored.promotion_code.id, events, async (trx) => {
        if (stored.version === 1) return (await trx.insertInto("promotion_codes").values(row).executeTakeFirst()).numInsertedOrUpdatedRows
        const { id, ...rest } = row
        return (await trx.updateTable("promotion_codes").set(rest).where("id", "=", id).where("version", "=", stored.version - 1).executeTakeFirst()).numUpdatedRows
      })
    },
    findPromotionCode: (scope, id) =>
      Effect.promise(() =>
        db.selectFrom("promotion_codes").select(CODE_COLUMNS).where("account", "=", scope.account).where("livemode", "=", scope.livemode).where("id", "=", id).executeTakeFirst()
      ).pipe(Effect.map((row) => row === undefined ? Option.none() : Option.some(codeFromRow(row)))),
    listPromotionCodes: (scope, filter, page) =>
      Effect.promise(() => listCodesQuery(db, scope, filter, page).execute()).pipe(Effect.map((rows) => toPage(rows.map(codeFromRow), page)))
  })
})

/** PromotionRepository over the Db, its writes' events handed to the SessionEventSink (required: there is no default). */
export const layer: Layer.Layer<PromotionRepository, never, Db | SessionEventSink> = Layer.effect(PromotionRepository, make)
