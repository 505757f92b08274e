/**
 * Products: what a merchant sells, as Stripe's catalog has them. A price says how much; a product says what.
 */
import { Schema } from "effect"

/** Stripe's two kinds of product; Checkout sells either. */
export const ProductType = Schema.Literals(["good", "service"])

/**
 * A product (Stripe's `product`): its business facts. `updated` is when it last changed;
 * `default_price` is the id of the price shown by default, or null.
 */
export const Product = Schema.Struct({
  id: Schema.String,
  livemode: Schema.Boolean,
  created: Schema.Int,
  updated: Schema.Int,
  active: Schema.Boolean,
  name: Schema.String,
  description: Schema.NullOr(Schema.String),
  images: Schema.Array(Schema.String),
  url: Schema.NullOr(Schema.String),
  metadata: Schema.Record(Schema.String, Schema.String),
  default_price: Schema.NullOr(Schema.String),
  type: ProductType,
  shippable: Schema.NullOr(Schema.Boolean),
  statement_descriptor: Schema.NullOr(Schema.String),
  unit_label: Schema.NullOr(Schema.String)
})
/** See {@link Product}. */
export type Product = typeof Product.Type

/** A product as stored: with its account, and the version its writes are conditional on (1 when created). */
export interface StoredProduct {
  readonly account: string
  readonly version: number
  readonly product: Product
}
