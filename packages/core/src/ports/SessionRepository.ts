/**
 * Port: where sessions and their events are kept.
 */
import { Context, type Effect, type Option } from "effect"
import type { Scope, SessionState, SessionStatus } from "../CheckoutSession.ts"
import type { Redemption } from "../Coupon.ts"
import type { StoredCustomer } from "../Customer.ts"
import type { ConcurrentModification, RedemptionLimitReached } from "../Errors.ts"
import type { Event } from "../Events.ts"
import type { AnsweredKey } from "./IdempotencyStore.ts"

/** A position in a newest-first list: the `(created, id)` of the item a page starts after or ends before. */
export interface Cursor {
  readonly created: number
  readonly id: string
}

/** One page request: at most `limit` items after (older than) or before (newer than) a cursor. */
export interface PageRequest {
  readonly limit: number
  readonly after?: Cursor
  readonly before?: Cursor
}

/** A page of a newest-first list; `has_more` says whether more lie beyond it in the direction of travel. */
export interface Page<A> {
  readonly data: ReadonlyArray<A>
  readonly has_more: boolean
}

/** Bounds on a timestamp; every given bound must hold. */
export interface Range {
  readonly gt?: number
  readonly gte?: number
  readonly lt?: number
  readonly lte?: number
}

/** Filters of the session list. `status` is the status as read at `now` (see SessionMachine.view). */
export interface SessionFilter {
  readonly status?: SessionStatus
  readonly created?: Range
  readonly customer?: string
  readonly customer_email?: string
  readonly payment_intent?: string
  readonly payment_link?: string
  readonly client_reference_id?: string
  /** Sessions a recovery link opened from this expired one (`recovered_from`); not an API filter. */
  readonly recovered_from?: string
  /** Sessions in this currency (lower-case ISO code); the dashboard's filter, not an API one. */
  readonly currency?: string
  /** Bounds on `amount_total` (minor units); only with `currency`, whose amounts alone compare. The dashboard's filter. */
  readonly amount_total?: Range
}

/** A session's next state and the events it causes, as a transition decided them. */
export interface SessionChange {
  readonly state: SessionState
  readonly events: ReadonlyArray<Event>
}

/**
 * What the expiry sweep does with the sessions it claimed: the change of each that is to be stored
 * (none for a session it leaves as it is). It runs while the claim is held, so it must be quick and
 * must not touch the repository.
 */
export type DecideExpiries = (due: ReadonlyArray<SessionState>) => Effect.Effect<ReadonlyArray<SessionChange>>

/**
 * Port: the store of session aggregates and their events. A write stores the new state and its events
 * together or not at all, and only if the stored version is still the one the caller read.
 * Infrastructure failures are defects: a caller cannot handle them.
 */
export class SessionRepository extends Context.Service<SessionRepository, {
  /** Stores a new session (version 1) and its events. */
  readonly insert: (state: SessionState, events: ReadonlyArray<Event>) => Effect.Effect<void>
  /**
   * `insert`, claiming `answered.key` in the same commit with its response stored (the IdempotencyStore's
   * record, which `begin` then replays). Answers false, having written nothing, when the key is live:
   * completed within its time to live, or claimed by a request still running.
   */
  readonly insertAnswered: (state: SessionState, events: ReadonlyArray<Event>, answered: AnsweredKey) => Effect.Effect<boolean>
  /**
   * Replaces a session whose stored version is `state.version - 1`, and adds its events, atomically;
   * with them, the customers the change creates (a completion with `customer_creation=always`), each
   * stored only if no customer has its id yet; and the redemption counts it changes (in the state's
   * scope): a +1 only if the coupon (and promotion code) is not deleted and below its `max_redemptions`,
   * a −1 never below 0. Fails with ConcurrentModification when another write came first, or with
   * RedemptionLimitReached when a +1 found its coupon or code used up, having written nothing.
   */
  readonly update: (
    state: SessionState,
    events: ReadonlyArray<Event>,
    customers?: ReadonlyArray<StoredCustomer>,
    redemptions?: ReadonlyArray<Redemption>,
    /** Whether the line items changed (a discount applied on the page): they are written too. Otherwise they are left as stored. */
    lineItemsChanged?: boolean
  ) => Effect.Effect<void, ConcurrentModification | RedemptionLimitReached>
  /** A session by id, whatever its account; callers check the scope. */
  readonly findById: (id: string) => Effect.Effect<Option.Option<SessionState>>
  /** The session that owns a payment intent. */
  readonly findByPaymentIntent: (paymentIntentId: string) => Effect.Effect<Option.Option<SessionState>>
  /** Sessions of one scope, newest first (by `created`, then `id`). `now` decides which open sessions read as expired. */
  readonly list: (scope: Scope, filter: SessionFilter, page: PageRequest, now: number) => Effect.Effect<Page<SessionState>>
  /**
   * One batch of the expiry sweep, atomically: claims up to `limit` sessions due for expiry at `now`
   * (open, `now >= expires_at`, no unresolved attempt), oldest deadline first, skipping any that another
   * sweep or write holds, instead of waiting for it; hands them to `decide`; and stores the changes it
   * returns, each replacing the claimed version (as `update` does), with their events. Sweeps running
   * side by side therefore split the due sessions between them, and never change one session twice.
   * Answers how many changes it stored: fewer than `limit` when fewer sessions were left to claim.
   */
  readonly expireDue: (now: number, limit: number, decide: DecideExpiries) => Effect.Effect<number>
  /** Sessions whose unresolved attempt started at or before `startedBy`, oldest attempt first, for reconciliation. */
  readonly listStaleAttempts: (startedBy: number, limit: number) => Effect.Effect<ReadonlyArray<SessionState>>
}>()("till/SessionRepository") {}
