/**
 * The contract of CatalogRepository: products and prices in their scope, conditional changes written
 * whole or not at all (with their events), lookup keys unique per scope, and no price without its product.
 */
import { assert, type Vitest } from "@effect/vitest"
import {
  CatalogRepository,
  type CatalogChange,
  EventRepository,
  Ids,
  makeEvent,
  type Price,
  type Product,
  type Scope,
  type StoredPrice,
  type StoredProduct
} from "@till/core"
import { PlainSnapshots } from "@till/core/testing"
import { Effect, Option } from "effect"
import { newScope } from "../support/Fixtures.ts"
import { checkPages } from "./LinksAndEndpointsContract.ts"

const T = 1_830_000_000

const newProduct = (scope: Scope, created: number, fields: Partial<Product> = {}): StoredProduct => ({
  account: scope.account,
  version: 1,
  product: {
    id: `prod_${Ids.randomBase62()}`,
    livemode: scope.livemode,
    created,
    updated: created,
    active: true,
    name: "T-shirt",
    description: "Cotton",
    images: ["https://shop.example/t.png"],
    url: null,
    metadata: { sku: "T1" },
    default_price: null,
    type: "good",
    shippable: true,
    statement_descriptor: null,
    unit_label: null,
    ...fields
  }
})

const newPrice = (product: StoredProduct, created: number, fields: Partial<Price> = {}): StoredPrice => ({
  account: product.account,
  version: 1,
  price: {
    id: `price_${Ids.randomBase62()}`,
    livemode: product.product.livemode,
    created,
    active: true,
    product: product.product.id,
    currency: "usd",
    unit_amount: 1200,
    unit_amount_decimal: "1200",
    type: "one_time",
    recurring: null,
    nickname: null,
    lookup_key: null,
    metadata: {},
    tax_behavior: null,
    ...fields
  }
})

const eventFor = (scope: Scope, product: Product) =>
  makeEvent("product.updated", PlainSnapshots.snapshot({ type: "product.updated", object: product }), {
    id: `evt_${Ids.randomBase62()}`,
    account: scope.account,
    livemode: scope.livemode,
    created: product.updated,
    request: { id: null, idempotency_key: null }
  })

const write = (change: Omit<CatalogChange, "events"> & { readonly events?: CatalogChange["events"] }) =>
  CatalogRepository.use((repo) => repo.write({ events: [], ...change }))

const conflicts = (change: Omit<CatalogChange, "events">) =>
  Effect.map(Effect.flip(write(change)), (e) => assert.strictEqual(e._tag, "ConcurrentModification"))

