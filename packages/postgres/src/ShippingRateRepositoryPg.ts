/**
 * ShippingRateRepository on PostgreSQL (or PGlite): one row per shipping rate (see ShippingRateRow).
 * Stripe has no shipping-rate events, so a write is the row alone. Updates are conditional on the
 * version the caller read.
 */
import { ConcurrentModification, type PageRequest, type Scope, type ShippingRateFilter, ShippingRateRepository } from "@till/core"
import { Effect, Layer, Option } from "effect"
import type { Kysely } from "kysely"
import type { Database } from "./Database.ts"
import { Db } from "./Db.ts"
import { paginate, toPage, whereInRange } from "./Keyset.ts"
import { COLUMNS, fromRow, toRow } from "./ShippingRateRow.ts"

/** The query of one page of the list (exported so tests can check its plan). */
export const listQuery = (db: Kysely<Database>, scope: Scope, filter: ShippingRateFilter, page: PageRequest) => {
  let q = db.selectFrom("shipping_rates").select(COLUMNS).where("account", "=", scope.account).where("livemode", "=", scope.livemode)
  if (filter.active !== undefined) q = q.where("active", "=", filter.active)
  if (filter.currency !== undefined) q = q.where("currency", "=", filter.currency)
  return paginate(whereInRange(q, "created", filter.created), { created: "created", id: "id" }, page)
}

/** Makes the repository over the Db. */
export const make = Effect.gen(function*() {
  const { kysely: db } = yield* Db

  return ShippingRateRepository.of({
    insert: (stored) => Effect.promise(() => db.insertInto("shipping_rates").values(toRow(stored)).execute()).pipe(Effect.asVoid),
    update: (stored) => {
      const { id, ...row } = toRow(stored)
      return Effect.promise(() =>
        db.updateTable("shipping_rates").set(row).where("id", "=", id).where("version", "=", stored.version - 1).executeTakeFirst()
      ).pipe(Effect.flatMap((result) => result.numUpdatedRows > 0n ? Effect.void : Effect.fail(new ConcurrentModification({ id }))))
    },
    findById: (scope, id) =>
      Effect.promise(() =>
        db.selectFrom("shipping_rates").select(COLUMNS).where("id", "=", id).where("account", "=", scope.account).where("livemode", "=", scope.livemode).executeTakeFirst()
      ).pipe(Effect.map((row) => row === undefined ? Option.none() : Option.some(fromRow(row)))),
    list: (scope, filter, page) =>
      Effect.promise(() => listQuery(db, scope, filter, page).execute()).pipe(Effect.map((rows) => toPage(rows.map(fromRow), page)))
  })
})

/** ShippingRateRepository over the Db. */
export const layer: Layer.Layer<ShippingRateRepository, never, Db> = Layer.effect(ShippingRateRepository, make)
