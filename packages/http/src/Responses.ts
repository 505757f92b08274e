/**
 * What the API answers, as schemas: Stripe's objects, the list envelope and the error envelope. The
 * contract documents them and the typed client decodes with them; Wire.ts renders domain values into
 * exactly these shapes without running an encoder per response, and the test servers check every
 * answer against them (ResponseCheck.ts), so they describe exactly what is sent.
 */
import { CheckoutSession, Consent, ConsentCollection, CustomerDetails, CustomField, CustomText, Event, LineItem, PaymentIntent, PaymentLink, RedirectOnCompletion, ShippingDetails, SubmitType } from "@till/core"
import { Schema, Struct } from "effect"
import {
  CustomerDetailsRest,
  LineItemFeaturesOff,
  PaymentIntentFeaturesOff,
  PaymentLinkFeaturesOff,
  SessionFeaturesOff,
  TotalDetails
} from "./StripeFields.ts"
import { PriceObject } from "./CatalogObjects.ts"
import { CustomerObject, DeletedCustomerObject } from "./CustomerResponses.ts"
import { ChargeObject } from "./ChargeResponses.ts"
import { TaxRateObject } from "./TaxRateResponses.ts"
import { DiscountObject } from "./PromotionResponses.ts"
import { ShippingRateObject } from "./ShippingRateResponses.ts"

/** The list envelope: `{ object: "list", url, has_more, data }`. */
export const ListOf = <S extends Schema.Top>(item: S) =>
  Schema.Struct({
    object: Schema.Literal("list"),
    url: Schema.String,
    has_more: Schema.Boolean,
    data: Schema.Array(item)
  })

const session = CheckoutSession.fields
const intent = PaymentIntent.fields
const item = LineItem.fields

/**
 * The installment plan of a payment intent: Stripe's `plan` (`count`, `interval`, `type`) and, *ext*,
 * what the plan charges: `rate` (percent of the amount, in all), `total` (the intent's `amount`), each
 * installment (`installment_amount`) and the last, which takes the division's remainder.
 */
export const IntentInstallmentPlan = Schema.Struct({
  count: Schema.Int,
  interval: Schema.Literal("month"),
  type: Schema.Literal("fixed_count"),
  rate: Schema.Finite,
  total: Schema.Int,
  installment_amount: Schema.Int,
  last_installment_amount: Schema.Int
})

/** A payment intent's `payment_method_options`: the card's, with the installment plan chosen (null when paid in full). */
export const IntentPaymentMethodOptions = Schema.Struct({
  card: Schema.Struct({
    installments: Schema.NullOr(Schema.Struct({ available_plans: Schema.Null, enabled: Schema.Boolean, plan: Schema.NullOr(IntentInstallmentPlan) })),
    mandate_options: Schema.Null,
    network: Schema.Null,
    request_three_d_secure: Schema.Literal("automatic")
  })
})

/** A payment intent (Stripe's `payment_intent`). */
export const PaymentIntentObject = Schema.Struct({
  id: intent.id,
  object: Schema.Literal("payment_intent"),
  amount: intent.amount,
  amount_received: intent.amount_received,
  currency: intent.currency,
  status: intent.status,
  livemode: intent.livemode,
  created: intent.created,
  description: intent.description,
  metadata: intent.metadata,
  payment_method_types: intent.payment_method_types,
  payment_method: intent.payment_method,
  payment_method_details: intent.payment_method_details,
  last_payment_error: intent.last_payment_error,
  checkout_session: intent.checkout_session,
  client_secret: intent.client_secret,
  amount_capturable: intent.amount_capturable,
  capture_method: intent.capture_method,
  statement_descriptor: intent.statement_descriptor,
  statement_descriptor_suffix: intent.statement_descriptor_suffix,
  receipt_email: intent.receipt_email,
  canceled_at: intent.canceled_at,
  cancellation_reason: intent.cancellation_reason,
  /** The charge's id (the charge when expanded); null until an attempt is approved. */
  latest_charge: Schema.NullOr(Schema.Union([Schema.String, ChargeObject])),
  payment_method_options: IntentPaymentMethodOptions,
  ...PaymentIntentFeaturesOff.fields,
  /** What the shopper must do for the attempt under way (`requires_action`): Stripe's `redirect_to_url`. */
  next_action: intent.next_action
}).annotate({ identifier: "PaymentIntent" })
/** See {@link PaymentIntentObject}. */
export type PaymentIntentObject = typeof PaymentIntentObject.Type

