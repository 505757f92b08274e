/**
 * Errors the HTTP adapter itself raises (the core's errors are in `@till/core`). Like the core's,
 * they carry no status: ErrorMapping.ts gives every error its status and Stripe body.
 */
import { Schema } from "effect"
import { PaymentIntentObject } from "./Responses.ts"

/** No key, an unknown key, or a credential that this route does not accept. */
export class Unauthorized extends Schema.TaggedError<Unauthorized>()("Unauthorized", {
  message: Schema.String
}) {}

/** A restricted key (`rk_…`) without the permission the call needs; the message names it, as Stripe's does. */
export class KeyPermissionDenied extends Schema.TaggedError<KeyPermissionDenied>()("KeyPermissionDenied", {
  message: Schema.String
}) {}

/** No route has this path. */
export class RouteNotFound extends Schema.TaggedError<RouteNotFound>()("RouteNotFound", {
  method: Schema.String,
  path: Schema.String
}) {}

/** The path exists, but not with this method. */
export class MethodNotAllowed extends Schema.TaggedError<MethodNotAllowed>()("MethodNotAllowed", {
  method: Schema.String,
  path: Schema.String,
  allow: Schema.Array(Schema.String)
}) {}

/** The body (or query string) cannot be parsed: bad JSON, not an object, too deeply nested. */
export class MalformedRequest extends Schema.TaggedError<MalformedRequest>()("MalformedRequest", {
  message: Schema.String
}) {}

/** The body is larger than the limit. */
export class PayloadTooLarge extends Schema.TaggedError<PayloadTooLarge>()("PayloadTooLarge", {
  limit: Schema.Number
}) {}

/** The body has a content type other than JSON or form encoding. */
export class UnsupportedMediaType extends Schema.TaggedError<UnsupportedMediaType>()("UnsupportedMediaType", {
  contentType: Schema.String
}) {}

/** The `Idempotency-Key` header is empty, longer than 255 characters, or holds characters no key may (SafeInput.ts). */
export class InvalidIdempotencyKey extends Schema.TaggedError<InvalidIdempotencyKey>()("InvalidIdempotencyKey", {
  length: Schema.Number,
  reason: Schema.Literals(["length", "characters"])
}) {}

/** The idempotency key was first used with other parameters. */
export class IdempotencyMismatch extends Schema.TaggedError<IdempotencyMismatch>()("IdempotencyMismatch", {
  key: Schema.String
}) {}

/** Another request with the same idempotency key is still running. */
export class IdempotencyInProgress extends Schema.TaggedError<IdempotencyInProgress>()("IdempotencyInProgress", {
  key: Schema.String
}) {}

/** A payment was declined; carries the payment intent object, which Stripe puts in the error body. */
export class PaymentDeclined extends Schema.TaggedError<PaymentDeclined>()("PaymentDeclined", {
  type: Schema.Literals(["card_error", "api_error"]),
  code: Schema.String,
  decline_code: Schema.NullOr(Schema.String),
  message: Schema.String,
  payment_intent: PaymentIntentObject
}) {}

/** This process is already handling as many requests as it may (Admission.ts). */
export class Overloaded extends Schema.TaggedError<Overloaded>()("Overloaded", {
  limit: Schema.Number
}) {}

/** The readiness check failed. */
export class NotReady extends Schema.TaggedError<NotReady>()("NotReady", {}) {}

/** Too many requests for the account (or, with a client secret, for the session); try again after `retryAfterSeconds`. */
export class RateLimited extends Schema.TaggedError<RateLimited>()("RateLimited", {
  retryAfterSeconds: Schema.Number
}) {}

/** A `Stripe-Version` header that names no version Till accepts (see `SUPPORTED_API_VERSIONS` in `@till/core`). */
export class InvalidApiVersion extends Schema.TaggedError<InvalidApiVersion>()("InvalidApiVersion", {
  version: Schema.String
}) {}

/** A `Stripe-Account` header: acting for another account is Stripe Connect's, which Till does not have. */
export class ConnectUnsupported extends Schema.TaggedError<ConnectUnsupported>()("ConnectUnsupported", {}) {}

/** A capture or cancel the payment intent's state does not allow; carries the intent, which Stripe puts in the error body. */
export class PaymentIntentStateError extends Schema.TaggedError<PaymentIntentStateError>()("PaymentIntentStateError", {
  message: Schema.String,
  payment_intent: PaymentIntentObject
}) {}
