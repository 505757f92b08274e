/**
 * Customers (Stripe's `customer`): who pays, kept so that sessions can name them and a merchant can
 * find them again. Till keeps the contact facts; billing features it lacks (balances, invoices, tax
 * ids, payment sources) are the wire adapter's to show at their defaults.
 */
import { Schema } from "effect"
import * as Country from "./Country.ts"
import { Bool, Integer, MetadataOrEmpty, Text } from "./Params.ts"
import { Email, Locale, PageParams, RangeParams } from "./SessionParams.ts"
import { unsupported } from "./Validation.ts"

/** A postal address, every part optional (Stripe's `Address`). */
export const Address = Schema.Struct({
  city: Schema.NullOr(Schema.String),
  country: Schema.NullOr(Schema.String),
  line1: Schema.NullOr(Schema.String),
  line2: Schema.NullOr(Schema.String),
  postal_code: Schema.NullOr(Schema.String),
  state: Schema.NullOr(Schema.String)
})
/** See {@link Address}. */
export type Address = typeof Address.Type

/** Where a customer's orders go. */
export const Shipping = Schema.Struct({
  address: Address,
  name: Schema.String,
  phone: Schema.NullOr(Schema.String)
})
/** See {@link Shipping}. */
export type Shipping = typeof Shipping.Type

/** A customer's tax status, as Stripe names it. */
export const TaxExempt = Schema.Literals(["none", "exempt", "reverse"])

/** A customer: contact facts, the merchant's notes and metadata. */
export const Customer = Schema.Struct({
  id: Schema.String,
  livemode: Schema.Boolean,
  created: Schema.Int,
  email: Schema.NullOr(Schema.String),
  name: Schema.NullOr(Schema.String),
  phone: Schema.NullOr(Schema.String),
  description: Schema.NullOr(Schema.String),
  address: Schema.NullOr(Address),
  shipping: Schema.NullOr(Shipping),
  metadata: Schema.Record(Schema.String, Schema.String),
  preferred_locales: Schema.Array(Schema.String),
  business_name: Schema.NullOr(Schema.String),
  individual_name: Schema.NullOr(Schema.String),
  tax_exempt: TaxExempt,
  balance: Schema.Int,
  invoice_prefix: Schema.String,
  next_invoice_sequence: Schema.Int
})
/** See {@link Customer}. */
export type Customer = typeof Customer.Type

/**
 * A customer as stored: with its account, the version its writes are conditional on (1 when created),
 * and whether it was deleted. A deleted customer is kept, as Stripe keeps it: it still reads (as
 * deleted), but is listed, changed and referenced no more.
 */
export interface StoredCustomer {
  readonly account: string
  readonly version: number
  readonly deleted: boolean
  readonly customer: Customer
}

/** A customer as a read finds it: the customer, or only its id once deleted. */
export type CustomerView =
  | { readonly deleted: false; readonly customer: Customer }
  | { readonly deleted: true; readonly id: string }

/** A new customer with nothing but the given facts: every optional fact empty, Stripe's defaults elsewhere. */
export const newCustomer = (facts: {
  readonly id: string
  readonly livemode: boolean
  readonly created: number
  readonly email: string | null
  readonly name: string | null
  readonly invoice_prefix: string
}): Customer => ({
  ...facts,
  phone: null,
  description: null,
  address: null,
  shipping: null,
  metadata: {},
  preferred_locales: [],
  business_name: null,
  individual_name: null,
  tax_exempt: "none",
  balance: 0,
  next_invoice_sequence: 1
})

/** The invoice prefix Till gives a customer that was not given one: eight characters from its id, upper-cased. */
export const invoicePrefixFor = (id: string): string => id.slice(-8).toUpperCase().replace(/[^A-Z0-9]/g, "X")

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

/**
 * A parameter of Stripe's that Till does not implement: accepted by no value, with a message naming
 * the feature (never `parameter_unknown`, which would say Stripe has no such parameter).
 */
export const Unsupported = (feature: string) =>
  Schema.Unknown.pipe(Schema.check(Schema.makeFilter(() => unsupported(`Till does not support ${feature}.`))))

