/**
 * Totals: what a cart costs, line by line and in all, with its tax rates and discounts, exactly in
 * minor units. One pure function ({@link compute}) that sessions, payment links' sessions and the
 * hosted page all use, so every amount shown, stored and charged comes from the same arithmetic.
 *
 * The rule (docs/totals.md says where each part comes from in Stripe's documentation):
 * 1. A line's `amount_subtotal` is `unit_amount × quantity`, as priced (an inclusive tax is inside it).
 * 2. Line discounts apply first, then session discounts, each to what is left of the lines it applies
 *    to. A discount's amount is computed once on those lines' sum (percent: rounded half up; amount:
 *    at most that sum) and spread over them in proportion to what is left of each, the minor units the
 *    proportional shares leave over going to the largest remainders (then the earliest line).
 * 3. Tax is computed per line, on the discounted amount, each rate rounded half up to a minor unit.
 *    Inclusive rates are backed out of the discounted amount (`amount × p / (100 + Σ inclusive p)`);
 *    exclusive rates apply to what is left once inclusive tax is taken out (the `taxable_amount`).
 * 4. A line's `amount_total` is `amount_subtotal − amount_discount + exclusive tax`; the session's
 *    amounts are the sums of its lines'. `amount_tax` counts inclusive and exclusive tax alike.
 * 5. Shipping (the chosen shipping rate's fixed amount) is added to the total after everything else:
 *    no discount reduces it (Stripe's discounts take off the subtotal, the line items) and no tax rate
 *    applies to it (tax rates are the line items'; a rate's tax behavior only matters to an automatic tax
 *    engine, which Till has none of), so its `amount_tax` is 0 and its `amount_total` its amount.
 * Every division is made on integers (BigInt), never on binary fractions.
 */
import { Result, Schema } from "effect"
import * as Money from "./Money.ts"

/** A tax rate as the arithmetic needs it: a percentage of at most four decimals, inside the price or on top of it. */
export interface TaxRateInput {
  readonly id: string
  readonly percentage: number
  readonly inclusive: boolean
}

/**
 * A discount as the arithmetic needs it: `percent_off` (up to two decimals, at most 100), or
 * `amount_off` in `currency`'s minor units; limited to lines of the given products when `applies_to` is set.
 */
export interface DiscountInput {
  /** What the discount is known by in the result (a coupon's or promotion code's id). */
  readonly id: string
  readonly percent_off: number | null
  readonly amount_off: number | null
  readonly currency: string | null
  readonly applies_to: ReadonlyArray<string> | null
}

/** A line of the cart. */
export interface LineInput {
  readonly unit_amount: number
  readonly quantity: number
  /** The product sold, which `applies_to` names. */
  readonly product: string
  readonly tax_rates: ReadonlyArray<TaxRateInput>
  readonly discounts?: ReadonlyArray<DiscountInput>
}

/** The shipping the customer chose: a fixed amount for the whole cart, in its currency. */
export interface ShippingInput {
  readonly amount: number
}

/** What shipping costs (Stripe's `shipping_cost` amounts): never discounted, never taxed by the lines' rates. */
export interface ShippingTotals {
  readonly amount_subtotal: number
  readonly amount_tax: number
  readonly amount_total: number
}

/** One tax of a line: how much, at which rate, on which amount (Stripe's `line_item.taxes[]`). */
export interface LineTax {
  readonly amount: number
  readonly rate: string
  readonly inclusive: boolean
  readonly taxable_amount: number
}

/** One discount of a line: how much of it this line took (Stripe's `line_item.discounts[]`). */
export interface LineDiscount {
  readonly amount: number
  readonly discount: string
}

/** A line's amounts. */
export interface LineTotals {
  readonly amount_subtotal: number
  readonly amount_discount: number
  readonly amount_tax: number
  readonly amount_total: number
  readonly taxes: ReadonlyArray<LineTax>
  readonly discounts: ReadonlyArray<LineDiscount>
}

/** The cart's amounts: its lines', and their sums (Stripe's `amount_subtotal`, `total_details`, `amount_total`). */
export interface Totals {
  readonly lines: ReadonlyArray<LineTotals>
  readonly amount_subtotal: number
  readonly amount_discount: number
  readonly amount_tax: number
  /** What shipping adds (`total_details.amount_shipping`): the shipping's `amount_total`, 0 without shipping. */
  readonly amount_shipping: number
  readonly amount_total: number
  /** The shipping's amounts, or null when the cart has no shipping. */
  readonly shipping: ShippingTotals | null
}

/** Why a cart has no totals: a discount in another currency, or a total below 1 or above 99,999,999. */
export class TotalsRefused extends Schema.TaggedError<TotalsRefused>()("TotalsRefused", {
  reason: Schema.Literals(["currency_mismatch", "total_too_small", "total_too_large"]),
  message: Schema.String,
  /** The discount concerned, for `currency_mismatch`. */
  discount: Schema.NullOr(Schema.String)
}) {}

/** A percentage as an exact integer count of 1/10,000ths of a percent. */
const scaled = (percentage: number): bigint => BigInt(Math.round(percentage * 10_000))

/** `numerator / denominator` rounded half up, for non-negative operands. */
const roundHalfUp = (numerator: bigint, denominator: bigint): bigint => (2n * numerator + denominator) / (2n * denominator)

/**
 * Splits `amount` over `weights` in proportion to them (largest remainder): the shares sum to `amount`
 * exactly, and none exceeds its weight when `amount` does not exceed their sum.
 */
