/**
 * Webhook endpoints, where events are delivered, and the record of each delivery attempt.
 */
import { Schema } from "effect"
import { ApiVersion } from "./ApiVersion.ts"
import { EVENT_TYPES } from "./Events.ts"
import { Bool, MetadataOrEmpty, Text, Url } from "./Params.ts"

/**
 * A merchant's endpoint (Stripe's `webhook_endpoint`): its business facts, `url` being where events go.
 * The wire object's `object` is the HTTP adapter's to render; `secret` is kept beside it when stored.
 */
export const WebhookEndpoint = Schema.Struct({
  id: Schema.String,
  url: Schema.String,
  enabled_events: Schema.Array(Schema.String),
  status: Schema.Literals(["enabled", "disabled"]),
  description: Schema.NullOr(Schema.String),
  metadata: Schema.Record(Schema.String, Schema.String),
  /** The version its deliveries' events carry; null when not pinned (each event keeps its own). */
  api_version: Schema.NullOr(Schema.String),
  livemode: Schema.Boolean,
  created: Schema.Int
})
/** See {@link WebhookEndpoint}. */
export type WebhookEndpoint = typeof WebhookEndpoint.Type

/** A rolled secret that still signs deliveries, beside the new one, until `expires_at` (unix seconds). */
export interface PreviousSecret {
  readonly secret: string
  readonly expires_at: number
}

/** An endpoint as stored: with its account, signing secret (`whsec_…`) and the version its writes are conditional on. */
export interface StoredWebhookEndpoint {
  readonly account: string
  readonly version: number
  readonly endpoint: WebhookEndpoint
  readonly secret: string
  /** After a roll with a grace period: the old secret, which signs too until it expires (absent: none). */
  readonly previous_secret?: PreviousSecret
}

/** The secrets that sign a delivery made at `now`: the endpoint's, then a rolled one still within its grace period. */
export const signingSecrets = (stored: Pick<StoredWebhookEndpoint, "secret" | "previous_secret">, now: number): ReadonlyArray<string> =>
  stored.previous_secret !== undefined && stored.previous_secret.expires_at > now ? [stored.secret, stored.previous_secret.secret] : [stored.secret]

/** Whether an endpoint wants events of this type (`*` subscribes to all). */
export const subscribes = (endpoint: WebhookEndpoint, type: string): boolean =>
  endpoint.status === "enabled" && (endpoint.enabled_events.includes("*") || endpoint.enabled_events.includes(type))

/** One event on its way to one endpoint. `pending` until a 2xx, `failed` once retries are exhausted. */
export const WebhookDelivery = Schema.Struct({
  id: Schema.String,
  object: Schema.Literal("webhook_delivery"),
  event: Schema.String,
  webhook_endpoint: Schema.String,
  status: Schema.Literals(["pending", "succeeded", "failed"]),
  attempts: Schema.Int,
  created: Schema.Int,
  livemode: Schema.Boolean
})
/** See {@link WebhookDelivery}. */
export type WebhookDelivery = typeof WebhookDelivery.Type

/** One HTTP attempt of a delivery (*ext*): when, what came back, how long it took. */
export const DeliveryAttempt = Schema.Struct({
  id: Schema.String,
  object: Schema.Literal("webhook_delivery_attempt"),
  delivery: Schema.String,
  created: Schema.Int,
  status_code: Schema.NullOr(Schema.Int),
  latency_ms: Schema.Finite,
  error: Schema.NullOr(Schema.String),
  succeeded: Schema.Boolean
})
/** See {@link DeliveryAttempt}. */
export type DeliveryAttempt = typeof DeliveryAttempt.Type

/** Event types an endpoint may subscribe to: every type, or `*` for all. */
export const EnabledEvent = Schema.Literals(["*", ...EVENT_TYPES])

const EnabledEvents = Schema.Array(EnabledEvent).pipe(
  Schema.check(Schema.makeFilter((a: ReadonlyArray<string>) => (a.length === 0 ? "Expected at least one event type" : undefined)))
)

/** Parameters of `POST /v1/webhook_endpoints`. */
export const CreateWebhookEndpointParams = Schema.Struct({
  url: Url,
  enabled_events: EnabledEvents,
  description: Schema.optionalKey(Text(1, 5000)),
  metadata: Schema.optionalKey(MetadataOrEmpty),
  api_version: Schema.optionalKey(ApiVersion)
})
/** See {@link CreateWebhookEndpointParams}. */
export type CreateWebhookEndpointParams = typeof CreateWebhookEndpointParams.Type

/** Parameters of `POST /v1/webhook_endpoints/:id`; `disabled: true` pauses deliveries. */
export const UpdateWebhookEndpointParams = Schema.Struct({
  url: Schema.optionalKey(Url),
  enabled_events: Schema.optionalKey(EnabledEvents),
  description: Schema.optionalKey(Schema.Union([Text(1, 5000), Schema.Literal("")])),
  metadata: Schema.optionalKey(MetadataOrEmpty),
  disabled: Schema.optionalKey(Bool)
})
/** See {@link UpdateWebhookEndpointParams}. */
export type UpdateWebhookEndpointParams = typeof UpdateWebhookEndpointParams.Type
