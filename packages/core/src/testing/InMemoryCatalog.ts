/**
 * An in-memory CatalogRepository, for tests and demos. Its events go into the event store it is
 * given (InMemoryRepository's), so the event list and webhooks see them. Every change is one
 * synchronous step, checked whole before anything is written.
 */
import { Effect, Option } from "effect"
import type { Scope } from "../CheckoutSession.ts"
import { ConcurrentModification } from "../Errors.ts"
import type { Event } from "../Events.ts"
import type { StoredPrice } from "../Price.ts"
import type { StoredProduct } from "../Product.ts"
import { CatalogRepository, type CatalogChange, type PriceFilter, type ProductFilter } from "../ports/CatalogRepository.ts"
import type { Cursor } from "../ports/SessionRepository.ts"
import { inRange, keysetPage } from "./InMemoryRepository.ts"

const newestFirst = (a: Cursor, b: Cursor): number => b.created - a.created || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)

const keyOf = (scope: Scope, id: string) => `${scope.account}/${scope.livemode}/${id}`

const inScope = (account: string, livemode: boolean, scope: Scope) => account === scope.account && livemode === scope.livemode

/** Makes an empty catalog whose changes add their events to `events`. */
export const make = (events: Map<string, Event>) => {
  const products = new Map<string, StoredProduct>()
  const prices = new Map<string, StoredPrice>()
  const productKey = (s: StoredProduct) => keyOf({ account: s.account, livemode: s.product.livemode }, s.product.id)
  const priceKey = (s: StoredPrice) => keyOf({ account: s.account, livemode: s.price.livemode }, s.price.id)

  /** Whether the change may be written whole, against the stores as they would be after each step. */
  const check = (change: CatalogChange): boolean => {
    const nextProducts = new Map(products)
    const nextPrices = new Map(prices)
    for (const s of change.products ?? []) {
      const current = nextProducts.get(productKey(s))
      if (s.version === 1 ? current !== undefined : current?.version !== s.version - 1) return false
      nextProducts.set(productKey(s), s)
    }
    for (const s of change.prices ?? []) {
      const current = nextPrices.get(priceKey(s))
      if (s.version === 1 ? current !== undefined : current?.version !== s.version - 1) return false
      if (!nextProducts.has(keyOf({ account: s.account, livemode: s.price.livemode }, s.price.product))) return false
      const key = s.price.lookup_key
      if (key !== null) {
        for (const other of nextPrices.values()) {
          if (other.price.id !== s.price.id && other.account === s.account && other.price.livemode === s.price.livemode && other.price.lookup_key === key) return false
        }
      }
      nextPrices.set(priceKey(s), s)
    }
    if (change.deleted !== undefined) {
      const target = change.deleted
      if (nextProducts.get(productKey(target))?.version !== target.version) return false
      if ([...nextPrices.values()].some((p) => p.account === target.account && p.price.livemode === target.product.livemode && p.price.product === target.product.id)) return false
    }
    return true
  }

  const page = <A>(items: Iterable<A>, key: (a: A) => Cursor, keep: (a: A) => boolean, request: Parameters<typeof keysetPage>[2]) =>
    keysetPage([...items].filter(keep).sort((a, b) => newestFirst(key(a), key(b))), key, request)

  return CatalogRepository.of({
    write: (change) =>
      Effect.suspend(() => {
        if (!check(change)) return Effect.fail(new ConcurrentModification({ id: change.products?.[0]?.product.id ?? change.prices?.[0]?.price.id ?? change.deleted?.product.id ?? "" }))
        for (const s of change.products ?? []) products.set(productKey(s), s)
        for (const s of change.prices ?? []) prices.set(priceKey(s), s)
        if (change.deleted !== undefined) products.delete(productKey(change.deleted))
        for (const e of change.events) events.set(e.id, e)
        return Effect.void
      }),
    // yield after reading, as a database round trip would, so concurrent read-modify-write cycles interleave
    findProduct: (scope, id) => Effect.sync(() => Option.fromNullishOr(products.get(keyOf(scope, id)))).pipe(Effect.tap(() => Effect.yieldNow)),
    findPrice: (scope, id) => Effect.sync(() => Option.fromNullishOr(prices.get(keyOf(scope, id)))).pipe(Effect.tap(() => Effect.yieldNow)),
    listProducts: (scope, f: ProductFilter, request) =>
      Effect.sync(() =>
        page(products.values(), (s) => s.product, (s) =>
          inScope(s.account, s.product.livemode, scope) &&
          (f.active === undefined || s.product.active === f.active) &&
          (f.ids === undefined || f.ids.includes(s.product.id)) &&
          inRange(s.product.created, f.created), request)
      ),
    listPrices: (scope, f: PriceFilter, request) =>
      Effect.sync(() =>
        page(prices.values(), (s) => s.price, (s) =>
          inScope(s.account, s.price.livemode, scope) &&
          (f.active === undefined || s.price.active === f.active) &&
          (f.product === undefined || s.price.product === f.product) &&
          (f.currency === undefined || s.price.currency === f.currency) &&
          (f.type === undefined || s.price.type === f.type) &&
          (f.lookup_keys === undefined || (s.price.lookup_key !== null && f.lookup_keys.includes(s.price.lookup_key))) &&
          inRange(s.price.created, f.created), request)
      )
  })
}
