import { assert, describe, it } from "@effect/vitest"
import {
  ConcurrentModification,
  InvalidClientSecret,
  NotYetExpired,
  PaymentFailed,
  PaymentInProgress,
  PaymentLinkUnavailable,
  PaymentOutcomeUnknown,
  ResourceMissing,
  SessionNotOpen,
  StoreUnavailable,
  ValidationError,
  WebhookUrlNotAllowed,
  PaymentIntentUnexpectedState
} from "@till/core"
import { defect, envelope, type HttpError, toMapped } from "../src/ErrorMapping.ts"
import { paymentIntentFeaturesOff } from "../src/StripeFields.ts"
import {
  IdempotencyInProgress,
  IdempotencyMismatch,
  InvalidIdempotencyKey,
  MalformedRequest,
  MethodNotAllowed,
  NotReady,
  PayloadTooLarge,
  PaymentDeclined,
  PaymentIntentStateError,
  RateLimited,
  RouteNotFound,
  Unauthorized,
  UnsupportedMediaType
} from "../src/HttpErrors.ts"

const intent = {
  id: "pi_1",
  object: "payment_intent" as const,
  amount: 100,
  amount_received: 0,
  currency: "usd",
  status: "requires_payment_method" as const,
  livemode: false,
  created: 1,
  description: null,
  metadata: {},
  payment_method_types: ["card"],
  payment_method: null,
  payment_method_details: null,
  last_payment_error: null,
  checkout_session: "cs_test_1",
  client_secret: "pi_1_secret_x",
  amount_capturable: 0,
  capture_method: "automatic" as const,
  statement_descriptor: null,
  statement_descriptor_suffix: null,
  receipt_email: null,
  canceled_at: null,
  cancellation_reason: null,
  latest_charge: null,
  payment_method_options: { card: { installments: null, mandate_options: null, network: null, request_three_d_secure: "automatic" as const } },
  ...paymentIntentFeaturesOff
}

/** Every error with the status, type and code Stripe's clients expect of it. */
const rows: ReadonlyArray<readonly [HttpError, number, string, string | undefined]> = [
  [new ValidationError({ code: "parameter_invalid", message: "bad", param: "line_items[0][quantity]" }), 400, "invalid_request_error", "parameter_invalid"],
  [new ResourceMissing({ object: "checkout.session", id: "cs_1", param: null }), 404, "invalid_request_error", "resource_missing"],
  [new SessionNotOpen({ id: "cs_1", status: "complete" }), 400, "invalid_request_error", "checkout_session_not_open"],
  [new NotYetExpired({ id: "cs_1", expires_at: 1 }), 400, "invalid_request_error", undefined],
  [new PaymentInProgress({ id: "cs_1" }), 409, "invalid_request_error", "payment_in_progress"],
  [new PaymentFailed({ type: "card_error", code: "card_declined", decline_code: "generic_decline", message: "no", payment_intent: "pi_1" }), 402, "card_error", "card_declined"],
  [new PaymentFailed({ type: "api_error", code: "processor_unavailable", decline_code: null, message: "down", payment_intent: "pi_1" }), 500, "api_error", "processor_unavailable"],
  [new PaymentOutcomeUnknown({ payment_intent: "pi_1" }), 503, "api_error", "payment_outcome_unknown"],
  [new PaymentDeclined({ type: "card_error", code: "card_declined", decline_code: "insufficient_funds", message: "no", payment_intent: intent }), 402, "card_error", "card_declined"],
  [new ConcurrentModification({ id: "cs_1" }), 409, "invalid_request_error", "lock_timeout"],
  [new InvalidClientSecret(), 401, "authentication_error", "invalid_client_secret"],
  [new Unauthorized({ message: "no key" }), 401, "authentication_error", undefined],
  [new RouteNotFound({ method: "GET", path: "/v1/x" }), 404, "invalid_request_error", undefined],
  [new MethodNotAllowed({ method: "PUT", path: "/v1/events", allow: ["GET"] }), 405, "invalid_request_error", undefined],
  [new MalformedRequest({ message: "bad json" }), 400, "invalid_request_error", undefined],
  [new PayloadTooLarge({ limit: 1 }), 413, "invalid_request_error", undefined],
  [new UnsupportedMediaType({ contentType: "text/plain" }), 415, "invalid_request_error", undefined],
  [new InvalidIdempotencyKey({ length: 300, reason: "length" }), 400, "invalid_request_error", "idempotency_key_invalid"],
  [new InvalidIdempotencyKey({ length: 3, reason: "characters" }), 400, "invalid_request_error", "idempotency_key_invalid"],
  [new IdempotencyMismatch({ key: "k" }), 400, "idempotency_error", undefined],
  [new IdempotencyInProgress({ key: "k" }), 409, "invalid_request_error", "idempotency_key_in_use"],
  [new NotReady(), 503, "api_error", undefined],
  [new PaymentLinkUnavailable({ id: "plink_1", reason: "inactive" }), 400, "invalid_request_error", "payment_link_inactive"],
  [new PaymentLinkUnavailable({ id: "plink_1", reason: "expired" }), 400, "invalid_request_error", "payment_link_expired"],
  [new WebhookUrlNotAllowed({ reason: "address", message: "not there" }), 400, "invalid_request_error", "url_invalid"],
  [new PaymentIntentUnexpectedState({ id: "pi_1", action: "capture", status: "succeeded", session_open: false }), 400, "invalid_request_error", "payment_intent_unexpected_state"],
  [new PaymentIntentStateError({ message: "no", payment_intent: intent }), 400, "invalid_request_error", "payment_intent_unexpected_state"],
  [new RateLimited({ retryAfterSeconds: 3 }), 429, "rate_limit_error", "rate_limit"],
  [new StoreUnavailable({ message: "connect ECONNREFUSED 127.0.0.1:5432" }), 503, "api_error", undefined]
]

