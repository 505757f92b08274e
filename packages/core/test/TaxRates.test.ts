import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Schema } from "effect"
import { TestClock } from "effect/testing"
import type { Scope } from "../src/CheckoutSession.ts"
import { CheckoutSessions } from "../src/CheckoutSessions.ts"
import { EventLog } from "../src/EventLog.ts"
import { CreateTaxRateParams, dynamicRateFor, UpdateTaxRateParams } from "../src/TaxRate.ts"
import { TaxRates } from "../src/TaxRates.ts"
import * as Testing from "../src/testing/index.ts"
import { CreateSessionParams } from "../src/SessionParams.ts"
import * as Validation from "../src/Validation.ts"
import { params, T0 } from "./fixtures.ts"

const createParams = Schema.decodeUnknownSync(CreateTaxRateParams)
const scope: Scope = { account: "acct_1", livemode: false }

const run = <A, E>(body: Effect.Effect<A, E, CheckoutSessions | TaxRates | EventLog>) =>
  Effect.gen(function*() {
    yield* TestClock.setTime(T0 * 1000)
    return yield* body
  }).pipe(Effect.provide(Testing.layer))

const shirt = (taxes: Record<string, unknown> = {}, quantity = 2) => ({
  price_data: { currency: "usd", unit_amount: 1000, product_data: { name: "T-shirt" } },
  quantity,
  ...taxes
})

describe("TaxRates", () => {
  it.effect("creates with Stripe's defaults, changes what describes it, never its rate, and lists by active and inclusive", () =>
    run(Effect.gen(function*() {
      const rates = yield* TaxRates
      const iva = yield* rates.create(scope, createParams({ display_name: "IVA", percentage: "19", inclusive: "false", country: "cl", metadata: { k: "v" } }))
      assert.match(iva.id, /^txr_/)
      assert.deepStrictEqual({ ...iva, id: "" }, {
        id: "", livemode: false, created: T0, active: true, country: "CL", description: null, display_name: "IVA", inclusive: false,
        jurisdiction: null, metadata: { k: "v" }, percentage: 19, state: null, tax_type: null
      })
      assert.deepStrictEqual(yield* rates.retrieve(scope, iva.id), iva)
      const missing = yield* Effect.flip(rates.retrieve({ account: "acct_2", livemode: false }, iva.id))
      assert.strictEqual(missing._tag, "ResourceMissing")

      const changed = yield* rates.update(scope, iva.id, { active: false, description: "Chile", tax_type: "vat", metadata: { k: "" } })
      assert.deepStrictEqual([changed.active, changed.description, changed.tax_type, changed.metadata, changed.percentage], [false, "Chile", "vat", {}, 19])
      const events = yield* EventLog.use((l) => l.list(scope, { limit: 10 }))
      assert.deepStrictEqual(events.data.map((e) => e.type), ["tax_rate.updated", "tax_rate.created"])
      assert.deepStrictEqual(events.data[0]!.data.previous_attributes, { active: true, description: null, tax_type: null, metadata: { k: "v" } })
      // nothing changes: no event
      yield* rates.update(scope, iva.id, { active: false })
      assert.strictEqual((yield* EventLog.use((l) => l.list(scope, { limit: 10 }))).data.length, 2)

      yield* TestClock.adjust("1 second")
      const vat = yield* rates.create(scope, createParams({ display_name: "VAT", percentage: 20, inclusive: true }))
      assert.deepStrictEqual((yield* rates.list(scope, {})).data.map((r) => r.id), [vat.id, iva.id])
      assert.deepStrictEqual((yield* rates.list(scope, { active: true })).data.map((r) => r.id), [vat.id])
      assert.deepStrictEqual((yield* rates.list(scope, { inclusive: false })).data.map((r) => r.id), [iva.id])
      assert.deepStrictEqual((yield* rates.list(scope, { limit: 1, starting_after: vat.id })).data.map((r) => r.id), [iva.id])
    })))

  it("percentage and inclusive cannot be changed; a percentage has at most four decimals and lies in 0..100", () => {
    for (const bad of [{ percentage: 5 }, { inclusive: true }]) {
      assert.isTrue(Exit.isFailure(Schema.decodeUnknownExit(UpdateTaxRateParams)(bad, { onExcessProperty: "error" })))
    }
    for (const percentage of ["7.25", "0", "100", "12.3456", 19]) {
      assert.isTrue(Exit.isSuccess(Schema.decodeUnknownExit(CreateTaxRateParams)({ display_name: "T", inclusive: false, percentage })))
    }
    for (const percentage of ["7.123456", "-1", "100.5", "1e2", "abc"]) {
      assert.isTrue(Exit.isFailure(Schema.decodeUnknownExit(CreateTaxRateParams)({ display_name: "T", inclusive: false, percentage })), percentage)
    }
  })

  it("the dynamic rate of a country is its state's, else the country's own; inactive rates never apply", () => {
    const base = { livemode: false, created: 0, active: true, description: null, display_name: "T", inclusive: false, jurisdiction: null, metadata: {}, tax_type: null }
    const us = { ...base, id: "txr_us", country: "US", state: null, percentage: 5 }
    const ca = { ...base, id: "txr_ca", country: "US", state: "CA", percentage: 7.25 }
    const de = { ...base, id: "txr_de", country: "DE", state: null, percentage: 19, active: false }
    assert.strictEqual(dynamicRateFor([us, ca, de], "US", "CA")?.id, "txr_ca")
    assert.strictEqual(dynamicRateFor([us, ca, de], "US", "NY")?.id, "txr_us")
    assert.strictEqual(dynamicRateFor([us, ca, de], "US")?.id, "txr_us")
    assert.isUndefined(dynamicRateFor([us, ca, de], "DE"))
  })
})

