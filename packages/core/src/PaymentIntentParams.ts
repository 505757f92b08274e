/**
 * The parameters of the payment-intent commands: capture and cancel (manual capture).
 */
import { Schema } from "effect"
import * as Money from "./Money.ts"
import { Integer, MetadataOrEmpty } from "./Params.ts"
import { CancellationReason } from "./PaymentIntent.ts"
import { STATEMENT_DESCRIPTOR_MIN, StatementDescriptor } from "./PaymentIntentData.ts"

/** Parameters of `POST /v1/payment_intents/:id/capture`; without `amount_to_capture`, all of `amount_capturable` is taken. */
export const CapturePaymentIntentParams = Schema.Struct({
  amount_to_capture: Schema.optionalKey(Integer(1, Money.MAX_TOTAL)),
  metadata: Schema.optionalKey(MetadataOrEmpty),
  /** Replace the descriptors the intent took from the session, for this capture (as Stripe's capture allows). */
  statement_descriptor: Schema.optionalKey(StatementDescriptor(STATEMENT_DESCRIPTOR_MIN)),
  statement_descriptor_suffix: Schema.optionalKey(StatementDescriptor(1))
})
/** See {@link CapturePaymentIntentParams}. */
export type CapturePaymentIntentParams = typeof CapturePaymentIntentParams.Type

/** Parameters of `POST /v1/payment_intents/:id/cancel`. */
export const CancelPaymentIntentParams = Schema.Struct({
  cancellation_reason: Schema.optionalKey(CancellationReason)
})
/** See {@link CancelPaymentIntentParams}. */
export type CancelPaymentIntentParams = typeof CancelPaymentIntentParams.Type
