/**
 * The sweep: every few seconds, payment attempts left unresolved past their timeout are reconciled
 * with the processor (their caller crashed or lost the database: the processor says whether the money
 * moved), and so are refunds whose outcome is unknown or may still change, sessions past `expires_at` are expired with their events and webhook deliveries, and
 * idempotency records past their time are deleted. Reads already show such sessions as expired; the
 * sweep makes it durable and emits the event. It is the only thing that expires sessions by the clock:
 * each batch is claimed, written and fanned out in one transaction (`CheckoutSessions.sweepExpired`),
 * and every worker runs a sweep, the batches of each skipping the sessions another holds.
 */
import { Charges, CheckoutSessions, IdempotencyStore, nowSeconds } from "@till/core"
import { Duration, Effect, Layer, Schedule } from "effect"

/** How often the sweep runs by default. */
export const DEFAULT_INTERVAL = Duration.seconds(5)

/**
 * Sessions expired per transaction by default: enough that a backlog of 100,000 costs 100 round trips
 * of each statement, few enough that a batch's row locks are held for a fraction of a second.
 */
export const DEFAULT_BATCH = 1000

/** Runs the sweep in the background for as long as the layer lives; a failed round is logged, not fatal. */
export const layer = (interval: Duration.Input = DEFAULT_INTERVAL, batch = DEFAULT_BATCH) =>
  Layer.effectDiscard(
    Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const charges = yield* Charges
      const idempotency = yield* IdempotencyStore
      const round = Effect.gen(function*() {
        // reconcile first: an attempt that resolves as declined lets its session expire in the same round
        yield* sessions.reconcileStale(100)
        yield* charges.reconcileRefunds(100)
        // drain in batches so a backlog clears in one round; a short batch means nothing is left to take
        while ((yield* sessions.sweepExpired(batch)) === batch) {}
        yield* idempotency.purgeExpired(yield* nowSeconds)
      }).pipe(Effect.catchCause((cause) => Effect.logError("sweep failed", cause)))
      yield* Effect.forkScoped(Effect.repeat(round, Schedule.spaced(interval)))
    })
  )
