import { assert, describe, it } from "@effect/vitest"
import { Effect, Result, Schema } from "effect"
import { TestClock } from "effect/testing"
import { collect, customFieldsOf, CustomFieldsParams, ruleOf } from "../src/CheckoutFields.ts"
import type { Scope } from "../src/CheckoutSession.ts"
import { CheckoutSessions } from "../src/CheckoutSessions.ts"
import * as Rules from "../src/CustomFieldRules.ts"
import { CreateSessionParams as CreateSessionParamsSchema } from "../src/SessionParams.ts"
import * as Testing from "../src/testing/index.ts"
import * as Validation from "../src/Validation.ts"
import { params, T0 } from "./fixtures.ts"

const scope: Scope = { account: "acct_1", livemode: false }
const mug = { price_data: { currency: "usd", unit_amount: 1200, product_data: { name: "Mug" } }, quantity: 1 }

const engraving = { key: "engraving", label: { type: "custom", custom: "Engraving" }, type: "text", text: { minimum_length: 2, maximum_length: 10 } }
const zip = { key: "zip", label: { type: "custom", custom: "Postcode" }, type: "numeric", optional: true, numeric: { maximum_length: 5 } }
const colour = {
  key: "colour",
  label: { type: "custom", custom: "Colour" },
  type: "dropdown",
  dropdown: { default_value: "blue", options: [{ label: "Blue", value: "blue" }, { label: "Red", value: "red" }] }
}

const decoded = (input: unknown) => Effect.runSync(Validation.decode(CustomFieldsParams)(input))
const fieldsOf = (input: unknown) => {
  const r = customFieldsOf(decoded(input))
  if (Result.isFailure(r)) throw r.failure
  return r.success
}
const Wrapped = Schema.Struct({ custom_fields: CustomFieldsParams })
const paramOf = (input: unknown): string | null => {
  const d = Effect.runSync(Effect.result(Validation.decode(Wrapped)({ custom_fields: input })))
  if (d._tag === "Failure") return d.failure.param
  const r = customFieldsOf(d.success.custom_fields)
  return Result.isFailure(r) ? r.failure.param : null
}

describe("custom fields: the rules a value follows", () => {
  const text = { type: "text", optional: false, minimum_length: 2, maximum_length: 4, options: [] } as const
  it("required, length bounds in characters, digits for numeric, an option for dropdown", () => {
    assert.strictEqual(Rules.problemOf(text, ""), "missing")
    assert.isNull(Rules.problemOf({ ...text, optional: true }, ""))
    assert.strictEqual(Rules.problemOf(text, "a"), "too_short")
    assert.strictEqual(Rules.problemOf(text, "abcde"), "too_long")
    // characters, not UTF-16 units: two emoji are two characters
    assert.isNull(Rules.problemOf(text, "😀😀"))
    assert.strictEqual(Rules.problemOf({ ...text, type: "numeric" }, "12a"), "not_digits")
    assert.isNull(Rules.problemOf({ ...text, type: "numeric" }, "123"))
    assert.strictEqual(Rules.problemOf({ type: "dropdown", optional: false, minimum_length: null, maximum_length: null, options: ["a"] }, "b"), "not_an_option")
    assert.strictEqual(Rules.problemOf({ ...text, minimum_length: null, maximum_length: null }, "x".repeat(256)), "too_long")
    assert.strictEqual(Rules.normalize("  hi "), "hi")
  })
})

