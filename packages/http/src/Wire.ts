/**
 * Domain values as the API shows them, in Stripe's shape: sessions (with the hosted page's `url`,
 * made from where this server is reached) and their expansions, payment intents, line items, events,
 * list envelopes. The one place that knows the wire shape of these objects; plain functions, so no
 * encoder runs per response.
 */
import {
  type Charge,
  type CheckoutSession,
  consentCollectionOf,
  type CreateSessionParams,
  type CustomField,
  customFieldsOf,
  customTextOf,
  type Customer,
  type CustomerView,
  type Event,
  type EventDraft,
  EventSnapshots,
  type LineItem,
  type LinkLineItem,
  type Page,
  type PaymentIntent,
  type PaymentLink,
  SessionLineItems,
  type SessionState,
  latestChargeOf,
  type WebhookEndpoint
} from "@till/core"
import type { ChargeObject } from "./ChargeResponses.ts"
import * as ChargeWire from "./ChargeWire.ts"
import * as CatalogWire from "./CatalogWire.ts"
import { Effect, Layer, Result, Struct } from "effect"
import { HostedPageBase } from "./HostedPageBase.ts"
import {
  CUSTOMER_SESSION_FIELDS,
  type CustomerSessionObject,
  type EventObject,
  type LineItemObject,
  type LinkCustomFieldObject,
  type PaymentIntentObject,
  type PaymentLinkLineItemObject,
  type PaymentLinkObject,
  type PaymentMethodObject,
  type SessionObject
} from "./Responses.ts"
import {
  customerDetailsRest,
  lineItemFeaturesOff,
  paymentIntentFeaturesOff,
  paymentLinkFeaturesOff,
  sessionFeaturesOff,
  webhookEndpointFeaturesOff
} from "./StripeFields.ts"
import type { CreatedWebhookEndpointObject, DeletedWebhookEndpoint, WebhookEndpointObject } from "./WebhookEndpointsApi.ts"
import type { CustomerObject, DeletedCustomerObject } from "./CustomerResponses.ts"
import { taxRate } from "./TaxRateResponses.ts"
import { coupon, discount, promotionCode } from "./PromotionResponses.ts"
import { shippingRate } from "./ShippingRateResponses.ts"

/** Which session fields to embed as objects. */
export interface SessionExpansion {
  readonly line_items: boolean
  readonly payment_intent: boolean
  /** The customer is looked up by the handler, which embeds it (see CheckoutSessionsHttp). */
  readonly customer?: boolean
  /** `shipping_cost.shipping_rate`, `shipping_options.shipping_rate`: the rates the session keeps, embedded. */
  readonly shipping_cost_rate?: boolean
  readonly shipping_options_rate?: boolean
}

/** Nothing expanded. */
export const noExpansion: SessionExpansion = { line_items: false, payment_intent: false, customer: false, shipping_cost_rate: false, shipping_options_rate: false }

/** The expansion an `expand[]` list asks for; `prefix` is `"data."` inside a list. */
export const expansionOf = (expand: ReadonlyArray<string> | undefined, prefix = ""): SessionExpansion =>
  expand === undefined || expand.length === 0
    ? noExpansion
    : {
      line_items: expand.includes(`${prefix}line_items`),
      payment_intent: expand.includes(`${prefix}payment_intent`),
      customer: expand.includes(`${prefix}customer`),
      shipping_cost_rate: expand.includes(`${prefix}shipping_cost.shipping_rate`),
      shipping_options_rate: expand.includes(`${prefix}shipping_options.shipping_rate`)
    }

/** The path of a session's line items, which is also the `url` of their list. */
export const lineItemsUrl = (sessionId: string): string => `/v1/checkout/sessions/${sessionId}/line_items`

/** The list envelope around one page. */
export const list = <A, B>(url: string, page: Page<A>, item: (a: A) => B) => ({
  object: "list" as const,
  url,
  has_more: page.has_more,
  data: page.data.map(item)
})

/**
 * The hosted page of a session. The client secret rides in the fragment, which browsers never send
 * to the server, so it stays out of query strings and access logs.
 */
export const hostedPageUrl = (base: string, id: string, clientSecret: string): string =>
  `${base.replace(/\/+$/, "")}/c/pay/${id}#${encodeURIComponent(clientSecret)}`

