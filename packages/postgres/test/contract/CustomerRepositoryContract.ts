/**
 * The contract of CustomerRepository, and of the customers a session's completion creates through
 * SessionRepository.update.
 */
import { assert, type Vitest } from "@effect/vitest"
import {
  type Customer,
  CustomerRepository,
  type Event,
  EventRepository,
  Ids,
  makeEvent,
  newCustomer,
  type Scope,
  SessionRepository,
  type StoredCustomer
} from "@till/core"
import { InMemoryRepository } from "@till/core/testing"
import { Effect, Option } from "effect"
import { newestFirst, newScope, newSession, step } from "../support/Fixtures.ts"

const T = 1_830_000_000

const newStored = (scope: Scope, created: number, email: string | null = null): StoredCustomer => {
  const id = `cus_${Ids.randomBase62()}`
  const customer: Customer = {
    ...newCustomer({ id, livemode: scope.livemode, created, email, name: "Ada", invoice_prefix: "ABCD1234" }),
    metadata: { z: "1", a: "2" },
    address: { city: "Lima", country: "PE", line1: null, line2: null, postal_code: null, state: null },
    shipping: { name: "Ada", phone: null, address: { city: null, country: null, line1: "1 Road", line2: null, postal_code: null, state: null } },
    preferred_locales: ["es"]
  }
  return { account: scope.account, version: 1, deleted: false, customer }
}

const eventOf = (stored: StoredCustomer, type: "customer.created" | "customer.updated" | "customer.deleted"): Event =>
  makeEvent(type, { object: "customer", ...stored.customer }, {
    id: `evt_${Ids.randomBase62()}`,
    account: stored.account,
    livemode: stored.customer.livemode,
    created: stored.customer.created,
    request: { id: null, idempotency_key: null }
  })

/** Registers the contract's tests. */
export const customerRepositoryContract = (it: Vitest.MethodsNonLive<CustomerRepository | EventRepository | SessionRepository>) => {
  it.effect("customers read back whole with their events; updates replace the version read; deleted ones read but are not listed", () =>
    Effect.gen(function*() {
      const repo = yield* CustomerRepository
      const events = yield* EventRepository
      const scope = newScope()
      const first = newStored(scope, T, "ada@example.com")
      const created = eventOf(first, "customer.created")
      yield* repo.insert(first, [created])
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(first.customer.id)), first)
      assert.deepStrictEqual(Object.keys(Option.getOrThrow(yield* repo.findById(first.customer.id)).customer.metadata), ["z", "a"])
      assert.deepStrictEqual(Option.getOrThrow(yield* events.findById(created.id)), created)
      assert.isTrue(Option.isNone(yield* repo.findById("cus_missing")))

      const updated: StoredCustomer = { ...first, version: 2, customer: { ...first.customer, email: "lovelace@example.com", phone: "+1" } }
      const event = eventOf(updated, "customer.updated")
      yield* repo.update(updated, [event])
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(first.customer.id)), updated)
      assert.isTrue(Option.isSome(yield* events.findById(event.id)))

      // a second update from the same read loses, writing neither the customer nor its event
      const stale = eventOf(updated, "customer.updated")
      const lost = yield* Effect.flip(repo.update({ ...updated, customer: { ...first.customer, name: "x" } }, [stale]))
      assert.strictEqual(lost._tag, "ConcurrentModification")
      assert.isTrue(Option.isNone(yield* events.findById(stale.id)))
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(first.customer.id)), updated)
      // an update never creates a customer
      const never = newStored(scope, T)
      assert.strictEqual((yield* Effect.flip(repo.update({ ...never, version: 2 }, [])))._tag, "ConcurrentModification")
      assert.isTrue(Option.isNone(yield* repo.findById(never.customer.id)))

      const deleted: StoredCustomer = { ...updated, version: 3, deleted: true }
      yield* repo.update(deleted, [eventOf(updated, "customer.deleted")])
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(first.customer.id)), deleted)
      assert.deepStrictEqual((yield* repo.list(scope, {}, { limit: 10 })).data, [])
    }))

  it.effect("list: newest first, by exact e-mail and created range, keyset both ways, one scope only", () =>
    Effect.gen(function*() {
      const repo = yield* CustomerRepository
      const scope = newScope()
      const mine = Array.from({ length: 9 }, (_, i) => newStored(scope, T + Math.floor(i / 2), i % 3 === 0 ? "same@example.com" : `c${i}@example.com`))
      for (const c of mine) yield* repo.insert(c, [])
      const gone = newStored(scope, T + 1, "same@example.com")
      yield* repo.insert(gone, [])
      yield* repo.update({ ...gone, version: 2, deleted: true }, [])
      yield* repo.insert(newStored({ account: scope.account, livemode: true }, T, "same@example.com"), [])
      yield* repo.insert(newStored(newScope(), T, "same@example.com"), [])

      const key = (s: StoredCustomer) => ({ created: s.customer.created, id: s.customer.id })
      const all = [...mine].sort((a, b) => newestFirst(key(a), key(b)))
      const filters = [{}, { email: "same@example.com" }, { email: "SAME@example.com" }, { created: { gte: T + 1, lt: T + 3 } }]
      for (const filter of filters) {
        const matching = all.filter((c) =>
          (!("email" in filter) || c.customer.email === filter.email) &&
          InMemoryRepository.inRange(c.customer.created, "created" in filter ? filter.created : undefined)
        )
        const requests = [{ limit: 100 }, { limit: 2 }, ...matching.flatMap((c) => [{ limit: 2, after: key(c) }, { limit: 2, before: key(c) }])]
        for (const request of requests) {
          const page = yield* repo.list(scope, filter, request)
          const want = InMemoryRepository.keysetPage(matching, key, request)
          assert.deepStrictEqual(page.data.map((c) => c.customer.id), want.data.map((c) => c.customer.id), JSON.stringify([filter, request]))
          assert.strictEqual(page.has_more, want.has_more)
        }
      }
    }))

  it.effect("a session update stores the customers it creates with it, once, and none when it loses", () =>
    Effect.gen(function*() {
      const sessions = yield* SessionRepository
      const repo = yield* CustomerRepository
      const scope = newScope()
      const state = newSession(scope, T)
      yield* sessions.insert(state, [])
      const next = step(state, { _tag: "UpdateMetadata", metadata: { a: "1" } }, T + 1)
      const made = newStored(scope, T + 1, "new@example.com")
      const created = eventOf(made, "customer.created")
      // the write that loses (a stale version) stores no customer and no event
      const lost = yield* Effect.flip(sessions.update({ ...next.state, version: next.state.version + 1 }, [created], [made]))
      assert.strictEqual(lost._tag, "ConcurrentModification")
      assert.isTrue(Option.isNone(yield* repo.findById(made.customer.id)))

      yield* sessions.update(next.state, [created], [made])
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(made.customer.id)), made)
      // a customer already there (the same completion recorded again) stays as it is
      const again = step(next.state, { _tag: "UpdateMetadata", metadata: { b: "2" } }, T + 2)
      yield* sessions.update(again.state, [], [{ ...made, customer: { ...made.customer, email: "other@example.com" } }])
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(made.customer.id)), made)
      assert.deepStrictEqual((yield* repo.list(scope, {}, { limit: 10 })).data, [made])
    }))
}
