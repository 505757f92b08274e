/**
 * The request a call serves, recorded on the events it causes.
 */
import { Context } from "effect"

/** The request id and idempotency key of the current call; both null outside a request. */
export const RequestContext = Context.Reference<{ readonly id: string | null; readonly idempotency_key: string | null }>(
  "till/RequestContext",
  { defaultValue: () => ({ id: null, idempotency_key: null }) }
)

/** Where hosted pages are served (`TILL_PUBLIC_URL`), used to build a session's `url`. */
export const HostedPageBase = Context.Reference<string>("till/HostedPageBase", { defaultValue: () => "http://localhost:4242" })