/** A session's recovery link (`after_expiration.recovery.url`): `<base>/c/recover/<token>`, the route of RecoveryPages. */
export const recoveryUrl = (base: string, token: string): string => `${base.replace(/\/+$/, "")}/c/recover/${encodeURIComponent(token)}`

/** `after_expiration` as Stripe shows it: the recovery's link once the session has expired (its token never otherwise). */
const afterExpiration = (s: CheckoutSession, base: string): SessionObject["after_expiration"] => {
  if (s.after_expiration === null) return null
  const r = s.after_expiration.recovery
  if (r === null) return { recovery: null }
  const shown = s.status === "expired" && r.enabled && r.token !== null && r.expires_at !== null
  return {
    recovery: {
      allow_promotion_codes: r.allow_promotion_codes,
      enabled: r.enabled,
      expires_at: shown ? r.expires_at : null,
      url: shown ? recoveryUrl(base, r.token!) : null
    }
  }
}

/** A payment intent; `latest_charge` is the charge when given (expanded). */
export const paymentIntent = (pi: PaymentIntent, latestCharge?: ChargeObject): PaymentIntentObject => ({
  id: pi.id,
  object: "payment_intent",
  amount: pi.amount,
  amount_received: pi.amount_received,
  currency: pi.currency,
  status: pi.status,
  livemode: pi.livemode,
  created: pi.created,
  description: pi.description,
  metadata: pi.metadata,
  payment_method_types: pi.payment_method_types,
  payment_method: pi.payment_method,
  payment_method_details: pi.payment_method_details,
  last_payment_error: pi.last_payment_error,
  checkout_session: pi.checkout_session,
  client_secret: pi.client_secret,
  amount_capturable: pi.amount_capturable,
  capture_method: pi.capture_method,
  statement_descriptor: pi.statement_descriptor,
  statement_descriptor_suffix: pi.statement_descriptor_suffix,
  receipt_email: pi.receipt_email,
  canceled_at: pi.canceled_at,
  cancellation_reason: pi.cancellation_reason,
  latest_charge: latestCharge ?? latestChargeOf(pi),
  payment_method_options: {
    card: {
      installments: pi.installments === null ? null : {
        available_plans: null,
        enabled: true,
        plan: {
          count: pi.installments.count,
          interval: "month",
          type: "fixed_count",
          rate: pi.installments.rate,
          total: pi.installments.total,
          installment_amount: pi.installments.installment_amount,
          last_installment_amount: pi.installments.last_installment_amount
        }
      },
      mandate_options: null,
      network: null,
      request_three_d_secure: "automatic"
    }
  },
  ...paymentIntentFeaturesOff,
  // what the shopper must do for the attempt under way (3-D Secure, a redirect); null otherwise
  next_action: pi.next_action ?? null
})

/** A receipt's page: the charge's id and its receipt secret, which opens it (ReceiptPages). */
export const receiptPageUrl = (base: string, chargeId: string, secret: string): string =>
  `${base.replace(/\/+$/, "")}/receipts/${chargeId}/${encodeURIComponent(secret)}`

/**
 * A charge's receipt: its receipt page; for an intent paid before receipts (no receipt secret), its
 * session's hosted page as before, which shows the payment and its refunds.
 */
export const receiptUrl = (c: Charge, base: string): string | null =>
  c.receipt_secret !== null
    ? receiptPageUrl(base, c.id, c.receipt_secret)
    : c.session_client_secret === null
    ? null
    : hostedPageUrl(base, c.checkout_session, c.session_client_secret)

/** A charge, its receipt under `base`. */
export const charge = (c: Charge, base: string, expansion: ChargeWire.ChargeExpansion = {}): ChargeObject =>
  ChargeWire.charge(c, receiptUrl(c, base), expansion)

