/**
 * Port: coupons and promotion codes, with their events.
 */
import { Context, type Effect, type Option } from "effect"
import type { Scope } from "../CheckoutSession.ts"
import type { StoredCoupon, StoredPromotionCode } from "../Coupon.ts"
import type { ConcurrentModification } from "../Errors.ts"
import type { Event } from "../Events.ts"
import type { Page, PageRequest, Range } from "./SessionRepository.ts"

/** Filters of the promotion-code list. */
export interface PromotionCodeFilter {
  readonly active?: boolean
  /** The exact code, case-insensitive. */
  readonly code?: string
  readonly coupon?: string
  readonly customer?: string
  readonly created?: Range
}

/**
 * Port: coupons and promotion codes of every scope, found within a scope (a coupon's id may be the
 * merchant's, so two accounts may each have one). Writes store the object and its events together or
 * not at all; a write at version 1 creates (failing with ConcurrentModification when the id is taken,
 * or when a promotion code's code is another active code's in the scope), any other replaces the
 * version before it. `times_redeemed` is never written by these: session writes count redemptions.
 */
export class PromotionRepository extends Context.Service<PromotionRepository, {
  readonly writeCoupon: (stored: StoredCoupon, events: ReadonlyArray<Event>) => Effect.Effect<void, ConcurrentModification>
  readonly findCoupon: (scope: Scope, id: string) => Effect.Effect<Option.Option<StoredCoupon>>
  /** Coupons of one scope that are not deleted, newest first. */
  readonly listCoupons: (scope: Scope, filter: { readonly created?: Range }, page: PageRequest) => Effect.Effect<Page<StoredCoupon>>
  readonly writePromotionCode: (stored: StoredPromotionCode, events: ReadonlyArray<Event>) => Effect.Effect<void, ConcurrentModification>
  readonly findPromotionCode: (scope: Scope, id: string) => Effect.Effect<Option.Option<StoredPromotionCode>>
  /** Promotion codes of one scope, newest first. */
  readonly listPromotionCodes: (scope: Scope, filter: PromotionCodeFilter, page: PageRequest) => Effect.Effect<Page<StoredPromotionCode>>
}>()("till/PromotionRepository") {}
