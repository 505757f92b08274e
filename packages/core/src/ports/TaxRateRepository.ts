/**
 * Port: tax rates and their events.
 */
import { Context, type Effect, type Option } from "effect"
import type { Scope } from "../CheckoutSession.ts"
import type { ConcurrentModification } from "../Errors.ts"
import type { Event } from "../Events.ts"
import type { StoredTaxRate } from "../TaxRate.ts"
import type { Page, PageRequest, Range } from "./SessionRepository.ts"

/** Filters of the tax-rate list. */
export interface TaxRateFilter {
  readonly active?: boolean
  readonly inclusive?: boolean
  readonly created?: Range
}

/**
 * Port: tax rates of every scope. A write stores the rate and its events together or not at all, and
 * an update only if the stored version is still the one the caller read.
 */
export class TaxRateRepository extends Context.Service<TaxRateRepository, {
  /** Stores a new tax rate (at version 1) and its events. */
  readonly insert: (stored: StoredTaxRate, events: ReadonlyArray<Event>) => Effect.Effect<void>
  /** Replaces a tax rate stored at `stored.version - 1`; ConcurrentModification when another write came first. */
  readonly update: (stored: StoredTaxRate, events: ReadonlyArray<Event>) => Effect.Effect<void, ConcurrentModification>
  /** A tax rate of the scope by id. */
  readonly findById: (scope: Scope, id: string) => Effect.Effect<Option.Option<StoredTaxRate>>
  /** Tax rates of one scope, newest first (by `created`, then `id`). */
  readonly list: (scope: Scope, filter: TaxRateFilter, page: PageRequest) => Effect.Effect<Page<StoredTaxRate>>
}>()("till/TaxRateRepository") {}
