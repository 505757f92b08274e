/**
 * The HTTP contract of Till's Stripe-compatible API (SPEC section 4), as an Effect HttpApi.
 * It holds no server code: a client imports it alone and `HttpApiClient.make(Api)` gives a typed
 * client; `/openapi.json` is generated from it. The server serves exactly these endpoints (the
 * router is built from this contract, see Endpoint.ts), with Stripe's wire rules: each endpoint's
 * middleware (`SecretKeyAuth`, `ClientAuth`, none) is the credential its route takes, and its payload
 * (POST) or query (GET, DELETE) schema is what the route decodes.
 */
import { Schema } from "effect"
import { HttpApi, HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
import { AccountGroup, FilesGroup } from "./AccountApi.ts"
import { ChargesGroup, RefundsGroup } from "./ChargesApi.ts"
import { body, query } from "./ContractInput.ts"
import {
  CancelPaymentIntentBody,
  CapturePaymentIntentBody,
  CreatePaymentLinkBody,
  CreateSessionBody,
  ListEventsQuery,
  ListLineItemsQuery,
  ListPaymentLinksQuery,
  ListSessionsQuery,
  MintSessionBody,
  PaymentBody,
  PaymentMethodsQuery,
  RetrievePaymentIntentQuery,
  RetrieveQuery,
  RetrieveSessionQuery,
  SessionCommandBody,
  UpdatePaymentLinkBody,
  UpdateSessionBody
} from "./Requests.ts"
import {
  CardError,
  CommonErrors,
  CustomerSessionObject,
  EventObject,
  Health,
  LineItemList,
  ListOf,
  PaymentIntentObject,
  PaymentLinkLineItemObject,
  PaymentLinkObject,
  PaymentMethodList,
  SessionObject,
  UnavailableError
} from "./Responses.ts"
import { CustomersGroup } from "./CustomersApi.ts"
import { EmbedSettingsGroup } from "./EmbedSettingsApi.ts"
import { ProcessorSettingsGroup } from "./ProcessorSettingsApi.ts"
import { TaxRatesGroup } from "./TaxRatesApi.ts"
import { ShippingRatesGroup } from "./ShippingRatesApi.ts"
import { CouponsGroup, PromotionCodesGroup } from "./PromotionsApi.ts"
import { ClientAuth, SecretKeyAuth } from "./Security.ts"
import { WebhookEndpointsGroup } from "./WebhookEndpointsApi.ts"
import { PricesGroup, ProductsGroup } from "./CatalogApi.ts"
import * as OpenApiDocs from "./OpenApiDocs.ts"

/** The credentials routes take, as the contract declares them (see Security.ts). */
export { ClientAuth, SecretKeyAuth } from "./Security.ts"

const describe = (description: string) => OpenApi.annotations({ description })


const id = { id: Schema.String }

/** Checkout sessions (SPEC section 4). */
export class CheckoutSessionsGroup extends HttpApiGroup.make("checkoutSessions")
  .add(
    HttpApiEndpoint.post("create", "/v1/checkout/sessions", {
      payload: body(CreateSessionBody),
      success: SessionObject,
      error: CommonErrors
    }).middleware(SecretKeyAuth).annotateMerge(describe("Creates an open session. Answers 200 with the session, as Stripe does.")),
    HttpApiEndpoint.get("list", "/v1/checkout/sessions", {
      query: query(ListSessionsQuery),
      success: ListOf(SessionObject),
      error: CommonErrors
    }).middleware(SecretKeyAuth).annotateMerge(describe("Sessions of the key's account and mode, newest first.")),
    HttpApiEndpoint.get("retrieve", "/v1/checkout/sessions/:id", {
      params: id,
      query: query(RetrieveSessionQuery),
      success: SessionObject,
      error: CommonErrors
    }).middleware(ClientAuth).annotateMerge(describe("A session as it reads now (past `expires_at` it reads as expired).")),
    HttpApiEndpoint.post("update", "/v1/checkout/sessions/:id", {
      params: id,
      payload: body(UpdateSessionBody),
      success: SessionObject,
      error: CommonErrors
    }).middleware(SecretKeyAuth).annotateMerge(describe("Merges `metadata` while the session is open; an empty value unsets a key.")),
    HttpApiEndpoint.get("listLineItems", "/v1/checkout/sessions/:id/line_items", {
      params: id,
      query: query(ListLineItemsQuery),
      success: LineItemList,
      error: CommonErrors
    }).middleware(ClientAuth).annotateMerge(describe("The session's line items, in order, each with its price as it was when the session was made.")),
    HttpApiEndpoint.post("expire", "/v1/checkout/sessions/:id/expire", {
      params: id,
      payload: body(SessionCommandBody),
      success: SessionObject,
      error: CommonErrors
    }).middleware(SecretKeyAuth).annotateMerge(describe("Expires an open session; 400 if it is not open, 409 while a payment is in flight.")),
    HttpApiEndpoint.post("pay", "/v1/checkout/sessions/:id/payments", {
      params: id,
      payload: body(PaymentBody),
      success: PaymentIntentObject,
      error: [...CommonErrors, CardError]
    }).middleware(ClientAuth).annotateMerge(describe("*ext*: submits a payment (SPEC section 6). A decline answers 402 and the session stays open.")),
    HttpApiEndpoint.post("refreshClientSecret", "/v1/checkout/sessions/:id/refresh_client_secret", {
      params: id,
      payload: body(SessionCommandBody),
      success: SessionObject,
      error: CommonErrors
    }).middleware(SecretKeyAuth).annotateMerge(describe("*ext*: replaces the client secret; the old one stops working at once.")),
    HttpApiEndpoint.get("listPaymentMethods", "/v1/checkout/sessions/:id/payment_methods", {
      params: id,
      query: query(PaymentMethodsQuery),
      success: PaymentMethodList,
      error: CommonErrors
    }).middleware(ClientAuth).annotateMerge(describe("*ext*: the payment methods this session offers, with card brands and installment plans."))
  )
  .annotateMerge(OpenApi.annotations({ title: "Checkout Sessions" }))
{}

/** Payment links (SPEC section 4): reusable templates that mint a session for everyone who opens them. */
export class PaymentLinksGroup extends HttpApiGroup.make("paymentLinks")
  .add(
    HttpApiEndpoint.post("create", "/v1/payment_links", {
      payload: body(CreatePaymentLinkBody),
      success: PaymentLinkObject,
      error: CommonErrors
    }).middleware(SecretKeyAuth).annotateMerge(describe(
      "Creates an active link: Stripe's `line_items` (`price`, `quantity`, `adjustable_quantity`), `after_completion` and `metadata`; as " +
        "extensions, the rest of a session's create parameters (`price_data`, or `amount` + `currency`, URLs, `locale`, installments, ...) " +
        "except the per-session ones, and `expires_at`, which stops it minting."
    )),
    HttpApiEndpoint.get("list", "/v1/payment_links", {
      query: query(ListPaymentLinksQuery),
      success: ListOf(PaymentLinkObject),
      error: CommonErrors
    }).middleware(SecretKeyAuth).annotateMerge(describe("Links of the key's account and mode, newest first.")),
    HttpApiEndpoint.get("retrieve", "/v1/payment_links/:id", {
      params: id,
      query: query(RetrieveQuery),
      success: PaymentLinkObject,
      error: CommonErrors
    }).middleware(SecretKeyAuth).annotateMerge(describe("A payment link of the key's account and mode.")),
    HttpApiEndpoint.post("update", "/v1/payment_links/:id", {
      params: id,
      payload: body(UpdatePaymentLinkBody),
      success: PaymentLinkObject,
      error: CommonErrors
    }).middleware(SecretKeyAuth).annotateMerge(describe("Activates or deactivates a link (`active`), or merges its `metadata`.")),
    HttpApiEndpoint.get("listLineItems", "/v1/payment_links/:id/line_items", {
      params: id,
      query: query(ListLineItemsQuery),
      success: ListOf(PaymentLinkLineItemObject),
      error: CommonErrors
    }).middleware(SecretKeyAuth).annotateMerge(describe("The link's line items, in order, as the link was made, with `adjustable_quantity`.")),
    HttpApiEndpoint.post("mintSession", "/v1/payment_links/token/:token/checkout_sessions", {
      params: { token: Schema.String },
      payload: body(MintSessionBody),
      success: CustomerSessionObject,
      error: CommonErrors
    }).annotateMerge(describe(
      "*ext*, no auth: mints an open session from an active link, for the customer who holds the link. Answers what the customer needs " +
        "(amounts, line items, `url` with the client secret in its fragment, `client_secret`) and none of the merchant's fields. " +
        "400 `payment_link_inactive` or `payment_link_expired` when the link takes no payments."
    ))
  )
  .annotateMerge(OpenApi.annotations({ title: "Payment Links" }))
{}

/** Payment intents: one per paid (or attempted) session; captured or canceled by the merchant when the session asked for manual capture. */
export class PaymentIntentsGroup extends HttpApiGroup.make("paymentIntents")
  .add(
    HttpApiEndpoint.get("retrieve", "/v1/payment_intents/:id", {
      params: id,
      query: query(RetrievePaymentIntentQuery),
      success: PaymentIntentObject,
      error: CommonErrors
    }).middleware(SecretKeyAuth).annotateMerge(describe("The payment intent a session's payment made (Till makes intents only through sessions).")),
    HttpApiEndpoint.post("capture", "/v1/payment_intents/:id/capture", {
      params: id,
      payload: body(CapturePaymentIntentBody),
      success: PaymentIntentObject,
      error: CommonErrors
    }).middleware(SecretKeyAuth).annotateMerge(describe(
      "Captures a payment held with `payment_intent_data[capture_method]=manual`: `amount_to_capture` (all of `amount_capturable` by default), " +
        "the rest released. 400 `payment_intent_unexpected_state` unless the intent is `requires_capture`."
    )),
    HttpApiEndpoint.post("cancel", "/v1/payment_intents/:id/cancel", {
      params: id,
      payload: body(CancelPaymentIntentBody),
      success: PaymentIntentObject,
      error: CommonErrors
    }).middleware(SecretKeyAuth).annotateMerge(describe(
      "Cancels a payment intent awaiting capture, releasing the hold. 400 `payment_intent_unexpected_state` otherwise " +
        "(an open session's intent is canceled by expiring the session, as with Stripe)."
    ))
  )
  .annotateMerge(OpenApi.annotations({ title: "Payment Intents" }))
{}

/** Events, newest first. */
export class EventsGroup extends HttpApiGroup.make("events")
  .add(
    HttpApiEndpoint.get("list", "/v1/events", {
      query: query(ListEventsQuery),
      success: ListOf(EventObject),
      error: CommonErrors
    }).middleware(SecretKeyAuth).annotateMerge(describe("Events of the key's account and mode, newest first; filter by `type` or `types`.")),
    HttpApiEndpoint.get("retrieve", "/v1/events/:id", {
      params: id,
      query: query(RetrieveQuery),
      success: EventObject,
      error: CommonErrors
    }).middleware(SecretKeyAuth).annotateMerge(describe("An event, with its object as it was when the event happened."))
  )
  .annotateMerge(OpenApi.annotations({ title: "Events" }))
{}

/** Liveness and readiness, without auth. */
export class SystemGroup extends HttpApiGroup.make("system")
  .add(
    HttpApiEndpoint.get("healthz", "/healthz", { success: Health }).annotateMerge(describe("200 while the process serves requests.")),
    HttpApiEndpoint.get("readyz", "/readyz", { success: Health, error: UnavailableError })
      .annotateMerge(describe("200 when the readiness check (e.g. a database ping) passes, 503 otherwise."))
  )
  .annotateMerge(OpenApi.annotations({ title: "System" }))
{}

/** The whole contract. */
export class Api extends HttpApi.make("till")
  .add(CheckoutSessionsGroup)
  .add(PaymentLinksGroup)
  .add(PaymentIntentsGroup)
  .add(EventsGroup)
  .add(WebhookEndpointsGroup)
  .add(SystemGroup)
  .add(ProductsGroup)
  .add(PricesGroup)
  .add(CustomersGroup)
  .add(ChargesGroup)
  .add(RefundsGroup)
  .add(TaxRatesGroup)
  .add(CouponsGroup)
  .add(PromotionCodesGroup)
  .add(EmbedSettingsGroup)
  .add(AccountGroup)
  .add(FilesGroup)
  .add(ShippingRatesGroup)
  .add(ProcessorSettingsGroup)
  .annotateMerge(OpenApi.annotations({
    title: "Till",
    version: "0.1.0",
    description: "Self-hostable checkout sessions, wire-compatible with Stripe's Checkout Sessions API. " +
      "Bodies are JSON or form-encoded with bracket notation (`line_items[0][quantity]=1`); " +
      "query strings use bracket notation too (`created[gte]=…`, `expand[]=line_items`). " +
      "Every error is `{ error: { type, code, message, param } }` and every response carries `Request-Id`. " +
      "A POST may carry an `Idempotency-Key` header (up to 255 characters): the first completed response is replayed for 24 hours. " +
      "A `Stripe-Version` header must name a version Till accepts (`2026-11-01.till`, the default, and Stripe's `dahlia` and `endive` " +
      "releases, e.g. `2026-10-28.endive`), else 400; every answer carries the version in force as `Stripe-Version`, and the events a " +
      "request causes record it as `api_version`. A `Stripe-Account` header (Connect) is refused with 403 `platform_account_required`.",
    transform: OpenApiDocs.complete
  }))
{}
