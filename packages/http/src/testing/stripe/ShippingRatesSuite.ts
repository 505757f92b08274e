/**
 * Shipping rates through the official `stripe` client (`stripe.shippingRates.*`), and what a checkout
 * session does with them (`shipping_options`, `shipping_cost`, `total_details.amount_shipping`), with
 * the other things a session asks and says (`custom_fields`, `custom_text`, `consent_collection`,
 * `submit_type`), against a running Till server. Reusable like the Stripe suite: any layer that
 * provides `SuiteServer`.
 */
import { assert, layer } from "@effect/vitest"
import { Effect, type Layer } from "effect"
import Stripe from "stripe"
import { createSession, ok, pay, rejects, stripeClient, unique } from "./StripeSuite.ts"
import { START_TIMEOUT, SuiteServer } from "./SuiteServer.ts"

const errorOf = (e: unknown) => e as Stripe.errors.StripeError

const mug = { price_data: { currency: "usd", unit_amount: 1200, product_data: { name: "Mug" } }, quantity: 2 }

/** The shipping-rate suite, registered as a describe block running against `server`. */
export const shippingRatesSuite = (name: string, server: Layer.Layer<SuiteServer, unknown>) =>
  layer(server, { excludeTestServices: true, timeout: START_TIMEOUT })(name, (it) => {
    it.effect("creates, retrieves, updates and lists shipping rates in Stripe's shape; the amount never changes", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const stripe = stripeClient(server)
        const rate = yield* ok(() =>
          stripe.shippingRates.create({
            display_name: "Standard",
            type: "fixed_amount",
            fixed_amount: { amount: 500, currency: "usd", currency_options: { eur: { amount: 450, tax_behavior: "exclusive" } } },
            delivery_estimate: { minimum: { unit: "business_day", value: 3 }, maximum: { unit: "business_day", value: 5 } },
            tax_behavior: "exclusive",
            tax_code: "txcd_92010001",
            metadata: { k: "v" }
          })
        )
        assert.match(rate.id, /^shr_/)
        assert.deepStrictEqual({ ...rate, id: "", created: 0, lastResponse: undefined }, {
          id: "",
          object: "shipping_rate",
          active: true,
          created: 0,
          delivery_estimate: { maximum: { unit: "business_day", value: 5 }, minimum: { unit: "business_day", value: 3 } },
          display_name: "Standard",
          fixed_amount: { amount: 500, currency: "usd", currency_options: { eur: { amount: 450, tax_behavior: "exclusive" } } },
          livemode: false,
          metadata: { k: "v" },
          tax_behavior: "exclusive",
          tax_code: "txcd_92010001",
          type: "fixed_amount",
          lastResponse: undefined
        } as never)
        assert.strictEqual((yield* ok(() => stripe.shippingRates.retrieve(rate.id))).id, rate.id)

        const changed = yield* ok(() => stripe.shippingRates.update(rate.id, { active: false, metadata: { k: "" }, fixed_amount: { currency_options: { eur: { amount: 480 } } } }))
        assert.deepStrictEqual([changed.active, changed.metadata, changed.fixed_amount?.amount, changed.fixed_amount?.currency_options?.["eur"]?.amount], [false, {}, 500, 480])
        const fixed = errorOf(yield* rejects(() => stripe.shippingRates.update(rate.id, { tax_behavior: "inclusive" })))
        assert.deepStrictEqual([fixed.code, fixed.param], ["parameter_invalid", "tax_behavior"])
        const amount = errorOf(yield* rejects(() => stripe.shippingRates.update(rate.id, { fixed_amount: { amount: 1 } } as never)))
        assert.deepStrictEqual([amount.code, amount.param], ["parameter_unknown", "fixed_amount[amount]"])
        const noAmount = errorOf(yield* rejects(() => stripe.shippingRates.create({ display_name: "X" })))
        assert.deepStrictEqual([noAmount.code, noAmount.param], ["parameter_missing", "fixed_amount"])
        const badCurrency = errorOf(yield* rejects(() => stripe.shippingRates.create({ display_name: "X", fixed_amount: { amount: 1, currency: "zzz" } })))
        assert.strictEqual(badCurrency.param, "fixed_amount[currency]")

        const clp = yield* ok(() => stripe.shippingRates.create({ display_name: "Envío", fixed_amount: { amount: 3990, currency: "clp" } }))
        const listed = yield* ok(() => stripe.shippingRates.list({ limit: 100 }))
        assert.deepStrictEqual(listed.data.slice(0, 2).map((r) => r.id), [clp.id, rate.id])
        assert.notInclude((yield* ok(() => stripe.shippingRates.list({ active: true, limit: 100 }))).data.map((r) => r.id), rate.id)
        assert.deepStrictEqual((yield* ok(() => stripe.shippingRates.list({ currency: "clp", limit: 100 }))).data.map((r) => r.fixed_amount?.currency), listed.data.filter((r) => r.fixed_amount?.currency === "clp").map(() => "clp"))
        assert.strictEqual((yield* ok(() => stripe.shippingRates.list({ limit: 1, starting_after: clp.id }))).data[0]!.id, rate.id)

        // an idempotency key replays the first answer: one rate
        const idempotencyKey = unique("shipping-rate-key")
        const once = yield* ok(() => stripe.shippingRates.create({ display_name: "Once", fixed_amount: { amount: 1, currency: "usd" } }, { idempotencyKey }))
        const twice = yield* ok(() => stripe.shippingRates.create({ display_name: "Once", fixed_amount: { amount: 1, currency: "usd" } }, { idempotencyKey }))
        assert.strictEqual(twice.id, once.id)

        // another account, and the other mode, see nothing of it
        for (const key of [server.keys.otherTest, server.keys.live]) {
          const hidden = errorOf(yield* rejects(() => stripe.shippingRates.retrieve(rate.id, {}, { apiKey: key })))
          assert.strictEqual(hidden.code, "resource_missing")
        }
      }))

    it.effect("a session's shipping options: the first is chosen, shipping_cost and total_details carry it, the payment charges it", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const express = yield* ok(() => stripe.shippingRates.create({ display_name: "Express", fixed_amount: { amount: 1500, currency: "usd" } }))
        const iva = yield* ok(() => stripe.taxRates.create({ display_name: "IVA", percentage: 19, inclusive: false }))
        const s = yield* createSession(stripe, {
          line_items: [{ ...mug, tax_rates: [iva.id] }],
          shipping_options: [
            { shipping_rate_data: { display_name: "Standard", type: "fixed_amount", fixed_amount: { amount: 500, currency: "usd" } } },
            { shipping_rate: express.id }
          ]
        })
        const standard = s.shipping_options[0]!.shipping_rate as string
        assert.match(standard, /^shr_/)
        assert.deepStrictEqual(s.shipping_options, [{ shipping_amount: 500, shipping_rate: standard }, { shipping_amount: 1500, shipping_rate: express.id }])
        assert.deepStrictEqual(s.shipping_cost, { amount_subtotal: 500, amount_tax: 0, amount_total: 500, shipping_rate: standard })
        // shipping is not taxed by the line items' rates: 2,400 + 456 tax + 500 shipping
        assert.deepStrictEqual(s.total_details, { amount_discount: 0, amount_shipping: 500, amount_tax: 456 })
        assert.deepStrictEqual([s.amount_subtotal, s.amount_total], [2400, 3356])
        const expanded = yield* ok(() => stripe.checkout.sessions.retrieve(s.id, { expand: ["shipping_cost.shipping_rate", "shipping_options.shipping_rate"] }))
        assert.strictEqual((expanded.shipping_cost!.shipping_rate as Stripe.ShippingRate).display_name, "Standard")
        assert.strictEqual((expanded.shipping_options[1]!.shipping_rate as Stripe.ShippingRate).id, express.id)

        const intent = yield* ok(() => pay(stripe, s.id, { payment_method: "pm_card_visa" }))
        assert.strictEqual(intent.amount, 3356)
        const charge = yield* ok(() => stripe.charges.retrieve(intent.latest_charge as string))
        assert.strictEqual(charge.amount, 3356)

        const missing = errorOf(yield* rejects(() => stripe.checkout.sessions.create({ mode: "payment", line_items: [mug], shipping_options: [{ shipping_rate: "shr_missing" }] })))
        assert.deepStrictEqual([missing.code, missing.param], ["resource_missing", "shipping_options[0][shipping_rate]"])
        const clp = yield* ok(() => stripe.shippingRates.create({ display_name: "Envío", fixed_amount: { amount: 3990, currency: "clp" } }))
        const currency = errorOf(yield* rejects(() => stripe.checkout.sessions.create({ mode: "payment", line_items: [mug], shipping_options: [{ shipping_rate: clp.id }] })))
        assert.deepStrictEqual([currency.code, currency.param], ["parameter_invalid", "shipping_options[0][shipping_rate]"])
        const six = errorOf(yield* rejects(() => stripe.checkout.sessions.create({ mode: "payment", line_items: [mug], shipping_options: Array.from({ length: 6 }, () => ({ shipping_rate: express.id })) })))
        assert.strictEqual(six.param, "shipping_options")
      }))

    it.effect("custom fields, custom text, required terms and the submit type are kept in Stripe's shape; the payment records the values", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const s = yield* createSession(stripe, {
          line_items: [mug],
          custom_fields: [
            { key: "engraving", label: { type: "custom", custom: "Engraving" }, type: "text", text: { maximum_length: 20 } },
            { key: "size", label: { type: "custom", custom: "Size" }, type: "dropdown", dropdown: { options: [{ label: "Small", value: "s" }, { label: "Large", value: "l" }] } },
            { key: "floor", label: { type: "custom", custom: "Floor" }, type: "numeric", optional: true }
          ],
          custom_text: { submit: { message: "Ships in 2 days." }, terms_of_service_acceptance: { message: "I accept the terms." } },
          consent_collection: { terms_of_service: "required" },
          submit_type: "book"
        })
        assert.deepStrictEqual(s.custom_fields[1], {
          key: "size", label: { type: "custom", custom: "Size" }, optional: false, type: "dropdown",
          dropdown: { default_value: null, options: [{ label: "Small", value: "s" }, { label: "Large", value: "l" }], value: null }
        } as never)
        assert.deepStrictEqual(s.custom_text, { after_submit: null, shipping_address: null, submit: { message: "Ships in 2 days." }, terms_of_service_acceptance: { message: "I accept the terms." } })
        assert.deepStrictEqual(s.consent_collection, { payment_method_reuse_agreement: null, promotions: null, terms_of_service: "required" })
        assert.deepStrictEqual([s.consent, s.submit_type], [null, "book"])

        const noTerms = errorOf(yield* rejects(() => pay(stripe, s.id, { payment_method: "pm_card_visa", custom_fields: { engraving: "Ada", size: "l" } })))
        assert.deepStrictEqual([noTerms.code, noTerms.param], ["parameter_missing", "consent[terms_of_service]"])
        const badSize = errorOf(yield* rejects(() => pay(stripe, s.id, { payment_method: "pm_card_visa", custom_fields: { engraving: "Ada", size: "xl" }, consent: { terms_of_service: "accepted" } })))
        assert.deepStrictEqual([badSize.code, badSize.param], ["parameter_invalid", "custom_fields[size]"])
        yield* ok(() => pay(stripe, s.id, { payment_method: "pm_card_visa", custom_fields: { engraving: "Ada", size: "l" }, consent: { terms_of_service: "accepted" } }))
        const paid = yield* ok(() => stripe.checkout.sessions.retrieve(s.id))
        assert.deepStrictEqual(paid.custom_fields.map((f) => (f.text ?? f.dropdown ?? f.numeric)!.value), ["Ada", "l", null])
        assert.deepStrictEqual(paid.consent, { promotions: null, terms_of_service: "accepted" })

        for (const [params, param, code] of [
          [{ submit_type: "subscribe" }, "submit_type", "parameter_unsupported"],
          [{ consent_collection: { promotions: "auto" } }, "consent_collection[promotions]", "parameter_unsupported"],
          [{ custom_fields: [{ key: "a-b", label: { type: "custom", custom: "A" }, type: "text" }] }, "custom_fields[0][key]", "parameter_invalid"],
          [{ custom_text: { terms_of_service_acceptance: { message: "x" } } }, "custom_text[terms_of_service_acceptance]", "parameter_invalid"]
        ] as const) {
          const e = errorOf(yield* rejects(() => stripe.checkout.sessions.create({ mode: "payment", line_items: [mug], ...params } as never)))
          assert.deepStrictEqual([e.code, e.param], [code, param])
        }
      }))

    it.effect("payment links take shipping rates, custom fields, custom text, consent and a submit type; their sessions have them", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const stripe = stripeClient(server)
        const rate = yield* ok(() => stripe.shippingRates.create({ display_name: "Standard", fixed_amount: { amount: 700, currency: "usd" } }))
        const product = yield* ok(() => stripe.products.create({ name: "Mug", default_price_data: { currency: "usd", unit_amount: 1000 } }))
        const link = yield* ok(() =>
          stripe.paymentLinks.create({
            line_items: [{ price: product.default_price as string, quantity: 1 }],
            shipping_options: [{ shipping_rate: rate.id }],
            custom_fields: [{ key: "note", label: { type: "custom", custom: "Note" }, type: "text", optional: true }],
            custom_text: { after_submit: { message: "Thanks!" } },
            consent_collection: { terms_of_service: "required" },
            submit_type: "donate"
          })
        )
        assert.deepStrictEqual(link.shipping_options, [{ shipping_amount: 700, shipping_rate: rate.id }])
        assert.deepStrictEqual(link.custom_fields, [{ key: "note", label: { type: "custom", custom: "Note" }, optional: true, type: "text", text: { default_value: null, maximum_length: null, minimum_length: null } }] as never)
        assert.deepStrictEqual([link.custom_text.after_submit, link.consent_collection?.terms_of_service, link.submit_type], [{ message: "Thanks!" }, "required", "donate"])
        const token = (link as unknown as { token: string }).token
        const minted = yield* ok(() => fetch(`${server.url}/v1/payment_links/token/${token}/checkout_sessions`, { method: "POST" }))
        const { id } = (yield* ok(() => minted.json())) as { id: string }
        const session = yield* ok(() => stripe.checkout.sessions.retrieve(id))
        assert.deepStrictEqual([session.amount_total, session.total_details?.amount_shipping, session.submit_type, session.custom_fields.length], [1700, 700, "donate", 1])
        // a link names rates of the account: no inline rate data
        const inline = errorOf(yield* rejects(() =>
          stripe.paymentLinks.create({ line_items: [{ price: product.default_price as string, quantity: 1 }], shipping_options: [{ shipping_rate_data: { display_name: "X" } }] } as never)
        ))
        assert.deepStrictEqual([inline.code, inline.param], ["parameter_unknown", "shipping_options[0][shipping_rate_data]"])
      }))
  })