describe("custom fields: the parameters", () => {
  it("take Stripe's shape: the type's settings under its name, each key once, a dropdown default among its options", () => {
    const fields = fieldsOf([engraving, zip, colour])
    assert.deepStrictEqual(fields[0], {
      key: "engraving", label: { type: "custom", custom: "Engraving" }, optional: false, type: "text",
      text: { default_value: null, maximum_length: 10, minimum_length: 2, value: null }
    })
    assert.deepStrictEqual(fields[1]!.numeric, { default_value: null, maximum_length: 5, minimum_length: null, value: null })
    assert.deepStrictEqual(fields[2]!.dropdown, { default_value: "blue", options: [{ label: "Blue", value: "blue" }, { label: "Red", value: "red" }], value: null })
    // a text field with no settings still has them, empty
    assert.deepStrictEqual(fieldsOf([{ key: "note", label: { type: "custom", custom: "Note" }, type: "text" }])[0]!.text, { default_value: null, maximum_length: null, minimum_length: null, value: null })
    assert.deepStrictEqual(ruleOf(fields[2]!), { type: "dropdown", optional: false, minimum_length: null, maximum_length: null, options: ["blue", "red"] })
    assert.deepStrictEqual(fieldsOf(""), [])
  })

  it("refuse, naming the parameter: a fourth field, a key twice or not alphanumeric, settings of another type, bad bounds and defaults", () => {
    for (const [input, param] of [
      [[engraving, zip, colour, { ...engraving, key: "other" }], "custom_fields"],
      [[engraving, engraving], "custom_fields[1][key]"],
      [[{ ...engraving, key: "gift-note" }], "custom_fields[0][key]"],
      [[{ ...engraving, key: "x".repeat(201) }], "custom_fields[0][key]"],
      [[{ ...engraving, label: { type: "custom", custom: "x".repeat(101) } }], "custom_fields[0][label][custom]"],
      [[{ ...engraving, label: { type: "default", custom: "X" } }], "custom_fields[0][label][type]"],
      [[{ ...engraving, type: "date" }], "custom_fields[0][type]"],
      [[{ ...engraving, dropdown: colour.dropdown }], "custom_fields[0][dropdown]"],
      [[{ ...engraving, text: { minimum_length: 5, maximum_length: 2 } }], "custom_fields[0][text][minimum_length]"],
      [[{ ...engraving, text: { maximum_length: 256 } }], "custom_fields[0][text][maximum_length]"],
      [[{ ...engraving, text: { maximum_length: 3, default_value: "long" } }], "custom_fields[0][text][default_value]"],
      [[{ ...zip, numeric: { default_value: "12a" } }], "custom_fields[0][numeric][default_value]"],
      [[{ ...colour, dropdown: undefined }], "custom_fields[0][dropdown]"],
      [[{ ...colour, dropdown: { options: [] } }], "custom_fields[0][dropdown][options]"],
      [[{ ...colour, dropdown: { options: [{ label: "A", value: "a" }, { label: "B", value: "a" }] } }], "custom_fields[0][dropdown][options][1][value]"],
      [[{ ...colour, dropdown: { options: [{ label: "A", value: "a b" }] } }], "custom_fields[0][dropdown][options][0][value]"],
      [[{ ...colour, dropdown: { ...colour.dropdown, default_value: "green" } }], "custom_fields[0][dropdown][default_value]"],
      [[{ ...colour, dropdown: { options: Array.from({ length: 201 }, (_, i) => ({ label: `O${i}`, value: `o${i}` })) } }], "custom_fields[0][dropdown][options]"]
    ] as const) {
      assert.strictEqual(paramOf(input), param, JSON.stringify(input).slice(0, 200))
    }
  })
})

describe("custom fields and consent at payment", () => {
  const session = { custom_fields: fieldsOf([engraving, zip, colour]), consent_collection: null, consent: null }

  it("records each value, the dropdown's default when none is given, null for an optional field left empty", () => {
    const r = collect(session, { custom_fields: { engraving: "  Ada  " } })
    assert.isTrue(Result.isSuccess(r))
    if (Result.isFailure(r)) return
    assert.deepStrictEqual(r.success.custom_fields.map((f) => (f.text ?? f.numeric ?? f.dropdown)!.value), ["Ada", null, "blue"])
    assert.isNull(r.success.consent)
  })

  it("refuses a missing required field, a bad value or an unknown key, naming custom_fields[<key>]", () => {
    for (const [given, param, code] of [
      [{}, "custom_fields[engraving]", "parameter_missing"],
      [{ engraving: "A" }, "custom_fields[engraving]", "parameter_invalid"],
      [{ engraving: "Ada", zip: "12 34" }, "custom_fields[zip]", "parameter_invalid"],
      [{ engraving: "Ada", zip: "123456" }, "custom_fields[zip]", "parameter_invalid"],
      [{ engraving: "Ada", colour: "green" }, "custom_fields[colour]", "parameter_invalid"],
      [{ engraving: "Ada", colour: "" }, "custom_fields[colour]", "parameter_missing"],
      [{ engraving: "Ada", size: "L" }, "custom_fields[size]", "parameter_invalid"]
    ] as const) {
      const r = collect(session, { custom_fields: given })
      assert.isTrue(Result.isFailure(r), JSON.stringify(given))
      if (Result.isSuccess(r)) continue
      assert.deepStrictEqual([r.failure.param, r.failure.code], [param, code])
    }
    const r = collect(session, { custom_fields: {} })
    if (Result.isFailure(r)) assert.include(r.failure.message, "“Engraving”")
  })

  it("required terms of service: refused until accepted, then recorded as accepted", () => {
    const terms = { custom_fields: [], consent_collection: { payment_method_reuse_agreement: null, promotions: null, terms_of_service: "required" as const }, consent: null }
    const refused = collect(terms, {})
    assert.deepStrictEqual(Result.isFailure(refused) ? [refused.failure.param, refused.failure.code] : null, ["consent[terms_of_service]", "parameter_missing"])
    const accepted = collect(terms, { consent: { terms_of_service: "accepted" } })
    assert.deepStrictEqual(Result.isSuccess(accepted) ? accepted.success.consent : null, { promotions: null, terms_of_service: "accepted" })
  })
})

