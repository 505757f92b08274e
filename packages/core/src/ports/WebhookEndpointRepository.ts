/**
 * Port: the merchant's webhook endpoints, with their signing secrets.
 */
import { Context, type Effect, type Option } from "effect"
import type { Scope } from "../CheckoutSession.ts"
import type { StoredWebhookEndpoint } from "../WebhookEndpoint.ts"
import type { Page, PageRequest } from "./SessionRepository.ts"

/** Port: webhook endpoints. Deleting one stops its future deliveries. */
export class WebhookEndpointRepository extends Context.Service<WebhookEndpointRepository, {
  readonly insert: (stored: StoredWebhookEndpoint) => Effect.Effect<void>
  readonly update: (stored: StoredWebhookEndpoint) => Effect.Effect<void>
  /** Removes an endpoint; answers whether it existed. */
  readonly delete: (id: string) => Effect.Effect<boolean>
  /** An endpoint by id, whatever its account; callers check the scope. */
  readonly findById: (id: string) => Effect.Effect<Option.Option<StoredWebhookEndpoint>>
  /** Endpoints of one scope, newest first (by `created`, then `id`). */
  readonly list: (scope: Scope, page: PageRequest) => Effect.Effect<Page<StoredWebhookEndpoint>>
}>()("till/WebhookEndpointRepository") {}
