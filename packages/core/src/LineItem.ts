/**
 * Line items: what the customer buys, as Stripe's `item` object.
 */
import { Schema } from "effect"

/** A line item of a session (Stripe's `item`). */
export const LineItem = Schema.Struct({
  id: Schema.String,
  object: Schema.Literal("item"),
  amount_subtotal: Schema.Number,
  amount_total: Schema.Number,
  amount_discount: Schema.Number,
  amount_tax: Schema.Number,
  currency: Schema.String,
  description: Schema.String,
  quantity: Schema.Number,
  price: Schema.Struct({
    id: Schema.String,
    object: Schema.Literal("price"),
    currency: Schema.String,
    unit_amount: Schema.Number,
    product_data: Schema.Struct({
      name: Schema.String,
      description: Schema.NullOr(Schema.String)
    })
  })
})
/** See {@link LineItem}. */
export type LineItem = typeof LineItem.Type