/** A line item, with its price; its discounts are the session's (`session`), in Stripe's `discount` shape. */
export const lineItem = (item: LineItem, session?: Pick<CheckoutSession, "id" | "customer" | "discounts">): LineItemObject => ({
  id: item.id,
  object: "item",
  amount_subtotal: item.amount_subtotal,
  amount_total: item.amount_total,
  amount_discount: item.amount_discount,
  amount_tax: item.amount_tax,
  currency: item.currency,
  description: item.description,
  quantity: item.quantity,
  price: CatalogWire.lineItemPrice(item),
  discounts: (item.discounts ?? []).flatMap((d) => {
    const applied = session?.discounts.find((x) => x.id === d.discount)
    return applied === undefined || session === undefined ? [] : [{ amount: d.amount, discount: discount(applied, session) }]
  }),
  taxes: (item.taxes ?? []).map((t) => ({ amount: t.amount, rate: taxRate(t.rate), taxability_reason: null, taxable_amount: t.taxable_amount })),
  ...lineItemFeaturesOff
})

/** A session without expansions; `url` is its hosted page under `base` while it is open, else null. */
export const sessionObject = (s: CheckoutSession, base: string): SessionObject => ({
  id: s.id,
  object: "checkout.session",
  livemode: s.livemode,
  mode: s.mode,
  status: s.status,
  payment_status: s.payment_status,
  created: s.created,
  expires_at: s.expires_at,
  amount_subtotal: s.amount_subtotal,
  amount_total: s.amount_total,
  currency: s.currency,
  success_url: s.success_url,
  cancel_url: s.cancel_url,
  ...(s.return_url === null ? {} : { return_url: s.return_url }),
  ...(s.redirect_on_completion === null ? {} : { redirect_on_completion: s.redirect_on_completion }),
  ui_mode: s.ui_mode,
  metadata: s.metadata,
  customer: s.customer,
  customer_creation: s.customer_creation,
  customer_email: s.customer_email,
  customer_details: s.customer_details === null ? null : { ...s.customer_details, ...customerDetailsRest },
  ...collectionFields(s),
  client_reference_id: s.client_reference_id,
  locale: s.locale,
  payment_method_types: s.payment_method_types,
  payment_method_options: { card: { ...s.payment_method_options.card, request_three_d_secure: "automatic" } },
  payment_description: s.payment_description,
  country: s.country,
  business_profile: s.business_profile,
  // an embedded session is paid on the merchant's page (by client secret), never at a URL of its own
  url: s.status === "open" && s.ui_mode === "hosted_page" && s.client_secret !== null ? hostedPageUrl(base, s.id, s.client_secret) : null,
  client_secret: s.client_secret,
  payment_intent: s.payment_intent,
  payment_link: s.payment_link,
  total_details: { amount_discount: s.amount_discount, amount_shipping: s.shipping_cost?.amount_total ?? 0, amount_tax: s.amount_tax },
  allow_promotion_codes: s.allow_promotion_codes ? true : null,
  discounts: s.discounts.map((d) => d.promotion_code === null ? { coupon: d.coupon.id, promotion_code: null } : { coupon: null, promotion_code: d.promotion_code.id }),
  after_expiration: afterExpiration(s, base),
  recovered_from: s.recovered_from,
  shipping_options: s.shipping_options.map((o) => ({ shipping_amount: o.shipping_amount, shipping_rate: o.shipping_rate.id })),
  shipping_cost: s.shipping_cost,
  custom_fields: s.custom_fields,
  custom_text: s.custom_text,
  consent_collection: s.consent_collection,
  consent: s.consent,
  submit_type: s.submit_type,
  ...sessionFeaturesOff
})

/**
 * What the session collects and what it collected beyond `customer_details`. Every API version Till
 * accepts is later than Stripe's `2025-03-31.basil`, which moved the shipping address from the
 * session's `shipping_details` to `collected_information.shipping_details`: so there it is, in every version.
 */
const collectionFields = (s: CheckoutSession) => ({
  billing_address_collection: s.collection.billing_address_collection,
  shipping_address_collection: s.collection.shipping_address_collection,
  phone_number_collection: s.collection.phone_number_collection,
  collected_information: s.shipping_details === null
    ? null
    : { business_name: null, individual_name: null, shipping_details: s.shipping_details }
})

