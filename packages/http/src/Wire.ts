/**
 * Core values as the API shows them: sessions with their expansions, events, list envelopes.
 * Plain functions over plain objects; the core's objects already have their wire shape, so no
 * encoder runs per response.
 */
import type { Event, Page, PaymentLink, SessionState, WebhookEndpoint } from "@till/core"
import { Struct } from "effect"
import {
  CUSTOMER_SESSION_FIELDS,
  type CustomerSessionObject,
  type EventObject,
  type PaymentLinkObject,
  type PaymentMethodObject,
  type SessionObject
} from "./Responses.ts"
import type { CreatedWebhookEndpointObject, DeletedWebhookEndpoint, WebhookEndpointObject } from "./WebhookEndpointsApi.ts"

/** Which session fields to embed as objects. */
export interface SessionExpansion {
  readonly line_items: boolean
  readonly payment_intent: boolean
}

/** Nothing expanded. */
export const noExpansion: SessionExpansion = { line_items: false, payment_intent: false }

/** The expansion an `expand[]` list asks for; `prefix` is `"data."` inside a list. */
export const expansionOf = (expand: ReadonlyArray<string> | undefined, prefix = ""): SessionExpansion =>
  expand === undefined || expand.length === 0
    ? noExpansion
    : { line_items: expand.includes(`${prefix}line_items`), payment_intent: expand.includes(`${prefix}payment_intent`) }

/** The path of a session's line items, which is also the `url` of their list. */
export const lineItemsUrl = (sessionId: string): string => `/v1/checkout/sessions/${sessionId}/line_items`

/** The list envelope around one page. */
export const list = <A, B>(url: string, page: Page<A>, item: (a: A) => B) => ({
  object: "list" as const,
  url,
  has_more: page.has_more,
  data: page.data.map(item)
})

/** A session, with `line_items` (all of them: at most 100) and `payment_intent` embedded when asked. */
export const session = (state: SessionState, expansion: SessionExpansion = noExpansion): SessionObject => {
  if (!expansion.line_items && !expansion.payment_intent) return state.session
  return {
    ...state.session,
    ...(expansion.payment_intent && state.payment_intent !== null ? { payment_intent: state.payment_intent } : {}),
    ...(expansion.line_items
      ? { line_items: list(lineItemsUrl(state.session.id), { data: state.line_items, has_more: false }, (item) => item) }
      : {})
  }
}

/** An event without the owning account, which Stripe reserves for Connect. */
export const event = (e: Event): EventObject => {
  const { account: _account, ...rest } = e
  return rest
}

/** A session as its customer sees it (see `CUSTOMER_SESSION_FIELDS`), with its line items. */
export const customerSession = (state: SessionState): CustomerSessionObject => ({
  ...Struct.pick(state.session, CUSTOMER_SESSION_FIELDS),
  line_items: list(lineItemsUrl(state.session.id), { data: state.line_items, has_more: false }, (item) => item)
})

/**
 * The card brands a session's page accepts: those the test processor tells apart. A live processor
 * behind the port may take fewer; the port does not say (yet), so this is the adapter's claim.
 */
export const CARD_BRANDS: ReadonlyArray<string> = ["visa", "mastercard", "amex", "discover", "diners", "jcb", "unionpay"]

/** The path of a session's payment methods, which is also the `url` of their list. */
export const paymentMethodsUrl = (sessionId: string): string => `/v1/checkout/sessions/${sessionId}/payment_methods`

/** The payment methods a session offers (*ext*): one entry per type, with the card's installment plans. */
export const paymentMethods = (state: SessionState) => {
  const { installments } = state.session.payment_method_options.card
  const data: ReadonlyArray<PaymentMethodObject> = state.session.payment_method_types
    .filter((type) => type === "card")
    .map(() => ({
      type: "card",
      card: {
        brands: CARD_BRANDS,
        installments: {
          enabled: installments.enabled,
          plans: installments.plans.map((plan) => ({ count: plan.count, rate: plan.rate, interval: "month" as const }))
        }
      }
    }))
  return list(paymentMethodsUrl(state.session.id), { data, has_more: false }, (method) => method)
}

/** The public page of a payment link, `<base>/l/<token>` (the route of PaymentLinkPages). */
export const paymentLinkUrl = (base: string, token: string): string => `${base.replace(/\/+$/, "")}/l/${token}`

/** A payment link as Stripe shows it: with `object`, and its `url` under the hosted-page base it is rendered for. */
export const paymentLink = (link: PaymentLink, base: string): PaymentLinkObject => ({
  id: link.id,
  object: "payment_link",
  active: link.active,
  livemode: link.livemode,
  created: link.created,
  url: paymentLinkUrl(base, link.token),
  token: link.token,
  currency: link.currency,
  amount_total: link.amount_total,
  metadata: link.metadata,
  session_params: link.session_params,
  expires_at: link.expires_at
})

/** A webhook endpoint as Stripe shows it: with `object`, never with its secret. */
export const webhookEndpoint = (endpoint: WebhookEndpoint): WebhookEndpointObject => ({
  id: endpoint.id,
  object: "webhook_endpoint",
  url: endpoint.url,
  enabled_events: endpoint.enabled_events,
  status: endpoint.status,
  description: endpoint.description,
  metadata: endpoint.metadata,
  api_version: endpoint.api_version,
  livemode: endpoint.livemode,
  created: endpoint.created
})

/** A webhook endpoint as its create call answers: with its signing secret, this once. */
export const createdWebhookEndpoint = (endpoint: WebhookEndpoint, secret: string): CreatedWebhookEndpointObject => ({
  ...webhookEndpoint(endpoint),
  secret
})

/** What deleting a webhook endpoint answers. */
export const deletedWebhookEndpoint = (endpoint: WebhookEndpoint): DeletedWebhookEndpoint => ({
  id: endpoint.id,
  object: "webhook_endpoint",
  deleted: true
})
