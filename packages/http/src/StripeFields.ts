/**
 * The fields Stripe always returns on an object for features Till does not have (automatic tax,
 * shipping addresses, Connect, invoices, ...): each with Stripe's type and the value Stripe shows when the
 * feature is off (null, empty, or its documented default). Responses.ts adds the schemas to the
 * objects' and Wire.ts the values, so a client reading `session.total_details.amount_tax` or
 * `intent.capture_method` gets what Stripe would send. test/StripeTypes.test.ts walks stripe's type
 * definitions and fails when one of these goes missing.
 */
import { Schema } from "effect"

const Null = Schema.Null
const Metadata = Schema.Record(Schema.String, Schema.String)

/** Invoices after payment: off. */
const InvoiceCreation = Schema.Struct({
  enabled: Schema.Literal(false),
  invoice_data: Schema.Struct({
    account_tax_ids: Null,
    custom_fields: Null,
    description: Null,
    footer: Null,
    issuer: Null,
    metadata: Metadata,
    rendering_options: Null
  })
})
const invoiceCreation = {
  enabled: false,
  invoice_data: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: null, metadata: {}, rendering_options: null }
} as const

/** The features a checkout session has in Stripe and not (yet) in Till, as Stripe shows them turned off. */
export const SessionFeaturesOff = Schema.Struct({
  adaptive_pricing: Null,
  allowed_payment_method_types: Null,
  automatic_tax: Schema.Struct({ enabled: Schema.Literal(false), liability: Null, provider: Null, status: Null }),
  currency_conversion: Null,
  customer_account: Null,
  integration_identifier: Null,
  invoice: Null,
  invoice_creation: InvoiceCreation,
  managed_payments: Null,
  origin_context: Null,
  payment_method_collection: Schema.Literal("always"),
  payment_method_configuration_details: Null,
  permissions: Null,
  saved_payment_method_options: Null,
  setup_intent: Null,
  subscription: Null,
  wallet_options: Null
})

/** See {@link SessionFeaturesOff}. */
export const sessionFeaturesOff: typeof SessionFeaturesOff.Type = {
  adaptive_pricing: null,
  allowed_payment_method_types: null,
  automatic_tax: { enabled: false, liability: null, provider: null, status: null },
  currency_conversion: null,
  customer_account: null,
  integration_identifier: null,
  invoice: null,
  invoice_creation: invoiceCreation,
  managed_payments: null,
  origin_context: null,
  payment_method_collection: "always",
  payment_method_configuration_details: null,
  permissions: null,
  saved_payment_method_options: null,
  setup_intent: null,
  subscription: null,
  wallet_options: null
}

/** The session's totals beyond its subtotal: discounts and tax as its line items carry them, and the chosen shipping. */
export const TotalDetails = Schema.Struct({ amount_discount: Schema.Int, amount_shipping: Schema.Int, amount_tax: Schema.Int })

/** What Stripe's `customer_details` has beyond the email, name, phone and address Till collects. */
export const CustomerDetailsRest = Schema.Struct({
  business_name: Null,
  individual_name: Null,
  tax_exempt: Schema.Literal("none"),
  tax_ids: Schema.Array(Schema.Never)
})
/** See {@link CustomerDetailsRest}. */
export const customerDetailsRest: typeof CustomerDetailsRest.Type = {
  business_name: null,
  individual_name: null,
  tax_exempt: "none",
  tax_ids: []
}

/** The features a payment intent has in Stripe and not (yet) in Till, as Stripe shows them turned off. */
export const PaymentIntentFeaturesOff = Schema.Struct({
  allowed_payment_method_types: Null,
  application: Null,
  application_fee_amount: Null,
  automatic_payment_methods: Null,
  confirmation_method: Schema.Literal("automatic"),
  customer: Null,
  customer_account: Null,
  excluded_payment_method_types: Null,
  managed_payments: Null,
  next_action: Null,
  on_behalf_of: Null,
  payment_method_configuration_details: Null,
  payment_record: Null,
  processing: Null,
  review: Null,
  setup_future_usage: Null,
  shipping: Null,
  source: Null,
  transfer_group: Null
})
/** See {@link PaymentIntentFeaturesOff}. */
export const paymentIntentFeaturesOff: typeof PaymentIntentFeaturesOff.Type = {
  allowed_payment_method_types: null,
  application: null,
  application_fee_amount: null,
  automatic_payment_methods: null,
  confirmation_method: "automatic",
  customer: null,
  customer_account: null,
  excluded_payment_method_types: null,
  managed_payments: null,
  next_action: null,
  on_behalf_of: null,
  payment_method_configuration_details: null,
  payment_record: null,
  processing: null,
  review: null,
  setup_future_usage: null,
  shipping: null,
  source: null,
  transfer_group: null
}

/** The features a line item has in Stripe and not in Till. */
export const LineItemFeaturesOff = Schema.Struct({ adjustable_quantity: Null, metadata: Metadata })
/** See {@link LineItemFeaturesOff}. */
export const lineItemFeaturesOff: typeof LineItemFeaturesOff.Type = { adjustable_quantity: null, metadata: {} }

/** The features a payment link has in Stripe and not (yet) in Till, as Stripe shows them turned off. */
export const PaymentLinkFeaturesOff = Schema.Struct({
  application: Null,
  application_fee_amount: Null,
  application_fee_percent: Null,
  automatic_tax: Schema.Struct({ enabled: Schema.Literal(false), liability: Null }),
  customer_creation: Schema.Literal("if_required"),
  inactive_message: Null,
  invoice_creation: InvoiceCreation,
  managed_payments: Null,
  on_behalf_of: Null,
  payment_intent_data: Null,
  payment_method_collection: Schema.Literal("always"),
  payment_method_options: Null,
  restrictions: Null,
  subscription_data: Null,
  tax_id_collection: Schema.Struct({ enabled: Schema.Literal(false), required: Schema.Literal("never") }),
  transfer_data: Null
})
/** See {@link PaymentLinkFeaturesOff}. */
export const paymentLinkFeaturesOff: typeof PaymentLinkFeaturesOff.Type = {
  application: null,
  application_fee_amount: null,
  application_fee_percent: null,
  automatic_tax: { enabled: false, liability: null },
  customer_creation: "if_required",
  inactive_message: null,
  invoice_creation: invoiceCreation,
  managed_payments: null,
  on_behalf_of: null,
  payment_intent_data: null,
  payment_method_collection: "always",
  payment_method_options: null,
  restrictions: null,
  subscription_data: null,
  tax_id_collection: { enabled: false, required: "never" },
  transfer_data: null
}

/** The features a webhook endpoint has in Stripe and not in Till (Connect applications). */
export const WebhookEndpointFeaturesOff = Schema.Struct({ application: Null })
/** See {@link WebhookEndpointFeaturesOff}. */
export const webhookEndpointFeaturesOff: typeof WebhookEndpointFeaturesOff.Type = { application: null }
