/**
 * Line items: what the customer buys.
 */
import { Schema } from "effect"
import { Price } from "./Price.ts"
import { Product } from "./Product.ts"
import { TaxRate } from "./TaxRate.ts"

/** The price and product of a line item as they were when its session was created (Stripe keeps them so). */
export const CatalogSnapshot = Schema.Struct({ price: Price, product: Product })
/** See {@link CatalogSnapshot}. */
export type CatalogSnapshot = typeof CatalogSnapshot.Type

/** One tax of a line item: its amount at its rate, on its taxable amount. */
export const LineTax = Schema.Struct({ amount: Schema.Int, rate: TaxRate, taxable_amount: Schema.Int })
/** See {@link LineTax}. */
export type LineTax = typeof LineTax.Type

/** One discount of a line item: the line's share of it, and the discount's id (a coupon's or promotion code's). */
export const LineDiscount = Schema.Struct({ amount: Schema.Int, discount: Schema.String })
/** See {@link LineDiscount}. */
export type LineDiscount = typeof LineDiscount.Type

/** A line item of a session: a price (with its product's name) times a quantity. */
export const LineItem = Schema.Struct({
  id: Schema.String,
  amount_subtotal: Schema.Int,
  amount_total: Schema.Int,
  amount_discount: Schema.Int,
  amount_tax: Schema.Int,
  currency: Schema.String,
  description: Schema.String,
  quantity: Schema.Int,
  price: Schema.Struct({
    id: Schema.String,
    currency: Schema.String,
    unit_amount: Schema.Int,
    product_data: Schema.Struct({
      name: Schema.String,
      description: Schema.NullOr(Schema.String)
    })
  }),
  /** Absent from items stored before sessions took catalog prices; the wire then makes a price of `price`. */
  catalog: Schema.optionalKey(CatalogSnapshot),
  /** The tax rates that apply whatever the customer's address, as they were when the session was made (absent: none). */
  tax_rates: Schema.optionalKey(Schema.Array(TaxRate)),
  /** The rates one of which applies once the customer's country is known (see TaxRate.dynamicRateFor); absent: none. */
  dynamic_tax_rates: Schema.optionalKey(Schema.Array(TaxRate)),
  /** The taxes applied (Totals' arithmetic), each with its rate; absent: none. */
  taxes: Schema.optionalKey(Schema.Array(LineTax)),
  /** The discounts applied, each with its share of the amount; absent: none. */
  discounts: Schema.optionalKey(Schema.Array(LineDiscount))
})
/** See {@link LineItem}. */
export type LineItem = typeof LineItem.Type
