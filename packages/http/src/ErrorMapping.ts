/**
 * The one table from errors (the core's and the adapter's) to an HTTP status and Stripe's error
 * body `{ error: { type, code, message, param } }` (SPEC section 5). Stripe's clients pick their
 * error class from the status and `type`, so both must be right.
 */
import type {
  ConcurrentModification,
  InvalidClientSecret,
  NotYetExpired,
  PaymentFailed,
  PaymentInProgress,
  PaymentIntentUnexpectedState,
  PaymentLinkUnavailable,
  PaymentOutcomeUnknown,
  ResourceMissing,
  SessionNotOpen,
  StoreUnavailable,
  ValidationError,
  WebhookUrlNotAllowed
} from "@till/core"
import type {
  ConnectUnsupported,
  IdempotencyInProgress,
  IdempotencyMismatch,
  InvalidApiVersion,
  InvalidIdempotencyKey,
  MalformedRequest,
  MethodNotAllowed,
  NotReady,
  Overloaded,
  PayloadTooLarge,
  PaymentDeclined,
  PaymentIntentStateError,
  RateLimited,
  KeyPermissionDenied,
  RouteNotFound,
  Unauthorized,
  UnsupportedMediaType
} from "./HttpErrors.ts"
import type { ErrorBody, ErrorType } from "./Responses.ts"

/** Every error a request can end in, short of a defect. */
export type HttpError =
  | ValidationError
  | ResourceMissing
  | SessionNotOpen
  | NotYetExpired
  | PaymentInProgress
  | PaymentLinkUnavailable
  | PaymentFailed
  | PaymentOutcomeUnknown
  | ConcurrentModification
  | InvalidClientSecret
  | Unauthorized
  | KeyPermissionDenied
  | RouteNotFound
  | MethodNotAllowed
  | MalformedRequest
  | PayloadTooLarge
  | UnsupportedMediaType
  | InvalidIdempotencyKey
  | IdempotencyMismatch
  | IdempotencyInProgress
  | PaymentDeclined
  | NotReady
  | Overloaded
  | WebhookUrlNotAllowed
  | RateLimited
  | StoreUnavailable
  | InvalidApiVersion
  | ConnectUnsupported
  | PaymentIntentUnexpectedState
  | PaymentIntentStateError

/** What an error turns into on the wire. */
export interface Mapped {
  readonly status: number
  readonly body: { readonly error: ErrorBody }
  readonly headers?: Readonly<Record<string, string>>
}

/** Builds the envelope, leaving out the fields that do not apply (as Stripe does). */
export const envelope = (
  type: ErrorType,
  message: string,
  extra: { readonly code?: string | null | undefined; readonly param?: string | null | undefined } = {}
): { readonly error: ErrorBody } => ({
  error: {
    type,
    ...(extra.code == null ? {} : { code: extra.code }),
    message,
    ...(extra.param == null ? {} : { param: extra.param })
  }
})

const declined = (e: PaymentFailed | PaymentDeclined, paymentIntent: PaymentDeclined["payment_intent"] | null): Mapped => ({
  // a processor failure that is not the card's fault is Stripe's api_error, a 500
  status: e.type === "card_error" ? 402 : 500,
  body: {
    error: {
      type: e.type,
      code: e.code,
      message: e.message,
      ...(e.decline_code === null ? {} : { decline_code: e.decline_code }),
      ...(paymentIntent === null ? {} : { payment_intent: paymentIntent })
    }
  }
})

/** What `Retry-After` says while the database (or the service) is unavailable: clients back off from there. */
export const RETRY_UNAVAILABLE_SECONDS = "1"

type Table = { readonly [Tag in HttpError["_tag"]]: (e: Extract<HttpError, { readonly _tag: Tag }>) => Mapped }

