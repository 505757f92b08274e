/**
 * Shipping rates (Stripe's `shipping_rate`): what shipping costs, a fixed amount for the whole order
 * in a currency (and optionally in others, `currency_options`), with a name and a delivery estimate
 * for the customer. Sessions offer up to five of them (`shipping_options`); the one the customer
 * picks is in the session's totals (see Totals). Once created, a rate's amount in its own currency
 * never changes (Stripe's rule), so a session's shipping never changes under it.
 */
import { Schema } from "effect"
import { ValidationError } from "./Errors.ts"
import * as Money from "./Money.ts"
import { Bool, checkMetadata, Integer, MetadataOrEmpty, Text } from "./Params.ts"

/** Stripe's `tax_behavior` of a shipping rate: whether its amount holds tax (`inclusive`) or tax is added to it. */
export const ShippingTaxBehavior = Schema.Literals(["exclusive", "inclusive", "unspecified"])
/** See {@link ShippingTaxBehavior}. */
export type ShippingTaxBehavior = typeof ShippingTaxBehavior.Type

/** The units of a delivery estimate. */
export const DeliveryUnit = Schema.Literals(["business_day", "day", "hour", "month", "week"])
/** See {@link DeliveryUnit}. */
export type DeliveryUnit = typeof DeliveryUnit.Type

/** One bound of a delivery estimate: so many units. */
export const DeliveryBound = Schema.Struct({ unit: DeliveryUnit, value: Schema.Int })
/** See {@link DeliveryBound}. */
export type DeliveryBound = typeof DeliveryBound.Type

/** How long shipping takes, for the customer: a lower bound, an upper bound, or both. */
export const DeliveryEstimate = Schema.Struct({ maximum: Schema.NullOr(DeliveryBound), minimum: Schema.NullOr(DeliveryBound) })
/** See {@link DeliveryEstimate}. */
export type DeliveryEstimate = typeof DeliveryEstimate.Type

/** The amount of a rate in another currency than its own. */
export const CurrencyOption = Schema.Struct({ amount: Schema.Int, tax_behavior: ShippingTaxBehavior })
/** See {@link CurrencyOption}. */
export type CurrencyOption = typeof CurrencyOption.Type

/** A shipping rate. */
export const ShippingRate = Schema.Struct({
  id: Schema.String,
  livemode: Schema.Boolean,
  created: Schema.Int,
  active: Schema.Boolean,
  display_name: Schema.String,
  /** Only `fixed_amount`: Stripe's one kind of rate. */
  type: Schema.Literal("fixed_amount"),
  fixed_amount: Schema.Struct({
    amount: Schema.Int,
    currency: Schema.String,
    /** The amount in other currencies, by lower-case code (empty: none). */
    currency_options: Schema.Record(Schema.String, CurrencyOption)
  }),
  delivery_estimate: Schema.NullOr(DeliveryEstimate),
  metadata: Schema.Record(Schema.String, Schema.String),
  tax_behavior: Schema.NullOr(ShippingTaxBehavior),
  tax_code: Schema.NullOr(Schema.String)
})
/** See {@link ShippingRate}. */
export type ShippingRate = typeof ShippingRate.Type

/** A shipping rate as stored: with its account, and the version its writes are conditional on (1 when created). */
export interface StoredShippingRate {
  readonly account: string
  readonly version: number
  readonly shipping_rate: ShippingRate
}

/** The most a bound of a delivery estimate may count (Stripe: "greater than 0"). */
export const MAX_DELIVERY_VALUE = 1000

/** A bound of `delivery_estimate` as passed. */
const DeliveryBoundParams = Schema.Struct({ unit: DeliveryUnit, value: Integer(1, MAX_DELIVERY_VALUE) })

/** `currency_options[<currency>]` as passed on create. */
const CurrencyOptionParams = Schema.Struct({ amount: Integer(0, Money.MAX_TOTAL), tax_behavior: Schema.optionalKey(ShippingTaxBehavior) })

