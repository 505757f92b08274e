/**
 * Prices: how much a product costs, in one currency, once or on a schedule (Stripe's `price`).
 * Checkout sells one-time prices; recurring ones are kept for the catalog and refused in `mode=payment`.
 */
import { Effect, Result, Schema, SchemaGetter, SchemaIssue } from "effect"
import { ValidationError } from "./Errors.ts"
import * as Money from "./Money.ts"
import { Bool, Integer, MetadataOrEmpty, Text } from "./Params.ts"

/** How often a recurring price charges. */
export const Interval = Schema.Literals(["day", "week", "month", "year"])
/** See {@link Interval}. */
export type Interval = typeof Interval.Type

/** Stripe's tax behaviours; Till computes no tax, so they are recorded only. */
export const TaxBehavior = Schema.Literals(["exclusive", "inclusive", "unspecified"])

/** The schedule of a recurring price. */
export const Recurring = Schema.Struct({
  interval: Interval,
  interval_count: Schema.Int,
  trial_period_days: Schema.NullOr(Schema.Int),
  usage_type: Schema.Literals(["licensed", "metered"])
})
/** See {@link Recurring}. */
export type Recurring = typeof Recurring.Type

/**
 * A price: `unit_amount` in the currency's minor unit, or null when `unit_amount_decimal` has a
 * fraction of it. `product` is the id of its product.
 */
export const Price = Schema.Struct({
  id: Schema.String,
  livemode: Schema.Boolean,
  created: Schema.Int,
  active: Schema.Boolean,
  product: Schema.String,
  currency: Schema.String,
  unit_amount: Schema.NullOr(Schema.Int),
  unit_amount_decimal: Schema.NullOr(Schema.String),
  type: Schema.Literals(["one_time", "recurring"]),
  recurring: Schema.NullOr(Recurring),
  nickname: Schema.NullOr(Schema.String),
  lookup_key: Schema.NullOr(Schema.String),
  metadata: Schema.Record(Schema.String, Schema.String),
  tax_behavior: Schema.NullOr(TaxBehavior)
})
/** See {@link Price}. */
export type Price = typeof Price.Type

/** A price as stored: with its account, and the version its writes are conditional on (1 when created). */
export interface StoredPrice {
  readonly account: string
  readonly version: number
  readonly price: Price
}

/** What one unit costs in minor units, rounded half up as Stripe rounds a decimal amount. */
export const unitAmountOf = (price: Pick<Price, "unit_amount" | "unit_amount_decimal">): number =>
  price.unit_amount ?? Math.round(Number(price.unit_amount_decimal ?? 0))

const DECIMAL = /^\d{1,12}(\.\d{1,12})?$/

/** A non-negative decimal amount in minor units with up to 12 decimals (`"1050.5"`), kept as the string given. */
export const Decimal = Schema.Union([Schema.String, Schema.Finite]).pipe(
  Schema.decodeTo(
    Schema.String.pipe(Schema.check(Schema.makeFilter((s: string) =>
      Number(s) > Money.MAX_TOTAL ? `Expected at most ${Money.MAX_TOTAL}, got ${s}` : undefined
    ))),
    {
      decode: SchemaGetter.transformEffect((v: string | number) => {
        const s = typeof v === "number" ? String(v) : v.trim()
        return DECIMAL.test(s)
          ? Effect.succeed(s.includes(".") ? s.replace(/\.?0+$/, "") : s.replace(/^0+(?=\d)/, ""))
          : Effect.fail(new SchemaIssue.InvalidValue({ message: `Expected a decimal number with at most 12 decimals, got ${JSON.stringify(v)}` }))
      }),
      encode: SchemaGetter.transform((s: string) => s)
    }
  )
)

/** `recurring` as the merchant passes it. */
export const RecurringParams = Schema.Struct({
  interval: Interval,
  interval_count: Schema.optionalKey(Integer(1, 365)),
  trial_period_days: Schema.optionalKey(Integer(1, 730)),
  usage_type: Schema.optionalKey(Schema.Literals(["licensed", "metered"]))
})
/** See {@link RecurringParams}. */
export type RecurringParams = typeof RecurringParams.Type

/** The fields that say what a price costs, shared by prices, `default_price_data` and a line item's `price_data`. */
export const PriceAmountParams = {
  unit_amount: Schema.optionalKey(Integer(0, Money.MAX_TOTAL)),
  unit_amount_decimal: Schema.optionalKey(Decimal),
  recurring: Schema.optionalKey(RecurringParams),
  tax_behavior: Schema.optionalKey(TaxBehavior)
}

/** `product_data`: a product created inline with the price. */
export const ProductDataParams = Schema.Struct({
  name: Text(1, 5000),
  id: Schema.optionalKey(Text(1, 255)),
  active: Schema.optionalKey(Bool),
  metadata: Schema.optionalKey(MetadataOrEmpty),
  statement_descriptor: Schema.optionalKey(Text(5, 22)),
  unit_label: Schema.optionalKey(Text(1, 12))
})
/** See {@link ProductDataParams}. */
export type ProductDataParams = typeof ProductDataParams.Type

/** What a price costs, from `unit_amount` or `unit_amount_decimal` (exactly one); `param` names a parameter in errors. */
export const amountOf = (
  params: { readonly unit_amount?: number; readonly unit_amount_decimal?: string },
  param: (name: string) => string
): Result.Result<Pick<Price, "unit_amount" | "unit_amount_decimal">, ValidationError> => {
  if (params.unit_amount !== undefined && params.unit_amount_decimal !== undefined) {
    return Result.fail(new ValidationError({
      code: "parameter_invalid",
      message: "You may only specify one of these parameters: unit_amount, unit_amount_decimal.",
      param: param("unit_amount_decimal")
    }))
  }
  if (params.unit_amount !== undefined) return Result.succeed({ unit_amount: params.unit_amount, unit_amount_decimal: String(params.unit_amount) })
  const decimal = params.unit_amount_decimal
  if (decimal !== undefined) return Result.succeed({ unit_amount: decimal.includes(".") ? null : Number(decimal), unit_amount_decimal: decimal })
  return Result.fail(new ValidationError({ code: "parameter_missing", message: "Missing required param: unit_amount.", param: param("unit_amount") }))
}

/** What `quantity` units cost in minor units: a decimal amount is rounded half up once, on the whole line. */
export const lineAmountOf = (price: Pick<Price, "unit_amount" | "unit_amount_decimal">, quantity: number): number =>
  price.unit_amount === null ? Math.round(Number(price.unit_amount_decimal ?? 0) * quantity) : price.unit_amount * quantity

/** A price's schedule from its parameters, or null for a one-time price. */
export const recurringOf = (r: RecurringParams | undefined): Price["recurring"] =>
  r === undefined
    ? null
    : { interval: r.interval, interval_count: r.interval_count ?? 1, trial_period_days: r.trial_period_days ?? null, usage_type: r.usage_type ?? "licensed" }