/** A shipping rate's id, or the rate when expanded. */
const ShippingRateRef = Schema.Union([Schema.String, ShippingRateObject])

/** A session's shipping option: what it costs in the session's currency, and its rate. */
export const ShippingOptionObject = Schema.Struct({ shipping_amount: Schema.Int, shipping_rate: ShippingRateRef })

/** What the chosen shipping costs (no tax: Till's tax rates apply to line items only), and its rate. */
export const ShippingCostObject = Schema.Struct({
  amount_subtotal: Schema.Int,
  amount_tax: Schema.Int,
  amount_total: Schema.Int,
  shipping_rate: Schema.NullOr(ShippingRateRef)
})

/** A custom field as a payment link shows it: a session's, without the customer's `value`. */
export const LinkCustomFieldObject = Schema.Struct({
  ...CustomField.fields,
  text: Schema.optionalKey(Schema.Struct(Struct.omit(CustomField.fields.text.schema.fields, ["value"]))),
  numeric: Schema.optionalKey(Schema.Struct(Struct.omit(CustomField.fields.numeric.schema.fields, ["value"]))),
  dropdown: Schema.optionalKey(Schema.Struct(Struct.omit(CustomField.fields.dropdown.schema.fields, ["value"])))
})
/** See {@link LinkCustomFieldObject}. */
export type LinkCustomFieldObject = typeof LinkCustomFieldObject.Type

/** A line item (Stripe's `item`), with the price it was sold at. */
export const LineItemObject = Schema.Struct({
  id: item.id,
  object: Schema.Literal("item"),
  amount_subtotal: item.amount_subtotal,
  amount_total: item.amount_total,
  amount_discount: item.amount_discount,
  amount_tax: item.amount_tax,
  currency: item.currency,
  description: item.description,
  quantity: item.quantity,
  price: PriceObject,
  /** Each tax with its rate (Stripe shows them when `expand[]=…taxes`; Till always does). */
  /** Each discount with this line's share (Stripe shows them when `expand[]=…discounts`; Till always does). */
  discounts: Schema.Array(Schema.Struct({ amount: Schema.Int, discount: DiscountObject })),
  taxes: Schema.Array(Schema.Struct({
    amount: Schema.Int,
    rate: TaxRateObject,
    taxability_reason: Schema.Null,
    taxable_amount: Schema.Int
  })),
  ...LineItemFeaturesOff.fields
}).annotate({ identifier: "LineItem" })
/** See {@link LineItemObject}. */
export type LineItemObject = typeof LineItemObject.Type

/** The line items of a session, as a list. */
export const LineItemList = ListOf(LineItemObject)

/** A line item of a payment link: a session's, with whether the customer may change its quantity. */
export const PaymentLinkLineItemObject = Schema.Struct({
  ...LineItemObject.fields,
  adjustable_quantity: Schema.NullOr(Schema.Struct({ enabled: Schema.Boolean, maximum: Schema.NullOr(Schema.Int), minimum: Schema.NullOr(Schema.Int) }))
}).annotate({ identifier: "PaymentLinkLineItem" })
/** See {@link PaymentLinkLineItemObject}. */
export type PaymentLinkLineItemObject = typeof PaymentLinkLineItemObject.Type

/**
 * A checkout session (Stripe's `checkout.session`, plus the *ext* fields). `url` is the hosted page
 * while the session is open; `payment_intent` and `line_items` are objects when expanded.
 */
