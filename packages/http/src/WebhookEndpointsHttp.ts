/**
 * Handlers of the webhook-endpoint endpoints (SPEC section 4) and of the delivery log (*ext*).
 */
import { WebhookDeliveries, WebhookEndpoints } from "@till/core"
import { Effect } from "effect"
import * as Endpoint from "./Endpoint.ts"
import { WebhookEndpointsGroup } from "./WebhookEndpointsApi.ts"
import * as Wire from "./Wire.ts"

const { withoutExpand } = Endpoint

/** The list's `url`. */
export const LIST_URL = "/v1/webhook_endpoints"


/** The routes of the WebhookEndpoints group. */
export const routes = Effect.gen(function*() {
  const endpoints = yield* WebhookEndpoints
  const deliveries = yield* WebhookDeliveries
  const endpoint = yield* Endpoint.make
  return endpoint.routes(WebhookEndpointsGroup, {
    create: ({ input, scope }) =>
      Effect.map(endpoints.create(scope, withoutExpand(input)), ({ endpoint, secret }) => Wire.createdWebhookEndpoint(endpoint, secret)),
    list: ({ input, scope }) => Effect.map(endpoints.list(scope, withoutExpand(input)), (page) => Wire.list(LIST_URL, page, Wire.webhookEndpoint)),
    retrieve: ({ id, scope }) => Effect.map(endpoints.retrieve(scope, id), Wire.webhookEndpoint),
    update: ({ id, input, scope }) => Effect.map(endpoints.update(scope, id, withoutExpand(input)), Wire.webhookEndpoint),
    rollSecret: ({ id, input, scope }) =>
      Effect.map(endpoints.rollSecret(scope, id, input.previous_secret_expires_in ?? 0), ({ endpoint, secret }) => Wire.createdWebhookEndpoint(endpoint, secret)),
    sendTestEvent: ({ id, input, scope }) => deliveries.sendTest(scope, id, input.type),
    delete: ({ id, scope }) => Effect.map(endpoints.delete(scope, id), Wire.deletedWebhookEndpoint),
    listEventDeliveries: ({ id, scope }) =>
      Effect.map(deliveries.listForEvent(scope, id), (data) => Wire.list(`/v1/events/${id}/deliveries`, { data, has_more: false }, (d) => d)),
    listDeliveryAttempts: ({ id, scope }) =>
      Effect.map(deliveries.listAttempts(scope, id), (data) => Wire.list(`/v1/webhook_deliveries/${id}/attempts`, { data, has_more: false }, (a) => a)),
    resendDelivery: ({ id, scope }) => deliveries.resend(scope, id),
    resendFailedDeliveries: ({ id, input, scope }) =>
      Effect.map(deliveries.resendFailed(scope, id, input.since), (data) =>
        Wire.list(`/v1/webhook_endpoints/${id}/resend_failed`, { data, has_more: false }, (d) => d))
  })
})
