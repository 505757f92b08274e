import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import fc from "fast-check"
import { allocate, compute, type DiscountInput, type LineInput, type TaxRateInput } from "../src/Totals.ts"

/** Hundreds of carts: well under a second idle, a few seconds on a loaded 2-core machine. */
const BUDGET = 60_000

const rate = (id: string, percentage: number, inclusive: boolean): TaxRateInput => ({ id, percentage, inclusive })
const line = (unit_amount: number, quantity: number, tax_rates: ReadonlyArray<TaxRateInput> = [], product = "prod_a", discounts?: ReadonlyArray<DiscountInput>): LineInput =>
  ({ unit_amount, quantity, product, tax_rates, ...(discounts === undefined ? {} : { discounts }) })
const percent = (id: string, percent_off: number, applies_to: ReadonlyArray<string> | null = null): DiscountInput =>
  ({ id, percent_off, amount_off: null, currency: null, applies_to })
const amountOff = (id: string, amount_off: number, currency: string, applies_to: ReadonlyArray<string> | null = null): DiscountInput =>
  ({ id, percent_off: null, amount_off, currency, applies_to })

const ok = (r: ReturnType<typeof compute>) => {
  if (Result.isFailure(r)) throw new Error(r.failure.message)
  return r.success
}

describe("Totals.compute: hand-computed carts", () => {
  // [name, currency, lines, discounts, expected session amounts, expected per-line [subtotal, discount, tax, total]]
  const table: ReadonlyArray<readonly [string, string, ReadonlyArray<LineInput>, ReadonlyArray<DiscountInput>, readonly [number, number, number, number], ReadonlyArray<readonly [number, number, number, number]>]> = [
    ["no tax, no discount", "usd", [line(1000, 2), line(250, 1)], [], [2250, 0, 0, 2250], [[2000, 0, 0, 2000], [250, 0, 0, 250]]],
    // 19 % on 10.00 × 2: 3.80 on top
    ["exclusive 19 %", "usd", [line(1000, 2, [rate("txr_iva", 19, false)])], [], [2000, 0, 380, 2380], [[2000, 0, 380, 2380]]],
    // 10 % off 20.00 is 2.00; 19 % of 18.00 is 3.42
    ["exclusive 19 % after 10 % off", "usd", [line(1000, 2, [rate("txr_iva", 19, false)])], [percent("co_10", 10)], [2000, 200, 342, 2142], [[2000, 200, 342, 2142]]],
    // inclusive 19 % in 11,900 CLP: 11,900 × 19 / 119 = 1,900; the total stays 11,900
    ["inclusive 19 % (CLP)", "clp", [line(11900, 1, [rate("txr_iva", 19, true)])], [], [11900, 0, 1900, 11900], [[11900, 0, 1900, 11900]]],
    // Stripe's rounding example: 0.43 and 4.84 at 15 % → 0.0645 → 0.06 and 0.726 → 0.73
    ["per-line rounding", "usd", [line(43, 1, [rate("txr_15", 15, false)]), line(484, 1, [rate("txr_15", 15, false)])], [], [527, 0, 79, 606], [[43, 0, 6, 49], [484, 0, 73, 557]]],
    // 5.00 off spread 2:1 over 10.00 and 5.00 → 3.33 + 1.67 (the leftover unit to the larger remainder)
    ["amount off spread in proportion", "usd", [line(1000, 1), line(500, 1)], [amountOff("co_5", 500, "usd")], [1500, 500, 0, 1000], [[1000, 333, 0, 667], [500, 167, 0, 333]]],
    // 100 JPY off three lines of 100: 33 each and one left over; the remainders tie, so the earliest line takes it
    ["ties go to the earliest line", "jpy", [line(100, 1), line(100, 1), line(100, 1)], [amountOff("co_100", 100, "jpy")], [300, 100, 0, 200], [[100, 34, 0, 66], [100, 33, 0, 67], [100, 33, 0, 67]]],
    // applies_to: only prod_b's 8.000 KWD line loses 25 % (2.000)
    ["applies_to limits the lines (KWD, exponent 3)", "kwd", [line(5000, 1, [], "prod_a"), line(8000, 1, [], "prod_b")], [percent("co_25", 25, ["prod_b"])], [13000, 2000, 0, 11000], [[5000, 0, 0, 5000], [8000, 2000, 0, 6000]]],
    // an amount off larger than the cart's eligible lines takes only what they cost
    ["amount off capped at what it applies to", "usd", [line(300, 1, [], "prod_a"), line(700, 1, [], "prod_b")], [amountOff("co_big", 5000, "usd", ["prod_a"])], [1000, 300, 0, 700], [[300, 300, 0, 0], [700, 0, 0, 700]]],
    // line discount first (1.00), then 50 % of what is left (4.50), tax 10 % of 4.50 = 0.45
    ["line discount before session discount", "usd", [line(1000, 1, [rate("txr_10", 10, false)], "prod_a", [amountOff("co_line", 100, "usd")])], [percent("co_half", 50)], [1000, 550, 45, 495], [[1000, 550, 45, 495]]],
    // inclusive 10 % and exclusive 5 % on 11.00: inclusive 1.00 backed out, exclusive 5 % of 10.00 = 0.50 on top
    ["inclusive and exclusive on one line", "usd", [line(1100, 1, [rate("txr_in", 10, true), rate("txr_ex", 5, false)])], [], [1100, 0, 150, 1150], [[1100, 0, 150, 1150]]],
    // two inclusive rates 10 % + 5 % in 11.50: each on the 10.00 base, 1.00 + 0.50
    ["two inclusive rates", "eur", [line(1150, 1, [rate("txr_a", 10, true), rate("txr_b", 5, true)])], [], [1150, 0, 150, 1150], [[1150, 0, 150, 1150]]],
    // four-decimal percentage: 7.2500 % of 1.99 = 0.144275 → 0.14
    ["four-decimal percentage", "usd", [line(199, 1, [rate("txr_ca", 7.25, false)])], [], [199, 0, 14, 213], [[199, 0, 14, 213]]],
    // a half unit rounds up: 12.5 % of 4 JPY = 0.5 → 1
    ["half rounds up", "jpy", [line(4, 1, [rate("txr_125", 12.5, false)])], [], [4, 0, 1, 5], [[4, 0, 1, 5]]]
  ]
  for (const [name, currency, lines, discounts, [subtotal, discount, tax, total], perLine] of table) {
    it(name, () => {
      const t = ok(compute(currency, lines, discounts))
      assert.deepStrictEqual([t.amount_subtotal, t.amount_discount, t.amount_tax, t.amount_total], [subtotal, discount, tax, total])
      assert.deepStrictEqual(t.lines.map((l) => [l.amount_subtotal, l.amount_discount, l.amount_tax, l.amount_total]), perLine.map((l) => [...l]))
      assert.strictEqual(t.amount_shipping, 0)
    })
  }

  it("names each line's taxes and discounts, with the taxable amount", () => {
    const t = ok(compute("usd", [line(1000, 2, [rate("txr_iva", 19, false)])], [percent("co_10", 10)]))
    assert.deepStrictEqual(t.lines[0]!.taxes, [{ amount: 342, rate: "txr_iva", inclusive: false, taxable_amount: 1800 }])
    assert.deepStrictEqual(t.lines[0]!.discounts, [{ amount: 200, discount: "co_10" }])
  })

  it("refuses an amount off in another currency, naming the discount", () => {
    const r = compute("usd", [line(1000, 1)], [amountOff("co_eur", 100, "eur")])
    assert.isTrue(Result.isFailure(r))
    if (Result.isFailure(r)) {
      assert.strictEqual(r.failure.reason, "currency_mismatch")
      assert.strictEqual(r.failure.discount, "co_eur")
    }
  })

  it("refuses a total of 0 (a 100 % discount) and one above 99,999,999, saying which", () => {
    const zero = compute("usd", [line(1000, 1)], [percent("co_all", 100)])
    const big = compute("usd", [line(99_999_999, 1, [rate("txr_1", 1, false)])])
    for (const [r, reason, words] of [[zero, "total_too_small", "at least 1"], [big, "total_too_large", "at most 99999999"]] as const) {
      assert.isTrue(Result.isFailure(r))
      if (Result.isFailure(r)) {
        assert.strictEqual(r.failure.reason, reason)
        assert.include(r.failure.message, words)
      }
    }
  })
})

