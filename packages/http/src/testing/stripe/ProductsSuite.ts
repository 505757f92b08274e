/**
 * Products through the official `stripe` client (`stripe.products.*`), against a running Till
 * server: create (with `default_price_data`), retrieve, update, list with Stripe's filters, delete
 * where Stripe allows it, account and mode isolation, and the `product.*` events.
 */
import { assert, layer } from "@effect/vitest"
import { Effect, type Layer } from "effect"
import Stripe from "stripe"
import { ok, rejects, stripeClient, unique } from "./StripeSuite.ts"
import { START_TIMEOUT, SuiteServer } from "./SuiteServer.ts"

const asError = (e: unknown) => e as Stripe.errors.StripeError

/** The products suite, registered as a describe block running against `server`. */
export const productsSuite = (name: string, server: Layer.Layer<SuiteServer, unknown>) =>
  layer(server, { excludeTestServices: true, timeout: START_TIMEOUT })(name, (it) => {
    it.effect("creates a product with its default price, reads it back, expands the price, and updates it", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const tag = unique("prod")
        const product = yield* ok(() =>
          stripe.products.create({
            name: "T-shirt",
            description: "Cotton",
            images: ["https://shop.example/t.png"],
            url: "https://shop.example/t",
            metadata: { tag },
            default_price_data: { currency: "usd", unit_amount: 1200 }
          })
        )
        assert.match(product.id, /^prod_/)
        assert.strictEqual(product.object, "product")
        assert.isTrue(product.active)
        assert.strictEqual(product.name, "T-shirt")
        assert.strictEqual(product.description, "Cotton")
        assert.deepStrictEqual(product.images, ["https://shop.example/t.png"])
        assert.strictEqual(product.url, "https://shop.example/t")
        assert.deepStrictEqual(product.metadata, { tag })
        assert.isFalse(product.livemode)
        assert.strictEqual(product.type, "service")
        assert.deepStrictEqual(product.marketing_features, [])
        assert.isNull(product.package_dimensions)
        assert.strictEqual(product.updated, product.created)
        assert.match(product.default_price as string, /^price_/)

        const price = yield* ok(() => stripe.prices.retrieve(product.default_price as string))
        assert.strictEqual(price.product, product.id)
        assert.strictEqual(price.unit_amount, 1200)
        assert.strictEqual(price.type, "one_time")

        const expanded = yield* ok(() => stripe.products.retrieve(product.id, { expand: ["default_price"] }))
        assert.strictEqual((expanded.default_price as Stripe.Price).id, price.id)
        assert.strictEqual((expanded.default_price as Stripe.Price).object, "price")

        const updated = yield* ok(() =>
          stripe.products.update(product.id, { name: "Hoodie", description: "", metadata: { tag: "", size: "L" }, images: "", url: "" })
        )
        assert.strictEqual(updated.name, "Hoodie")
        assert.isNull(updated.description)
        assert.deepStrictEqual(updated.metadata, { size: "L" })
        assert.deepStrictEqual(updated.images, [])
        assert.isNull(updated.url)
        assert.isAtLeast(updated.updated, product.updated)

        // the default price cannot be archived while it is the default; unset it first
        const archive = asError(yield* rejects(() => stripe.prices.update(price.id, { active: false })))
        assert.strictEqual(archive.statusCode, 400)
        assert.strictEqual(archive.param, "active")
        yield* ok(() => stripe.products.update(product.id, { default_price: "" }))
        assert.isFalse((yield* ok(() => stripe.prices.update(price.id, { active: false }))).active)
        // a price of another product cannot be the default
        const other = yield* ok(() => stripe.products.create({ name: "Other", default_price_data: { currency: "usd", unit_amount: 500 } }))
        const foreign = asError(yield* rejects(() => stripe.products.update(product.id, { default_price: other.default_price as string })))
        assert.strictEqual(foreign.param, "default_price")
      }))

    it.effect("lists newest first, filtered by active, ids and created, paginated with starting_after", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const made: Array<Stripe.Product> = []
        for (const [i, active] of [true, false, true, true].entries()) made.push(yield* ok(() => stripe.products.create({ name: `P${i}`, active })))
        const ids = made.map((p) => p.id)
        const byIds = yield* ok(() => stripe.products.list({ ids, limit: 100 }))
        assert.strictEqual(byIds.url, "/v1/products")
        assert.deepStrictEqual(byIds.data.map((p) => p.id), [...ids].reverse())
        const active = yield* ok(() => stripe.products.list({ ids, active: false }))
        assert.deepStrictEqual(active.data.map((p) => p.id), [ids[1]])
        const first = yield* ok(() => stripe.products.list({ ids, limit: 2 }))
        assert.isTrue(first.has_more)
        const next = yield* ok(() => stripe.products.list({ ids, limit: 2, starting_after: first.data[1]!.id }))
        assert.deepStrictEqual([...first.data, ...next.data].map((p) => p.id), [...ids].reverse())
        assert.isFalse(next.has_more)
        const created = yield* ok(() => stripe.products.list({ ids, created: { gt: made[3]!.created } }))
        assert.deepStrictEqual(created.data, [])
        const all: Array<string> = []
        for (const p of (yield* ok(() => stripe.products.list({ ids, limit: 1 }).autoPagingToArray({ limit: 10 })))) all.push(p.id)
        assert.deepStrictEqual(all, [...ids].reverse())
      }))

    it.effect("deletes a product without prices; one with prices is refused as Stripe refuses it", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const bare = yield* ok(() => stripe.products.create({ name: "Bare" }))
        const deleted = yield* ok(() => stripe.products.del(bare.id))
        assert.deepStrictEqual({ id: deleted.id, object: deleted.object, deleted: deleted.deleted }, { id: bare.id, object: "product", deleted: true })
        const gone = asError(yield* rejects(() => stripe.products.retrieve(bare.id)))
        assert.strictEqual(gone.statusCode, 404)
        assert.strictEqual(gone.code, "resource_missing")
        const priced = yield* ok(() => stripe.products.create({ name: "Priced", default_price_data: { currency: "eur", unit_amount: 100 } }))
        const refused = asError(yield* rejects(() => stripe.products.del(priced.id)))
        assert.strictEqual(refused.statusCode, 400)
        assert.strictEqual(refused.message, "This product cannot be deleted because it has one or more user-created prices.")
        assert.isTrue((yield* ok(() => stripe.products.retrieve(priced.id))).active)
      }))

    it.effect("another account's or mode's key never sees a product; unknown parameters and bad values name their param", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const stripe = stripeClient(server)
        const product = yield* ok(() => stripe.products.create({ name: "Mine" }))
        for (const key of [server.keys.otherTest, server.keys.live]) {
          const e = asError(yield* rejects(() => stripeClient(server, key).products.retrieve(product.id)))
          assert.strictEqual(e.statusCode, 404)
          assert.strictEqual(e.code, "resource_missing")
        }
        const missing = asError(yield* rejects(() => stripe.products.create({} as Stripe.ProductCreateParams)))
        assert.strictEqual(missing.param, "name")
        const badUrl = asError(yield* rejects(() => stripe.products.create({ name: "x", images: ["not a url"] })))
        assert.strictEqual(badUrl.param, "images[0]")
        const decimal = asError(yield* rejects(() =>
          stripe.products.create({ name: "x", default_price_data: { currency: "usd", unit_amount: 1, unit_amount_decimal: Stripe.Decimal.from("1.5") } })
        ))
        assert.strictEqual(decimal.param, "default_price_data[unit_amount_decimal]")
      }))

    it.effect("records product.created, product.updated and product.deleted events with the product as it was", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const product = yield* ok(() => stripe.products.create({ name: "Evented" }))
        yield* ok(() => stripe.products.update(product.id, { name: "Renamed" }))
        yield* ok(() => stripe.products.del(product.id))
        for (const [type, name] of [["product.created", "Evented"], ["product.updated", "Renamed"], ["product.deleted", "Renamed"]] as const) {
          const events = yield* ok(() => stripe.events.list({ type, limit: 100 }))
          const event = events.data.find((e) => (e.data.object as Stripe.Product).id === product.id)
          assert.isDefined(event, type)
          assert.strictEqual((event!.data.object as Stripe.Product).object, "product")
          assert.strictEqual((event!.data.object as Stripe.Product).name, name)
        }
      }))
  })