/** Registers the contract's tests. */
export const catalogRepositoryContract = (it: Vitest.MethodsNonLive<CatalogRepository | EventRepository>) => {
  it.effect("products and prices read back as written, in their scope only; a change's events are listed", () =>
    Effect.gen(function*() {
      const repo = yield* CatalogRepository
      const scope = newScope()
      const product = newProduct(scope, T)
      const price = newPrice(product, T, { unit_amount: null, unit_amount_decimal: "1050.5", recurring: { interval: "month", interval_count: 3, trial_period_days: null, usage_type: "licensed" }, type: "recurring", lookup_key: "monthly", metadata: { a: "1" }, nickname: "Monthly", tax_behavior: "exclusive" })
      const withDefault = { ...product, version: 2, product: { ...product.product, default_price: price.price.id, updated: T + 1 } }
      const event = eventFor(scope, withDefault.product)
      yield* write({ products: [product], prices: [price] })
      yield* write({ products: [withDefault], events: [event] })
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findProduct(scope, product.product.id)), withDefault)
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findPrice(scope, price.price.id)), price)
      for (const other of [newScope(), { ...scope, livemode: true }]) {
        assert.isTrue(Option.isNone(yield* repo.findProduct(other, product.product.id)))
        assert.isTrue(Option.isNone(yield* repo.findPrice(other, price.price.id)))
        assert.deepStrictEqual((yield* repo.listProducts(other, {}, { limit: 10 })).data, [])
      }
      const events = yield* EventRepository.use((r) => r.list(scope, {}, { limit: 10 }))
      assert.deepStrictEqual(events.data.map((e) => e.id), [event.id])
    }))

  it.effect("a change is conditional on the versions read, and lands whole or not at all", () =>
    Effect.gen(function*() {
      const repo = yield* CatalogRepository
      const scope = newScope()
      const product = newProduct(scope, T)
      yield* write({ products: [product] })
      // an id taken, a stale version, a version skipped: each refused
      yield* conflicts({ products: [product] })
      const next = { ...product, version: 2, product: { ...product.product, name: "Hoodie" } }
      yield* write({ products: [next] })
      yield* conflicts({ products: [{ ...next, product: { ...next.product, name: "Stale" } }] })
      yield* conflicts({ products: [{ ...next, version: 4 }] })
      // a good price with a stale product write: neither lands, nor the event
      const price = newPrice(product, T)
      yield* conflicts({ prices: [price], products: [{ ...product, version: 2 }] })
      assert.isTrue(Option.isNone(yield* repo.findPrice(scope, price.price.id)))
      assert.strictEqual(Option.getOrThrow(yield* repo.findProduct(scope, product.product.id)).product.name, "Hoodie")
      // the same id is free in another scope (a merchant may choose a product's id)
      const other = newScope()
      yield* write({ products: [{ ...product, account: other.account }] })
      assert.strictEqual(Option.getOrThrow(yield* repo.findProduct(other, product.product.id)).product.name, "T-shirt")
    }))

  it.effect("no price without its product; a product with prices is not deleted, one without is, at the version read", () =>
    Effect.gen(function*() {
      const repo = yield* CatalogRepository
      const scope = newScope()
      const missing = newProduct(scope, T)
      yield* conflicts({ prices: [newPrice(missing, T)] })
      // a product of another scope does not count
      const elsewhere = newProduct(newScope(), T)
      yield* write({ products: [elsewhere] })
      yield* conflicts({ prices: [{ ...newPrice(elsewhere, T), account: scope.account }] })
      const sold = newProduct(scope, T)
      yield* write({ products: [sold], prices: [newPrice(sold, T)] })
      yield* conflicts({ deleted: sold })
      const unsold = newProduct(scope, T)
      yield* write({ products: [unsold] })
      yield* conflicts({ deleted: { ...unsold, version: 2 } })
      yield* write({ deleted: unsold })
      assert.isTrue(Option.isNone(yield* repo.findProduct(scope, unsold.product.id)))
      yield* conflicts({ deleted: unsold })
    }))

  it.effect("a lookup key names one price per scope; it moves when its holder is written first in the same change", () =>
    Effect.gen(function*() {
      const repo = yield* CatalogRepository
      const scope = newScope()
      const product = newProduct(scope, T)
      const first = newPrice(product, T, { lookup_key: "standard" })
      yield* write({ products: [product], prices: [first] })
      const second = newPrice(product, T + 1, { lookup_key: "standard" })
      yield* conflicts({ prices: [second] })
      yield* write({ prices: [{ ...first, version: 2, price: { ...first.price, lookup_key: null } }, second] })
      const holders = yield* repo.listPrices(scope, { lookup_keys: ["standard"] }, { limit: 10 })
      assert.deepStrictEqual(holders.data.map((p) => p.price.id), [second.price.id])
      // another scope has keys of its own
      const other = newScope()
      const otherProduct = newProduct(other, T)
      yield* write({ products: [otherProduct], prices: [newPrice(otherProduct, T, { lookup_key: "standard" })] })
    }))

  it.effect("lists are newest first, keyset-paginated and filtered", () =>
    Effect.gen(function*() {
      const repo = yield* CatalogRepository
      const scope = newScope()
      const products = Array.from({ length: 6 }, (_, i) => newProduct(scope, T + Math.floor(i / 2), { active: i % 3 !== 0 }))
      for (const p of products) yield* write({ products: [p] })
      const prices = products.flatMap((p, i) => [
        newPrice(p, T + i, { currency: i % 2 === 0 ? "usd" : "eur", lookup_key: `k${i}` }),
        newPrice(p, T + i, { active: false, type: "recurring", recurring: { interval: "year", interval_count: 1, trial_period_days: 7, usage_type: "licensed" } })
      ])
      for (const p of prices) yield* write({ prices: [p] })
      yield* checkPages((page) => repo.listProducts(scope, {}, page), products, (s) => s.product)
      yield* checkPages((page) => repo.listProducts(scope, { active: true }, page), products.filter((p) => p.product.active), (s) => s.product)
      const ids = [products[1]!.product.id, products[4]!.product.id, "prod_unknown"]
      yield* checkPages((page) => repo.listProducts(scope, { ids }, page), products.filter((p) => ids.includes(p.product.id)), (s) => s.product)
      yield* checkPages((page) => repo.listProducts(scope, { created: { gte: T + 1, lt: T + 2 } }, page), products.filter((p) => p.product.created === T + 1), (s) => s.product)
      yield* checkPages((page) => repo.listPrices(scope, {}, page), prices, (s) => s.price)
      yield* checkPages((page) => repo.listPrices(scope, { product: products[2]!.product.id }, page), prices.filter((p) => p.price.product === products[2]!.product.id), (s) => s.price)
      yield* checkPages((page) => repo.listPrices(scope, { active: true, currency: "eur" }, page), prices.filter((p) => p.price.active && p.price.currency === "eur"), (s) => s.price)
      yield* checkPages((page) => repo.listPrices(scope, { type: "recurring" }, page), prices.filter((p) => p.price.type === "recurring"), (s) => s.price)
      yield* checkPages((page) => repo.listPrices(scope, { lookup_keys: ["k1", "k4", "none"] }, page), prices.filter((p) => ["k1", "k4"].includes(p.price.lookup_key ?? "")), (s) => s.price)
      yield* checkPages((page) => repo.listPrices(scope, { created: { lte: T + 1 } }, page), prices.filter((p) => p.price.created <= T + 1), (s) => s.price)
    }))
}