describe("ErrorMapping", () => {
  it("maps every error to its status, type and code", () => {
    for (const [error, status, type, code] of rows) {
      const mapped = toMapped(error)
      assert.strictEqual(mapped.status, status, error._tag)
      assert.strictEqual(mapped.body.error.type, type, error._tag)
      assert.strictEqual(mapped.body.error.code, code, error._tag)
      assert.isNotEmpty(mapped.body.error.message, error._tag)
    }
  })

  it("names the parameter in bracket form, and `id` for a lookup by path", () => {
    assert.strictEqual(toMapped(rows[0]![0]).body.error.param, "line_items[0][quantity]")
    assert.strictEqual(toMapped(new ResourceMissing({ object: "checkout.session", id: "cs_1", param: null })).body.error.param, "id")
    assert.strictEqual(toMapped(new ResourceMissing({ object: "item", id: "li_1", param: "starting_after" })).body.error.param, "starting_after")
    assert.strictEqual(toMapped(new ResourceMissing({ object: "checkout.session", id: "cs_1", param: null })).body.error.message, "No such checkout.session: 'cs_1'")
    assert.deepStrictEqual(toMapped(new WebhookUrlNotAllowed({ reason: "credentials", message: "why" })).body.error, {
      type: "invalid_request_error",
      code: "url_invalid",
      message: "why",
      param: "url"
    })
  })

  it("puts decline_code and the payment intent in card errors, as Stripe does", () => {
    const declined = toMapped(rows[8]![0]).body.error
    assert.strictEqual(declined.decline_code, "insufficient_funds")
    assert.strictEqual(declined.payment_intent?.id, "pi_1")
    assert.notProperty(toMapped(rows[6]![0]).body.error, "decline_code")
  })

  it("leaves out fields that do not apply, and sends Allow with a 405", () => {
    assert.deepStrictEqual(envelope("api_error", "m", { code: null, param: undefined }), { error: { type: "api_error", message: "m" } })
    assert.deepStrictEqual(toMapped(rows[13]![0]).headers, { allow: "GET" })
  })

  it("tells a client when to come back: Retry-After on 429 and 503, and Stripe-Should-Retry on 429 (stripe-node retries only then)", () => {
    assert.deepStrictEqual(toMapped(new RateLimited({ retryAfterSeconds: 3 })).headers, { "retry-after": "3", "stripe-should-retry": "true" })
    const unavailable = toMapped(new StoreUnavailable({ message: "connect ECONNREFUSED 127.0.0.1:5432" }))
    assert.strictEqual(unavailable.headers?.["retry-after"], "1")
    assert.notInclude(JSON.stringify(unavailable.body), "ECONNREFUSED")
    assert.strictEqual(toMapped(new NotReady()).headers?.["retry-after"], "1")
  })

  it("gives a defect only the request id", () => {
    const mapped = defect("req_abc")
    assert.strictEqual(mapped.status, 500)
    assert.strictEqual(mapped.body.error.type, "api_error")
    assert.include(mapped.body.error.message, "req_abc")
  })
})