/** `currency_options` keyed by currency code (any case). */
const CurrencyOptionsOf = <S extends Schema.Top>(option: S) =>
  Schema.Record(Schema.String, option).pipe(Schema.check(Schema.makeFilter((options: Readonly<Record<string, unknown>>) => {
    const unknown = Object.keys(options).find((code) => !Money.isCurrency(code))
    return unknown === undefined ? undefined : `Unknown currency "${unknown.slice(0, 10)}" in currency_options`
  })))

/**
 * Parameters of `POST /v1/shipping_rates`, and of a session's `shipping_options[][shipping_rate_data]`:
 * a name, a fixed amount in a currency, and what describes it.
 */
export const CreateShippingRateParams = Schema.Struct({
  display_name: Text(1, 100),
  type: Schema.optionalKey(Schema.Literal("fixed_amount")),
  fixed_amount: Schema.optionalKey(Schema.Struct({
    amount: Integer(0, Money.MAX_TOTAL),
    currency: Money.Currency,
    currency_options: Schema.optionalKey(CurrencyOptionsOf(CurrencyOptionParams))
  })),
  delivery_estimate: Schema.optionalKey(Schema.Struct({
    maximum: Schema.optionalKey(DeliveryBoundParams),
    minimum: Schema.optionalKey(DeliveryBoundParams)
  })),
  metadata: Schema.optionalKey(MetadataOrEmpty),
  tax_behavior: Schema.optionalKey(ShippingTaxBehavior),
  tax_code: Schema.optionalKey(Text(1, 255))
})
/** See {@link CreateShippingRateParams}. */
export type CreateShippingRateParams = typeof CreateShippingRateParams.Type

/**
 * Parameters of `POST /v1/shipping_rates/:id`: `active`, `metadata`, `tax_behavior`, and the amounts
 * in other currencies (`fixed_amount[currency_options]`); the amount in the rate's own currency never changes.
 */
export const UpdateShippingRateParams = Schema.Struct({
  active: Schema.optionalKey(Bool),
  metadata: Schema.optionalKey(MetadataOrEmpty),
  tax_behavior: Schema.optionalKey(ShippingTaxBehavior),
  fixed_amount: Schema.optionalKey(Schema.Struct({
    currency_options: Schema.optionalKey(CurrencyOptionsOf(Schema.Struct({
      amount: Schema.optionalKey(Integer(0, Money.MAX_TOTAL)),
      tax_behavior: Schema.optionalKey(ShippingTaxBehavior)
    })))
  }))
})
/** See {@link UpdateShippingRateParams}. */
export type UpdateShippingRateParams = typeof UpdateShippingRateParams.Type

const invalid = (param: string, message: string, code = "parameter_invalid") => new ValidationError({ code, message, param })

/** A tax behavior may be set while unset or `unspecified`; once `inclusive` or `exclusive` it stays (Stripe's rule, as for prices). */
const taxBehaviorChange = (
  current: ShippingTaxBehavior | null,
  given: ShippingTaxBehavior | undefined,
  param: string
): ShippingTaxBehavior | null | ValidationError =>
  given === undefined || given === current
    ? current
    : current === null || current === "unspecified"
    ? given
    : invalid(param, "A shipping rate's `tax_behavior` cannot be changed once it is `inclusive` or `exclusive`.")

/**
 * A new shipping rate from its parameters (`param` prefixes the names of the parameters an error
 * names: "" for `/v1/shipping_rates`, `shipping_options[i][shipping_rate_data]` in a session).
 */
