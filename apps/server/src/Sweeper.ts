/**
 * The sweep: every few seconds, sessions past `expires_at` are expired and their event written, and
 * idempotency records past their time are deleted. Reads already show such sessions as expired; the
 * sweep makes it durable and emits the event.
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
        // drain in batches so a backlog clears in one round
        while ((yield* sessions.sweepExpired(500)) === 500) {}
        yield* idempotency.purgeExpired(yield* nowSeconds)
      }).pipe(Effect.catchCause((cause) => Effect.logError("expiry sweep failed", Cause.pretty(cause))))
      yield* Effect.forkScoped(Effect.repeat(round, Schedule.spaced(interval)))
    })
  )