describe("Totals.compute: shipping", () => {
  // [name, currency, lines, discounts, shipping, expected [subtotal, discount, tax, shipping, total]]
  const table: ReadonlyArray<readonly [string, string, ReadonlyArray<LineInput>, ReadonlyArray<DiscountInput>, number, readonly [number, number, number, number, number]]> = [
    // 2 × 10.00 with 19 % on top, 5.00 shipping: the tax is the lines' only
    ["shipping is added after tax, untaxed", "usd", [line(1000, 2, [rate("txr_iva", 19, false)])], [], 500, [2000, 0, 380, 500, 2880]],
    // 10 % off takes 2.00 off the lines; shipping keeps its 5.00
    ["a percent discount leaves shipping whole", "usd", [line(1000, 2, [rate("txr_iva", 19, false)])], [percent("co_10", 10)], 500, [2000, 200, 342, 500, 2642]],
    // an amount off larger than the lines takes only the lines; the total is the shipping
    ["an amount off never reaches shipping", "usd", [line(300, 1)], [amountOff("co_big", 5000, "usd")], 700, [300, 300, 0, 700, 700]],
    // free shipping is shipping all the same: 0, not absent
    ["free shipping", "clp", [line(11900, 1, [rate("txr_iva", 19, true)])], [], 0, [11900, 0, 1900, 0, 11900]],
    // a free cart with paid shipping has a total: the shipping
    ["free lines, paid shipping", "jpy", [line(0, 3)], [], 800, [0, 0, 0, 800, 800]]
  ]
  for (const [name, currency, lines, discounts, shipping, [subtotal, discount, tax, amountShipping, total]] of table) {
    it(name, () => {
      const t = ok(compute(currency, lines, discounts, { amount: shipping }))
      assert.deepStrictEqual([t.amount_subtotal, t.amount_discount, t.amount_tax, t.amount_shipping, t.amount_total], [subtotal, discount, tax, amountShipping, total])
      assert.deepStrictEqual(t.shipping, { amount_subtotal: shipping, amount_tax: 0, amount_total: shipping })
    })
  }

  it("without shipping, shipping is null and adds nothing", () => {
    const t = ok(compute("usd", [line(1000, 1)]))
    assert.isNull(t.shipping)
    assert.strictEqual(t.amount_shipping, 0)
  })

  it("refuses a total above 99,999,999 that only shipping takes there, and a 0 total with free shipping", () => {
    const big = compute("usd", [line(99_999_000, 1)], [], { amount: 1000 })
    const zero = compute("usd", [line(1000, 1)], [percent("co_all", 100)], { amount: 0 })
    for (const [r, reason] of [[big, "total_too_large"], [zero, "total_too_small"]] as const) {
      assert.isTrue(Result.isFailure(r))
      if (Result.isFailure(r)) assert.strictEqual(r.failure.reason, reason)
    }
    // a 100 % discount with paid shipping leaves the shipping to pay
    assert.strictEqual(ok(compute("usd", [line(1000, 1)], [percent("co_all", 100)], { amount: 1 })).amount_total, 1)
  })
})

