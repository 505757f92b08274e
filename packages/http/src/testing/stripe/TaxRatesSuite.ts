/**
 * Tax rates through the official `stripe` client (`stripe.taxRates.*`), and the taxes of a checkout
 * session's line items (`line_items[][tax_rates]`, `dynamic_tax_rates`, `total_details.amount_tax`),
 * against a running Till server. Reusable like the Stripe suite: any layer that provides `SuiteServer`.
 */
import { assert, layer } from "@effect/vitest"
import { Effect, type Layer } from "effect"
import Stripe from "stripe"
import { createSession, ok, pay, rejects, stripeClient, unique } from "./StripeSuite.ts"
import { START_TIMEOUT, SuiteServer } from "./SuiteServer.ts"

const errorOf = (e: unknown) => e as Stripe.errors.StripeError

const shirt = (extra: Record<string, unknown> = {}, unit_amount = 1000, quantity = 2) =>
  ({ price_data: { currency: "usd", unit_amount, product_data: { name: "T-shirt" } }, quantity, ...extra }) as Stripe.Checkout.SessionCreateParams.LineItem

/** The tax-rate suite, registered as a describe block running against `server`. */
export const taxRatesSuite = (name: string, server: Layer.Layer<SuiteServer, unknown>) =>
  layer(server, { excludeTestServices: true, timeout: START_TIMEOUT })(name, (it) => {
    it.effect("creates, retrieves, updates and lists tax rates in Stripe's shape; the rate itself never changes", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const stripe = stripeClient(server)
        const iva = yield* ok(() =>
          stripe.taxRates.create({ display_name: "IVA", percentage: 19, inclusive: false, country: "cl", jurisdiction: "CL", tax_type: "vat", metadata: { k: "v" } })
        )
        assert.match(iva.id, /^txr_/)
        assert.deepStrictEqual({ ...iva, id: "", created: 0, lastResponse: undefined }, {
          id: "",
          object: "tax_rate",
          active: true,
          country: "CL",
          created: 0,
          description: null,
          display_name: "IVA",
          effective_percentage: 19,
          flat_amount: null,
          inclusive: false,
          jurisdiction: "CL",
          jurisdiction_level: null,
          livemode: false,
          metadata: { k: "v" },
          percentage: 19,
          rate_type: "percentage",
          state: null,
          tax_type: "vat",
          lastResponse: undefined
        } as never)
        assert.strictEqual((yield* ok(() => stripe.taxRates.retrieve(iva.id))).id, iva.id)

        const changed = yield* ok(() => stripe.taxRates.update(iva.id, { active: false, description: "Chile", metadata: { k: "" } }))
        assert.deepStrictEqual([changed.active, changed.description, changed.metadata, changed.percentage], [false, "Chile", {}, 19])
        for (const param of ["percentage", "inclusive"]) {
          const e = errorOf(yield* rejects(() => stripe.taxRates.update(iva.id, { [param]: param === "percentage" ? 5 : true } as never)))
          assert.strictEqual(e.code, "parameter_unknown")
          assert.strictEqual(e.param, param)
        }
        const bad = errorOf(yield* rejects(() => stripe.taxRates.create({ display_name: "X", percentage: 101, inclusive: false })))
        assert.strictEqual(bad.param, "percentage")

        const vat = yield* ok(() => stripe.taxRates.create({ display_name: "VAT", percentage: 20.5, inclusive: true }))
        const listed = yield* ok(() => stripe.taxRates.list({ limit: 100 }))
        assert.deepStrictEqual(listed.data.slice(0, 2).map((r) => r.id), [vat.id, iva.id])
        assert.notInclude((yield* ok(() => stripe.taxRates.list({ active: true, limit: 100 }))).data.map((r) => r.id), iva.id)
        assert.notInclude((yield* ok(() => stripe.taxRates.list({ inclusive: false, limit: 100 }))).data.map((r) => r.id), vat.id)
        const page = yield* ok(() => stripe.taxRates.list({ limit: 1, starting_after: vat.id }))
        assert.strictEqual(page.data[0]!.id, iva.id)

        // an idempotency key replays the first answer: one rate
        const idempotencyKey = unique("tax-rate-key")
        const once = yield* ok(() => stripe.taxRates.create({ display_name: "Once", percentage: 5, inclusive: false }, { idempotencyKey }))
        const twice = yield* ok(() => stripe.taxRates.create({ display_name: "Once", percentage: 5, inclusive: false }, { idempotencyKey }))
        assert.strictEqual(twice.id, once.id)
        assert.strictEqual(twice.lastResponse.headers["idempotent-replayed"], "true")

        // another account, and the other mode, see nothing of it
        for (const key of [server.keys.otherTest, server.keys.live]) {
          const hidden = errorOf(yield* rejects(() => stripe.taxRates.retrieve(iva.id, {}, { apiKey: key })))
          assert.strictEqual(hidden.code, "resource_missing")
          assert.notInclude((yield* ok(() => stripe.taxRates.list({ limit: 100 }, { apiKey: key }))).data.map((x) => x.id), iva.id)
        }
      }))

    it.effect("a session's line items carry their taxes and the session's total_details add them up; the payment charges the total", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const iva = yield* ok(() => stripe.taxRates.create({ display_name: "IVA", percentage: 19, inclusive: false }))
        const vat = yield* ok(() => stripe.taxRates.create({ display_name: "VAT", percentage: 20, inclusive: true }))
        const s = yield* createSession(stripe, { line_items: [shirt({ tax_rates: [iva.id] }), shirt({ tax_rates: [vat.id] }, 1200, 1)] })
        assert.deepStrictEqual([s.amount_subtotal, s.amount_total], [3200, 3580])
        assert.deepStrictEqual(s.total_details, { amount_discount: 0, amount_shipping: 0, amount_tax: 580 })
        const items = yield* ok(() => stripe.checkout.sessions.listLineItems(s.id))
        assert.deepStrictEqual(items.data.map((i) => [i.amount_subtotal, i.amount_tax, i.amount_total]), [[2000, 380, 2380], [1200, 200, 1200]])
        const taxes = (items.data[0] as unknown as { taxes: ReadonlyArray<Stripe.LineItem.Tax> }).taxes
        assert.deepStrictEqual(taxes.map((t) => [t.amount, t.rate.id, t.taxable_amount]), [[380, iva.id, 2000]])

        yield* ok(() => pay(stripe, s.id, { payment_method: "pm_card_visa" }))
        const paid = yield* ok(() => stripe.checkout.sessions.retrieve(s.id, { expand: ["payment_intent"] }))
        assert.strictEqual((paid.payment_intent as Stripe.PaymentIntent).amount, 3580)
        assert.deepStrictEqual(paid.total_details, s.total_details)

        // a dynamic rate applies for the session's country
        const cl = yield* ok(() => stripe.taxRates.create({ display_name: "IVA", percentage: 19, inclusive: false, country: "CL" }))
        const dynamic = yield* createSession(stripe, { line_items: [shirt({ dynamic_tax_rates: [cl.id] })], country: "CL" } as never)
        assert.strictEqual(dynamic.total_details!.amount_tax, 380)

        // a rate of nowhere cannot be dynamic; a missing rate is named
        const nowhere = yield* ok(() => stripe.taxRates.create({ display_name: "T", percentage: 5, inclusive: false }))
        const e = errorOf(yield* rejects(() => stripe.checkout.sessions.create({ mode: "payment", line_items: [shirt({ dynamic_tax_rates: [nowhere.id] })] })))
        assert.strictEqual(e.param, "line_items[0][dynamic_tax_rates][0]")
        const missing = errorOf(yield* rejects(() => stripe.checkout.sessions.create({ mode: "payment", line_items: [shirt({ tax_rates: ["txr_missing"] })] })))
        assert.strictEqual(missing.code, "resource_missing")
        assert.strictEqual(missing.param, "line_items[0][tax_rates][0]")
      }))

    it.effect("payment links take tax rates on their line items; their sessions carry the taxes", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const stripe = stripeClient(server)
        const iva = yield* ok(() => stripe.taxRates.create({ display_name: "IVA", percentage: 19, inclusive: false }))
        const product = yield* ok(() => stripe.products.create({ name: "Mug", default_price_data: { currency: "usd", unit_amount: 1000 } }))
        const link = yield* ok(() =>
          stripe.paymentLinks.create({ line_items: [{ price: product.default_price as string, quantity: 2, tax_rates: [iva.id] } as never] })
        )
        const token = (link as unknown as { token: string }).token
        const minted = yield* ok(() => fetch(`${server.url}/v1/payment_links/token/${token}/checkout_sessions`, { method: "POST" }))
        assert.strictEqual(minted.status, 200)
        const { id } = (yield* ok(() => minted.json())) as { id: string }
        const session = yield* ok(() => stripe.checkout.sessions.retrieve(id))
        assert.deepStrictEqual(session.total_details, { amount_discount: 0, amount_shipping: 0, amount_tax: 380 })
        assert.strictEqual(session.amount_total, 2380)
      }))
  })
