/**
 * The sweep: every few seconds, payment attempts left unresolved past their timeout are reconciled
 * with the processor (their caller crashed or lost the database: the processor says whether the money
 * moved), sessions past `expires_at` are expired and their event written, and idempotency records past
 * their time are deleted. Reads already show such sessions as expired; the sweep makes it durable and
 * emits the event.
 */
import { CheckoutSessions, IdempotencyStore, nowSeconds } from "@till/core"
import { Cause, Duration, Effect, Layer, Schedule } from "effect"

/** How often the sweep runs by default. */
export const DEFAULT_INTERVAL = Duration.seconds(5)

/** Runs the sweep in the background for as long as the layer lives; a failed round is logged, not fatal. */
export const layer = (interval: Duration.Input = DEFAULT_INTERVAL) =>
  Layer.effectDiscard(
    Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const idempotency = yield* IdempotencyStore
      const round = Effect.gen(function*() {
        // reconcile first: an attempt that resolves as declined lets its session expire in the same round
        yield* sessions.reconcileStale(100)
        // drain in batches so a backlog clears in one round
        while ((yield* sessions.sweepExpired(500)) === 500) {}
        yield* idempotency.purgeExpired(yield* nowSeconds)
      }).pipe(Effect.catchCause((cause) => Effect.logError("sweep failed", Cause.pretty(cause))))
      yield* Effect.forkScoped(Effect.repeat(round, Schedule.spaced(interval)))
    })
  )
