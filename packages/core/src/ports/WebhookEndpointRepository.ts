/**
 * Port: the merchant's webhook endpoints, with their signing secrets.
 */
import { Context, type Effect, type Option } from "effect"
import type { Scope } from "../CheckoutSession.ts"
import type { ConcurrentModification } from "../Errors.ts"
import type { StoredWebhookEndpoint } from "../WebhookEndpoint.ts"
import type { Page, PageRequest } from "./SessionRepository.ts"

/**
 * Port: webhook endpoints. Deleting one stops its future deliveries. Updates and deletes are
 * conditional on the version the caller read, so a deleted endpoint is never written back.
 */
export class WebhookEndpointRepository extends Context.Service<WebhookEndpointRepository, {
  /** Stores a new endpoint (at `stored.version`, 1). */
  readonly insert: (stored: StoredWebhookEndpoint) => Effect.Effect<void>
  /**
   * Replaces an endpoint whose stored version is `stored.version - 1`. Fails with ConcurrentModification
   * when another write came first or the endpoint is gone: an update never brings one back.
   */
  readonly update: (stored: StoredWebhookEndpoint) => Effect.Effect<void, ConcurrentModification>
  /** Removes an endpoint whose stored version is `version`; fails with ConcurrentModification otherwise (or when it is gone). */
  readonly delete: (id: string, version: number) => Effect.Effect<void, ConcurrentModification>
  /** An endpoint by id, whatever its account; callers check the scope. */
  readonly findById: (id: string) => Effect.Effect<Option.Option<StoredWebhookEndpoint>>
  /** Endpoints by id, whatever their account, in no particular order; an id not found is left out. */
  readonly findByIds: (ids: ReadonlyArray<string>) => Effect.Effect<ReadonlyArray<StoredWebhookEndpoint>>
  /** Endpoints of one scope, newest first (by `created`, then `id`). */
  readonly list: (scope: Scope, page: PageRequest) => Effect.Effect<Page<StoredWebhookEndpoint>>
}>()("till/WebhookEndpointRepository") {}
