/**
 * The contract of webhook endpoints (SPEC section 4) and of their deliveries (*ext*): where events
 * go, and what each attempt to deliver one got back. Every route takes a secret key.
 */
import {
  CreateWebhookEndpointParams,
  Params,
  DeliveryAttempt,
  EventType,
  ListPageParams,
  MAX_SECRET_GRACE,
  UpdateWebhookEndpointParams,
  WebhookDelivery,
  WebhookEndpoint
} from "@till/core"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
import { body, query } from "./ContractInput.ts"
import { Expand, RetrieveQuery } from "./Requests.ts"
import { CommonErrors, ListOf } from "./Responses.ts"
import { SecretKeyAuth } from "./Security.ts"
import { WebhookEndpointFeaturesOff } from "./StripeFields.ts"

const describe = (description: string) => OpenApi.annotations({ description })
const nothingExpandable = Expand([])
const id = { id: Schema.String }

/** `POST /v1/webhook_endpoints`. */
export const CreateWebhookEndpointBody = Schema.Struct({ ...CreateWebhookEndpointParams.fields, expand: nothingExpandable })
/** `POST /v1/webhook_endpoints/:id`: `url`, `enabled_events`, `description`, `metadata`, `disabled`. */
export const UpdateWebhookEndpointBody = Schema.Struct({ ...UpdateWebhookEndpointParams.fields, expand: nothingExpandable })
/** `GET /v1/webhook_endpoints`. */
export const ListWebhookEndpointsQuery = Schema.Struct({ ...ListPageParams.fields, expand: nothingExpandable })

const { id: endpointId, ...endpointFacts } = WebhookEndpoint.fields
const endpointFields = { id: endpointId, object: Schema.Literal("webhook_endpoint"), ...endpointFacts, ...WebhookEndpointFeaturesOff.fields }

/** A webhook endpoint (Stripe's `webhook_endpoint`): the core's endpoint with `object`, without its secret (see Wire.webhookEndpoint). */
export const WebhookEndpointObject = Schema.Struct(endpointFields).annotate({ identifier: "WebhookEndpoint" })
/** See {@link WebhookEndpointObject}. */
export type WebhookEndpointObject = typeof WebhookEndpointObject.Type
/** A webhook endpoint as its create call answers: with its signing `secret` (`whsec_…`), shown this once. */
export const CreatedWebhookEndpointObject = Schema.Struct({ ...endpointFields, secret: Schema.String })
  .annotate({ identifier: "CreatedWebhookEndpoint" })
/** See {@link CreatedWebhookEndpointObject}. */
export type CreatedWebhookEndpointObject = typeof CreatedWebhookEndpointObject.Type
/** What `DELETE` answers. */
export const DeletedWebhookEndpoint = Schema.Struct({ id: Schema.String, object: Schema.Literal("webhook_endpoint"), deleted: Schema.Literal(true) })
  .annotate({ identifier: "DeletedWebhookEndpoint" })
/** See {@link DeletedWebhookEndpoint}. */
export type DeletedWebhookEndpoint = typeof DeletedWebhookEndpoint.Type
/** One event on its way to one endpoint (*ext*). */
export const WebhookDeliveryObject = WebhookDelivery.annotate({ identifier: "WebhookDelivery" })
/** One attempt of a delivery (*ext*). */
export const DeliveryAttemptObject = DeliveryAttempt.annotate({ identifier: "WebhookDeliveryAttempt" })

/** `POST /v1/webhook_deliveries/:id/resend` (*ext*): nothing to give. */
export const ResendDeliveryBody = Schema.Struct({ expand: nothingExpandable })
/** `POST /v1/webhook_endpoints/:id/resend_failed` (*ext*): the failed deliveries created at or after `since` go again. */
export const ResendFailedBody = Schema.Struct({ since: Params.Timestamp, expand: nothingExpandable })

/** `POST /v1/webhook_endpoints/:id/roll_secret` (*ext*): how long the old secret keeps signing (seconds; none by default). */
export const RollSecretBody = Schema.Struct({
  previous_secret_expires_in: Schema.optionalKey(Params.Integer(0, MAX_SECRET_GRACE)),
  expand: nothingExpandable
})

/** `POST /v1/webhook_endpoints/:id/test` (*ext*): the type of the test event. */
export const SendTestEventBody = Schema.Struct({ type: EventType, expand: nothingExpandable })

