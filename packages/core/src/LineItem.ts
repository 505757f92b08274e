/**
 * Line items: what the customer buys.
 */
import { Schema } from "effect"
import { Price } from "./Price.ts"
import { Product } from "./Product.ts"

/** The price and product of a line item as they were when its session was created (Stripe keeps them so). */
export const CatalogSnapshot = Schema.Struct({ price: Price, product: Product })
/** See {@link CatalogSnapshot}. */
export type CatalogSnapshot = typeof CatalogSnapshot.Type

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
  catalog: Schema.optionalKey(CatalogSnapshot)
})
/** See {@link LineItem}. */
export type LineItem = typeof LineItem.Type
