/**
 * The parameters of the payment-intent commands: capture and cancel (manual capture).
 */
import { Schema } from "effect"
import * as Money from "./Money.ts"
import { Integer, MetadataOrEmpty } from "./Params.ts"
import { CancellationReason } from "./PaymentIntent.ts"

/** Parameters of `POST /v1/payment_intents/:id/capture`; without `amount_to_capture`, all of `amount_capturable` is taken. */
export const CapturePaymentIntentParams = Schema.Struct({
  amount_to_capture: Schema.optionalKey(Integer(1, Money.MAX_TOTAL)),
  metadata: Schema.optionalKey(MetadataOrEmpty)
})
/** See {@link CapturePaymentIntentParams}. */
export type CapturePaymentIntentParams = typeof CapturePaymentIntentParams.Type

/** Parameters of `POST /v1/payment_intents/:id/cancel`. */
export const CancelPaymentIntentParams = Schema.Struct({
  cancellation_reason: Schema.optionalKey(CancellationReason)
})
/** See {@link CancelPaymentIntentParams}. */
export type CancelPaymentIntentParams = typeof CancelPaymentIntentParams.Type
