/**
 * Installments: what a plan costs, exactly in minor units. One pure function ({@link quote}) that the
 * hosted page's labels, the pay button, the payment request to the processor and the payment intent's
 * record all read, so what the customer is shown is what is charged (docs/installments.md).
 *
 * The rule:
 * 1. A plan's `rate` is the plan's financing charge in percent of the amount, for the whole plan (not
 *    per month, not per year), with at most two decimals, as Mercado Pago's `installment_rate` is:
 *    `interest = amount × rate / 100`, rounded half up to a minor unit; `total = amount + interest`.
 *    A rate of 0 is interest-free: the total is the amount.
 * 2. The total is split into `count` monthly installments: each is `floor(total / count)`, and the
 *    last one also takes what the division leaves (`total mod count` minor units, fewer than `count`),
 *    so the installments add up to the total exactly and the last is never smaller than the others.
 * Every division is made on integers (BigInt), never on binary fractions, and the currency's exponent
 * does not enter: amounts are minor units whatever the currency (CLP's pesos, USD's cents, KWD's fils).
 */
import * as Money from "./Money.ts"

/** A plan as a session offers it: `count` monthly installments at `rate` percent of the amount, in all. */
export interface PlanInput {
  readonly count: number
  readonly rate: number
}

/** What a plan costs: the total charged, and how it is split into installments. */
export interface Quote {
  readonly count: number
  readonly rate: number
  /** The amount the plan finances (the session's `amount_total`), in minor units. */
  readonly amount: number
  /** What the rate adds: `total − amount`. */
  readonly interest: number
  /** What is charged: the amount and the interest. */
  readonly total: number
  /** Each installment but the last. */
  readonly installment_amount: number
  /** The last installment: `installment_amount` plus the division's remainder. */
  readonly last_installment_amount: number
}

/** A rate in hundredths of a percent, as an integer (1.5 % is 150); rates have at most two decimals. */
export const rateInHundredths = (rate: number): number => Math.round(rate * 100)

/** `numerator / denominator` rounded half up, for non-negative integers. */
const divideHalfUp = (numerator: bigint, denominator: bigint): bigint => (numerator * 2n + denominator) / (denominator * 2n)

/**
 * What `plan` costs on `amount` minor units (see the module's rule). Throws a RangeError on what no
 * session can hold (a negative or fractional amount, a count below 1, a rate outside 0..100 or with
 * more than two decimals): the session's parameters are checked long before.
 */
export const quote = (amount: number, plan: PlanInput): Quote => {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError(`amount must be a non-negative integer of minor units, got ${amount}`)
  if (!Number.isSafeInteger(plan.count) || plan.count < 1) throw new RangeError(`count must be a positive integer, got ${plan.count}`)
  const hundredths = rateInHundredths(plan.rate)
  if (!(plan.rate >= 0 && plan.rate <= 100) || Math.abs(hundredths - plan.rate * 100) > 1e-6) {
    throw new RangeError(`rate must be a percentage between 0 and 100 with at most two decimals, got ${plan.rate}`)
  }
  const interest = Number(divideHalfUp(BigInt(amount) * BigInt(hundredths), 10_000n))
  const total = amount + interest
  const installment = Math.floor(total / plan.count)
  return {
    count: plan.count,
    rate: plan.rate,
    amount,
    interest,
    total,
    installment_amount: installment,
    last_installment_amount: total - installment * (plan.count - 1)
  }
}

/** Every installment of a quote, in order: `count − 1` of `installment_amount`, then the last. */
export const schedule = (q: Quote): ReadonlyArray<number> =>
  Array.from({ length: q.count }, (_, i) => (i === q.count - 1 ? q.last_installment_amount : q.installment_amount))

/** Whether a quote's total can be charged: within the totals a session may have (1..99,999,999). */
export const chargeable = (q: Quote): boolean => Money.checkTotal(q.total) === undefined
