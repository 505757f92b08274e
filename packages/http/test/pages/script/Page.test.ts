import { assert, describe, it } from "@effect/vitest"
import * as Decline from "../../../src/pages/script/Decline.ts"
import * as Installments from "../../../src/pages/script/Installments.ts"
import * as Place from "../../../src/pages/script/Place.ts"
import * as Translator from "../../../src/pages/script/Translator.ts"
import { customerDone } from "../../../src/pages/script/Wire.ts"

describe("the checkout page's script", () => {
  it("takes a payment as done when it succeeded or is held for manual capture, and only then", () => {
    assert.isTrue(customerDone(200, { status: "succeeded" }))
    assert.isTrue(customerDone(200, { status: "requires_capture" }))
    assert.isFalse(customerDone(200, { status: "requires_payment_method" }))
    assert.isFalse(customerDone(402, { status: "succeeded" }))
    assert.isFalse(customerDone(200, null))
  })

  it("finds its session and the API from the page's path, under a path prefix too", () => {
    const table: ReadonlyArray<[string, Place.Place]> = [
      ["/c/pay/cs_test_1", { sessionId: "cs_test_1", embedded: false, api: "/v1/checkout/sessions/cs_test_1", display: "/c/pay/cs_test_1/display", promotionCode: "/c/pay/cs_test_1/promotion_code", country: "/c/pay/cs_test_1/country", shippingRate: "/c/pay/cs_test_1/shipping_rate", storageKey: "till.checkout.cs_test_1" }],
      ["/till/c/pay/cs_test_1/", { sessionId: "cs_test_1", embedded: false, api: "/till/v1/checkout/sessions/cs_test_1", display: "/till/c/pay/cs_test_1/display", promotionCode: "/till/c/pay/cs_test_1/promotion_code", country: "/till/c/pay/cs_test_1/country", shippingRate: "/till/c/pay/cs_test_1/shipping_rate", storageKey: "till.checkout.cs_test_1" }],
      ["/c/pay/a%2Fb", { sessionId: "a/b", embedded: false, api: "/v1/checkout/sessions/a%2Fb", display: "/c/pay/a%2Fb/display", promotionCode: "/c/pay/a%2Fb/promotion_code", country: "/c/pay/a%2Fb/country", shippingRate: "/c/pay/a%2Fb/shipping_rate", storageKey: "till.checkout.a/b" }],
      ["/c/pay/%E0%A4%A", { sessionId: "", embedded: false, api: "/v1/checkout/sessions/", display: "/c/pay//display", promotionCode: "/c/pay//promotion_code", country: "/c/pay//country", shippingRate: "/c/pay//shipping_rate", storageKey: "till.checkout." }],
      ["/c/embed/cs_test_1", { sessionId: "cs_test_1", embedded: true, api: "/v1/checkout/sessions/cs_test_1", display: "/c/pay/cs_test_1/display", promotionCode: "/c/pay/cs_test_1/promotion_code", country: "/c/pay/cs_test_1/country", shippingRate: "/c/pay/cs_test_1/shipping_rate", storageKey: "till.checkout.cs_test_1" }],
      ["/till/c/embed/cs_test_1", { sessionId: "cs_test_1", embedded: true, api: "/till/v1/checkout/sessions/cs_test_1", display: "/till/c/pay/cs_test_1/display", promotionCode: "/till/c/pay/cs_test_1/promotion_code", country: "/till/c/pay/cs_test_1/country", shippingRate: "/till/c/pay/cs_test_1/shipping_rate", storageKey: "till.checkout.cs_test_1" }],
      ["/elsewhere", { sessionId: "", embedded: false, api: "/v1/checkout/sessions/", display: "/c/pay//display", promotionCode: "/c/pay//promotion_code", country: "/c/pay//country", shippingRate: "/c/pay//shipping_rate", storageKey: "till.checkout." }]
    ]
    for (const [path, place] of table) assert.deepStrictEqual(Place.of(path), place, path)
  })

  it("takes only its own session's secret", () => {
    const table: ReadonlyArray<[sessionId: string, found: string, secret: string]> = [
      ["cs_1", "cs_1_secret_abc", "cs_1_secret_abc"],
      ["cs_1", "cs_2_secret_abc", ""],
      ["cs_1", "garbage", ""],
      ["", "_secret_abc", ""]
    ]
    for (const [sessionId, found, secret] of table) assert.strictEqual(Place.secretFor(sessionId, found), secret, found)
  })

  it("sends the customer only to http(s) return URLs, with the session id filled in", () => {
    const table: ReadonlyArray<[string | null, string | null]> = [
      ["https://shop.example/done?session={CHECKOUT_SESSION_ID}", "https://shop.example/done?session=cs_1"],
      ["https://shop.example/done?session=%7BCHECKOUT_SESSION_ID%7D", "https://shop.example/done?session=cs_1"],
      ["http://localhost:3000/ok", "http://localhost:3000/ok"],
      ["javascript:alert(1)", null],
      ["not a url", null],
      ["", null],
      [null, null]
    ]
    for (const [url, next] of table) assert.strictEqual(Place.successUrl(url, "cs_1"), next, String(url))
    assert.deepStrictEqual([Place.cancelUrl("https://shop.example/cart"), Place.cancelUrl("data:text/html,x"), Place.cancelUrl(null)], ["https://shop.example/cart", null, null])
  })

  it("speaks the session's language, English when it does not know it, and reads unknown keys as themselves", () => {
    const table: ReadonlyArray<[tag: string, language: string, pay: string]> = [
      ["es", "es", "Pagar $5.000"],
      ["pt-BR", "pt", "Pagar $5.000"],
      ["en", "en", "Pay $5.000"],
      ["fr", "en", "Pay $5.000"],
      ["", "en", "Pay $5.000"]
    ]
    for (const [tag, language, pay] of table) {
      const t = Translator.of(tag)
      assert.deepStrictEqual([t.language, t.text("form.pay", { amount: "$5.000" })], [language, pay], tag)
    }
    const en = Translator.of("en")
    assert.deepStrictEqual([en.text("no.such.key"), en.has("decline.insufficient_funds"), en.has("decline.nope"), en.has("toString")], ["no.such.key", true, false, false])
  })

  it("labels installment plans with each installment, the total, and interest-free or the rate in the page's locale", () => {
    const plan = (count: number, rate: number, installment_amount: string, last_installment_amount: string, total: string) =>
      ({ count, rate, installment_amount, last_installment_amount, total })
    const table: ReadonlyArray<[ReturnType<typeof plan>, tag: string, locale: string, label: string]> = [
      [plan(3, 0, "$10.000", "$10.000", "$30.000"), "es", "es-CL", "3 cuotas de $10.000 · total $30.000 (sin interés)"],
      [plan(6, 5.07, "$7.880", "$7.882", "$47.282"), "es", "es-CL", "6 cuotas de $7.880 (la última de $7.882) · total $47.282 (5,07% de interés)"],
      [plan(6, 1.5, "$16.91", "$16.95", "$101.50"), "en", "en-US", "6 monthly installments of $16.91 (the last $16.95) · total $101.50 (1.5% interest)"],
      [plan(4, 2, "R$ 25,50", "R$ 25,50", "R$ 102,00"), "pt", "pt-BR", "4 parcelas de R$ 25,50 · total R$ 102,00 (2% de juros)"]
    ]
    for (const [p, tag, locale, label] of table) {
      assert.strictEqual(Installments.label(p, locale, Translator.of(tag)).replace(/\u00a0/g, " "), label, `${p.count} ${p.rate} ${locale}`)
    }
  })

  it("makes the pay button say what the chosen plan charges, or the total when paying in full", () => {
    const display = {
      amount_total: "$45.000",
      installments: [{ count: 6, rate: 5.07, installment_amount: "$7.880", last_installment_amount: "$7.882", total: "$47.282" }]
    } as unknown as Parameters<typeof Installments.payLabel>[0]
    const es = Translator.of("es")
    assert.strictEqual(Installments.payLabel(display, "", es), "Pagar $45.000")
    assert.strictEqual(Installments.payLabel(display, "6", es), "Pagar 6 cuotas de $7.880 · total $47.282")
    assert.strictEqual(Installments.payLabel(display, "12", es), "Pagar $45.000")
    assert.strictEqual(Installments.payLabel(display, "6", Translator.of("pt")), "Pagar 6 parcelas de $7.880 · total $47.282")
    assert.strictEqual(Installments.payLabel(display, "6", Translator.of("en")), "Pay 6 installments of $7.880 · total $47.282")
  })

  it("tells a failed payment by its decline code, else its error code, else in general", () => {
    const t = Translator.of("en")
    const table: ReadonlyArray<[Parameters<typeof Decline.message>[0], string]> = [
      [{ type: "card_error", code: "card_declined", decline_code: "insufficient_funds" }, "decline.insufficient_funds"],
      [{ type: "card_error", code: "incorrect_number", decline_code: null }, "decline.incorrect_number"],
      [{ type: "card_error", code: "card_declined", decline_code: "do_not_honor" }, "decline.card_declined"],
      [{ type: "card_error", code: "something_new" }, "decline.card_declined"],
      [{ type: "api_error", code: "something_new" }, "decline.other"],
      [{}, "decline.other"]
    ]
    for (const [error, key] of table) assert.strictEqual(Decline.message(error, t), t.text(key), JSON.stringify(error))
  })
})
