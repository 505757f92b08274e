import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import * as Money from "../src/Money.ts"

describe("Money", () => {
  it("knows the exponent of zero-, two-, three- and four-decimal currencies", () => {
    for (const c of ["CLP", "JPY", "KRW", "PYG", "VND", "ISK", "UGX", "XAF", "XOF", "BIF", "DJF", "GNF", "KMF", "RWF", "VUV", "XPF", "UYI"]) {
      assert.strictEqual(Money.exponent(c), 0, c)
    }
    for (const c of ["BHD", "JOD", "KWD", "OMR", "TND", "IQD", "LYD"]) assert.strictEqual(Money.exponent(c), 3, c)
    for (const c of ["USD", "EUR", "GBP", "BRL", "MXN", "COP", "ARS", "PEN", "HUF", "INR"]) assert.strictEqual(Money.exponent(c), 2, c)
    for (const c of ["CLF", "UYW"]) assert.strictEqual(Money.exponent(c), 4, c)
  })

  it("lists every active code once, lower-case, and nothing withdrawn", () => {
    assert.strictEqual(new Set(Money.currencies).size, Money.currencies.length)
    assert.isAbove(Money.currencies.length, 150)
    for (const c of Money.currencies) assert.match(c, /^[a-z]{3}$/)
    for (const gone of ["HRK", "SLL", "CUC", "ZWL", "XAU", "XXX", "XTS", "BGN"]) assert.isFalse(Money.isCurrency(gone), gone)
    assert.throws(() => Money.exponent("ZZZ"))
  })

  it("decodes a currency in any case to lower case and rejects unknown codes", () => {
    const decode = Schema.decodeUnknownSync(Money.Currency)
    assert.strictEqual(decode("USD"), "usd")
    assert.strictEqual(decode("cLp"), "clp")
    assert.throws(() => decode("usdd"))
    assert.throws(() => decode("abc"))
    assert.throws(() => decode(840))
  })

  it("checks totals against 1..99,999,999", () => {
    assert.isUndefined(Money.checkTotal(1))
    assert.isUndefined(Money.checkTotal(99_999_999))
    assert.isString(Money.checkTotal(0))
    assert.isString(Money.checkTotal(100_000_000))
    assert.isString(Money.checkTotal(1.5))
  })

  it("sums unit_amount × quantity", () => {
    assert.strictEqual(Money.subtotal([{ unit_amount: 1050, quantity: 3 }, { unit_amount: 1, quantity: 999_999 }]), 3150 + 999_999)
    assert.strictEqual(Money.subtotal([]), 0)
  })

  it("formats minor units for display in a locale", () => {
    // Intl separates with no-break spaces; compare with plain ones
    const f = (amount: number, currency: string, locale: string) => Money.format(amount, currency, locale).replace(/\s/g, " ")
    assert.strictEqual(f(1050, "usd", "en"), "$10.50")
    assert.strictEqual(f(1200, "clp", "en"), "CLP 1,200")
    assert.strictEqual(f(1200, "clp", "es-CL"), "$1.200")
    assert.strictEqual(f(1234, "kwd", "en"), "KWD 1.234")
    assert.strictEqual(f(500, "jpy", "en"), "¥500")
    assert.strictEqual(f(123456, "brl", "pt-BR"), "R$ 1.234,56")
    assert.strictEqual(f(1234567, "eur", "es"), "12.345,67 €")
  })
})