/** The session's shipping rates embedded where `expand[]` asks for them (`shipping_cost.shipping_rate`, `shipping_options.shipping_rate`). */
const withShippingRates = (object: SessionObject, s: CheckoutSession, expansion: SessionExpansion): SessionObject => {
  const rateOf = (id: string) => s.shipping_options.find((o) => o.shipping_rate.id === id)?.shipping_rate
  const cost = s.shipping_cost
  const costRate = cost === null ? undefined : rateOf(cost.shipping_rate)
  return {
    ...object,
    ...(expansion.shipping_options_rate === true
      ? { shipping_options: s.shipping_options.map((o) => ({ shipping_amount: o.shipping_amount, shipping_rate: shippingRate(o.shipping_rate) })) }
      : {}),
    ...(expansion.shipping_cost_rate === true && cost !== null && costRate !== undefined ? { shipping_cost: { ...cost, shipping_rate: shippingRate(costRate) } } : {})
  }
}

const lineItemList = (state: SessionState) =>
  list(lineItemsUrl(state.session.id), { data: state.line_items.map((item) => SessionLineItems.withCatalog(item, state.session)), has_more: false }, (item) => lineItem(item, state.session))

/** A session, with `line_items` (all of them: at most 100) and `payment_intent` embedded when asked. */
export const session = (state: SessionState, base: string, expansion: SessionExpansion = noExpansion): SessionObject => {
  const plain = sessionObject(state.session, base)
  const object = expansion.shipping_cost_rate === true || expansion.shipping_options_rate === true ? withShippingRates(plain, state.session, expansion) : plain
  if (!expansion.line_items && !expansion.payment_intent) return object
  return {
    ...object,
    ...(expansion.payment_intent && state.payment_intent !== null ? { payment_intent: paymentIntent(state.payment_intent) } : {}),
    ...(expansion.line_items ? { line_items: lineItemList(state) } : {})
  }
}

/** An event without the owning account, which Stripe reserves for Connect. */
export const event = (e: Event): EventObject => {
  const { account: _account, ...rest } = e
  return rest
}

/** A session as its customer sees it (see `CUSTOMER_SESSION_FIELDS`), with its line items. */
export const customerSession = (state: SessionState, base: string): CustomerSessionObject => ({
  ...Struct.pick(sessionObject(state.session, base), CUSTOMER_SESSION_FIELDS),
  line_items: lineItemList(state)
})

/** An event's object as the API shows it when the event happens, frozen into the event. */
export const eventSnapshot = (draft: EventDraft, base: string): EventObject["data"]["object"] => {
  switch (draft.type) {
    case "checkout.session.completed":
    case "checkout.session.expired":
      return sessionObject(draft.object, base)
    case "payment_intent.succeeded":
    case "payment_intent.payment_failed":
    case "payment_intent.requires_action":
    case "payment_intent.amount_capturable_updated":
    case "payment_intent.canceled":
      return paymentIntent(draft.object)
    case "product.created":
    case "product.updated":
    case "product.deleted":
      return CatalogWire.product(draft.object)
    case "price.created":
    case "price.updated":
      return CatalogWire.price(draft.object)
    case "customer.created":
    case "customer.updated":
    case "customer.deleted":
      return customer(draft.object)
    case "charge.refunded":
    case "charge.updated":
      return charge(draft.object, base)
    case "charge.refund.updated":
    case "refund.created":
    case "refund.updated":
    case "refund.failed":
      return ChargeWire.refund(draft.object)
    case "tax_rate.created":
    case "tax_rate.updated":
      return taxRate(draft.object)
    case "coupon.created":
    case "coupon.updated":
    case "coupon.deleted":
      return coupon(draft.object)
    case "promotion_code.created":
    case "promotion_code.updated":
      return promotionCode(draft.object)
  }
}

/** EventSnapshots in the API's shape, for every composition that runs the use cases. */
export const EventSnapshotsLayer: Layer.Layer<EventSnapshots> = Layer.effect(
  EventSnapshots,
  Effect.gen(function*() {
    const base = yield* HostedPageBase
    return EventSnapshots.of({ snapshot: (draft) => eventSnapshot(draft, base) })
  })
)

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
  expires_at: link.expires_at,
  after_completion: afterCompletion(link.after_completion),
  payment_method_types: Array.isArray(link.session_params.payment_method_types) ? link.session_params.payment_method_types : null,
  allow_promotion_codes: link.session_params["allow_promotion_codes"] === true,
  ...linkCollection(link.session_params),
  ...linkCheckoutFields(link),
  ...paymentLinkFeaturesOff
})