const run = <A, E>(body: Effect.Effect<A, E, CheckoutSessions>) =>
  Effect.gen(function*() {
    yield* TestClock.setTime(T0 * 1000)
    return yield* body
  }).pipe(Effect.provide(Testing.layer))

describe("a session's custom fields, custom text, consent and submit type", () => {
  it.effect("are kept in Stripe's shape; a payment is refused until the fields are valid and the terms accepted, then records them", () =>
    run(Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const s = yield* sessions.create(scope, params({
        line_items: [mug],
        custom_fields: [engraving, colour],
        custom_text: { submit: { message: "We ship in 2 days." }, after_submit: "", terms_of_service_acceptance: { message: "I agree to the shop's terms." } },
        consent_collection: { terms_of_service: "required" },
        submit_type: "donate"
      }))
      assert.deepStrictEqual(s.session.custom_text, {
        after_submit: null, shipping_address: null, submit: { message: "We ship in 2 days." }, terms_of_service_acceptance: { message: "I agree to the shop's terms." }
      })
      assert.deepStrictEqual(s.session.consent_collection, { payment_method_reuse_agreement: null, promotions: null, terms_of_service: "required" })
      assert.isNull(s.session.consent)
      assert.strictEqual(s.session.submit_type, "donate")

      const missing = yield* Effect.flip(sessions.pay(scope, s.session.id, { payment_method: "pm_card_visa", consent: { terms_of_service: "accepted" } }))
      assert.deepStrictEqual(missing._tag === "ValidationError" ? missing.param : missing._tag, "custom_fields[engraving]")
      const noTerms = yield* Effect.flip(sessions.pay(scope, s.session.id, { payment_method: "pm_card_visa", custom_fields: { engraving: "Ada" } }))
      assert.deepStrictEqual(noTerms._tag === "ValidationError" ? noTerms.param : noTerms._tag, "consent[terms_of_service]")
      // nothing started: no payment intent yet
      assert.isNull((yield* sessions.retrieve(scope, s.session.id)).payment_intent)

      yield* sessions.pay(scope, s.session.id, { payment_method: "pm_card_visa", custom_fields: { engraving: "Ada", colour: "red" }, consent: { terms_of_service: "accepted" } })
      const paid = (yield* sessions.retrieve(scope, s.session.id)).session
      assert.deepStrictEqual(paid.custom_fields.map((f) => (f.text ?? f.dropdown)!.value), ["Ada", "red"])
      assert.deepStrictEqual(paid.consent, { promotions: null, terms_of_service: "accepted" })
    })))

  it.effect("refuses custom text for the terms without required terms, consent to promotions and submit_type=subscribe", () =>
    run(Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const e = yield* Effect.flip(sessions.create(scope, params({ line_items: [mug], custom_text: { terms_of_service_acceptance: { message: "x" } } })))
      assert.deepStrictEqual(e._tag === "ValidationError" ? e.param : e._tag, "custom_text[terms_of_service_acceptance]")
      const decodeError = (input: unknown) => {
        const r = Effect.runSync(Effect.result(Validation.decode(CreateSessionParamsSchema)(input)))
        return r._tag === "Failure" ? [r.failure.code, r.failure.param] : null
      }
      assert.deepStrictEqual(decodeError({ consent_collection: { promotions: "auto" } }), ["parameter_unsupported", "consent_collection[promotions]"])
      assert.deepStrictEqual(decodeError({ submit_type: "subscribe" }), ["parameter_unsupported", "submit_type"])
      assert.deepStrictEqual(decodeError({ custom_text: { submit: { message: "x".repeat(1201) } } })?.[1], "custom_text[submit][message]")
      assert.isNull(decodeError({ consent_collection: { promotions: "none", terms_of_service: "none", payment_method_reuse_agreement: { position: "hidden" } }, submit_type: "auto" }))
    })))
})