export const SessionObject = Schema.Struct({
  id: session.id,
  object: Schema.Literal("checkout.session"),
  livemode: session.livemode,
  mode: session.mode,
  status: session.status,
  payment_status: session.payment_status,
  created: session.created,
  expires_at: session.expires_at,
  amount_subtotal: session.amount_subtotal,
  amount_total: session.amount_total,
  currency: session.currency,
  success_url: session.success_url,
  cancel_url: session.cancel_url,
  /** Present only when set, as Stripe does. */
  return_url: Schema.optionalKey(Schema.String),
  /** Embedded sessions only, as Stripe shows it. */
  redirect_on_completion: Schema.optionalKey(RedirectOnCompletion),
  ui_mode: session.ui_mode,
  metadata: session.metadata,
  customer: Schema.NullOr(Schema.Union([Schema.String, CustomerObject, DeletedCustomerObject])),
  customer_creation: session.customer_creation,
  customer_email: session.customer_email,
  customer_details: Schema.NullOr(Schema.Struct({ ...CustomerDetails.fields, ...CustomerDetailsRest.fields })),
  billing_address_collection: session.collection.fields.billing_address_collection,
  shipping_address_collection: session.collection.fields.shipping_address_collection,
  phone_number_collection: session.collection.fields.phone_number_collection,
  /** What the customer gave beyond `customer_details`: the shipping address (null until one is collected). */
  collected_information: Schema.NullOr(Schema.Struct({ business_name: Schema.Null, individual_name: Schema.Null, shipping_details: Schema.NullOr(ShippingDetails) })),
  client_reference_id: session.client_reference_id,
  locale: session.locale,
  payment_method_types: session.payment_method_types,
  payment_method_options: Schema.Struct({
    card: Schema.Struct({ installments: session.payment_method_options.fields.card.fields.installments, request_three_d_secure: Schema.Literal("automatic") })
  }),
  payment_description: session.payment_description,
  country: session.country,
  business_profile: session.business_profile,
  url: Schema.NullOr(Schema.String),
  client_secret: session.client_secret,
  payment_intent: Schema.NullOr(Schema.Union([Schema.String, PaymentIntentObject])),
  payment_link: session.payment_link,
  line_items: Schema.optionalKey(LineItemList),
  total_details: TotalDetails,
  /** `true` when the customer may enter a promotion code, else null (as Stripe shows a session made without it). */
  allow_promotion_codes: Schema.NullOr(Schema.Literal(true)),
  discounts: Schema.Array(Schema.Struct({ coupon: Schema.NullOr(Schema.String), promotion_code: Schema.NullOr(Schema.String) })),
  /** `after_expiration[recovery]`: the recovery link (`url`, once the session has expired) and until when it works. */
  after_expiration: Schema.NullOr(Schema.Struct({
    recovery: Schema.NullOr(Schema.Struct({
      allow_promotion_codes: Schema.Boolean,
      enabled: Schema.Boolean,
      expires_at: Schema.NullOr(Schema.Int),
      url: Schema.NullOr(Schema.String)
    }))
  })),
  /** The expired session whose recovery link opened this one. */
  recovered_from: session.recovered_from,
  shipping_options: Schema.Array(ShippingOptionObject),
  shipping_cost: Schema.NullOr(ShippingCostObject),
  custom_fields: Schema.Array(CustomField),
  custom_text: CustomText,
  consent_collection: Schema.NullOr(ConsentCollection),
  consent: Schema.NullOr(Consent),
  submit_type: Schema.NullOr(SubmitType),
  ...SessionFeaturesOff.fields
}).annotate({ identifier: "CheckoutSession" })
/** See {@link SessionObject}. */
export type SessionObject = typeof SessionObject.Type

/**
 * What a customer minting a session from a payment link sees of it (no key is needed for that): what
 * the customer pays for and where to pay, never the merchant's own fields (`metadata`, `customer`,
 * `client_reference_id`, `business_profile`, ...).
 */
export const CUSTOMER_SESSION_FIELDS = [
  "id",
  "object",
  "livemode",
  "mode",
  "status",
  "payment_status",
  "created",
  "expires_at",
  "amount_subtotal",
  "amount_total",
  "currency",
  "locale",
  "payment_method_types",
  "payment_method_options",
  "payment_description",
  "success_url",
  "cancel_url",
  "url",
  "client_secret",
  "payment_link"
] as const

