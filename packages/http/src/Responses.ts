/**
 * What the API answers, as schemas: the objects, the list envelope and the Stripe error envelope.
 * The contract documents them and the typed client decodes with them; the server writes the same
 * shapes directly (see Wire.ts) without running an encoder per response.
 */
import { CheckoutSession, Event, LineItem, PaymentIntent, PaymentLink } from "@till/core"
import { Schema, Struct } from "effect"

/** The list envelope: `{ object: "list", url, has_more, data }`. */
export const ListOf = <S extends Schema.Top>(item: S) =>
  Schema.Struct({
    object: Schema.Literal("list"),
    url: Schema.String,
    has_more: Schema.Boolean,
    data: Schema.Array(item)
  })

/** The line items of a session, as a list. */
export const LineItemList = ListOf(LineItem)

/** A checkout session; `payment_intent` and `line_items` are objects when expanded. */
export const SessionObject = Schema.Struct({
  ...CheckoutSession.fields,
  payment_intent: Schema.NullOr(Schema.Union([Schema.String, PaymentIntent])),
  line_items: Schema.optionalKey(LineItemList)
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
  ...Struct.pick(CheckoutSession.fields, CUSTOMER_SESSION_FIELDS),
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
      plans: Schema.Array(Schema.Struct({ count: Schema.Number, rate: Schema.Number, interval: Schema.Literal("month") }))
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
  expires_at: PaymentLink.fields.expires_at
}).annotate({ identifier: "PaymentLink" })
/** See {@link PaymentLinkObject}. */
export type PaymentLinkObject = typeof PaymentLinkObject.Type

/** A payment intent. */
export const PaymentIntentObject = PaymentIntent.annotate({ identifier: "PaymentIntent" })

/**
 * An event as the API shows it. The core keeps the owning account on it; Stripe uses `account` for
 * Connect events only, so it stays off the wire.
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
  payment_intent: Schema.optionalKey(PaymentIntent)
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

/** The errors any authenticated endpoint can answer. */
export const CommonErrors = [
  InvalidRequestError,
  AuthenticationError,
  NotFoundError,
  ConflictError,
  PayloadTooLargeError,
  RateLimitError,
  ApiError,
  UnavailableError
] as const
