/**
 * Domain errors. They say what went wrong in business terms; the HTTP adapter maps each to a status.
 */
import { Schema } from "effect"

/** A parameter is missing, unknown or out of range. `param` is in bracket form: `line_items[0][quantity]`. */
export class ValidationError extends Schema.TaggedError<ValidationError>()("ValidationError", {
  code: Schema.String,
  message: Schema.String,
  param: Schema.NullOr(Schema.String)
}) {}

/** The object does not exist, or belongs to another account or mode. */
export class ResourceMissing extends Schema.TaggedError<ResourceMissing>()("ResourceMissing", {
  object: Schema.String,
  id: Schema.String,
  param: Schema.NullOr(Schema.String)
}) {
  override get message() {
    return `No such ${this.object}: '${this.id}'`
  }
}

/** The session is no longer open (it is complete or expired), so the command does not apply. */
export class SessionNotOpen extends Schema.TaggedError<SessionNotOpen>()("SessionNotOpen", {
  id: Schema.String,
  status: Schema.Literals(["complete", "expired"])
}) {
  override get message() {
    return `This Checkout Session is ${this.status} and can no longer be changed.`
  }
}

/** A payment attempt is in flight, so a second attempt or an expiry must wait. */
export class PaymentInProgress extends Schema.TaggedError<PaymentInProgress>()("PaymentInProgress", {
  id: Schema.String
}) {
  override get message() {
    return "A payment for this Checkout Session is already in progress."
  }
}

/** The clock command arrived before `expires_at`. */
export class NotYetExpired extends Schema.TaggedError<NotYetExpired>()("NotYetExpired", {
  id: Schema.String,
  expires_at: Schema.Number
}) {}

/** A payment attempt failed: a decline (`card_error`) or a processing error (`api_error`). */
export class PaymentFailed extends Schema.TaggedError<PaymentFailed>()("PaymentFailed", {
  type: Schema.Literals(["card_error", "api_error"]),
  code: Schema.String,
  decline_code: Schema.NullOr(Schema.String),
  message: Schema.String,
  payment_intent: Schema.String
}) {}

/** Another writer changed the session first; the caller reloads and decides again. */
export class ConcurrentModification extends Schema.TaggedError<ConcurrentModification>()("ConcurrentModification", {
  id: Schema.String
}) {
  override get message() {
    return "This object was changed by a concurrent request; try again."
  }
}

/** The client secret does not belong to this session (or was rotated away). */
export class InvalidClientSecret extends Schema.TaggedError<InvalidClientSecret>()("InvalidClientSecret", {}) {
  override get message() {
    return "Invalid client secret."
  }
}

/** A payment outcome arrived for a session that never started a payment: a caller's bug, not a customer's. */
export class UnknownAttempt extends Schema.TaggedError<UnknownAttempt>()("UnknownAttempt", {
  id: Schema.String,
  attempt_id: Schema.String
}) {}

/**
 * A create meant to claim its idempotency key in its own write found the key live (its first request
 * completed, or still runs), so it wrote nothing: the caller answers as the key's first request does.
 */
export class KeyTaken extends Schema.TaggedError<KeyTaken>()("KeyTaken", {
  key: Schema.String
}) {}

/** The payment link was deactivated or has expired, so it mints no sessions. */
export class PaymentLinkUnavailable extends Schema.TaggedError<PaymentLinkUnavailable>()("PaymentLinkUnavailable", {
  id: Schema.String,
  reason: Schema.Literals(["inactive", "expired"])
}) {
  override get message() {
    return this.reason === "inactive" ? "This payment link has been deactivated." : "This payment link has expired."
  }
}

/**
 * A recovery link (`after_expiration[recovery]`) that opens no session: its 30 days are over
 * (`expired`), or a session it opened was paid (`completed`), so the cart it brings back is bought.
 */
export class RecoveryUnavailable extends Schema.TaggedError<RecoveryUnavailable>()("RecoveryUnavailable", {
  id: Schema.String,
  reason: Schema.Literals(["expired", "completed"])
}) {
  override get message() {
    return this.reason === "expired" ? "This recovery link has expired." : "This cart was already paid through this recovery link."
  }
}

/**
 * The store (the database) could not be reached, or lost the connection mid-statement: what was asked
 * may or may not have happened. Adapters raise it as a defect (most callers can do nothing but fail
 * the request, which the HTTP adapter answers 503); a caller that can retry safely looks for it.
 */
export class StoreUnavailable extends Schema.TaggedError<StoreUnavailable>()("StoreUnavailable", {
  message: Schema.String
}) {}

/** Whether a thrown value or defect is a {@link StoreUnavailable}. */
export const isStoreUnavailable = (u: unknown): u is StoreUnavailable =>
  typeof u === "object" && u !== null && (u as { _tag?: unknown })._tag === "StoreUnavailable"

/**
 * The processor did not answer a payment attempt in time: whether the money moved is unknown. The
 * attempt stays unresolved (no second attempt can start) until reconciliation asks the processor.
 */
export class PaymentOutcomeUnknown extends Schema.TaggedError<PaymentOutcomeUnknown>()("PaymentOutcomeUnknown", {
  payment_intent: Schema.String
}) {
  override get message() {
    return "The payment processor did not answer in time. This payment's outcome will be settled with the processor; do not pay again before then."
  }
}

/**
 * A webhook endpoint may not target this URL: it carries credentials, or its host is (or resolves to)
 * an address the endpoint's mode may not reach. `message` says why and what the operator can change.
 */
export class WebhookUrlNotAllowed extends Schema.TaggedError<WebhookUrlNotAllowed>()("WebhookUrlNotAllowed", {
  reason: Schema.Literals(["credentials", "address"]),
  message: Schema.String
}) {}

/**
 * A capture or cancel that the payment intent's state does not allow (Stripe's
 * `payment_intent_unexpected_state`): it is not awaiting capture, or it belongs to a Checkout Session
 * that is still open (which is expired instead, as with Stripe).
 */
export class PaymentIntentUnexpectedState extends Schema.TaggedError<PaymentIntentUnexpectedState>()("PaymentIntentUnexpectedState", {
  id: Schema.String,
  action: Schema.Literals(["capture", "cancel"]),
  status: Schema.String,
  session_open: Schema.Boolean
}) {
  override get message() {
    if (this.action === "cancel" && this.session_open) {
      return "You cannot cancel the PaymentIntent for a Checkout Session. Expire the Checkout Session instead."
    }
    if (this.action === "capture") {
      return this.status === "succeeded"
        ? "This PaymentIntent could not be captured because it has already been captured."
        : `This PaymentIntent could not be captured because it has a status of ${this.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`
    }
    return `You cannot cancel this PaymentIntent because it has a status of ${this.status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.`
  }
}

/**
 * A session write that redeems a coupon or promotion code found it used up (`max_redemptions`
 * reached, or the coupon deleted): the write stored nothing. The use cases answer it as the
 * discount's refusal; nothing was charged.
 */
export class RedemptionLimitReached extends Schema.TaggedError<RedemptionLimitReached>()("RedemptionLimitReached", {
  id: Schema.String,
  object: Schema.Literals(["coupon", "promotion_code"])
}) {
  override get message() {
    return this.object === "coupon"
      ? `The coupon \`${this.id}\` has reached its maximum number of redemptions.`
      : `The promotion code \`${this.id}\` has reached its maximum number of redemptions.`
  }
}