/** An address as passed: every part optional. */
export const AddressParams = Schema.Struct({
  city: Schema.optionalKey(Text(0, 200)),
  country: Schema.optionalKey(Schema.Union([Country.Country, Schema.Literal("")])),
  line1: Schema.optionalKey(Text(0, 200)),
  line2: Schema.optionalKey(Text(0, 200)),
  postal_code: Schema.optionalKey(Text(0, 50)),
  state: Schema.optionalKey(Text(0, 200))
})
/** See {@link AddressParams}. */
export type AddressParams = typeof AddressParams.Type

/** Shipping as passed: `address` and `name` required, as Stripe has them. */
export const ShippingParams = Schema.Struct({
  address: AddressParams,
  name: Text(1, 5000),
  phone: Schema.optionalKey(Text(0, 20))
})
/** See {@link ShippingParams}. */
export type ShippingParams = typeof ShippingParams.Type

/** A text parameter where `""` unsets the field. */
const Unsettable = (max: number) => Schema.Union([Text(1, max), Schema.Literal("")])

/** The parameters create and update share. */
const customerFields = {
  address: Schema.optionalKey(Schema.Union([AddressParams, Schema.Literal("")])),
  balance: Schema.optionalKey(Integer(-99_999_999_999, 99_999_999_999)),
  business_name: Schema.optionalKey(Unsettable(150)),
  description: Schema.optionalKey(Unsettable(5000)),
  email: Schema.optionalKey(Schema.Union([Email, Schema.Literal("")])),
  individual_name: Schema.optionalKey(Unsettable(150)),
  invoice_prefix: Schema.optionalKey(
    Schema.String.pipe(Schema.check(Schema.makeFilter((s: string) =>
      /^[A-Z0-9]{3,12}$/.test(s) ? undefined : "Expected 3 to 12 upper-case letters or digits"
    )))
  ),
  metadata: Schema.optionalKey(MetadataOrEmpty),
  name: Schema.optionalKey(Unsettable(256)),
  next_invoice_sequence: Schema.optionalKey(Integer(1, 1_000_000_000)),
  phone: Schema.optionalKey(Unsettable(20)),
  preferred_locales: Schema.optionalKey(Schema.Union([Schema.Array(Locale).pipe(Schema.check(Schema.isMaxLength(10))), Schema.Literal("")])),
  shipping: Schema.optionalKey(Schema.Union([ShippingParams, Schema.Literal("")])),
  tax_exempt: Schema.optionalKey(Schema.Union([TaxExempt, Schema.Literal("")])),
  /** A no-op: Till checks every parameter it takes. */
  validate: Schema.optionalKey(Bool),
  cash_balance: Schema.optionalKey(Unsupported("cash balances")),
  invoice_settings: Schema.optionalKey(Unsupported("invoices (`invoice_settings`)")),
  source: Schema.optionalKey(Unsupported("payment sources")),
  tax: Schema.optionalKey(Unsupported("automatic tax (`tax`)"))
}

/** Parameters of `POST /v1/customers`. */
export const CreateCustomerParams = Schema.Struct({
  ...customerFields,
  payment_method: Schema.optionalKey(Unsupported("saved payment methods (`payment_method`)")),
  tax_id_data: Schema.optionalKey(Unsupported("customer tax ids (`tax_id_data`)")),
  test_clock: Schema.optionalKey(Unsupported("test clocks"))
})
/** See {@link CreateCustomerParams}. */
export type CreateCustomerParams = typeof CreateCustomerParams.Type

/** Parameters of `POST /v1/customers/:id`: a given field replaces the stored one, `""` unsets it, metadata merges. */
export const UpdateCustomerParams = Schema.Struct({
  ...customerFields,
  default_source: Schema.optionalKey(Unsupported("payment sources (`default_source`)"))
})
/** See {@link UpdateCustomerParams}. */
export type UpdateCustomerParams = typeof UpdateCustomerParams.Type

/** Parameters of `GET /v1/customers`. */
export const ListCustomersParams = Schema.Struct({
  ...PageParams,
  created: Schema.optionalKey(RangeParams),
  email: Schema.optionalKey(Text(1, 512)),
  test_clock: Schema.optionalKey(Unsupported("test clocks"))
})
/** See {@link ListCustomersParams}. */
export type ListCustomersParams = typeof ListCustomersParams.Type
