/**
 * Line items: what the customer buys.
 */
import { Schema } from "effect"

/** A line item of a session: a price (with its product's name) times a quantity. */
export const LineItem = Schema.Struct({
  id: Schema.String,
  amount_subtotal: Schema.Number,
  amount_total: Schema.Number,
  amount_discount: Schema.Number,
  amount_tax: Schema.Number,
  currency: Schema.String,
  description: Schema.String,
  quantity: Schema.Number,
  price: Schema.Struct({
    id: Schema.String,
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
