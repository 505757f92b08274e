/**
 * The contract of TaxRateRepository.
 */
import { assert, type Vitest } from "@effect/vitest"
import { type Event, EventRepository, Ids, makeEvent, type Scope, type StoredTaxRate, TaxRateRepository } from "@till/core"
import { InMemoryRepository } from "@till/core/testing"
import { Effect, Option } from "effect"
import { newestFirst, newScope } from "../support/Fixtures.ts"

const T = 1_830_000_000

const newStored = (scope: Scope, created: number, inclusive = false, active = true): StoredTaxRate => ({
  account: scope.account,
  version: 1,
  tax_rate: {
    id: `txr_${Ids.randomBase62()}`,
    livemode: scope.livemode,
    created,
    active,
    country: "CL",
    description: "IVA Chile",
    display_name: "IVA",
    inclusive,
    jurisdiction: "CL",
    metadata: { z: "1", a: "2" },
    percentage: 19.0125,
    state: null,
    tax_type: "vat"
  }
})

const eventOf = (stored: StoredTaxRate, type: "tax_rate.created" | "tax_rate.updated"): Event =>
  makeEvent(type, { object: "tax_rate", ...stored.tax_rate }, {
    id: `evt_${Ids.randomBase62()}`,
    account: stored.account,
    livemode: stored.tax_rate.livemode,
    created: stored.tax_rate.created,
    request: { id: null, idempotency_key: null }
  })

/** Registers the contract's tests. */
export const taxRateRepositoryContract = (it: Vitest.MethodsNonLive<TaxRateRepository | EventRepository>) => {
  it.effect("tax rates read back whole with their events, in their scope only; updates replace the version read", () =>
    Effect.gen(function*() {
      const repo = yield* TaxRateRepository
      const events = yield* EventRepository
      const scope = newScope()
      const first = newStored(scope, T)
      const created = eventOf(first, "tax_rate.created")
      yield* repo.insert(first, [created])
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(scope, first.tax_rate.id)), first)
      assert.deepStrictEqual(Object.keys(Option.getOrThrow(yield* repo.findById(scope, first.tax_rate.id)).tax_rate.metadata), ["z", "a"])
      assert.deepStrictEqual(Option.getOrThrow(yield* events.findById(created.id)), created)
      // another account, or the other mode, does not see it
      assert.isTrue(Option.isNone(yield* repo.findById(newScope(), first.tax_rate.id)))
      assert.isTrue(Option.isNone(yield* repo.findById({ account: scope.account, livemode: true }, first.tax_rate.id)))

      const updated: StoredTaxRate = { ...first, version: 2, tax_rate: { ...first.tax_rate, active: false, description: null, tax_type: null } }
      const event = eventOf(updated, "tax_rate.updated")
      yield* repo.update(updated, [event])
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(scope, first.tax_rate.id)), updated)
      assert.isTrue(Option.isSome(yield* events.findById(event.id)))

      // a second update from the same read loses, writing neither the rate nor its event
      const stale = eventOf(updated, "tax_rate.updated")
      const lost = yield* Effect.flip(repo.update({ ...updated, tax_rate: { ...first.tax_rate, display_name: "x" } }, [stale]))
      assert.strictEqual(lost._tag, "ConcurrentModification")
      assert.isTrue(Option.isNone(yield* events.findById(stale.id)))
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(scope, first.tax_rate.id)), updated)
      // an update never creates a rate
      const never = newStored(scope, T)
      assert.strictEqual((yield* Effect.flip(repo.update({ ...never, version: 2 }, [])))._tag, "ConcurrentModification")
      assert.isTrue(Option.isNone(yield* repo.findById(scope, never.tax_rate.id)))
    }))

  it.effect("list: newest first, by active, inclusive and created range, keyset both ways, one scope only", () =>
    Effect.gen(function*() {
      const repo = yield* TaxRateRepository
      const scope = newScope()
      const mine = Array.from({ length: 9 }, (_, i) => newStored(scope, T + Math.floor(i / 2), i % 2 === 0, i % 3 !== 0))
      for (const r of mine) yield* repo.insert(r, [])
      yield* repo.insert(newStored({ account: scope.account, livemode: true }, T), [])
      yield* repo.insert(newStored(newScope(), T), [])

      const key = (s: StoredTaxRate) => ({ created: s.tax_rate.created, id: s.tax_rate.id })
      const all = [...mine].sort((a, b) => newestFirst(key(a), key(b)))
      const filters = [{}, { active: true }, { active: false }, { inclusive: true }, { active: true, inclusive: false }, { created: { gte: T + 1, lt: T + 3 } }]
      for (const filter of filters) {
        const matching = all.filter((r) =>
          (!("active" in filter) || r.tax_rate.active === filter.active) &&
          (!("inclusive" in filter) || r.tax_rate.inclusive === filter.inclusive) &&
          InMemoryRepository.inRange(r.tax_rate.created, "created" in filter ? filter.created : undefined)
        )
        const requests = [{ limit: 100 }, { limit: 2 }, ...matching.flatMap((r) => [{ limit: 2, after: key(r) }, { limit: 2, before: key(r) }])]
        for (const request of requests) {
          const page = yield* repo.list(scope, filter, request)
          const want = InMemoryRepository.keysetPage(matching, key, request)
          assert.deepStrictEqual(page.data.map((r) => r.tax_rate.id), want.data.map((r) => r.tax_rate.id), JSON.stringify([filter, request]))
          assert.strictEqual(page.has_more, want.has_more)
        }
      }
    }))
}