/** What a link's sessions collect, from its template (decoded by the session's parameter schemas when the link was made). */
const linkCollection = (params: PaymentLink["session_params"]): Pick<PaymentLinkObject, "billing_address_collection" | "shipping_address_collection" | "phone_number_collection"> => {
  const shipping = params["shipping_address_collection"] as { readonly allowed_countries: ReadonlyArray<string> } | undefined
  const phone = params["phone_number_collection"] as { readonly enabled: boolean } | undefined
  return {
    billing_address_collection: params["billing_address_collection"] === "required" ? "required" : "auto",
    shipping_address_collection: shipping === undefined ? null : { allowed_countries: [...new Set(shipping.allowed_countries)] },
    phone_number_collection: { enabled: phone?.enabled === true }
  }
}

/**
 * What a link's sessions ask and say (its shipping options, custom fields without values, custom
 * text, consent collection, submit type), in Stripe's shape, from the template it keeps: the same
 * functions that make a session's make them, so a link shows what its sessions will have.
 */
const linkCheckoutFields = (link: PaymentLink) => {
  const params = link.session_params as CreateSessionParams
  const fields = customFieldsOf(params.custom_fields)
  return {
    shipping_options: link.shipping_options ?? [],
    custom_fields: Result.isSuccess(fields) ? fields.success.map(linkCustomField) : [],
    custom_text: customTextOf(params.custom_text),
    consent_collection: consentCollectionOf(params.consent_collection),
    submit_type: params.submit_type === undefined || params.submit_type === "subscribe" ? "auto" as const : params.submit_type
  }
}

/** A session's custom field as a link shows it: without the customer's `value`. */
const linkCustomField = (f: CustomField): LinkCustomFieldObject => {
  const { dropdown, numeric, text, ...rest } = f
  return {
    ...rest,
    ...(text === undefined ? {} : { text: Struct.omit(text, ["value"]) }),
    ...(numeric === undefined ? {} : { numeric: Struct.omit(numeric, ["value"]) }),
    ...(dropdown === undefined ? {} : { dropdown: Struct.omit(dropdown, ["value"]) })
  }
}

/** `after_completion` as Stripe shows it: its `type`, and the settings of that type only. */
const afterCompletion = (a: PaymentLink["after_completion"]): PaymentLinkObject["after_completion"] =>
  a.redirect !== null
    ? { type: a.type, redirect: a.redirect }
    : { type: a.type, hosted_confirmation: a.hosted_confirmation ?? { custom_message: null } }

/** The path of a link's line items, which is also the `url` of their list. */
export const paymentLinkLineItemsUrl = (linkId: string): string => `/v1/payment_links/${linkId}/line_items`

/** A line item of a payment link, with its quantity's bounds. */
export const paymentLinkLineItem = (l: LinkLineItem): PaymentLinkLineItemObject => ({
  ...lineItem(l.item),
  adjustable_quantity: l.adjustable_quantity
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
  created: endpoint.created,
  ...webhookEndpointFeaturesOff
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

/** A customer as Stripe shows it: Till's facts, and the fields of features it lacks at their empty defaults. */
export const customer = (c: Customer): CustomerObject => ({
  id: c.id,
  object: "customer",
  address: c.address,
  balance: c.balance,
  ...(c.business_name === null ? {} : { business_name: c.business_name }),
  created: c.created,
  currency: null,
  customer_account: null,
  default_source: null,
  delinquent: false,
  description: c.description,
  discount: null,
  email: c.email,
  ...(c.individual_name === null ? {} : { individual_name: c.individual_name }),
  invoice_prefix: c.invoice_prefix,
  invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
  livemode: c.livemode,
  metadata: c.metadata,
  name: c.name,
  next_invoice_sequence: c.next_invoice_sequence,
  phone: c.phone,
  preferred_locales: c.preferred_locales,
  shipping: c.shipping === null
    ? null
    : { address: c.shipping.address, carrier: null, name: c.shipping.name, phone: c.shipping.phone, tracking_number: null },
  tax_exempt: c.tax_exempt,
  test_clock: null
})

/** A deleted customer: its id only. */
export const deletedCustomer = (id: string): DeletedCustomerObject => ({ id, object: "customer", deleted: true })

/** A customer as a read finds it: whole, or deleted. */
export const customerView = (view: CustomerView): CustomerObject | DeletedCustomerObject =>
  view.deleted ? deletedCustomer(view.id) : customer(view.customer)
