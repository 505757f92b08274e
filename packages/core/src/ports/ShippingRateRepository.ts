/**
 * Port: shipping rates. Stripe sends no events about them, so a write stores the rate alone.
 */
import { Context, type Effect, type Option } from "effect"
import type { Scope } from "../CheckoutSession.ts"
import type { ConcurrentModification } from "../Errors.ts"
import type { StoredShippingRate } from "../ShippingRate.ts"
import type { Page, PageRequest, Range } from "./SessionRepository.ts"

/** Filters of the shipping-rate list. */
export interface ShippingRateFilter {
  readonly active?: boolean
  /** The rate's own currency (`fixed_amount[currency]`), lower case. */
  readonly currency?: string
  readonly created?: Range
}

/** Port: shipping rates of every scope; an update lands only if the stored version is still the one the caller read. */
export class ShippingRateRepository extends Context.Service<ShippingRateRepository, {
  /** Stores a new shipping rate (at version 1). */
  readonly insert: (stored: StoredShippingRate) => Effect.Effect<void>
  /** Replaces a shipping rate stored at `stored.version - 1`; ConcurrentModification when another write came first. */
  readonly update: (stored: StoredShippingRate) => Effect.Effect<void, ConcurrentModification>
  /** A shipping rate of the scope by id. */
  readonly findById: (scope: Scope, id: string) => Effect.Effect<Option.Option<StoredShippingRate>>
  /** Shipping rates of one scope, newest first (by `created`, then `id`). */
  readonly list: (scope: Scope, filter: ShippingRateFilter, page: PageRequest) => Effect.Effect<Page<StoredShippingRate>>
}>()("till/ShippingRateRepository") {}