describe("sessions with tax rates", () => {
  it.effect("line items carry their taxes; the session's totals add them up (exclusive on top, inclusive inside)", () =>
    run(Effect.gen(function*() {
      const rates = yield* TaxRates
      const sessions = yield* CheckoutSessions
      const iva = yield* rates.create(scope, createParams({ display_name: "IVA", percentage: 19, inclusive: false }))
      const vat = yield* rates.create(scope, createParams({ display_name: "VAT", percentage: 20, inclusive: true }))
      const state = yield* sessions.create(scope, params({
        line_items: [shirt({ tax_rates: [iva.id] }), { ...shirt({ tax_rates: [vat.id] }, 1), price_data: { currency: "usd", unit_amount: 1200, product_data: { name: "Cap" } } }]
      }))
      const [a, b] = state.line_items
      assert.deepStrictEqual([a!.amount_subtotal, a!.amount_tax, a!.amount_total], [2000, 380, 2380])
      assert.deepStrictEqual(a!.taxes, [{ amount: 380, rate: iva, taxable_amount: 2000 }])
      assert.deepStrictEqual([b!.amount_subtotal, b!.amount_tax, b!.amount_total], [1200, 200, 1200])
      assert.deepStrictEqual(b!.taxes, [{ amount: 200, rate: vat, taxable_amount: 1000 }])
      const s = state.session
      assert.deepStrictEqual([s.amount_subtotal, s.amount_discount, s.amount_tax, s.amount_total], [3200, 0, 580, 3580])
    })))

  it.effect("a dynamic rate applies for the session's country, none without one", () =>
    run(Effect.gen(function*() {
      const rates = yield* TaxRates
      const sessions = yield* CheckoutSessions
      const cl = yield* rates.create(scope, createParams({ display_name: "IVA", percentage: 19, inclusive: false, country: "CL" }))
      const pe = yield* rates.create(scope, createParams({ display_name: "IGV", percentage: 18, inclusive: false, country: "PE" }))
      const inPeru = yield* sessions.create(scope, params({ line_items: [shirt({ dynamic_tax_rates: [cl.id, pe.id] })], country: "PE" }))
      assert.deepStrictEqual([inPeru.session.amount_tax, inPeru.session.amount_total], [360, 2360])
      assert.deepStrictEqual(inPeru.line_items[0]!.dynamic_tax_rates, [cl, pe])
      const unknown = yield* sessions.create(scope, params({ line_items: [shirt({ dynamic_tax_rates: [cl.id, pe.id] })] }))
      assert.deepStrictEqual([unknown.session.amount_tax, unknown.session.amount_total], [0, 2000])
    })))

  it.effect("refuses a missing, archived or country-less dynamic rate, and both kinds on one line, naming the parameter", () =>
    run(Effect.gen(function*() {
      const rates = yield* TaxRates
      const sessions = yield* CheckoutSessions
      const nowhere = yield* rates.create(scope, createParams({ display_name: "T", percentage: 5, inclusive: false }))
      const archived = yield* rates.create(scope, createParams({ display_name: "T", percentage: 5, inclusive: false, active: false }))
      const other = yield* rates.create({ account: "acct_2", livemode: false }, createParams({ display_name: "T", percentage: 5, inclusive: false }))
      const cases: ReadonlyArray<readonly [Record<string, unknown>, string]> = [
        [{ tax_rates: ["txr_missing"] }, "line_items[0][tax_rates][0]"],
        [{ tax_rates: [nowhere.id, other.id] }, "line_items[0][tax_rates][1]"],
        [{ tax_rates: [archived.id] }, "line_items[0][tax_rates][0]"],
        [{ dynamic_tax_rates: [nowhere.id] }, "line_items[0][dynamic_tax_rates][0]"],
        [{ tax_rates: [nowhere.id], dynamic_tax_rates: [nowhere.id] }, "line_items[0][dynamic_tax_rates]"]
      ]
      for (const [taxes, param] of cases) {
        const error = yield* Effect.flip(sessions.create(scope, params({ line_items: [shirt(taxes)] })))
        assert.strictEqual("param" in error ? error.param : undefined, param, JSON.stringify(taxes))
      }
    })))

  it.effect("automatic_tax: enabled=false is accepted, true refused naming automatic_tax[enabled]", () =>
    Effect.gen(function*() {
      const decode = Validation.decode(CreateSessionParams)
      assert.deepStrictEqual((yield* decode({ line_items: [shirt()], automatic_tax: { enabled: "false" } })).automatic_tax, { enabled: false })
      const refused = yield* Effect.flip(decode({ line_items: [shirt()], automatic_tax: { enabled: true } }))
      assert.deepStrictEqual([refused.code, refused.param], ["parameter_unsupported", "automatic_tax[enabled]"])
      assert.include(refused.message, "no tax engine")
    }))
})
