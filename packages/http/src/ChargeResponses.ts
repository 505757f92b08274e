/**
 * Charges and refunds as the API answers them (Stripe's `charge` and `refund`), apart from their
 * contract so that a payment intent can embed its charge (`expand[]=latest_charge`). Fields of features
 * Till lacks (balance transactions, Connect, Radar, disputes, shipping) are at Stripe's empty values:
 * `balance_transaction` is null because Till keeps no balance.
 */
import { CardDetails, type Charge, Refund } from "@till/core"
import { Schema } from "effect"

const Null = Schema.Null
const refund = Refund.fields

/** An id, or the object it names when expanded (rendered by Wire.ts, described by its own schema). */
const Expandable = Schema.Union([Schema.String, Schema.Record(Schema.String, Schema.Unknown)])

/** A refund (Stripe's `refund`). */
export const RefundObject = Schema.Struct({
  id: refund.id,
  object: Schema.Literal("refund"),
  amount: refund.amount,
  balance_transaction: Null,
  /** The charge's id, or the charge when expanded. */
  charge: Expandable,
  created: refund.created,
  currency: refund.currency,
  customer: Null,
  customer_account: Null,
  failure_reason: Schema.optionalKey(Schema.String),
  metadata: refund.metadata,
  payment_intent: Expandable,
  payment_method: Schema.NullOr(Schema.String),
  reason: refund.reason,
  receipt_number: Null,
  source_transfer_reversal: Null,
  status: refund.status,
  transfer_reversal: Null
}).annotate({ identifier: "Refund" })
/** See {@link RefundObject}. */
export type RefundObject = typeof RefundObject.Type

/** A card's details on a charge, as Stripe shows them: the test processor's facts, the rest unknown. */
export const ChargeCardDetails = Schema.Struct({
  amount_authorized: Schema.Int,
  authorization_code: Null,
  brand: Schema.String,
  checks: Schema.Struct({ address_line1_check: Null, address_postal_code_check: Null, cvc_check: Schema.NullOr(Schema.String) }),
  country: Schema.NullOr(Schema.String),
  electronic_commerce_indicator: Null,
  exp_month: Schema.Int,
  exp_year: Schema.Int,
  funding: Schema.String,
  installments: CardDetails.fields.installments,
  last4: Schema.String,
  mandate: Null,
  network: Schema.String,
  network_transaction_id: Null,
  regulated_status: Null,
  three_d_secure: Null,
  transaction_link_id: Null,
  wallet: Null
})

const charge = {
  id: Schema.String,
  amount: Schema.Int,
  amount_captured: Schema.Int,
  amount_refunded: Schema.Int,
  captured: Schema.Boolean,
  refunded: Schema.Boolean,
  currency: Schema.String,
  created: Schema.Int,
  livemode: Schema.Boolean,
  description: Schema.NullOr(Schema.String),
  metadata: Schema.Record(Schema.String, Schema.String)
} satisfies Partial<Record<keyof Charge, Schema.Top>>

/** A charge (Stripe's `charge`); `refunds` is its list of refunds when expanded, and `payment_intent` the intent. */
export const ChargeObject = Schema.Struct({
  id: charge.id,
  object: Schema.Literal("charge"),
  amount: charge.amount,
  amount_captured: charge.amount_captured,
  amount_refunded: charge.amount_refunded,
  application: Null,
  application_fee: Null,
  application_fee_amount: Null,
  balance_transaction: Null,
  billing_details: Schema.Struct({
    address: Null,
    email: Schema.NullOr(Schema.String),
    name: Schema.NullOr(Schema.String),
    phone: Null,
    tax_id: Null
  }),
  calculated_statement_descriptor: Schema.NullOr(Schema.String),
  captured: charge.captured,
  created: charge.created,
  currency: charge.currency,
  customer: Schema.NullOr(Schema.String),
  description: charge.description,
  disputed: Schema.Boolean,
  failure_balance_transaction: Null,
  failure_code: Null,
  failure_message: Null,
  fraud_details: Schema.Struct({}),
  livemode: charge.livemode,
  metadata: charge.metadata,
  on_behalf_of: Null,
  outcome: Schema.Struct({
    advice_code: Null,
    network_advice_code: Null,
    network_decline_code: Null,
    network_status: Schema.Literal("approved_by_network"),
    reason: Null,
    risk_level: Schema.Literal("not_assessed"),
    seller_message: Schema.Literal("Payment complete."),
    type: Schema.Literal("authorized")
  }),
  paid: Schema.Boolean,
  payment_intent: Expandable,
  payment_method: Schema.NullOr(Schema.String),
  payment_method_details: Schema.NullOr(Schema.Struct({ type: Schema.Literal("card"), card: ChargeCardDetails })),
  receipt_email: Schema.NullOr(Schema.String),
  receipt_number: Null,
  receipt_url: Schema.NullOr(Schema.String),
  refunded: charge.refunded,
  refunds: Schema.optionalKey(Schema.Struct({
    object: Schema.Literal("list"),
    url: Schema.String,
    has_more: Schema.Boolean,
    data: Schema.Array(RefundObject)
  })),
  review: Null,
  shipping: Null,
  source: Null,
  source_transfer: Null,
  statement_descriptor: Schema.NullOr(Schema.String),
  statement_descriptor_suffix: Schema.NullOr(Schema.String),
  status: Schema.Literal("succeeded"),
  transfer_data: Null,
  transfer_group: Null
}).annotate({ identifier: "Charge" })
/** See {@link ChargeObject}. */
export type ChargeObject = typeof ChargeObject.Type
