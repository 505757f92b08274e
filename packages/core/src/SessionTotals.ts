/**
 * A session's amounts from its line items, their tax rates and its discounts: Totals' arithmetic put
 * onto the line items (`amount_*`, `taxes`, `discounts`) and the session (`amount_subtotal`,
 * `amount_discount`, `amount_tax`, `amount_total`, `shipping_cost`). Made when the session is created
 * and again when what they depend on changes on the hosted page (the customer's country, a promotion
 * code, the shipping option).
 */
import { Result } from "effect"
import type { ShippingCost } from "./CheckoutSession.ts"
import { ValidationError } from "./Errors.ts"
import type { LineItem } from "./LineItem.ts"
import * as Money from "./Money.ts"
import { dynamicRateFor, type TaxRate } from "./TaxRate.ts"
import { compute, type DiscountInput } from "./Totals.ts"

/** A session's amounts, and its line items carrying theirs. */
export interface SessionAmounts {
  readonly line_items: ReadonlyArray<LineItem>
  readonly amount_subtotal: number
  readonly amount_discount: number
  readonly amount_tax: number
  readonly amount_total: number
  /** What the chosen shipping costs; null without shipping. */
  readonly shipping_cost: ShippingCost | null
}

/** The shipping chosen: its rate's id and what it costs in the session's currency. */
export interface ChosenShipping {
  readonly shipping_rate: string
  readonly amount: number
}

/** The rates that apply to a line for a customer in `country` (null: not known yet, so no dynamic rate applies). */
export const ratesOf = (item: LineItem, country: string | null): ReadonlyArray<TaxRate> => {
  const dynamic = country === null ? undefined : dynamicRateFor(item.dynamic_tax_rates ?? [], country)
  return [...(item.tax_rates ?? []), ...(dynamic === undefined ? [] : [dynamic])]
}

/**
 * The amounts of `items` with `discounts` and `shipping` for a customer in `country`, or the
 * ValidationError that refuses them, naming `params.total` when the total falls outside 1..99,999,999
 * (`params.discount` when a discount took it below 1) and `params.discount` when a discount is in
 * another currency.
 */
export const amountsOf = (
  items: ReadonlyArray<LineItem>,
  discounts: ReadonlyArray<DiscountInput>,
  country: string | null,
  params: { readonly total: string; readonly discount: string },
  shipping: ChosenShipping | null = null
): Result.Result<SessionAmounts, ValidationError> => {
  const currency = items[0]!.currency
  const rates = items.map((item) => ratesOf(item, country))
  const lines = items.map((item, i) => ({
    unit_amount: item.price.unit_amount,
    quantity: item.quantity,
    // a line's subtotal may come from a decimal unit amount, rounded once per line: keep it as it is
    ...(item.price.unit_amount * item.quantity === item.amount_subtotal ? {} : { unit_amount: item.amount_subtotal, quantity: 1 }),
    product: item.catalog?.product.id ?? "",
    tax_rates: rates[i]!.map((r) => ({ id: r.id, percentage: r.percentage, inclusive: r.inclusive }))
  }))
  const totals = compute(currency, lines, discounts, shipping === null ? null : { amount: shipping.amount })
  if (Result.isFailure(totals)) {
    const refused = totals.failure
    if (refused.reason === "currency_mismatch") {
      return Result.fail(new ValidationError({ code: "parameter_invalid", message: refused.message, param: params.discount }))
    }
    const tooSmall = refused.reason === "total_too_small"
    return Result.fail(new ValidationError({
      code: tooSmall ? "amount_too_small" : "amount_too_large",
      message: tooSmall
        ? `The total must be at least ${Money.MIN_TOTAL} (in the currency's minor unit).`
        : `The total must be at most ${Money.MAX_TOTAL} (in the currency's minor unit).`,
      param: tooSmall && discounts.length > 0 ? params.discount : params.total
    }))
  }
  const t = totals.success
  const line_items = items.map((item, i): LineItem => {
    const l = t.lines[i]!
    const { taxes: _t, discounts: _d, ...rest } = item
    return {
      ...rest,
      amount_subtotal: l.amount_subtotal,
      amount_discount: l.amount_discount,
      amount_tax: l.amount_tax,
      amount_total: l.amount_total,
      ...(l.taxes.length === 0 ? {} : { taxes: l.taxes.map((x, k) => ({ amount: x.amount, rate: rates[i]![k]!, taxable_amount: x.taxable_amount })) }),
      ...(l.discounts.length === 0 ? {} : { discounts: l.discounts })
    }
  })
  return Result.succeed({
    line_items,
    amount_subtotal: t.amount_subtotal,
    amount_discount: t.amount_discount,
    amount_tax: t.amount_tax,
    amount_total: t.amount_total,
    shipping_cost: shipping === null || t.shipping === null ? null : { ...t.shipping, shipping_rate: shipping.shipping_rate }
  })
}
