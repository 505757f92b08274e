import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Schema } from "effect"
import { CreateSessionParams, ListSessionsParams, PaymentParams, UpdateSessionParams } from "../src/SessionParams.ts"
import { bracketPath, decode, unsupported } from "../src/Validation.ts"
import { basicParams } from "./fixtures.ts"

const item = (overrides: Record<string, unknown> = {}, priceData: Record<string, unknown> = {}) => ({
  price_data: { currency: "usd", unit_amount: 100, product_data: { name: "x" }, ...priceData },
  quantity: 1,
  ...overrides
})

/** The ValidationError a decode gives, or null when it succeeds. */
const failure = (schema: Schema.Decoder<unknown>, input: unknown) => {
  const exit = Effect.runSyncExit(decode(schema)(input))
  if (Exit.isSuccess(exit)) return null
  const e = exit.cause.reasons[0]
  return e !== undefined && e._tag === "Fail" ? e.error : null
}
const create = (input: unknown) => failure(CreateSessionParams, input)

describe("Validation", () => {
  it("writes paths in bracket form", () => {
    assert.strictEqual(bracketPath(["line_items", 0, "price_data", "unit_amount"]), "line_items[0][price_data][unit_amount]")
    assert.strictEqual(bracketPath(["metadata"]), "metadata")
    assert.isNull(bracketPath([]))
  })

  it("gives a parameter whose feature is unsupported its own code and message, in a filter or not", () => {
    const refused = Schema.Struct({
      shipping: Schema.optionalKey(Schema.Unknown.pipe(Schema.check(Schema.makeFilter(() => unsupported("No shipping here.")))))
    })
    const e = failure(refused, { shipping: { rate: 1 } })
    assert.deepStrictEqual([e?.code, e?.param, e?.message], ["parameter_unsupported", "shipping", "No shipping here."])
    const invalid = failure(refused.mapFields((f) => ({ ...f, other: Schema.optionalKey(Schema.Number) })), { other: "x" })
    assert.strictEqual(invalid?.code, "parameter_invalid")
  })

  it("names the parameter and the reason, with Stripe's codes", () => {
    const bad = create({ line_items: [item({}, { unit_amount: "12x" })] })
    assert.strictEqual(bad?.param, "line_items[0][price_data][unit_amount]")
    assert.strictEqual(bad?.code, "parameter_invalid")
    assert.include(bad?.message, "integer")
    const missing = create({ line_items: [{ price_data: { currency: "usd", unit_amount: 1, product_data: {} }, quantity: 1 }] })
    assert.strictEqual(missing?.param, "line_items[0][price_data][product_data][name]")
    assert.strictEqual(missing?.code, "parameter_missing")
    const unknown = create({ ...basicParams, colour: "red" })
    assert.strictEqual(unknown?.param, "colour")
    assert.strictEqual(unknown?.code, "parameter_unknown")
    const nestedUnknown = create({ line_items: [item({ colour: "red" })] })
    assert.strictEqual(nestedUnknown?.param, "line_items[0][colour]")
    assert.strictEqual(create("not an object")?.param, null)
  })

  it("accepts form strings for numbers and booleans, and JSON values", () => {
    assert.isNull(create({
      line_items: [{ price_data: { currency: "USD", unit_amount: "1200", product_data: { name: "x" } }, quantity: "3" }],
      payment_method_options: { card: { installments: { enabled: "true", plans: [{ count: "3", rate: "1.25" }] } } },
      expires_at: "1767229200"
    }))
    assert.isNull(create({ ...basicParams, metadata: { n: 1, b: true } }))
  })
})

