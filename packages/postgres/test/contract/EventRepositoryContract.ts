/**
 * The contract every EventRepository must meet, over events written through its SessionRepository.
 */
import { assert, type Vitest } from "@effect/vitest"
import { type Event, type EventFilter, EventRepository, type EventType, type PageRequest, SessionRepository } from "@till/core"
import { InMemoryRepository } from "@till/core/testing"
import { Effect, Option } from "effect"
import { eventAbout, newestFirst, newScope, newSession, step } from "../support/Fixtures.ts"

const T = 1_810_000_000
const TYPES: ReadonlyArray<EventType> = [
  "checkout.session.completed",
  "checkout.session.expired",
  "payment_intent.succeeded",
  "payment_intent.payment_failed"
]

const ids = (events: ReadonlyArray<Event>) => events.map((e) => e.id)

/** Registers the contract's tests. */
export const eventRepositoryContract = (it: Vitest.MethodsNonLive<SessionRepository | EventRepository>) => {
  it.effect("events written with a transition read back whole; unknown ids are missing", () =>
    Effect.gen(function*() {
      const sessions = yield* SessionRepository
      const events = yield* EventRepository
      const state = newSession(newScope(), T, { metadata: { b: "1", a: "2" } })
      yield* sessions.insert(state, [])
      const expired = step(state, { _tag: "Expire" }, T + 1)
      yield* sessions.update(expired.state, expired.events)
      for (const e of expired.events) {
        const found = Option.getOrThrow(yield* events.findById(e.id))
        assert.deepStrictEqual(found, e)
      }
      assert.isTrue(Option.isNone(yield* events.findById("evt_missing")))
      const many = yield* events.findByIds([...expired.events.map((e) => e.id), "evt_missing"])
      assert.sameDeepMembers([...many], [...expired.events])
      assert.deepStrictEqual(yield* events.findByIds([]), [])
    }))

  it.effect("list by object: an object's events only (its timeline), newest first, one scope only", () =>
    Effect.gen(function*() {
      const sessions = yield* SessionRepository
      const events = yield* EventRepository
      const scope = newScope()
      const a = newSession(scope, T)
      const b = newSession(scope, T)
      const aEvents = [eventAbout(a, "checkout.session.expired", T + 1), eventAbout(a, "checkout.session.completed", T + 2)]
      yield* sessions.insert(a, aEvents)
      yield* sessions.insert(b, [eventAbout(b, "checkout.session.completed", T + 3)])
      const elsewhere = newSession(newScope(), T)
      yield* sessions.insert(elsewhere, [eventAbout({ ...elsewhere, session: { ...elsewhere.session, id: a.session.id } }, "checkout.session.expired", T + 4)])

      assert.deepStrictEqual(ids((yield* events.list(scope, { objects: [a.session.id] }, { limit: 10 })).data), ids([...aEvents].reverse()))
      assert.strictEqual((yield* events.list(scope, { objects: [a.session.id, b.session.id] }, { limit: 10 })).data.length, 3)
      const first = yield* events.list(scope, { objects: [a.session.id] }, { limit: 1 })
      assert.deepStrictEqual([ids(first.data), first.has_more], [[aEvents[1]!.id], true])
      assert.lengthOf((yield* events.list(scope, { objects: [] }, { limit: 10 })).data, 0)
      assert.lengthOf((yield* events.list(scope, { objects: ["cs_test_missing"] }, { limit: 10 })).data, 0)
    }))

  it.effect("list: newest first, by type and created range, keyset both ways, one scope only", () =>
    Effect.gen(function*() {
      const sessions = yield* SessionRepository
      const events = yield* EventRepository
      const scope = newScope()
      const state = newSession(scope, T)
      const mine = Array.from({ length: 17 }, (_, i) => eventAbout(state, TYPES[i % TYPES.length]!, T + Math.floor(i / 2)))
      yield* sessions.insert(state, mine)
      // the same times in another mode and another account
      const otherMode = newSession({ account: scope.account, livemode: true }, T)
      const otherAccount = newSession(newScope(), T)
      yield* sessions.insert(otherMode, mine.slice(0, 5).map((e) => eventAbout(otherMode, e.type, e.created)))
      yield* sessions.insert(otherAccount, mine.slice(0, 5).map((e) => eventAbout(otherAccount, e.type, e.created)))

      const all = [...mine].sort(newestFirst)
      const check = (filter: EventFilter, request: PageRequest) =>
        Effect.gen(function*() {
          const matching = all.filter((e) =>
            (filter.types === undefined || filter.types.includes(e.type)) && InMemoryRepository.inRange(e.created, filter.created)
          )
          const expected = InMemoryRepository.keysetPage(matching, (e) => e, request)
          const actual = yield* events.list(scope, filter, request)
          const label = JSON.stringify({ filter, request })
          assert.deepStrictEqual(ids(actual.data), ids(expected.data), label)
          assert.strictEqual(actual.has_more, expected.has_more, label)
          return actual
        })

      const everything = yield* check({}, { limit: 100 })
      assert.strictEqual(everything.data.length, 17)
      assert.deepStrictEqual(everything.data[0], all[0])
      for (const type of TYPES) yield* check({ types: [type] }, { limit: 100 })
      yield* check({ types: [] }, { limit: 100 })
      yield* check({ types: ["checkout.session.completed", "payment_intent.succeeded"] }, { limit: 100 })
      yield* check({ created: { gte: T + 2, lt: T + 6 } }, { limit: 100 })
      yield* check({ created: { gt: T + 2, lte: T + 6 }, types: ["checkout.session.expired"] }, { limit: 100 })
      for (const e of all) {
        yield* check({}, { limit: 4, after: e })
        yield* check({}, { limit: 4, before: e })
        yield* check({ types: ["checkout.session.completed"] }, { limit: 2, after: e })
        yield* check({ types: ["checkout.session.completed"] }, { limit: 2, before: e })
        yield* check({ types: ["checkout.session.expired", "payment_intent.payment_failed"] }, { limit: 3, after: e })
      }
    }))
}