export const allocate = (amount: number, weights: ReadonlyArray<number>): ReadonlyArray<number> => {
  const total = weights.reduce((s, w) => s + w, 0)
  if (total === 0 || amount === 0) return weights.map(() => 0)
  const big = BigInt(amount)
  const sum = BigInt(total)
  const shares = weights.map((w) => (big * BigInt(w)) / sum)
  const remainders = weights.map((w, i) => ({ i, r: (big * BigInt(w)) % sum }))
  let left = amount - shares.reduce((s, x) => s + Number(x), 0)
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1))
  const result = shares.map(Number)
  for (const { i } of remainders) {
    if (left === 0) break
    result[i]! += 1
    left -= 1
  }
  return result
}

/** How much `discount` takes off `base` minor units. */
const discountAmount = (discount: DiscountInput, base: number): number => {
  if (discount.percent_off !== null) return Math.min(base, Number(roundHalfUp(BigInt(base) * scaled(discount.percent_off), 100n * 10_000n)))
  return Math.min(base, discount.amount_off ?? 0)
}

/** Whether a discount applies to a line. */
const appliesTo = (discount: DiscountInput, line: LineInput): boolean =>
  discount.applies_to === null || discount.applies_to.includes(line.product)

/** The taxes of one line whose discounted (tax-inclusive, for inclusive rates) amount is `amount`. */
const taxesOf = (amount: number, rates: ReadonlyArray<TaxRateInput>): { taxes: ReadonlyArray<LineTax>; exclusive: number } => {
  const base = BigInt(amount)
  const inclusiveSum = rates.filter((r) => r.inclusive).reduce((s, r) => s + scaled(r.percentage), 0n)
  const hundred = 100n * 10_000n
  const inclusive = rates.map((r) => r.inclusive ? Number(roundHalfUp(base * scaled(r.percentage), hundred + inclusiveSum)) : 0)
  const taxable = amount - inclusive.reduce((s, x) => s + x, 0)
  const taxes = rates.map((r, i): LineTax => ({
    amount: r.inclusive ? inclusive[i]! : Number(roundHalfUp(BigInt(taxable) * scaled(r.percentage), hundred)),
    rate: r.id,
    inclusive: r.inclusive,
    taxable_amount: taxable
  }))
  return { taxes, exclusive: taxes.filter((t) => !t.inclusive).reduce((s, t) => s + t.amount, 0) }
}

/**
 * The totals of a cart in `currency` with its `shipping` (none by default), or why it has none: a
 * discount `amount_off` in another currency, or a total outside 1..99,999,999 (checked for the cart,
 * shipping included; a line may be free).
 */
export const compute = (
  currency: string,
  lines: ReadonlyArray<LineInput>,
  discounts: ReadonlyArray<DiscountInput> = [],
  shipping: ShippingInput | null = null
): Result.Result<Totals, TotalsRefused> => {
  for (const d of [...lines.flatMap((l) => l.discounts ?? []), ...discounts]) {
    if (d.percent_off === null && d.currency !== currency) {
      return Result.fail(new TotalsRefused({
        reason: "currency_mismatch",
        discount: d.id,
        message: `The discount \`${d.id}\` is in ${String(d.currency).toUpperCase()}, but this cart is in ${currency.toUpperCase()}.`
      }))
    }
  }
  const subtotals = lines.map((l) => l.unit_amount * l.quantity)
  const left = [...subtotals]
  const taken: Array<Array<LineDiscount>> = lines.map(() => [])
  const apply = (discount: DiscountInput, eligible: ReadonlyArray<number>) => {
    const weights = eligible.map((i) => left[i]!)
    const amount = discountAmount(discount, weights.reduce((s, w) => s + w, 0))
    allocate(amount, weights).forEach((share, k) => {
      const i = eligible[k]!
      left[i]! -= share
      taken[i]!.push({ amount: share, discount: discount.id })
    })
  }
  lines.forEach((line, i) => (line.discounts ?? []).forEach((d) => apply(d, [i])))
  for (const d of discounts) apply(d, lines.flatMap((line, i) => appliesTo(d, line) ? [i] : []))

  const lineTotals = lines.map((line, i): LineTotals => {
    const { taxes, exclusive } = taxesOf(left[i]!, line.tax_rates)
    const amount_discount = subtotals[i]! - left[i]!
    return {
      amount_subtotal: subtotals[i]!,
      amount_discount,
      amount_tax: taxes.reduce((s, t) => s + t.amount, 0),
      amount_total: subtotals[i]! - amount_discount + exclusive,
      taxes,
      discounts: taken[i]!
    }
  })
  const sum = (f: (l: LineTotals) => number) => lineTotals.reduce((s, l) => s + f(l), 0)
  const shippingTotals: ShippingTotals | null = shipping === null
    ? null
    : { amount_subtotal: shipping.amount, amount_tax: 0, amount_total: shipping.amount }
  const amountShipping = shippingTotals?.amount_total ?? 0
  const totals: Totals = {
    lines: lineTotals,
    amount_subtotal: sum((l) => l.amount_subtotal),
    amount_discount: sum((l) => l.amount_discount),
    amount_tax: sum((l) => l.amount_tax),
    amount_shipping: amountShipping,
    amount_total: sum((l) => l.amount_total) + amountShipping,
    shipping: shippingTotals
  }
  const problem = Money.checkTotal(totals.amount_total)
  if (problem !== undefined) {
    const reason = totals.amount_total < Money.MIN_TOTAL ? "total_too_small" : "total_too_large"
    return Result.fail(new TotalsRefused({ reason, discount: null, message: `${problem} (it is ${totals.amount_total}).` }))
  }
  return Result.succeed(totals)
}