/** The table itself: one entry per error tag, checked for completeness by the compiler. */
export const table: Table = {
  ValidationError: (e) => ({ status: 400, body: envelope("invalid_request_error", e.message, { code: e.code, param: e.param }) }),
  ResourceMissing: (e) => ({
    status: 404,
    // a lookup by the id in the path names `id`, as Stripe does
    body: envelope("invalid_request_error", e.message, { code: "resource_missing", param: e.param ?? "id" })
  }),
  SessionNotOpen: (e) => ({ status: 400, body: envelope("invalid_request_error", e.message, { code: "checkout_session_not_open" }) }),
  // only the expiry sweep sends the clock's command; listed so that every core error has a row
  NotYetExpired: () => ({ status: 400, body: envelope("invalid_request_error", "This Checkout Session has not reached its expires_at yet.") }),
  PaymentInProgress: (e) => ({ status: 409, body: envelope("invalid_request_error", e.message, { code: "payment_in_progress" }) }),
  PaymentLinkUnavailable: (e) => ({
    status: 400,
    body: envelope("invalid_request_error", e.message, { code: e.reason === "inactive" ? "payment_link_inactive" : "payment_link_expired" })
  }),
  PaymentFailed: (e) => declined(e, null),
  PaymentDeclined: (e) => declined(e, e.payment_intent),
  // the outcome is settled with the processor within TILL_PAYMENT_RECONCILE_SECONDS; until then a retry gets 409
  PaymentOutcomeUnknown: (e) => ({
    status: 503,
    body: envelope("api_error", e.message, { code: "payment_outcome_unknown" }),
    headers: { "retry-after": "30" }
  }),
  ConcurrentModification: () => ({
    status: 409,
    body: envelope(
      "invalid_request_error",
      "This object cannot be accessed right now because another API request is currently accessing it. Try again.",
      { code: "lock_timeout" }
    )
  }),
  InvalidClientSecret: (e) => ({ status: 401, body: envelope("authentication_error", e.message, { code: "invalid_client_secret" }) }),
  Unauthorized: (e) => ({ status: 401, body: envelope("authentication_error", e.message) }),
  // Stripe answers a restricted key lacking a permission with 403 and this type, without a code (its clients raise a permission error)
  KeyPermissionDenied: (e) => ({ status: 403, body: envelope("invalid_request_error", e.message) }),
  RouteNotFound: (e) => ({ status: 404, body: envelope("invalid_request_error", `Unrecognized request URL (${e.method}: ${e.path}).`) }),
  MethodNotAllowed: (e) => ({
    status: 405,
    body: envelope("invalid_request_error", `Unrecognized request URL (${e.method}: ${e.path}). This URL accepts ${e.allow.join(", ")}.`),
    headers: { allow: e.allow.join(", ") }
  }),
  MalformedRequest: (e) => ({ status: 400, body: envelope("invalid_request_error", e.message) }),
  PayloadTooLarge: (e) => ({
    status: 413,
    body: envelope("invalid_request_error", `The request body is larger than ${e.limit} bytes.`),
    // the rest of the body is not read, so the connection cannot be reused
    headers: { connection: "close" }
  }),
  UnsupportedMediaType: (e) => ({
    status: 415,
    body: envelope(
      "invalid_request_error",
      `Unsupported Content-Type ${JSON.stringify(e.contentType.slice(0, 100))}: send application/x-www-form-urlencoded or application/json.`
    )
  }),
  InvalidIdempotencyKey: (e) => ({
    status: 400,
    body: envelope(
      "invalid_request_error",
      e.reason === "length"
        ? `Idempotency-Key must be 1 to 255 characters long; got ${e.length}.`
        : "Idempotency-Key may not contain NUL bytes or unpaired surrogates.",
      { code: "idempotency_key_invalid" }
    )
  }),
  IdempotencyMismatch: (e) => ({
    status: 400,
    body: envelope(
      "idempotency_error",
      `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${e.key}' if you meant to execute a different request.`
    )
  }),
  IdempotencyInProgress: () => ({
    status: 409,
    body: envelope(
      "invalid_request_error",
      "There is currently another in-progress request using this idempotency key (probably the same request). Try again later.",
      { code: "idempotency_key_in_use" }
    )
  }),
  NotReady: () => ({ status: 503, body: envelope("api_error", "The service is not ready."), headers: { "retry-after": RETRY_UNAVAILABLE_SECONDS } }),
  // stripe-node retries a 429 only when told to (`Stripe-Should-Retry`); it waits with its own backoff
  Overloaded: () => ({
    status: 503,
    body: envelope("api_error", "Till is handling too many requests right now. Try again shortly."),
    headers: { "retry-after": RETRY_UNAVAILABLE_SECONDS }
  }),
  RateLimited: (e) => ({
    status: 429,
    body: envelope("rate_limit_error", "Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.", {
      code: "rate_limit"
    }),
    headers: { "retry-after": String(e.retryAfterSeconds), "stripe-should-retry": "true" }
  }),
  // raised as a defect by the database adapter (see Fallback.ts); what was asked may or may not have happened
  StoreUnavailable: () => ({
    status: 503,
    body: envelope("api_error", "Till cannot reach its database right now. Try again shortly."),
    headers: { "retry-after": RETRY_UNAVAILABLE_SECONDS }
  }),
  // Stripe's code for a URL it will not use
  WebhookUrlNotAllowed: (e) => ({ status: 400, body: envelope("invalid_request_error", e.message, { code: "url_invalid", param: "url" }) }),
  // Stripe's answer, word for word, with no code; the version is cut short as the key is in Unauthorized
  InvalidApiVersion: (e) => ({ status: 400, body: envelope("invalid_request_error", `Invalid Stripe API version: ${e.version.slice(0, 100)}`) }),
  // Stripe's answer to a key that is not a Connect platform's (a 403, which its clients raise as a permission error)
  ConnectUnsupported: () => ({
    status: 403,
    body: envelope(
      "invalid_request_error",
      "Only Stripe Connect platforms can work with other accounts. Till has no Connect: each account has its own keys, so send no Stripe-Account header.",
      { code: "platform_account_required" }
    )
  }),
  PaymentIntentUnexpectedState: (e) => ({ status: 400, body: envelope("invalid_request_error", e.message, { code: "payment_intent_unexpected_state" }) }),
  PaymentIntentStateError: (e) => ({
    status: 400,
    body: { error: { type: "invalid_request_error", code: "payment_intent_unexpected_state", message: e.message, payment_intent: e.payment_intent } }
  })
}

/** Maps any error of the union through the table. */
export const toMapped = (e: HttpError): Mapped => (table[e._tag] as (e: HttpError) => Mapped)(e)

/** A defect: a 500 that names the request and nothing of the internals. */
export const defect = (requestId: string): Mapped => ({
  status: 500,
  body: envelope("api_error", `Something went wrong on our side while handling request ${requestId}. Try again; if it persists, report the request id.`)
})
