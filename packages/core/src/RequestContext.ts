/**
 * The request a call serves, recorded on the events it causes.
 */
import { Context } from "effect"

/** The request id and idempotency key of the current call; both null outside a request. */
export const RequestContext = Context.Reference<{ readonly id: string | null; readonly idempotency_key: string | null }>(
  "till/RequestContext",
  { defaultValue: () => ({ id: null, idempotency_key: null }) }
)