export const newShippingRate = (
  params: CreateShippingRateParams,
  facts: { readonly id: string; readonly livemode: boolean; readonly created: number },
  param: (name: string) => string = (name) => name
): ShippingRate | ValidationError => {
  const fixed = params.fixed_amount
  if (fixed === undefined) return invalid(param("fixed_amount"), `Missing required param: ${param("fixed_amount")}.`, "parameter_missing")
  const options: Record<string, CurrencyOption> = {}
  for (const [code, option] of Object.entries(fixed.currency_options ?? {})) {
    const currency = code.toLowerCase()
    const at = param(`fixed_amount[currency_options][${code}]`)
    if (currency === fixed.currency) return invalid(at, `\`currency_options\` cannot hold the rate's own currency (${currency}).`)
    if (currency in options) return invalid(at, `The currency ${currency} is in \`currency_options\` twice.`)
    options[currency] = { amount: option.amount, tax_behavior: option.tax_behavior ?? params.tax_behavior ?? "unspecified" }
  }
  const estimate = params.delivery_estimate
  const { maximum, minimum } = estimate ?? {}
  if (maximum !== undefined && minimum !== undefined && maximum.unit === minimum.unit && minimum.value > maximum.value) {
    return invalid(param("delivery_estimate[minimum][value]"), "The delivery estimate's `minimum` must not be greater than its `maximum`.")
  }
  const metadata = params.metadata === undefined || params.metadata === "" ? {} : params.metadata
  const problem = checkMetadata(metadata)
  if (problem !== undefined) return invalid(param("metadata"), problem)
  return {
    id: facts.id,
    livemode: facts.livemode,
    created: facts.created,
    active: true,
    display_name: params.display_name,
    type: "fixed_amount",
    fixed_amount: { amount: fixed.amount, currency: fixed.currency, currency_options: options },
    delivery_estimate: estimate === undefined ? null : { maximum: maximum ?? null, minimum: minimum ?? null },
    metadata,
    tax_behavior: params.tax_behavior ?? null,
    tax_code: params.tax_code ?? null
  }
}

/** The rate with an update applied: `active`, merged `metadata`, a tax behavior not yet fixed, amounts in other currencies. */
export const applyShippingRateUpdate = (
  rate: ShippingRate,
  params: UpdateShippingRateParams,
  mergeMetadata: (current: Readonly<Record<string, string>>, update: Readonly<Record<string, string>> | "") => Record<string, string>
): ShippingRate | ValidationError => {
  const metadata = params.metadata === undefined ? rate.metadata : mergeMetadata(rate.metadata, params.metadata)
  const problem = checkMetadata(metadata)
  if (problem !== undefined) return invalid("metadata", problem)
  const taxBehavior = taxBehaviorChange(rate.tax_behavior, params.tax_behavior, "tax_behavior")
  if (taxBehavior instanceof ValidationError) return taxBehavior
  const options: Record<string, CurrencyOption> = { ...rate.fixed_amount.currency_options }
  for (const [code, given] of Object.entries(params.fixed_amount?.currency_options ?? {})) {
    const currency = code.toLowerCase()
    const at = `fixed_amount[currency_options][${code}]`
    if (currency === rate.fixed_amount.currency) return invalid(at, `The amount in the rate's own currency (${currency}) cannot change.`)
    const current = options[currency]
    if (current === undefined && given.amount === undefined) return invalid(`${at}[amount]`, `Missing required param: ${at}[amount].`, "parameter_missing")
    const behavior = taxBehaviorChange(current?.tax_behavior ?? null, given.tax_behavior, `${at}[tax_behavior]`)
    if (behavior instanceof ValidationError) return behavior
    options[currency] = { amount: given.amount ?? current!.amount, tax_behavior: behavior ?? taxBehavior ?? "unspecified" }
  }
  return {
    ...rate,
    active: params.active ?? rate.active,
    metadata,
    tax_behavior: taxBehavior,
    fixed_amount: { ...rate.fixed_amount, currency_options: options }
  }
}

/** What the rate charges in `currency`: its own amount, or the one of its `currency_options`; undefined when it has none there. */
export const amountIn = (rate: ShippingRate, currency: string): number | undefined =>
  rate.fixed_amount.currency === currency ? rate.fixed_amount.amount : rate.fixed_amount.currency_options[currency]?.amount
