import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { TestClock } from "effect/testing"
import { Catalog } from "../src/Catalog.ts"
import { CreatePriceParams, CreateProductParams } from "../src/CatalogParams.ts"
import { CheckoutSessions } from "../src/CheckoutSessions.ts"
import { EventLog } from "../src/EventLog.ts"
import { withCatalog } from "../src/SessionLineItems.ts"
import * as Testing from "../src/testing/index.ts"
import { openSession, params, T0 } from "./fixtures.ts"

const scope = { account: "acct_1", livemode: false }
const product = Schema.decodeUnknownSync(CreateProductParams)
const price = Schema.decodeUnknownSync(CreatePriceParams)

describe("Catalog", () => {
  it.effect("two prices racing for one lookup key: exactly one holds it, the other is refused naming lookup_key", () =>
    Effect.gen(function*() {
      const catalog = yield* Catalog
      const p = yield* catalog.createProduct(scope, product({ name: "Plan" }))
      const make = catalog.createPrice(scope, price({ product: p.id, currency: "usd", unit_amount: "100", lookup_key: "std" }))
      const results = yield* Effect.all([Effect.result(make), Effect.result(make)], { concurrency: 2 })
      const failures = results.filter((r) => r._tag === "Failure")
      assert.lengthOf(failures, 1)
      assert.deepInclude(failures[0]!.failure, { _tag: "ValidationError", param: "lookup_key" })
      assert.lengthOf((yield* catalog.listPrices(scope, { lookup_keys: ["std"] })).data, 1)
    }).pipe(Effect.provide(Testing.layer)))

  it.effect("a transferred lookup key leaves its old holder, both changes with their events", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(T0 * 1000)
      const catalog = yield* Catalog
      const p = yield* catalog.createProduct(scope, product({ name: "Plan" }))
      const first = yield* catalog.createPrice(scope, price({ product: p.id, currency: "usd", unit_amount: 100, lookup_key: "std" }))
      const second = yield* catalog.createPrice(scope, price({ product: p.id, currency: "usd", unit_amount: 200, lookup_key: "std", transfer_lookup_key: "true" }))
      assert.isNull((yield* catalog.retrievePrice(scope, first.id)).lookup_key)
      assert.strictEqual((yield* catalog.retrievePrice(scope, second.id)).lookup_key, "std")
      const types = (yield* EventLog.use((log) => log.list(scope, { limit: 100 }))).data.map((e) => e.type).sort()
      assert.deepStrictEqual(types, ["price.created", "price.created", "price.updated", "product.created"])
    }).pipe(Effect.provide(Testing.layer)))

  it.effect("a session keeps the price and product it sold, whatever the catalog becomes", () =>
    Effect.gen(function*() {
      const catalog = yield* Catalog
      const sessions = yield* CheckoutSessions
      const p = yield* catalog.createProduct(scope, product({ name: "Mug", default_price_data: { currency: "eur", unit_amount_decimal: "333.5" } }))
      const state = yield* sessions.create(scope, params({ line_items: [{ price: p.default_price, quantity: 3 }] }))
      yield* catalog.updateProduct(scope, p.id, { name: "Cup", default_price: "" })
      yield* catalog.updatePrice(scope, p.default_price!, { active: false })
      const [item] = (yield* sessions.listLineItems(scope, state.session.id, {})).data
      assert.strictEqual(item!.description, "Mug")
      assert.strictEqual(item!.catalog!.product.name, "Mug")
      assert.isTrue(item!.catalog!.price.active)
      // 333.5 × 3 = 1000.5, rounded once for the line
      assert.strictEqual(item!.amount_total, 1001)
      assert.strictEqual(state.session.amount_total, 1001)
    }).pipe(Effect.provide(Testing.layer)))
})

describe("line items stored before the catalog", () => {
  it("read with an inactive inline price and product made from their amount and name, dated with their session", () => {
    const state = openSession()
    const { catalog: _catalog, ...legacy } = state.line_items[0]!
    const read = withCatalog(legacy, { created: 1_700_000_000, livemode: true })
    assert.strictEqual(read.catalog.price.id, legacy.price.id)
    assert.strictEqual(read.catalog.price.unit_amount, 1000)
    assert.strictEqual(read.catalog.price.unit_amount_decimal, "1000")
    assert.isFalse(read.catalog.price.active)
    assert.strictEqual(read.catalog.price.created, 1_700_000_000)
    assert.isTrue(read.catalog.price.livemode)
    assert.strictEqual(read.catalog.product.name, "T-shirt")
    assert.strictEqual(read.catalog.price.product, read.catalog.product.id)
    assert.match(read.catalog.product.id, /^prod_/)
  })
})