/** A session as its customer sees it when minting it from a payment link (*ext*), line items included. */
export const CustomerSessionObject = Schema.Struct({
  ...Struct.pick(SessionObject.fields, CUSTOMER_SESSION_FIELDS),
  line_items: LineItemList
}).annotate({ identifier: "CustomerCheckoutSession" })
/** See {@link CustomerSessionObject}. */
export type CustomerSessionObject = typeof CustomerSessionObject.Type

/** A payment method a session offers (*ext*): cards, with their brands and installment plans. */
export const PaymentMethodObject = Schema.Struct({
  type: Schema.Literal("card"),
  card: Schema.Struct({
    brands: Schema.Array(Schema.String),
    installments: Schema.Struct({
      enabled: Schema.Boolean,
      plans: Schema.Array(Schema.Struct({ count: Schema.Int, rate: Schema.Finite, interval: Schema.Literal("month") }))
    })
  })
}).annotate({ identifier: "PaymentMethodOption" })
/** See {@link PaymentMethodObject}. */
export type PaymentMethodObject = typeof PaymentMethodObject.Type

/** The payment methods of a session, as a list. */
export const PaymentMethodList = ListOf(PaymentMethodObject)

/**
 * A payment link (Stripe's `payment_link`, plus its `token`, session template and `expires_at`): the
 * core's link with `object`, and its public `url` under the hosted-page base (see Wire.paymentLink).
 */
export const PaymentLinkObject = Schema.Struct({
  id: PaymentLink.fields.id,
  object: Schema.Literal("payment_link"),
  active: PaymentLink.fields.active,
  livemode: PaymentLink.fields.livemode,
  created: PaymentLink.fields.created,
  url: Schema.String,
  token: PaymentLink.fields.token,
  currency: PaymentLink.fields.currency,
  amount_total: PaymentLink.fields.amount_total,
  metadata: PaymentLink.fields.metadata,
  session_params: PaymentLink.fields.session_params,
  expires_at: PaymentLink.fields.expires_at,
  after_completion: Schema.Struct({
    type: PaymentLink.fields.after_completion.fields.type,
    redirect: Schema.optionalKey(Schema.Struct({ url: Schema.String })),
    hosted_confirmation: Schema.optionalKey(Schema.Struct({ custom_message: Schema.NullOr(Schema.String) }))
  }),
  payment_method_types: Schema.NullOr(Schema.Array(Schema.String)),
  allow_promotion_codes: Schema.Boolean,
  /** What every minted session collects (Stripe shows `auto` when the link was made without it). */
  billing_address_collection: Schema.Literals(["auto", "required"]),
  shipping_address_collection: session.collection.fields.shipping_address_collection,
  phone_number_collection: session.collection.fields.phone_number_collection,
  shipping_options: Schema.Array(Schema.Struct({ shipping_amount: Schema.Int, shipping_rate: Schema.String })),
  custom_fields: Schema.Array(LinkCustomFieldObject),
  custom_text: CustomText,
  consent_collection: Schema.NullOr(ConsentCollection),
  submit_type: SubmitType,
  ...PaymentLinkFeaturesOff.fields
}).annotate({ identifier: "PaymentLink" })
/** See {@link PaymentLinkObject}. */
export type PaymentLinkObject = typeof PaymentLinkObject.Type

/**
 * An event as the API shows it. The core keeps the owning account on it; Stripe uses `account` for
 * Connect events only, so it stays off the wire. `data.object` is the session or payment intent as it
 * was shown when the event happened, kept as it was then.
 */
export const EventObject = Schema.Struct(Struct.omit(Event.fields, ["account"])).annotate({ identifier: "Event" })
/** See {@link EventObject}. */
export type EventObject = typeof EventObject.Type

/** A health answer. */
export const Health = Schema.Struct({ status: Schema.Literal("ok") })

/** The error types Stripe's clients know (SPEC section 5). */
export const ErrorType = Schema.Literals([
  "invalid_request_error",
  "authentication_error",
  "card_error",
  "idempotency_error",
  "rate_limit_error",
  "api_error"
])
/** See {@link ErrorType}. */
export type ErrorType = typeof ErrorType.Type

