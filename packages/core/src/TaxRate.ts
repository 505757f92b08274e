/**
 * Tax rates (Stripe's `tax_rate`): a percentage a merchant charges on top of a price (exclusive) or
 * that is inside it (inclusive), with where it applies. Line items of sessions name them; Totals does
 * the arithmetic. Once created, a rate's `percentage` and `inclusive` never change (Stripe's rule: a
 * different rate is a new tax rate), so a session's amounts never change under it.
 */
import { Effect, Schema, SchemaGetter, SchemaIssue } from "effect"
import * as Country from "./Country.ts"
import { Bool, MetadataOrEmpty, Text } from "./Params.ts"
import { PageParams, RangeParams } from "./SessionParams.ts"

/** The kinds of tax Stripe names (`tax_type`). */
export const TaxType = Schema.Literals([
  "amusement_tax", "communications_tax", "gst", "hst", "igst", "jct", "lease_tax", "pst", "qst",
  "retail_delivery_fee", "rst", "sales_tax", "service_tax", "vat"
])
/** See {@link TaxType}. */
export type TaxType = typeof TaxType.Type

/** A tax rate. */
export const TaxRate = Schema.Struct({
  id: Schema.String,
  livemode: Schema.Boolean,
  created: Schema.Int,
  active: Schema.Boolean,
  country: Schema.NullOr(Schema.String),
  description: Schema.NullOr(Schema.String),
  display_name: Schema.String,
  inclusive: Schema.Boolean,
  jurisdiction: Schema.NullOr(Schema.String),
  metadata: Schema.Record(Schema.String, Schema.String),
  /** Percent out of 100, at most four decimals. */
  percentage: Schema.Finite,
  state: Schema.NullOr(Schema.String),
  tax_type: Schema.NullOr(TaxType)
})
/** See {@link TaxRate}. */
export type TaxRate = typeof TaxRate.Type

/** A tax rate as stored: with its account, and the version its writes are conditional on (1 when created). */
export interface StoredTaxRate {
  readonly account: string
  readonly version: number
  readonly tax_rate: TaxRate
}

/** A percentage from 0 to 100 with at most four decimals, from a JSON number or a string such as `"19"` or `"7.25"`. */
export const Percentage = Schema.Union([Schema.Finite, Schema.String]).pipe(
  Schema.decodeTo(
    Schema.Finite.pipe(Schema.check(Schema.makeFilter((n: number) =>
      n < 0 || n > 100
        ? `Expected a percentage between 0 and 100, got ${n}`
        : Math.abs(Math.round(n * 10_000) - n * 10_000) > 1e-6
        ? `Expected at most four decimals, got ${n}`
        : undefined
    ))),
    {
      decode: SchemaGetter.transformEffect((v: number | string) => {
        const n = typeof v === "number" ? v : /^\d+(\.\d+)?$/.test(v.trim()) ? Number(v.trim()) : NaN
        return Number.isFinite(n)
          ? Effect.succeed(n)
          : Effect.fail(new SchemaIssue.InvalidValue({ message: `Expected a decimal percentage, got ${JSON.stringify(v)}` }))
      }),
      encode: SchemaGetter.transform((n: number) => n)
    }
  )
)

/** A text parameter where `""` unsets the field. */
const Unsettable = (max: number) => Schema.Union([Text(1, max), Schema.Literal("")])

/** The fields create and update share: everything but the rate itself. */
const describing = {
  active: Schema.optionalKey(Bool),
  country: Schema.optionalKey(Schema.Union([Country.Country, Schema.Literal("")])),
  description: Schema.optionalKey(Unsettable(5000)),
  jurisdiction: Schema.optionalKey(Unsettable(50)),
  metadata: Schema.optionalKey(MetadataOrEmpty),
  state: Schema.optionalKey(Unsettable(2)),
  tax_type: Schema.optionalKey(Schema.Union([TaxType, Schema.Literal("")]))
}

/** Parameters of `POST /v1/tax_rates`. */
export const CreateTaxRateParams = Schema.Struct({
  display_name: Text(1, 50),
  inclusive: Bool,
  percentage: Percentage,
  ...describing
})
/** See {@link CreateTaxRateParams}. */
export type CreateTaxRateParams = typeof CreateTaxRateParams.Type

/** Parameters of `POST /v1/tax_rates/:id`: `percentage` and `inclusive` are not among them (Stripe's rule). */
export const UpdateTaxRateParams = Schema.Struct({
  display_name: Schema.optionalKey(Text(1, 50)),
  ...describing
})
/** See {@link UpdateTaxRateParams}. */
export type UpdateTaxRateParams = typeof UpdateTaxRateParams.Type

/** Parameters of `GET /v1/tax_rates`. */
export const ListTaxRatesParams = Schema.Struct({
  ...PageParams,
  active: Schema.optionalKey(Bool),
  inclusive: Schema.optionalKey(Bool),
  created: Schema.optionalKey(RangeParams)
})
/** See {@link ListTaxRatesParams}. */
export type ListTaxRatesParams = typeof ListTaxRatesParams.Type

/**
 * The dynamic tax rate of `rates` for a customer in `country` (and `state`): the active rate of that
 * country whose state matches (or has none), as Stripe picks among `dynamic_tax_rates`; none when no rate fits.
 */
export const dynamicRateFor = (rates: ReadonlyArray<TaxRate>, country: string, state: string | null = null): TaxRate | undefined =>
  rates.find((r) => r.active && r.country === country && state !== null && r.state === state) ??
    rates.find((r) => r.active && r.country === country && r.state === null)
