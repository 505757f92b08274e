/**
 * CatalogRepository on PostgreSQL (or PGlite): one row per product and per price (see CatalogRows).
 * A change is one transaction: its conditional writes, its events, and the SessionEventSink's work on
 * them (webhook deliveries), so a catalog change and its events commit together, as a session's do.
 * The schema keeps the rules the port states: a write that matches no row at the version before it,
 * an id already taken, a lookup key held by another price, a price of a missing product, or the
 * deletion of a product that has prices, rolls the whole change back as ConcurrentModification.
 */
import { CatalogRepository, type CatalogChange, ConcurrentModification, type PageRequest, type PriceFilter, type ProductFilter, type Scope } from "@till/core"
import { Effect, Layer, Option } from "effect"
import { type Kysely, sql, type Transaction } from "kysely"
import { PRICE_COLUMNS, priceFromRow, priceToRow, PRODUCT_COLUMNS, productFromRow, productToRow } from "./CatalogRows.ts"
import type { Database } from "./Database.ts"
import { Db } from "./Db.ts"
import { paginate, toPage, whereInRange } from "./Keyset.ts"
import { addEvents } from "./ObjectEvents.ts"
import { SessionEventSink } from "./SessionEventSink.ts"

/** The query of one page of the product list (exported so tests can check its plan). */
export const listProductsQuery = (db: Kysely<Database>, scope: Scope, filter: ProductFilter, page: PageRequest) => {
  let q = db.selectFrom("products").select(PRODUCT_COLUMNS).where("account", "=", scope.account).where("livemode", "=", scope.livemode)
  if (filter.active !== undefined) q = q.where("active", "=", filter.active)
  if (filter.ids !== undefined) q = filter.ids.length === 0 ? q.where(sql<boolean>`false`) : q.where("id", "in", filter.ids)
  return paginate(whereInRange(q, "created", filter.created), { created: "created", id: "id" }, page)
}

/** The query of one page of the price list. */
export const listPricesQuery = (db: Kysely<Database>, scope: Scope, filter: PriceFilter, page: PageRequest) => {
  let q = db.selectFrom("prices").select(PRICE_COLUMNS).where("account", "=", scope.account).where("livemode", "=", scope.livemode)
  if (filter.active !== undefined) q = q.where("active", "=", filter.active)
  if (filter.product !== undefined) q = q.where("product", "=", filter.product)
  if (filter.currency !== undefined) q = q.where("currency", "=", filter.currency)
  if (filter.type !== undefined) q = q.where("type", "=", filter.type)
  if (filter.lookup_keys !== undefined) q = filter.lookup_keys.length === 0 ? q.where(sql<boolean>`false`) : q.where("lookup_key", "in", filter.lookup_keys)
  return paginate(whereInRange(q, "created", filter.created), { created: "created", id: "id" }, page)
}

/** Thrown inside the transaction to roll it back when a conditional write matched nothing. */
class Lost extends Error {}

// unique_violation, foreign_key_violation: the schema refusing the change (see the module comment)
const REFUSED = new Set(["23505", "23503"])

const refused = (e: unknown): boolean =>
  e instanceof Lost || (typeof e === "object" && e !== null && REFUSED.has(String((e as { code?: unknown }).code)))

/** Makes the repository over the Db; the SessionEventSink's `written` runs inside every change's transaction. */
export const make = Effect.gen(function*() {
  const { kysely: db } = yield* Db
  const { written } = yield* SessionEventSink

  const apply = async (trx: Transaction<Database>, change: CatalogChange) => {
    const must = (n: bigint | undefined) => {
      if (n === undefined || n === 0n) throw new Lost()
    }
    for (const stored of change.products ?? []) {
      const row = productToRow(stored)
      if (stored.version === 1) {
        must((await trx.insertInto("products").values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst()).numInsertedOrUpdatedRows)
      } else {
        const { account, id, livemode, ...rest } = row
        must((await trx.updateTable("products").set(rest).where("account", "=", account).where("livemode", "=", livemode).where("id", "=", id)
          .where("version", "=", stored.version - 1).executeTakeFirst()).numUpdatedRows)
      }
    }
    for (const stored of change.prices ?? []) {
      const row = priceToRow(stored)
      if (stored.version === 1) {
        must((await trx.insertInto("prices").values(row).onConflict((oc) => oc.columns(["account", "livemode", "id"]).doNothing()).executeTakeFirst()).numInsertedOrUpdatedRows)
      } else {
        const { account, id, livemode, ...rest } = row
        must((await trx.updateTable("prices").set(rest).where("account", "=", account).where("livemode", "=", livemode).where("id", "=", id)
          .where("version", "=", stored.version - 1).executeTakeFirst()).numUpdatedRows)
      }
    }
    if (change.deleted !== undefined) {
      const { account, product, version } = change.deleted
      must((await trx.deleteFrom("products").where("account", "=", account).where("livemode", "=", product.livemode).where("id", "=", product.id)
        .where("version", "=", version).executeTakeFirst()).numDeletedRows)
    }
    await addEvents(trx, change.events, written)
  }

  const write = (change: CatalogChange) =>
    Effect.tryPromise({
      try: () => db.transaction().execute((trx) => apply(trx, change)),
      catch: (e) => e
    }).pipe(Effect.catch((e) =>
      refused(e)
        ? Effect.fail(new ConcurrentModification({ id: change.products?.[0]?.product.id ?? change.prices?.[0]?.price.id ?? change.deleted?.product.id ?? "" }))
        : Effect.die(e)
    ))

  return CatalogRepository.of({
    write,
    findProduct: (scope, id) =>
      Effect.promise(() => db.selectFrom("products").select(PRODUCT_COLUMNS).where("account", "=", scope.account).where("livemode", "=", scope.livemode)
        .where("id", "=", id).executeTakeFirst()).pipe(Effect.map((row) => (row === undefined ? Option.none() : Option.some(productFromRow(row))))),
    findPrice: (scope, id) =>
      Effect.promise(() => db.selectFrom("prices").select(PRICE_COLUMNS).where("account", "=", scope.account).where("livemode", "=", scope.livemode)
        .where("id", "=", id).executeTakeFirst()).pipe(Effect.map((row) => (row === undefined ? Option.none() : Option.some(priceFromRow(row))))),
    listProducts: (scope, filter, page) =>
      Effect.promise(() => listProductsQuery(db, scope, filter, page).execute()).pipe(Effect.map((rows) => toPage(rows.map(productFromRow), page))),
    listPrices: (scope, filter, page) =>
      Effect.promise(() => listPricesQuery(db, scope, filter, page).execute()).pipe(Effect.map((rows) => toPage(rows.map(priceFromRow), page)))
  })
})

/** CatalogRepository over the Db, its changes' events handed to the SessionEventSink (required: there is no default). */
export const layer: Layer.Layer<CatalogRepository, never, Db | SessionEventSink> = Layer.effect(CatalogRepository, make)
