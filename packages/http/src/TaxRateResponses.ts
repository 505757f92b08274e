/**
 * The tax rate as the API answers it (Stripe's `tax_rate`), apart from its contract so that line
 * items' `taxes[].rate` can embed it.
 */
import { TaxRate } from "@till/core"
import { Schema } from "effect"

const fields = TaxRate.fields

/** A tax rate (Stripe's `tax_rate`): Till's rates are percentages, so `rate_type` is `percentage` and `flat_amount` null. */
export const TaxRateObject = Schema.Struct({
  id: fields.id,
  object: Schema.Literal("tax_rate"),
  active: fields.active,
  country: fields.country,
  created: fields.created,
  description: fields.description,
  display_name: fields.display_name,
  effective_percentage: Schema.Finite,
  flat_amount: Schema.Null,
  inclusive: fields.inclusive,
  jurisdiction: fields.jurisdiction,
  jurisdiction_level: Schema.Null,
  livemode: fields.livemode,
  metadata: fields.metadata,
  percentage: fields.percentage,
  rate_type: Schema.Literal("percentage"),
  state: fields.state,
  tax_type: fields.tax_type
}).annotate({ identifier: "TaxRate" })
/** See {@link TaxRateObject}. */
export type TaxRateObject = typeof TaxRateObject.Type

/** A tax rate as Stripe shows it. */
export const taxRate = (r: TaxRate): TaxRateObject => ({
  id: r.id,
  object: "tax_rate",
  active: r.active,
  country: r.country,
  created: r.created,
  description: r.description,
  display_name: r.display_name,
  effective_percentage: r.percentage,
  flat_amount: null,
  inclusive: r.inclusive,
  jurisdiction: r.jurisdiction,
  jurisdiction_level: null,
  livemode: r.livemode,
  metadata: r.metadata,
  percentage: r.percentage,
  rate_type: "percentage",
  state: r.state,
  tax_type: r.tax_type
})