/** The inside of the error envelope; absent fields are left out, as Stripe does. */
export const ErrorBody = Schema.Struct({
  type: ErrorType,
  code: Schema.optionalKey(Schema.String),
  message: Schema.String,
  param: Schema.optionalKey(Schema.String),
  decline_code: Schema.optionalKey(Schema.String),
  payment_intent: Schema.optionalKey(PaymentIntentObject)
}).annotate({ identifier: "ErrorBody" })
/** See {@link ErrorBody}. */
export type ErrorBody = typeof ErrorBody.Type

const envelope = (tag: string) => ({ _tag: Schema.tagDefaultOmit(tag), error: ErrorBody })

/** 400: a bad parameter, a malformed body, or an object in the wrong state. */
export class InvalidRequestError extends Schema.Error<InvalidRequestError>("InvalidRequestError")(
  envelope("InvalidRequestError"),
  { httpApiStatus: 400, description: "invalid_request_error or idempotency_error" }
) {}

/** 401: no key, an unknown key, or a client secret where it is not accepted. */
export class AuthenticationError extends Schema.Error<AuthenticationError>("AuthenticationError")(
  envelope("AuthenticationError"),
  { httpApiStatus: 401, description: "authentication_error" }
) {}

/** 402: the card was declined. */
export class CardError extends Schema.Error<CardError>("CardError")(
  envelope("CardError"),
  { httpApiStatus: 402, description: "card_error, with decline_code and the payment_intent" }
) {}

/** 404: no such object in this account and mode, or no such route. */
export class NotFoundError extends Schema.Error<NotFoundError>("NotFoundError")(
  envelope("NotFoundError"),
  { httpApiStatus: 404, description: "invalid_request_error, code resource_missing" }
) {}

/** 409: a payment or a request with the same idempotency key is in flight. */
export class ConflictError extends Schema.Error<ConflictError>("ConflictError")(
  envelope("ConflictError"),
  { httpApiStatus: 409, description: "payment_in_progress, idempotency_key_in_use or lock_timeout" }
) {}

/** 413: the body is over 1 MiB. */
export class PayloadTooLargeError extends Schema.Error<PayloadTooLargeError>("PayloadTooLargeError")(
  envelope("PayloadTooLargeError"),
  { httpApiStatus: 413, description: "invalid_request_error" }
) {}

/** 415: a body neither JSON nor form-encoded. */
export class UnsupportedMediaTypeError extends Schema.Error<UnsupportedMediaTypeError>("UnsupportedMediaTypeError")(
  envelope("UnsupportedMediaTypeError"),
  { httpApiStatus: 415, description: "invalid_request_error" }
) {}

/** 429: too many requests for the account, or for the session through its client secret; `Retry-After` says when to try again. */
export class RateLimitError extends Schema.Error<RateLimitError>("RateLimitError")(
  envelope("RateLimitError"),
  { httpApiStatus: 429, description: "rate_limit_error, code rate_limit" }
) {}

/** 500: something broke on the server; the message carries the request id. */
export class ApiError extends Schema.Error<ApiError>("ApiError")(
  envelope("ApiError"),
  { httpApiStatus: 500, description: "api_error" }
) {}

/** 503: not ready to serve (readiness check), or the database cannot be reached; `Retry-After` says when to try again. */
export class UnavailableError extends Schema.Error<UnavailableError>("UnavailableError")(
  envelope("UnavailableError"),
  { httpApiStatus: 503, description: "api_error" }
) {}

/** 403: a `Stripe-Account` header (Till has no Connect). */
export class PermissionError extends Schema.Error<PermissionError>("PermissionError")(
  envelope("PermissionError"),
  { httpApiStatus: 403, description: "invalid_request_error, code platform_account_required" }
) {}

/** The errors any authenticated endpoint can answer. */
export const CommonErrors = [
  InvalidRequestError,
  AuthenticationError,
  NotFoundError,
  ConflictError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  RateLimitError,
  ApiError,
  UnavailableError,
  PermissionError
] as const
