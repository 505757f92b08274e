/**
 * The readiness check behind `/readyz`. The default always passes; the server plugs in a database
 * ping with `Layer.succeed(Readiness, { check })`.
 */
import { Context, Effect } from "effect"

/** Whether the service can take traffic: fails (or dies) when it cannot. */
export const Readiness = Context.Reference<{ readonly check: Effect.Effect<void, unknown> }>("till/http/Readiness", {
  defaultValue: () => ({ check: Effect.void })
})

/** How long a readiness check may take before it counts as failed. */
export const READINESS_TIMEOUT = "2 seconds"