describe("Totals.allocate", () => {
  it("splits exactly, in proportion, never above a weight", () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 12 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (weights, fraction) => {
        const sum = weights.reduce((s, w) => s + w, 0)
        const amount = Math.floor(sum * fraction)
        const shares = allocate(amount, weights)
        assert.strictEqual(shares.reduce((s, x) => s + x, 0), sum === 0 ? 0 : amount)
        shares.forEach((s, i) => {
          assert.isAtLeast(s, 0)
          assert.isAtMost(s, weights[i]!)
          // within one unit of the exact proportional share
          if (sum > 0) assert.isBelow(Math.abs(s - (amount * weights[i]!) / sum), 1)
        })
      }
    ))
  }, BUDGET)
})

describe("Totals.compute: random carts", () => {
  const currency = fc.constantFrom("jpy", "clp", "usd", "eur", "kwd", "bhd")
  const products = ["prod_a", "prod_b", "prod_c"]
  const taxRate = fc.record({
    id: fc.constantFrom("txr_1", "txr_2", "txr_3"),
    percentage: fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 10_000),
    inclusive: fc.boolean()
  })
  const discount = (cur: string) =>
    fc.oneof(
      fc.record({
        id: fc.constant("co_p"),
        percent_off: fc.integer({ min: 1, max: 10_000 }).map((n) => n / 100),
        amount_off: fc.constant(null),
        currency: fc.constant(null),
        applies_to: fc.option(fc.subarray(products, { minLength: 1 }), { nil: null })
      }),
      fc.record({
        id: fc.constant("co_a"),
        percent_off: fc.constant(null),
        amount_off: fc.integer({ min: 1, max: 500_000 }),
        currency: fc.constant(cur),
        applies_to: fc.option(fc.subarray(products, { minLength: 1 }), { nil: null })
      })
    )
  const cart = currency.chain((cur) =>
    fc.record({
      currency: fc.constant(cur),
      lines: fc.array(
        fc.record({
          unit_amount: fc.integer({ min: 0, max: 2_000_000 }),
          quantity: fc.integer({ min: 1, max: 20 }),
          product: fc.constantFrom(...products),
          tax_rates: fc.uniqueArray(taxRate, { maxLength: 3, selector: (r) => r.id }),
          discounts: fc.array(discount(cur), { maxLength: 1 })
        }),
        { minLength: 1, maxLength: 8 }
      ),
      discounts: fc.array(discount(cur), { maxLength: 2 }),
      shipping: fc.option(fc.integer({ min: 0, max: 5_000_000 }).map((amount) => ({ amount })), { nil: null })
    })
  )

  it("subtotal − discount + exclusive tax + shipping = total, every part non-negative, the total in range or refused", () => {
    fc.assert(fc.property(cart, ({ currency, discounts, lines, shipping }) => {
      const r = compute(currency, lines, discounts, shipping)
      if (Result.isFailure(r)) {
        assert.oneOf(r.failure.reason, ["total_too_small", "total_too_large"])
        assert.match(r.failure.message, /The total must be at (least 1|most 99999999)/)
        return
      }
      const t = r.success
      assert.isAtLeast(t.amount_total, 1)
      assert.isAtMost(t.amount_total, 99_999_999)
      let exclusive = 0
      t.lines.forEach((l, i) => {
        const lineExclusive = l.taxes.filter((x) => !x.inclusive).reduce((s, x) => s + x.amount, 0)
        const lineInclusive = l.taxes.filter((x) => x.inclusive).reduce((s, x) => s + x.amount, 0)
        exclusive += lineExclusive
        for (const n of [l.amount_subtotal, l.amount_discount, l.amount_tax, l.amount_total, ...l.taxes.map((x) => x.amount), ...l.taxes.map((x) => x.taxable_amount), ...l.discounts.map((d) => d.amount)]) {
          assert.isTrue(Number.isSafeInteger(n) && n >= 0, `negative or fractional amount ${n}`)
        }
        assert.strictEqual(l.amount_subtotal, lines[i]!.unit_amount * lines[i]!.quantity)
        assert.isAtMost(l.amount_discount, l.amount_subtotal)
        assert.strictEqual(l.amount_discount, l.discounts.reduce((s, d) => s + d.amount, 0))
        assert.strictEqual(l.amount_total, l.amount_subtotal - l.amount_discount + lineExclusive)
        // inclusive tax is inside what the line costs after discounts
        assert.isAtMost(lineInclusive, l.amount_subtotal - l.amount_discount)
      })
      assert.strictEqual(t.amount_total, t.amount_subtotal - t.amount_discount + exclusive + t.amount_shipping)
      assert.strictEqual(t.amount_subtotal, t.lines.reduce((s, l) => s + l.amount_subtotal, 0))
      assert.strictEqual(t.amount_tax, t.lines.reduce((s, l) => s + l.amount_tax, 0))
      // shipping is the chosen amount, whole: no discount takes from it, no tax rate adds to it
      assert.strictEqual(t.amount_shipping, shipping?.amount ?? 0)
      assert.deepStrictEqual(t.shipping, shipping === null ? null : { amount_subtotal: shipping.amount, amount_tax: 0, amount_total: shipping.amount })
    }), { numRuns: 500 })
  }, BUDGET)

  it("shipping changes no line: the lines, discounts and taxes are those of the cart without it", () => {
    fc.assert(fc.property(cart, ({ currency, discounts, lines, shipping }) => {
      const withShipping = compute(currency, lines, discounts, shipping ?? { amount: 0 })
      const without = compute(currency, lines, discounts)
      if (Result.isFailure(withShipping) || Result.isFailure(without)) return
      assert.deepStrictEqual(withShipping.success.lines, without.success.lines)
      assert.deepStrictEqual(
        [withShipping.success.amount_subtotal, withShipping.success.amount_discount, withShipping.success.amount_tax],
        [without.success.amount_subtotal, without.success.amount_discount, without.success.amount_tax]
      )
      assert.strictEqual(withShipping.success.amount_total - without.success.amount_total, shipping?.amount ?? 0)
    }), { numRuns: 300 })
  }, BUDGET)

  it("an exclusive tax is the rounded rate of the taxable amount, an inclusive one within a unit of its exact share", () => {
    fc.assert(fc.property(cart, ({ currency, lines, discounts }) => {
      const r = compute(currency, lines, discounts)
      if (Result.isFailure(r)) return
      r.success.lines.forEach((l, i) => {
        const net = l.amount_subtotal - l.amount_discount
        const inclusiveSum = lines[i]!.tax_rates.filter((x) => x.inclusive).reduce((s, x) => s + x.percentage, 0)
        l.taxes.forEach((x, k) => {
          const p = lines[i]!.tax_rates[k]!.percentage
          const exact = x.inclusive ? (net * p) / (100 + inclusiveSum) : (x.taxable_amount * p) / 100
          assert.isAtMost(Math.abs(x.amount - exact), 0.5 + 1e-6)
        })
      })
    }), { numRuns: 300 })
  }, BUDGET)
})
