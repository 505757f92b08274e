/**
 * The shipping rate as the API answers it (Stripe's `shipping_rate`), apart from its contract so that
 * sessions' `shipping_options` and `shipping_cost` can embed it when expanded.
 */
import { ShippingRate } from "@till/core"
import { Schema } from "effect"

const fields = ShippingRate.fields
const fixed = fields.fixed_amount.fields

/** A shipping rate (Stripe's `shipping_rate`); `fixed_amount[currency_options]` is shown when the rate has any. */
export const ShippingRateObject = Schema.Struct({
  id: fields.id,
  object: Schema.Literal("shipping_rate"),
  active: fields.active,
  created: fields.created,
  delivery_estimate: fields.delivery_estimate,
  display_name: fields.display_name,
  fixed_amount: Schema.Struct({ amount: fixed.amount, currency: fixed.currency, currency_options: Schema.optionalKey(fixed.currency_options) }),
  livemode: fields.livemode,
  metadata: fields.metadata,
  tax_behavior: fields.tax_behavior,
  tax_code: fields.tax_code,
  type: fields.type
}).annotate({ identifier: "ShippingRate" })
/** See {@link ShippingRateObject}. */
export type ShippingRateObject = typeof ShippingRateObject.Type

/** A shipping rate as Stripe shows it. */
export const shippingRate = (r: ShippingRate): ShippingRateObject => ({
  id: r.id,
  object: "shipping_rate",
  active: r.active,
  created: r.created,
  delivery_estimate: r.delivery_estimate,
  display_name: r.display_name,
  fixed_amount: {
    amount: r.fixed_amount.amount,
    currency: r.fixed_amount.currency,
    ...(Object.keys(r.fixed_amount.currency_options).length === 0 ? {} : { currency_options: r.fixed_amount.currency_options })
  },
  livemode: r.livemode,
  metadata: r.metadata,
  tax_behavior: r.tax_behavior,
  tax_code: r.tax_code,
  type: r.type
})
