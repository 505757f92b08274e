/**
 * Charges and refunds in Stripe's shape (see ChargeResponses.ts): plain functions, as in Wire.ts.
 * A charge's `receipt_url` is its session's page, which shows the payment and its refunds.
 */
import type { Charge, Refund } from "@till/core"
import type { ChargeObject, RefundObject } from "./ChargeResponses.ts"

/** The path of a charge's refunds, which is also the `url` of their list. */
export const refundsUrl = (chargeId: string): string => `/v1/charges/${chargeId}/refunds`

/** A refund; `charge` and `payment_intent` embedded when given (expanded). */
export const refund = (
  r: Refund,
  expanded: { readonly charge?: ChargeObject; readonly payment_intent?: Readonly<Record<string, unknown>> } = {}
): RefundObject => ({
  id: r.id,
  object: "refund",
  amount: r.amount,
  balance_transaction: null,
  charge: expanded.charge ?? r.charge,
  created: r.created,
  currency: r.currency,
  customer: null,
  customer_account: null,
  ...(r.status === "failed" && r.failure_reason !== null ? { failure_reason: r.failure_reason } : {}),
  metadata: r.metadata,
  payment_intent: expanded.payment_intent ?? r.payment_intent,
  payment_method: null,
  reason: r.reason,
  receipt_number: null,
  source_transfer_reversal: null,
  status: r.status,
  transfer_reversal: null
})

/** What a charge embeds: its refunds' list, and its payment intent. */
export interface ChargeExpansion {
  readonly refunds?: boolean
  readonly payment_intent?: Readonly<Record<string, unknown>>
}

/** A card's details as a charge shows them: the processor's facts, the rest unknown. */
const cardDetails = (c: Charge, card: NonNullable<Charge["card"]>) => ({
  amount_authorized: c.amount,
  authorization_code: null,
  brand: card.brand,
  checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: null },
  country: null,
  electronic_commerce_indicator: null,
  exp_month: card.exp_month,
  exp_year: card.exp_year,
  funding: "unknown",
  installments: card.installments,
  last4: card.last4,
  mandate: null,
  network: card.brand,
  network_transaction_id: null,
  regulated_status: null,
  three_d_secure: null,
  transaction_link_id: null,
  wallet: null
})

/** A charge; `receipt` is the page that serves as its receipt (its session's), or null. */
export const charge = (c: Charge, receipt: string | null, expansion: ChargeExpansion = {}): ChargeObject => ({
  id: c.id,
  object: "charge",
  amount: c.amount,
  amount_captured: c.amount_captured,
  amount_refunded: c.amount_refunded,
  application: null,
  application_fee: null,
  application_fee_amount: null,
  balance_transaction: null,
  billing_details: { address: null, email: c.billing_details.email, name: c.billing_details.name, phone: null, tax_id: null },
  calculated_statement_descriptor: c.statement_descriptor,
  captured: c.captured,
  created: c.created,
  currency: c.currency,
  customer: c.customer,
  description: c.description,
  disputed: false,
  failure_balance_transaction: null,
  failure_code: null,
  failure_message: null,
  fraud_details: {},
  livemode: c.livemode,
  metadata: c.metadata,
  on_behalf_of: null,
  outcome: {
    advice_code: null,
    network_advice_code: null,
    network_decline_code: null,
    network_status: "approved_by_network",
    reason: null,
    risk_level: "not_assessed",
    seller_message: "Payment complete.",
    type: "authorized"
  },
  paid: true,
  payment_intent: expansion.payment_intent ?? c.payment_intent,
  payment_method: c.payment_method,
  payment_method_details: c.card === null ? null : { type: "card", card: cardDetails(c, c.card) },
  receipt_email: c.receipt_email,
  receipt_number: null,
  receipt_url: receipt,
  refunded: c.refunded,
  ...(expansion.refunds === true
    ? { refunds: { object: "list" as const, url: refundsUrl(c.id), has_more: false, data: c.refunds.map((r) => refund(r)) } }
    : {}),
  review: null,
  shipping: null,
  source: null,
  source_transfer: null,
  statement_descriptor: c.statement_descriptor,
  statement_descriptor_suffix: c.statement_descriptor_suffix,
  status: "succeeded",
  transfer_data: null,
  transfer_group: null
})
