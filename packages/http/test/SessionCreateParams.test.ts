/**
 * Every top-level parameter of Stripe's `checkout.sessions.create`, as stripe's own type definitions
 * list them, is implemented, accepted switched off, or refused by name with `parameter_unsupported`;
 * none is `parameter_unknown`, and none is missing from docs/stripe-compatibility.md.
 */
import { afterAll, assert, beforeAll, describe, it, layer } from "@effect/vitest"
import { CreateSessionParams } from "@till/core"
import { Effect } from "effect"
import { readFileSync } from "node:fs"
import Stripe from "stripe"
import { CreateSessionBody } from "../src/Requests.ts"
import { UNSUPPORTED_SESSION_PARAMS, type UnsupportedParam, unsupportedMessage } from "../src/SessionCreateCompat.ts"
import { createSession, rejects, stripeClient } from "../src/testing/stripe/StripeSuite.ts"
import { SuiteServer } from "../src/testing/stripe/SuiteServer.ts"
import { inMemory } from "../src/testing/TestServer.ts"
import { openStripeTypes, SESSION_CREATE_PARAMS, type StripeTypes } from "./support/StripeTypes.ts"


let stripeTypes: StripeTypes
let stripeParams: ReadonlyArray<string>
beforeAll(() => {
  stripeTypes = openStripeTypes()
  stripeParams = stripeTypes.fields(SESSION_CREATE_PARAMS).map((f) => f.name)
})
afterAll(() => stripeTypes?.close())

const unsupported: ReadonlyArray<readonly [string, UnsupportedParam]> = Object.entries(UNSUPPORTED_SESSION_PARAMS)

describe("checkout.sessions.create parameters", () => {
  it("every one of stripe's is implemented, accepted switched off, or refused by name", () => {
    assert.isAbove(stripeParams.length, 40)
    const implemented = new Set(Object.keys(CreateSessionParams.fields).concat("expand"))
    const decoded = new Set(Object.keys(CreateSessionBody.fields))
    const unaccounted = stripeParams.filter((p) => !decoded.has(p))
    assert.deepStrictEqual(unaccounted, [], `not implemented, not refused: ${unaccounted.join(", ")}`)
    for (const [param] of unsupported) {
      assert.include(stripeParams, param, `${param} is not a Stripe parameter`)
      assert.isFalse(implemented.has(param), `${param} is both implemented and unsupported`)
    }
  })

  it("each has its row in docs/stripe-compatibility.md", () => {
    const doc = readFileSync(new URL("../../../docs/stripe-compatibility.md", import.meta.url), "utf8")
    const missing = stripeParams.filter((p) => !doc.includes(`| \`${p}\` |`))
    assert.deepStrictEqual(missing, [], `no row for ${missing.join(", ")}`)
    for (const [param, entry] of unsupported) assert.include(doc, entry.feature, `${param}'s feature is not named`)
  })
})

layer(inMemory, { excludeTestServices: true, timeout: "30 seconds" })("unsupported parameters over the wire", (it) => {
  it.effect("the stripe client's off values create a session; anything else is a 400 parameter_unsupported naming the parameter", () =>
    Effect.gen(function*() {
      const stripe = stripeClient(yield* SuiteServer)
      for (const [param, entry] of unsupported) {
        const params = (value: unknown) => ({ [param]: value }) as Partial<Stripe.Checkout.SessionCreateParams>
        if (entry.off !== undefined) {
          const s = yield* createSession(stripe, params(entry.off.value))
          assert.strictEqual(s.status, "open", param)
        }
        const e = (yield* rejects(() => stripe.checkout.sessions.create({ mode: "payment", ...params(entry.example) }))) as Stripe.errors.StripeError
        assert.instanceOf(e, Stripe.errors.StripeInvalidRequestError, param)
        assert.strictEqual(e.code, "parameter_unsupported", param)
        assert.strictEqual(e.param, param)
        assert.strictEqual(e.message, unsupportedMessage(param, entry))
      }
    }))

  it.effect("an off value with anything more is refused too", () =>
    Effect.gen(function*() {
      const stripe = stripeClient(yield* SuiteServer)
      const e = (yield* rejects(() =>
        stripe.checkout.sessions.create({ mode: "payment", invoice_creation: { enabled: false, invoice_data: { description: "x" } } })
      )) as Stripe.errors.StripeError
      assert.strictEqual(e.code, "parameter_unsupported")
      assert.strictEqual(e.param, "invoice_creation")
      assert.include(e.message, "invoices")
    }))

  it.effect("automatic_tax: enabled=false creates a session; enabled=true, or a liability, is refused naming the parameter (no tax engine)", () =>
    Effect.gen(function*() {
      const stripe = stripeClient(yield* SuiteServer)
      const line_items = [{ price_data: { currency: "usd", unit_amount: 500, product_data: { name: "Tea" } }, quantity: 1 }]
      const s = yield* createSession(stripe, { line_items, automatic_tax: { enabled: false } })
      assert.strictEqual(s.status, "open")
      for (const [automatic_tax, param] of [[{ enabled: true }, "automatic_tax[enabled]"], [{ enabled: false, liability: { type: "self" } }, "automatic_tax[liability]"]] as const) {
        const e = (yield* rejects(() => stripe.checkout.sessions.create({ mode: "payment", line_items, automatic_tax }))) as Stripe.errors.StripeError
        assert.strictEqual(e.code, "parameter_unsupported")
        assert.strictEqual(e.param, param)
        assert.include(e.message, "no tax engine")
      }
    }))
})
