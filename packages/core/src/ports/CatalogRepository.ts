/**
 * Port: the catalog, products and their prices, with the events their changes cause.
 */
import { Context, type Effect, type Option } from "effect"
import type { Scope } from "../CheckoutSession.ts"
import type { ConcurrentModification } from "../Errors.ts"
import type { Event } from "../Events.ts"
import type { StoredPrice } from "../Price.ts"
import type { StoredProduct } from "../Product.ts"
import type { Page, PageRequest, Range } from "./SessionRepository.ts"

/**
 * One change of the catalog, written whole or not at all: products and prices at `version` 1 are
 * new, any other version replaces the one before it; `deleted` removes a product still at the version read.
 * Prices are written in the order given, so a lookup key can move from one price to another.
 */
export interface CatalogChange {
  readonly products?: ReadonlyArray<StoredProduct>
  readonly prices?: ReadonlyArray<StoredPrice>
  readonly deleted?: StoredProduct
  readonly events: ReadonlyArray<Event>
}

/** Filters of the product list. */
export interface ProductFilter {
  readonly active?: boolean
  readonly ids?: ReadonlyArray<string>
  readonly created?: Range
}

/** Filters of the price list. */
export interface PriceFilter {
  readonly active?: boolean
  readonly product?: string
  readonly currency?: string
  readonly type?: "one_time" | "recurring"
  readonly lookup_keys?: ReadonlyArray<string>
  readonly created?: Range
}

/**
 * Port: products and prices of every scope. Objects are found within a scope (a product's id may be
 * chosen by its merchant, so two accounts may each have one). A change fails with
 * ConcurrentModification, having written nothing, when an object it replaces or deletes is no longer
 * at the version before it, when an id it creates is taken, when a lookup key it sets is another
 * active price's in the scope, when a price names a product that is not there, or when a product it
 * deletes has prices.
 */
export class CatalogRepository extends Context.Service<CatalogRepository, {
  readonly write: (change: CatalogChange) => Effect.Effect<void, ConcurrentModification>
  readonly findProduct: (scope: Scope, id: string) => Effect.Effect<Option.Option<StoredProduct>>
  readonly findPrice: (scope: Scope, id: string) => Effect.Effect<Option.Option<StoredPrice>>
  /** Products of one scope, newest first (by `created`, then `id`). */
  readonly listProducts: (scope: Scope, filter: ProductFilter, page: PageRequest) => Effect.Effect<Page<StoredProduct>>
  /** Prices of one scope, newest first (by `created`, then `id`). */
  readonly listPrices: (scope: Scope, filter: PriceFilter, page: PageRequest) => Effect.Effect<Page<StoredPrice>>
}>()("till/CatalogRepository") {}
