import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"
import { chargeable, quote, schedule } from "../src/InstallmentQuote.ts"
import * as Money from "../src/Money.ts"

describe("InstallmentQuote.quote: hand-computed plans", () => {
  // [name, currency, amount, count, rate, interest, total, installment, last]
  const table: ReadonlyArray<readonly [string, string, number, number, number, number, number, number, number]> = [
    ["interest-free, divides evenly (CLP, exponent 0)", "clp", 30000, 3, 0, 0, 30000, 10000, 10000],
    ["interest-free, the last takes the remainder (USD)", "usd", 1000, 3, 0, 0, 1000, 333, 334],
    // 45,000 CLP at 5.07 %: 2,281.5 → 2,282 (half up); 47,282 / 6 = 7,880 r 2
    ["the docs' example: 6 cuotas de $7.880 · total $47.282", "clp", 45000, 6, 5.07, 2282, 47282, 7880, 7882],
    ["1.5 % on $100.00", "usd", 10000, 6, 1.5, 150, 10150, 1691, 1695],
    // 12.345 KWD at 2.5 %: 308.625 fils → 309
    ["three-decimal currency (KWD)", "kwd", 12345, 4, 2.5, 309, 12654, 3163, 3165],
    ["a half unit rounds up: 0.5 % of 100 JPY is 0.5", "jpy", 100, 2, 0.5, 1, 101, 50, 51],
    ["just under a half rounds down: 0.49 % of 100", "jpy", 100, 2, 0.49, 0, 100, 50, 50],
    ["100 % doubles it", "usd", 999, 12, 100, 999, 1998, 166, 172],
    ["more installments than minor units", "jpy", 5, 12, 0, 0, 5, 0, 5]
  ]
  for (const [name, _currency, amount, count, rate, interest, total, installment, last] of table) {
    it(name, () => {
      const q = quote(amount, { count, rate })
      assert.deepStrictEqual(
        [q.interest, q.total, q.installment_amount, q.last_installment_amount],
        [interest, total, installment, last]
      )
      assert.strictEqual(schedule(q).reduce((a, b) => a + b, 0), q.total)
    })
  }

  it("refuses what no session holds", () => {
    assert.throws(() => quote(-1, { count: 3, rate: 0 }), RangeError)
    assert.throws(() => quote(1.5, { count: 3, rate: 0 }), RangeError)
    assert.throws(() => quote(100, { count: 0, rate: 0 }), RangeError)
    assert.throws(() => quote(100, { count: 3, rate: 100.5 }), RangeError)
    assert.throws(() => quote(100, { count: 3, rate: 1.234 }), RangeError)
  })

  it("says whether a total can be charged", () => {
    assert.isTrue(chargeable(quote(Money.MAX_TOTAL, { count: 3, rate: 0 })))
    assert.isFalse(chargeable(quote(Money.MAX_TOTAL, { count: 3, rate: 1 })))
  })
})

describe("InstallmentQuote.quote: properties", () => {
  const currencies = ["clp", "jpy", "usd", "eur", "kwd", "bhd"] as const
  // a rate of up to two decimals, as sessions take it (`"1.5"`, 2.25)
  const rate = fc.integer({ min: 0, max: 10_000 }).map((h) => h / 100)
  const plan = fc.record({
    currency: fc.constantFrom(...currencies),
    amount: fc.integer({ min: Money.MIN_TOTAL, max: Money.MAX_TOTAL }),
    count: fc.integer({ min: 2, max: 48 }),
    rate
  })

  it("the installments add up to the total, all equal but the last, which takes fewer than `count` units more", () => {
    fc.assert(
      fc.property(plan, ({ amount, count, rate }) => {
        const q = quote(amount, { count, rate })
        const parts = schedule(q)
        assert.strictEqual(parts.length, count)
        assert.strictEqual(parts.reduce((a, b) => a + b, 0), q.total)
        for (const p of parts) assert.isTrue(Number.isSafeInteger(p) && p >= 0)
        for (const p of parts.slice(0, -1)) assert.strictEqual(p, q.installment_amount)
        const extra = q.last_installment_amount - q.installment_amount
        assert.isTrue(extra >= 0 && extra < count, `last ${q.last_installment_amount} vs ${q.installment_amount}`)
      }),
      { numRuns: 1000 }
    )
  })

  it("the total is the amount plus its interest, within half a minor unit of the exact rate (half up), whatever the exponent", () => {
    fc.assert(
      fc.property(plan, ({ currency, amount, count, rate }) => {
        const q = quote(amount, { count, rate })
        assert.isTrue(Money.exponent(currency) >= 0)
        assert.strictEqual(q.total, q.amount + q.interest)
        // exact: amount × hundredths / 10,000; compared in integers (× 20,000) to avoid binary fractions
        const hundredths = BigInt(Math.round(rate * 100))
        const exact2 = BigInt(amount) * hundredths * 2n
        const got2 = BigInt(q.interest) * 20_000n
        // |interest − exact| ≤ ½, and an exact half rounds up
        assert.isTrue(got2 - exact2 <= 10_000n && exact2 - got2 < 10_000n, `${amount} at ${rate}: ${q.interest}`)
      }),
      { numRuns: 1000 }
    )
  })

  it("interest-free plans charge the amount; more interest never charges less", () => {
    fc.assert(
      fc.property(plan, rate, ({ amount, count, rate: a }, b) => {
        assert.strictEqual(quote(amount, { count, rate: 0 }).total, amount)
        const [low, high] = a <= b ? [a, b] : [b, a]
        assert.isTrue(quote(amount, { count, rate: low }).total <= quote(amount, { count, rate: high }).total)
      }),
      { numRuns: 1000 }
    )
  })
})
