/**
 * The customer as the API answers it (Stripe's `customer`), apart from the customers' contract so that
 * the session's schema can embed it (`expand[]=customer`) without importing the contract. It carries
 * every field of Stripe's, those of features Till lacks (balances' currency, invoices, discounts,
 * sources, test clocks) at their empty defaults.
 */
import { Address, Customer } from "@till/core"
import { Schema } from "effect"

const fields = Customer.fields

/** A customer (Stripe's `customer`); `business_name` and `individual_name` appear once set, as Stripe shows them. */
export const CustomerObject = Schema.Struct({
  id: fields.id,
  object: Schema.Literal("customer"),
  address: fields.address,
  balance: fields.balance,
  business_name: Schema.optionalKey(Schema.String),
  created: fields.created,
  currency: Schema.Null,
  customer_account: Schema.Null,
  default_source: Schema.Null,
  delinquent: Schema.Boolean,
  description: fields.description,
  discount: Schema.Null,
  email: fields.email,
  individual_name: Schema.optionalKey(Schema.String),
  invoice_prefix: fields.invoice_prefix,
  invoice_settings: Schema.Struct({
    custom_fields: Schema.Null,
    default_payment_method: Schema.Null,
    footer: Schema.Null,
    rendering_options: Schema.Null
  }),
  livemode: fields.livemode,
  metadata: fields.metadata,
  name: fields.name,
  next_invoice_sequence: fields.next_invoice_sequence,
  phone: fields.phone,
  preferred_locales: fields.preferred_locales,
  shipping: Schema.NullOr(Schema.Struct({
    address: Address,
    carrier: Schema.Null,
    name: Schema.String,
    phone: Schema.NullOr(Schema.String),
    tracking_number: Schema.Null
  })),
  tax_exempt: fields.tax_exempt,
  test_clock: Schema.Null
}).annotate({ identifier: "Customer" })
/** See {@link CustomerObject}. */
export type CustomerObject = typeof CustomerObject.Type

/** A deleted customer, as its delete answers and as it reads from then on. */
export const DeletedCustomerObject = Schema.Struct({ id: Schema.String, object: Schema.Literal("customer"), deleted: Schema.Literal(true) })
  .annotate({ identifier: "DeletedCustomer" })
/** See {@link DeletedCustomerObject}. */
export type DeletedCustomerObject = typeof DeletedCustomerObject.Type
