/**
 * The page's delivery estimates in words, in each language the pages speak.
 */
import { assert, describe, it } from "@effect/vitest"
import { estimateText } from "../src/CheckoutDisplay.ts"

const en = { locale: "en", language: "en" } as const
const es = { locale: "es", language: "es" } as const
const pt = { locale: "pt-BR", language: "pt" } as const
const range = (locale: string, a: number, b: number) => new Intl.NumberFormat(locale).formatRange(a, b)

describe("CheckoutDisplay.estimateText", () => {
  it("says a range, a bound or one value, in the unit Stripe names, business days included", () => {
    assert.isNull(estimateText(null, en))
    assert.isNull(estimateText({ minimum: null, maximum: null }, en))
    assert.strictEqual(estimateText({ minimum: { unit: "business_day", value: 3 }, maximum: { unit: "business_day", value: 5 } }, en), `${range("en", 3, 5)} business days`)
    assert.strictEqual(estimateText({ minimum: null, maximum: { unit: "business_day", value: 1 } }, en), "Up to 1 business day")
    assert.strictEqual(estimateText({ minimum: { unit: "day", value: 2 }, maximum: null }, en), "At least 2 days")
    assert.strictEqual(estimateText({ minimum: { unit: "week", value: 1 }, maximum: { unit: "week", value: 1 } }, en), "1 week")
    assert.strictEqual(estimateText({ minimum: { unit: "day", value: 1 }, maximum: { unit: "week", value: 2 } }, en), "1 day – 2 weeks")
    assert.strictEqual(estimateText({ minimum: null, maximum: { unit: "hour", value: 4 } }, es), "Hasta 4 horas")
    assert.strictEqual(estimateText({ minimum: { unit: "business_day", value: 1 }, maximum: null }, pt), "Pelo menos 1 dia útil")
    assert.strictEqual(estimateText({ minimum: { unit: "month", value: 1 }, maximum: { unit: "month", value: 2 } }, es), new Intl.NumberFormat("es", { style: "unit", unit: "month", unitDisplay: "long" }).formatRange(1, 2))
  })
})
