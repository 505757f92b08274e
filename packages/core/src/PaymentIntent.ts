/**
 * The payment intent: one series of payment attempts for a session, at most one of which succeeds.
 */
import { Schema } from "effect"
import { CaptureMethod } from "./PaymentIntentData.ts"

/** Where a payment intent stands. */
export const PaymentIntentStatus = Schema.Literals(["requires_payment_method", "requires_action", "processing", "requires_capture", "succeeded", "canceled"])
/** See {@link PaymentIntentStatus}. */
export type PaymentIntentStatus = typeof PaymentIntentStatus.Type

/** Why the last attempt failed, as Stripe reports it. */
export const PaymentError = Schema.Struct({
  type: Schema.Literals(["card_error", "api_error"]),
  code: Schema.String,
  decline_code: Schema.NullOr(Schema.String),
  message: Schema.String
})
/** See {@link PaymentError}. */
export type PaymentError = typeof PaymentError.Type

/**
 * What the shopper must do before the processor decides (3-D Secure, a redirect), in Stripe's shape:
 * the page sends the shopper to `redirect_to_url.url`, and the processor sends them back to `return_url`.
 */
export const NextAction = Schema.Struct({
  type: Schema.Literal("redirect_to_url"),
  redirect_to_url: Schema.Struct({ url: Schema.String, return_url: Schema.NullOr(Schema.String) })
})
/** See {@link NextAction}. */
export type NextAction = typeof NextAction.Type

/** What may be kept of a card: never its number or CVC. */
export const CardDetails = Schema.Struct({
  brand: Schema.String,
  last4: Schema.String,
  exp_month: Schema.Int,
  exp_year: Schema.Int,
  installments: Schema.NullOr(Schema.Struct({
    plan: Schema.Struct({ count: Schema.Int, interval: Schema.Literal("month"), type: Schema.Literal("fixed_count") })
  }))
})
/** See {@link CardDetails}. */
export type CardDetails = typeof CardDetails.Type

/**
 * The installment plan a payment is made in (*ext*), as InstallmentQuote quoted it when its attempt
 * started: `count` monthly installments at `rate` percent of the amount in all, `total` charged (the
 * intent's `amount`), each installment `installment_amount` but the last, `last_installment_amount`.
 */
export const IntentInstallments = Schema.Struct({
  count: Schema.Int,
  rate: Schema.Finite,
  total: Schema.Int,
  installment_amount: Schema.Int,
  last_installment_amount: Schema.Int
})
/** See {@link IntentInstallments}. */
export type IntentInstallments = typeof IntentInstallments.Type

/** Why a payment intent was canceled: the reasons a merchant may give (Stripe's), and `abandoned` for an expired session. */
export const CancellationReason = Schema.Literals(["abandoned", "duplicate", "fraudulent", "requested_by_customer"])
/** See {@link CancellationReason}. */
export type CancellationReason = typeof CancellationReason.Type

/** A payment intent: the amount a session asks for and where its attempts stand. */
export const PaymentIntent = Schema.Struct({
  id: Schema.String,
  /** What is charged: the session's `amount_total`, or the chosen installment plan's total (its interest included). */
  amount: Schema.Int,
  amount_received: Schema.Int,
  currency: Schema.String,
  status: PaymentIntentStatus,
  livemode: Schema.Boolean,
  created: Schema.Int,
  description: Schema.NullOr(Schema.String),
  metadata: Schema.Record(Schema.String, Schema.String),
  payment_method_types: Schema.Array(Schema.String),
  payment_method: Schema.NullOr(Schema.String),
  payment_method_details: Schema.NullOr(Schema.Struct({ type: Schema.Literal("card"), card: CardDetails })),
  last_payment_error: Schema.NullOr(PaymentError),
  /** What the shopper must do for the attempt under way (status `requires_action`); null otherwise. */
  next_action: Schema.NullOr(NextAction),
  checkout_session: Schema.String,
  /** `<id>_secret_<random>`, as Stripe makes it; null on intents made before Till kept one. */
  client_secret: Schema.NullOr(Schema.String),
  /** How much an authorized, not yet captured payment may still take (manual capture). */
  amount_capturable: Schema.Int,
  capture_method: CaptureMethod,
  statement_descriptor: Schema.NullOr(Schema.String),
  statement_descriptor_suffix: Schema.NullOr(Schema.String),
  receipt_email: Schema.NullOr(Schema.String),
  canceled_at: Schema.NullOr(Schema.Int),
  cancellation_reason: Schema.NullOr(CancellationReason),
  /** The random part of its receipt's address (not shown on the wire): whoever has the address may read the receipt. Null on intents made before receipts. */
  receipt_secret: Schema.NullOr(Schema.String),
  /** The installment plan of the latest attempt (*ext*); null when paid in full. */
  installments: Schema.NullOr(IntentInstallments)
})
/** See {@link PaymentIntent}. */
export type PaymentIntent = typeof PaymentIntent.Type
