/**
 * The contract of ShippingRateRepository.
 */
import { assert, type Vitest } from "@effect/vitest"
import { Ids, type Scope, ShippingRateRepository, type StoredShippingRate } from "@till/core"
import { InMemoryRepository } from "@till/core/testing"
import { Effect, Option } from "effect"
import { newestFirst, newScope } from "../support/Fixtures.ts"

const T = 1_830_000_000

const newStored = (scope: Scope, created: number, currency = "usd", active = true): StoredShippingRate => ({
  account: scope.account,
  version: 1,
  shipping_rate: {
    id: `shr_${Ids.randomBase62()}`,
    livemode: scope.livemode,
    created,
    active,
    display_name: "Next day",
    type: "fixed_amount",
    fixed_amount: { amount: 1500, currency, currency_options: { eur: { amount: 1400, tax_behavior: "inclusive" } } },
    delivery_estimate: { maximum: { unit: "business_day", value: 1 }, minimum: null },
    metadata: { z: "1", a: "2" },
    tax_behavior: "exclusive",
    tax_code: "txcd_92010001"
  }
})

/** Registers the contract's tests. */
export const shippingRateRepositoryContract = (it: Vitest.MethodsNonLive<ShippingRateRepository>) => {
  it.effect("shipping rates read back whole, in their scope only; updates replace the version read", () =>
    Effect.gen(function*() {
      const repo = yield* ShippingRateRepository
      const scope = newScope()
      const first = newStored(scope, T)
      yield* repo.insert(first)
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(scope, first.shipping_rate.id)), first)
      assert.deepStrictEqual(Object.keys(Option.getOrThrow(yield* repo.findById(scope, first.shipping_rate.id)).shipping_rate.metadata), ["z", "a"])
      // another account, or the other mode, does not see it
      assert.isTrue(Option.isNone(yield* repo.findById(newScope(), first.shipping_rate.id)))
      assert.isTrue(Option.isNone(yield* repo.findById({ account: scope.account, livemode: true }, first.shipping_rate.id)))

      const updated: StoredShippingRate = {
        ...first,
        version: 2,
        shipping_rate: { ...first.shipping_rate, active: false, delivery_estimate: null, tax_code: null, fixed_amount: { ...first.shipping_rate.fixed_amount, currency_options: {} } }
      }
      yield* repo.update(updated)
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(scope, first.shipping_rate.id)), updated)

      // a second update from the same read loses
      const lost = yield* Effect.flip(repo.update({ ...updated, shipping_rate: { ...first.shipping_rate, display_name: "x" } }))
      assert.strictEqual(lost._tag, "ConcurrentModification")
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(scope, first.shipping_rate.id)), updated)
      // an update never creates a rate
      const never = newStored(scope, T)
      assert.strictEqual((yield* Effect.flip(repo.update({ ...never, version: 2 })))._tag, "ConcurrentModification")
      assert.isTrue(Option.isNone(yield* repo.findById(scope, never.shipping_rate.id)))
    }))

  it.effect("list: newest first, by active, currency and created range, keyset both ways, one scope only", () =>
    Effect.gen(function*() {
      const repo = yield* ShippingRateRepository
      const scope = newScope()
      const mine = Array.from({ length: 9 }, (_, i) => newStored(scope, T + Math.floor(i / 2), i % 2 === 0 ? "usd" : "clp", i % 3 !== 0))
      for (const r of mine) yield* repo.insert(r)
      yield* repo.insert(newStored({ account: scope.account, livemode: true }, T))
      yield* repo.insert(newStored(newScope(), T))

      const key = (s: StoredShippingRate) => ({ created: s.shipping_rate.created, id: s.shipping_rate.id })
      const all = [...mine].sort((a, b) => newestFirst(key(a), key(b)))
      const filters = [{}, { active: true }, { active: false }, { currency: "clp" }, { active: true, currency: "usd" }, { created: { gte: T + 1, lt: T + 3 } }]
      for (const filter of filters) {
        const matching = all.filter((r) =>
          (!("active" in filter) || r.shipping_rate.active === filter.active) &&
          (!("currency" in filter) || r.shipping_rate.fixed_amount.currency === filter.currency) &&
          InMemoryRepository.inRange(r.shipping_rate.created, "created" in filter ? filter.created : undefined)
        )
        const requests = [{ limit: 100 }, { limit: 2 }, ...matching.flatMap((r) => [{ limit: 2, after: key(r) }, { limit: 2, before: key(r) }])]
        for (const request of requests) {
          const page = yield* repo.list(scope, filter, request)
          const want = InMemoryRepository.keysetPage(matching, key, request)
          assert.deepStrictEqual(page.data.map((r) => r.shipping_rate.id), want.data.map((r) => r.shipping_rate.id), JSON.stringify([filter, request]))
          assert.strictEqual(page.has_more, want.has_more)
        }
      }
    }))
}
