/**
 * Prices through the official `stripe` client (`stripe.prices.*`), and sessions that sell them
 * (`line_items: [{ price, quantity }]`, `price_data[product]`), against a running Till server.
 */
import { assert, layer } from "@effect/vitest"
import { Effect, type Layer } from "effect"
import Stripe from "stripe"
import { ok, rejects, stripeClient, unique } from "./StripeSuite.ts"
import { START_TIMEOUT, SuiteServer } from "./SuiteServer.ts"

const asError = (e: unknown) => e as Stripe.errors.StripeError

const SUCCESS_URL = "https://shop.example/ok"

/** The prices suite, registered as a describe block running against `server`. */
export const pricesSuite = (name: string, server: Layer.Layer<SuiteServer, unknown>) =>
  layer(server, { excludeTestServices: true, timeout: START_TIMEOUT })(name, (it) => {
    it.effect("creates one-time and recurring prices, for a product or with product_data, and reads them back", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const product = yield* ok(() => stripe.products.create({ name: "Coffee" }))
        const price = yield* ok(() =>
          stripe.prices.create({ product: product.id, currency: "USD", unit_amount: 450, nickname: "Cup", metadata: { size: "M" }, tax_behavior: "exclusive" })
        )
        assert.match(price.id, /^price_/)
        assert.strictEqual(price.object, "price")
        assert.isTrue(price.active)
        assert.strictEqual(price.billing_scheme, "per_unit")
        assert.strictEqual(price.currency, "usd")
        assert.strictEqual(price.unit_amount, 450)
        assert.strictEqual(String(price.unit_amount_decimal), "450")
        assert.strictEqual(price.type, "one_time")
        assert.isNull(price.recurring)
        assert.strictEqual(price.product, product.id)
        assert.strictEqual(price.nickname, "Cup")
        assert.strictEqual(price.tax_behavior, "exclusive")
        assert.isNull(price.lookup_key)
        assert.isNull(price.custom_unit_amount)
        assert.isNull(price.tiers_mode)
        assert.isNull(price.transform_quantity)

        const decimal = yield* ok(() => stripe.prices.create({ product: product.id, currency: "usd", unit_amount_decimal: Stripe.Decimal.from("12.5") }))
        assert.isNull(decimal.unit_amount)
        assert.strictEqual(String(decimal.unit_amount_decimal), "12.5")
        const clp = yield* ok(() => stripe.prices.create({ product: product.id, currency: "clp", unit_amount: 1200 }))
        assert.strictEqual(clp.currency, "clp")

        const monthly = yield* ok(() => stripe.prices.create({ product_data: { name: "Club" }, currency: "eur", unit_amount: 900, recurring: { interval: "month" } }))
        assert.strictEqual(monthly.type, "recurring")
        assert.deepStrictEqual(monthly.recurring, { interval: "month", interval_count: 1, meter: null, trial_period_days: null, usage_type: "licensed" })
        const club = yield* ok(() => stripe.products.retrieve(monthly.product as string))
        assert.strictEqual(club.name, "Club")

        const expanded = yield* ok(() => stripe.prices.retrieve(price.id, { expand: ["product"] }))
        assert.strictEqual((expanded.product as Stripe.Product).name, "Coffee")

        const listed = yield* ok(() => stripe.prices.list({ product: product.id, limit: 100 }))
        assert.strictEqual(listed.url, "/v1/prices")
        assert.deepStrictEqual(listed.data.map((p) => p.id), [clp.id, decimal.id, price.id])
        assert.deepStrictEqual((yield* ok(() => stripe.prices.list({ product: product.id, currency: "clp" }))).data.map((p) => p.id), [clp.id])
        assert.deepStrictEqual((yield* ok(() => stripe.prices.list({ product: monthly.product as string, type: "recurring" }))).data.map((p) => p.id), [monthly.id])

        const updated = yield* ok(() => stripe.prices.update(price.id, { nickname: "", metadata: { size: "L" }, active: false }))
        assert.isNull(updated.nickname)
        assert.deepStrictEqual(updated.metadata, { size: "L" })
        assert.isFalse(updated.active)
        assert.deepStrictEqual((yield* ok(() => stripe.prices.list({ product: product.id, active: false }))).data.map((p) => p.id), [price.id])
      }))

    it.effect("a lookup key names one price; it moves only with transfer_lookup_key", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const key = unique("standard")
        const product = yield* ok(() => stripe.products.create({ name: "Plan" }))
        const first = yield* ok(() => stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 1000, lookup_key: key }))
        const taken = asError(yield* rejects(() => stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 1100, lookup_key: key })))
        assert.strictEqual(taken.statusCode, 400)
        assert.strictEqual(taken.param, "lookup_key")
        const second = yield* ok(() => stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 1100, lookup_key: key, transfer_lookup_key: true }))
        const found = yield* ok(() => stripe.prices.list({ lookup_keys: [key] }))
        assert.deepStrictEqual(found.data.map((p) => p.id), [second.id])
        assert.isNull((yield* ok(() => stripe.prices.retrieve(first.id))).lookup_key)
      }))

    it.effect("bad prices name their parameter; another account's product is missing", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const stripe = stripeClient(server)
        const product = yield* ok(() => stripe.products.create({ name: "Widget" }))
        const noAmount = asError(yield* rejects(() => stripe.prices.create({ product: product.id, currency: "usd" })))
        assert.strictEqual(noAmount.param, "unit_amount")
        const noProduct = asError(yield* rejects(() => stripe.prices.create({ currency: "usd", unit_amount: 1 })))
        assert.strictEqual(noProduct.param, "product")
        const currency = asError(yield* rejects(() => stripe.prices.create({ product: product.id, currency: "xyz", unit_amount: 1 })))
        assert.strictEqual(currency.param, "currency")
        const elsewhere = asError(yield* rejects(() => stripeClient(server, server.keys.otherTest).prices.create({ product: product.id, currency: "usd", unit_amount: 1 })))
        assert.strictEqual(elsewhere.statusCode, 404)
        assert.strictEqual(elsewhere.code, "resource_missing")
        assert.strictEqual(elsewhere.param, "product")
      }))

    it.effect("a session sells catalog prices; its line items keep the price and product as they were", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const shirt = yield* ok(() => stripe.products.create({ name: "Shirt", default_price_data: { currency: "usd", unit_amount: 2000 } }))
        const mug = yield* ok(() => stripe.products.create({ name: "Mug" }))
        const session = yield* ok(() =>
          stripe.checkout.sessions.create({
            mode: "payment",
            success_url: SUCCESS_URL,
            line_items: [
              { price: shirt.default_price as string, quantity: 2 },
              { price_data: { currency: "usd", product: mug.id, unit_amount: 750 }, quantity: 1 }
            ],
            expand: ["line_items"]
          })
        )
        assert.strictEqual(session.amount_total, 4750)
        const [first, second] = session.line_items!.data
        assert.strictEqual(first!.description, "Shirt")
        assert.strictEqual(first!.amount_total, 4000)
        assert.strictEqual(first!.price!.id, shirt.default_price)
        assert.strictEqual(first!.price!.product, shirt.id)
        assert.isTrue(first!.price!.active)
        assert.strictEqual(first!.price!.type, "one_time")
        assert.strictEqual(second!.price!.product, mug.id)
        assert.strictEqual(second!.price!.unit_amount, 750)
        assert.isFalse(second!.price!.active)

        yield* ok(() => stripe.products.update(shirt.id, { name: "Renamed shirt" }))
        const items = yield* ok(() => stripe.checkout.sessions.listLineItems(session.id))
        assert.deepStrictEqual(items.data.map((i) => i.description), ["Shirt", "Mug"])

        // an inline product has an id of its own, and the session's line items say what it was
        const inline = yield* ok(() =>
          stripe.checkout.sessions.create({
            mode: "payment",
            success_url: SUCCESS_URL,
            line_items: [{ price_data: { currency: "usd", unit_amount_decimal: Stripe.Decimal.from("99.5"), product_data: { name: "Sticker" } }, quantity: 3 }],
            expand: ["line_items"]
          })
        )
        assert.strictEqual(inline.amount_total, 299)
        assert.match(inline.line_items!.data[0]!.price!.product as string, /^prod_/)
        assert.strictEqual(String(inline.line_items!.data[0]!.price!.unit_amount_decimal), "99.5")
      }))

    it.effect("a session refuses recurring, inactive and unknown prices, naming the line item", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const stripe = stripeClient(server)
        const create = (line_items: Array<Stripe.Checkout.SessionCreateParams.LineItem>, client = stripe) =>
          rejects(() => client.checkout.sessions.create({ mode: "payment", success_url: SUCCESS_URL, line_items })).pipe(Effect.map(asError))
        const monthly = yield* ok(() => stripe.prices.create({ product_data: { name: "Club" }, currency: "usd", unit_amount: 900, recurring: { interval: "month" } }))
        const recurring = yield* create([{ price: monthly.id, quantity: 1 }])
        assert.strictEqual(recurring.statusCode, 400)
        assert.strictEqual(recurring.param, "line_items[0][price]")
        assert.strictEqual(recurring.message, "You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.")

        const product = yield* ok(() => stripe.products.create({ name: "Retired" }))
        const old = yield* ok(() => stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 100, active: false }))
        const inactive = yield* create([{ price_data: { currency: "usd", unit_amount: 1, product_data: { name: "x" } }, quantity: 1 }, { price: old.id, quantity: 1 }])
        assert.strictEqual(inactive.param, "line_items[1][price]")
        const live = yield* ok(() => stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 100 }))
        yield* ok(() => stripe.products.update(product.id, { active: false }))
        const archived = yield* create([{ price: live.id, quantity: 1 }])
        assert.strictEqual(archived.param, "line_items[0][price]")

        const unknown = yield* create([{ price: "price_nope", quantity: 1 }])
        assert.strictEqual(unknown.statusCode, 404)
        assert.strictEqual(unknown.code, "resource_missing")
        assert.strictEqual(unknown.param, "line_items[0][price]")
        const foreign = yield* create([{ price: live.id, quantity: 1 }], stripeClient(server, server.keys.otherTest))
        assert.strictEqual(foreign.statusCode, 404)
        assert.strictEqual(foreign.param, "line_items[0][price]")
        const foreignProduct = yield* create([{ price_data: { currency: "usd", unit_amount: 5, product: product.id }, quantity: 1 }], stripeClient(server, server.keys.live))
        assert.strictEqual(foreignProduct.param, "line_items[0][price_data][product]")
        const mixed = yield* ok(() => stripe.prices.create({ product_data: { name: "Euro" }, currency: "eur", unit_amount: 100 }))
        const currencies = yield* create([{ price_data: { currency: "usd", unit_amount: 1, product_data: { name: "x" } }, quantity: 1 }, { price: mixed.id, quantity: 1 }])
        assert.strictEqual(currencies.param, "line_items[1][price]")
      }))

    it.effect("records price.created and price.updated events", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const price = yield* ok(() => stripe.prices.create({ product_data: { name: "Evented" }, currency: "usd", unit_amount: 300 }))
        yield* ok(() => stripe.prices.update(price.id, { nickname: "Later" }))
        const created = (yield* ok(() => stripe.events.list({ type: "price.created", limit: 100 }))).data.find((e) => (e.data.object as Stripe.Price).id === price.id)
        assert.strictEqual((created!.data.object as Stripe.Price).nickname, null)
        const updated = (yield* ok(() => stripe.events.list({ type: "price.updated", limit: 100 }))).data.find((e) => (e.data.object as Stripe.Price).id === price.id)
        assert.strictEqual((updated!.data.object as Stripe.Price).nickname, "Later")
        const product = (yield* ok(() => stripe.events.list({ type: "product.created", limit: 100 }))).data.find((e) => (e.data.object as Stripe.Product).id === price.product)
        assert.isDefined(product)
      }))
  })
