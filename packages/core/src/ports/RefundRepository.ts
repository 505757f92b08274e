/**
 * Port: refunds, and the records of the charges they are counted against.
 */
import { Context, type Effect, type Option } from "effect"
import type { ChargeRecord } from "../Charge.ts"
import type { Scope } from "../CheckoutSession.ts"
import type { ConcurrentModification } from "../Errors.ts"
import type { Event } from "../Events.ts"
import type { StoredRefund } from "../Refund.ts"
import type { Page, PageRequest, Range } from "./SessionRepository.ts"

/** Filters of the refund list. */
export interface RefundFilter {
  readonly charge?: string
  readonly payment_intent?: string
  readonly created?: Range
}

/** What a reservation did: stored the refund, or refused it because the charge's refunds would exceed what it captured. */
export type Reservation =
  | { readonly _tag: "Reserved" }
  | { readonly _tag: "Exceeds"; readonly refunded: number }

/**
 * Port: refunds and charge records. A write stores its events with it, or neither. Refunds of one
 * charge are reserved one at a time (the charge's record is locked while its refunds are summed), so
 * however many run at once, those that count never add up to more than the charge captured.
 */
export class RefundRepository extends Context.Service<RefundRepository, {
  /**
   * Stores a new refund (version 1) if the refunds of its charge that count (see `Refund.counts`),
   * with it, come to no more than `captured`; otherwise stores nothing and answers what they come to.
   * Makes the charge's record (with no details) if it has none, for the lock.
   */
  readonly reserve: (stored: StoredRefund, captured: number, events: ReadonlyArray<Event>) => Effect.Effect<Reservation>
  /** Replaces a refund whose stored version is `stored.version - 1`, and adds its events. */
  readonly update: (stored: StoredRefund, events: ReadonlyArray<Event>) => Effect.Effect<void, ConcurrentModification>
  /** A refund by id, whatever its account; callers check the scope. */
  readonly findById: (id: string) => Effect.Effect<Option.Option<StoredRefund>>
  /** Refunds of one scope, newest first (by `created`, then `id`). */
  readonly list: (scope: Scope, filter: RefundFilter, page: PageRequest) => Effect.Effect<Page<StoredRefund>>
  /** Every refund of the given charges, newest first. */
  readonly listByCharges: (charges: ReadonlyArray<string>) => Effect.Effect<ReadonlyArray<StoredRefund>>
  /** Refunds whose processor side is not final and was last asked at or before `askedBy`, longest waiting first. */
  readonly listUnsettled: (askedBy: number, limit: number) => Effect.Effect<ReadonlyArray<StoredRefund>>
  /** The record of a charge, if a refund or a change made one. */
  readonly findCharge: (id: string) => Effect.Effect<Option.Option<ChargeRecord>>
  /**
   * Stores a charge's record at `record.version`, replacing the one at `record.version - 1` (none,
   * or the one a reservation made with no details, counts as version 0), and adds its events.
   */
  readonly saveCharge: (record: ChargeRecord, events: ReadonlyArray<Event>) => Effect.Effect<void, ConcurrentModification>
}>()("till/RefundRepository") {}
