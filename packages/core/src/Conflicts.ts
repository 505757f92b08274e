/**
 * Optimistic concurrency: every mutable object carries a version, every write is conditional on the
 * version its caller read, and a write that lost the race is decided again on a fresh read.
 */
import { Effect } from "effect"

/** How many times a write that lost a race is tried again before ConcurrentModification reaches the caller. */
export const CONFLICT_RETRIES = 8

const isConflict = (e: unknown): boolean =>
  typeof e === "object" && e !== null && (e as { readonly _tag?: unknown })._tag === "ConcurrentModification"

/**
 * Runs `self` (a read, a decision and a conditional write) again while its write fails with
 * ConcurrentModification. The retry reads afresh, so an object deleted meanwhile answers as missing
 * instead of being written back.
 */
export const retryOnConflict = <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.retry(self, { times: CONFLICT_RETRIES, while: isConflict })
