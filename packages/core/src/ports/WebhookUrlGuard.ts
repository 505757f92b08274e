/**
 * Port: whether a webhook endpoint may target a URL's host. Deciding needs DNS, which the core leaves to
 * an adapter; the adapter checks the address again when it delivers, since a name can change.
 */
import { Context, type Effect } from "effect"
import type { WebhookUrlNotAllowed } from "../Errors.ts"

/** Port: refuses a URL whose host an endpoint of this mode may not reach (a private address, say). */
export class WebhookUrlGuard extends Context.Service<WebhookUrlGuard, {
  readonly check: (url: string, livemode: boolean) => Effect.Effect<void, WebhookUrlNotAllowed>
}>()("till/WebhookUrlGuard") {}