describe("CreateSessionParams limits (SPEC section 4)", () => {
  const rejects = (input: unknown, param: string) => {
    const e = create(input)
    assert.isNotNull(e, `${JSON.stringify(input).slice(0, 100)} should fail`)
    assert.strictEqual(e?.param, param, JSON.stringify(input).slice(0, 100))
  }
  const accepts = (input: unknown) => assert.isNull(create(input), JSON.stringify(create(input)))

  it("quantity 1..999,999", () => {
    accepts({ line_items: [item({ quantity: 1 })] })
    accepts({ line_items: [item({ quantity: 999_999 })] })
    rejects({ line_items: [item({ quantity: 0 })] }, "line_items[0][quantity]")
    rejects({ line_items: [item({ quantity: 1_000_000 })] }, "line_items[0][quantity]")
    rejects({ line_items: [item({ quantity: 1.5 })] }, "line_items[0][quantity]")
  })

  it("at most 100 line items, at least one", () => {
    accepts({ line_items: Array.from({ length: 100 }, () => item()) })
    rejects({ line_items: Array.from({ length: 101 }, () => item()) }, "line_items")
    rejects({ line_items: [] }, "line_items")
  })

  it("unit_amount is a non-negative integer; amount is 1..99,999,999", () => {
    rejects({ line_items: [item({}, { unit_amount: -1 })] }, "line_items[0][price_data][unit_amount]")
    rejects({ line_items: [item({}, { unit_amount: 100_000_000 })] }, "line_items[0][price_data][unit_amount]")
    accepts({ amount: 99_999_999, currency: "usd" })
    rejects({ amount: 100_000_000, currency: "usd" }, "amount")
    rejects({ amount: 0, currency: "usd" }, "amount")
  })

  it("currency must be an ISO 4217 code", () => {
    rejects({ line_items: [item({}, { currency: "usdollar" })] }, "line_items[0][price_data][currency]")
    rejects({ amount: 5, currency: "xyz" }, "currency")
  })

  it("URLs are absolute http(s) and at most 2048 characters", () => {
    accepts({ ...basicParams, success_url: "https://shop.example/ok?session_id={CHECKOUT_SESSION_ID}" })
    accepts({ ...basicParams, cancel_url: "http://localhost:3000/cancel" })
    rejects({ ...basicParams, success_url: "/relative" }, "success_url")
    rejects({ ...basicParams, cancel_url: "javascript:alert(1)" }, "cancel_url")
    rejects({ ...basicParams, return_url: "ftp://x.example" }, "return_url")
    rejects({ ...basicParams, success_url: "https://a.example/" + "x".repeat(2048) }, "success_url")
  })

  it("metadata: at most 50 keys, keys up to 40 and values up to 500 characters", () => {
    const keys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"]))
    accepts({ ...basicParams, metadata: keys(50) })
    rejects({ ...basicParams, metadata: keys(51) }, "metadata")
    accepts({ ...basicParams, metadata: { ["k".repeat(40)]: "v".repeat(500) } })
    rejects({ ...basicParams, metadata: { ["k".repeat(41)]: "v" } }, "metadata")
    rejects({ ...basicParams, metadata: { k: "v".repeat(501) } }, "metadata")
    rejects({ ...basicParams, metadata: { k: { nested: 1 } } }, "metadata[k]")
  })

  it("client_reference_id is 1..200 characters", () => {
    accepts({ ...basicParams, client_reference_id: "x".repeat(200) })
    rejects({ ...basicParams, client_reference_id: "x".repeat(201) }, "client_reference_id")
    rejects({ ...basicParams, client_reference_id: "" }, "client_reference_id")
  })

  it("mode is payment only; payment_method_types card only", () => {
    accepts({ ...basicParams, mode: "payment", payment_method_types: ["card"] })
    rejects({ ...basicParams, mode: "subscription" }, "mode")
    rejects({ ...basicParams, payment_method_types: ["sepa_debit"] }, "payment_method_types[0]")
    rejects({ ...basicParams, payment_method_types: [] }, "payment_method_types")
  })

  it("locale, country, customer_email, business_profile and installments are checked", () => {
    accepts({ ...basicParams, locale: "pt-BR", country: "br", customer_email: "a@b.co", business_profile: { category: "retail", tax_id: "1" } })
    rejects({ ...basicParams, locale: "klingon" }, "locale")
    rejects({ ...basicParams, country: "XX" }, "country")
    rejects({ ...basicParams, country: "CHL" }, "country")
    rejects({ ...basicParams, customer_email: "not-an-email" }, "customer_email")
    rejects({ ...basicParams, business_profile: { category: "" } }, "business_profile[category]")
    rejects({ ...basicParams, payment_method_options: { card: { installments: { plans: [{ count: 1 }] } } } }, "payment_method_options[card][installments][plans][0][count]")
    rejects({ ...basicParams, payment_method_options: { card: { installments: { plans: [{ count: 3, rate: "abc" }] } } } }, "payment_method_options[card][installments][plans][0][rate]")
    rejects({ ...basicParams, payment_method_options: { card: { installments: { enabled: "yes" } } } }, "payment_method_options[card][installments][enabled]")
  })

  it("payment_description is 1..500 characters and expires_at an integer", () => {
    rejects({ amount: 5, currency: "usd", payment_description: "x".repeat(501) }, "payment_description")
    rejects({ ...basicParams, expires_at: "soon" }, "expires_at")
  })
})

describe("other params", () => {
  it("update takes metadata only", () => {
    assert.isNull(failure(UpdateSessionParams, { metadata: { a: "" } }))
    assert.isNull(failure(UpdateSessionParams, { metadata: "" }))
    assert.strictEqual(failure(UpdateSessionParams, { success_url: "https://x.example" })?.param, "success_url")
  })

  it("payment params: card fields are checked and the number is redacted", () => {
    const ok = Effect.runSync(decode(PaymentParams)({
      payment_method_data: { type: "card", card: { number: "4242424242424242", exp_month: "12", exp_year: "2034", cvc: "123" } },
      installments: { count: "3" }
    }))
    assert.notInclude(JSON.stringify(ok), "4242424242424242")
    assert.notInclude(String(ok.payment_method_data?.card.number), "4242")
    assert.strictEqual(failure(PaymentParams, { payment_method_data: { type: "card", card: { number: "4242", exp_month: 13, exp_year: 2030 } } })?.param, "payment_method_data[card][exp_month]")
    assert.strictEqual(failure(PaymentParams, { payment_method_data: { type: "sepa", card: {} } })?.param, "payment_method_data[type]")
  })

  it("list params: limit 1..100 and created ranges", () => {
    assert.isNull(failure(ListSessionsParams, { limit: "100", created: { gte: "1", lt: 5 }, status: "open", customer_details: { email: "a@b.co" } }))
    assert.isNull(failure(ListSessionsParams, { created: "1767225600" }))
    assert.strictEqual(failure(ListSessionsParams, { limit: 101 })?.param, "limit")
    assert.strictEqual(failure(ListSessionsParams, { limit: 0 })?.param, "limit")
    assert.strictEqual(failure(ListSessionsParams, { status: "paid" })?.param, "status")
    assert.strictEqual(failure(ListSessionsParams, { created: { after: 1 } })?.param, "created[after]")
  })
})