/** Webhook endpoints, and the deliveries of events to them. */
export class WebhookEndpointsGroup extends HttpApiGroup.make("webhookEndpoints")
  .add(
    HttpApiEndpoint.post("create", "/v1/webhook_endpoints", {
      payload: body(CreateWebhookEndpointBody),
      success: CreatedWebhookEndpointObject,
      error: CommonErrors
    }).annotateMerge(describe(
      "Registers an endpoint for `enabled_events` (`*` for all). The answer carries the signing `secret`, the only time it is shown."
    )),
    HttpApiEndpoint.get("list", "/v1/webhook_endpoints", {
      query: query(ListWebhookEndpointsQuery),
      success: ListOf(WebhookEndpointObject),
      error: CommonErrors
    }).annotateMerge(describe("Endpoints of the key's account and mode, newest first.")),
    HttpApiEndpoint.get("retrieve", "/v1/webhook_endpoints/:id", {
      params: id,
      query: query(RetrieveQuery),
      success: WebhookEndpointObject,
      error: CommonErrors
    }).annotateMerge(describe("An endpoint of the key's account and mode, without its secret (shown only when it is created).")),
    HttpApiEndpoint.post("update", "/v1/webhook_endpoints/:id", {
      params: id,
      payload: body(UpdateWebhookEndpointBody),
      success: WebhookEndpointObject,
      error: CommonErrors
    }).annotateMerge(describe("Changes `url`, `enabled_events`, `description` or `metadata`; `disabled: true` stops deliveries to it.")),
    HttpApiEndpoint.post("rollSecret", "/v1/webhook_endpoints/:id/roll_secret", {
      params: id,
      payload: body(RollSecretBody),
      success: CreatedWebhookEndpointObject,
      error: CommonErrors
    }).annotateMerge(describe(
      "*ext* (Stripe rolls from its dashboard only): gives the endpoint a new signing `secret`, shown on this answer only. " +
        "The old secret stops signing at once, or keeps signing beside the new one for `previous_secret_expires_in` seconds (at most 86400): " +
        "attempts made meanwhile carry a signature by each."
    )),
    HttpApiEndpoint.post("sendTestEvent", "/v1/webhook_endpoints/:id/test", {
      params: id,
      payload: body(SendTestEventBody),
      success: WebhookDeliveryObject,
      error: CommonErrors
    }).annotateMerge(describe(
      "*ext*, test mode only: sends this endpoint alone a test event of `type` whose object is made up (`metadata.till_test_event` is `\"true\"`), " +
        "once, now, with no retries, whether the endpoint is enabled or subscribes to the type or not. Answers its delivery, `pending` until its attempt."
    )),
    HttpApiEndpoint.delete("delete", "/v1/webhook_endpoints/:id", {
      params: id,
      query: query(RetrieveQuery),
      success: DeletedWebhookEndpoint,
      error: CommonErrors
    }).annotateMerge(describe("Deletes an endpoint; its pending deliveries fail without being sent.")),
    HttpApiEndpoint.get("listEventDeliveries", "/v1/events/:id/deliveries", {
      params: id,
      query: query(RetrieveQuery),
      success: ListOf(WebhookDeliveryObject),
      error: CommonErrors
    }).annotateMerge(describe(
      "*ext*: where an event went: one delivery per endpoint it was sent to, oldest first, with its `status` " +
        "(`pending` until a 2xx, `failed` once retries ran out) and how many `attempts` it took."
    )),
    HttpApiEndpoint.get("listDeliveryAttempts", "/v1/webhook_deliveries/:id/attempts", {
      params: id,
      query: query(RetrieveQuery),
      success: ListOf(DeliveryAttemptObject),
      error: CommonErrors
    }).annotateMerge(describe("*ext*: every attempt of a delivery, in order: when, the status code (or `error`), and the latency.")),
    HttpApiEndpoint.post("resendDelivery", "/v1/webhook_deliveries/:id/resend", {
      params: id,
      payload: body(ResendDeliveryBody),
      success: WebhookDeliveryObject,
      error: CommonErrors
    }).annotateMerge(describe(
      "*ext* (Stripe has this in its dashboard only): sends a delivery again, now, whatever its status. Answers it `pending`; the attempt's " +
        "outcome is its next `status` and attempt. One that had settled is settled by that attempt (no automatic retries follow); one still " +
        "being retried keeps its schedule."
    )),
    HttpApiEndpoint.post("resendFailedDeliveries", "/v1/webhook_endpoints/:id/resend_failed", {
      params: id,
      payload: body(ResendFailedBody),
      success: ListOf(WebhookDeliveryObject),
      error: CommonErrors
    }).annotateMerge(describe(
      "*ext*: sends again every `failed` delivery to this endpoint created at or after `since` (unix seconds; at most 1000), as `resend` does; answers them."
    ))
  )
  .middleware(SecretKeyAuth)
  .annotateMerge(OpenApi.annotations({ title: "Webhook Endpoints" }))
{}
