/**
 * Refunds (Stripe's `refund`): money given back from a charge, all of it or part. A refund is recorded
 * before the processor is asked to make it (its id is the processor's idempotency key), so an outcome
 * lost to a crash or a database fault is asked for again, never made twice and never lost.
 */
import { Schema } from "effect"
import { Integer, MetadataOrEmpty, Text } from "./Params.ts"
import { PageParams, RangeParams } from "./SessionParams.ts"
import { Unsupported } from "./Customer.ts"

/** Where a refund stands, as Stripe names it. Card refunds never need an action, so `requires_action` never occurs in Till. */
export const RefundStatus = Schema.Literals(["pending", "requires_action", "succeeded", "failed", "canceled"])
/** See {@link RefundStatus}. */
export type RefundStatus = typeof RefundStatus.Type

/** Why the merchant refunds, as Stripe takes it. */
export const RefundReason = Schema.Literals(["duplicate", "fraudulent", "requested_by_customer"])
/** See {@link RefundReason}. */
export type RefundReason = typeof RefundReason.Type

/** A refund of (part of) a charge. */
export const Refund = Schema.Struct({
  id: Schema.String,
  amount: Schema.Int,
  charge: Schema.String,
  payment_intent: Schema.String,
  currency: Schema.String,
  created: Schema.Int,
  livemode: Schema.Boolean,
  metadata: Schema.Record(Schema.String, Schema.String),
  reason: Schema.NullOr(RefundReason),
  status: RefundStatus,
  /** Why the processor failed it (Stripe's `failure_reason`), once `failed`. */
  failure_reason: Schema.NullOr(Schema.String)
})
/** See {@link Refund}. */
export type Refund = typeof Refund.Type

/**
 * What Till knows of the processor's side of a refund: `unknown` from the moment it is recorded until
 * the processor's first answer is (the refund may or may not have been made), `pending` while the
 * processor says the outcome may still change, `final` once it cannot.
 */
export const ProcessorState = Schema.Literals(["unknown", "pending", "final"])
/** See {@link ProcessorState}. */
export type ProcessorState = typeof ProcessorState.Type

/**
 * A refund as stored: its account, the version its writes are conditional on (1 when created), where
 * the processor's side stands and since when it was last asked (reconciliation asks again after
 * AttemptTimeout).
 */
export interface StoredRefund {
  readonly account: string
  readonly version: number
  readonly processor: ProcessorState
  readonly asked_at: number
  readonly refund: Refund
}

/** Whether a refund counts against its charge: every one that has not failed or been canceled. */
export const counts = (refund: Refund): boolean => refund.status !== "failed" && refund.status !== "canceled"

/** How much of a charge its refunds take. */
export const refundedAmount = (refunds: ReadonlyArray<Refund>): number => refunds.reduce((sum, r) => sum + (counts(r) ? r.amount : 0), 0)

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

/** Parameters of `POST /v1/refunds`: `charge` or `payment_intent`, and all of what is left or `amount`. */
export const CreateRefundParams = Schema.Struct({
  amount: Schema.optionalKey(Integer(1, 99_999_999)),
  charge: Schema.optionalKey(Text(1, 255)),
  payment_intent: Schema.optionalKey(Text(1, 255)),
  reason: Schema.optionalKey(RefundReason),
  metadata: Schema.optionalKey(MetadataOrEmpty),
  currency: Schema.optionalKey(Unsupported("refunds without a charge (`currency`)")),
  customer: Schema.optionalKey(Unsupported("customer balance refunds (`customer`)")),
  instructions_email: Schema.optionalKey(Unsupported("refund instructions e-mails")),
  origin: Schema.optionalKey(Unsupported("customer balance refunds (`origin`)")),
  refund_application_fee: Schema.optionalKey(Unsupported("Connect (`refund_application_fee`)")),
  reverse_transfer: Schema.optionalKey(Unsupported("Connect (`reverse_transfer`)"))
})
/** See {@link CreateRefundParams}. */
export type CreateRefundParams = typeof CreateRefundParams.Type

/** Parameters of `POST /v1/refunds/:id`: `metadata` only, as Stripe takes it. */
export const UpdateRefundParams = Schema.Struct({ metadata: Schema.optionalKey(MetadataOrEmpty) })
/** See {@link UpdateRefundParams}. */
export type UpdateRefundParams = typeof UpdateRefundParams.Type

/** Parameters of `GET /v1/refunds`. */
export const ListRefundsParams = Schema.Struct({
  ...PageParams,
  charge: Schema.optionalKey(Text(1, 255)),
  payment_intent: Schema.optionalKey(Text(1, 255)),
  created: Schema.optionalKey(RangeParams)
})
/** See {@link ListRefundsParams}. */
export type ListRefundsParams = typeof ListRefundsParams.Type
