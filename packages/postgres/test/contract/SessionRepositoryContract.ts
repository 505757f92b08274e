/**
 * The contract every SessionRepository must meet, with the EventRepository that reads its events.
 * The in-memory repository of the core is the reference; PGlite and PostgreSQL must behave the same.
 *
 * Tests share one store, so each works in a scope of its own. `listDueForExpiry` is not scoped: its
 * test alone uses times below LOW_TIME, where no other test's session is ever due.
 */
import { assert, type Vitest } from "@effect/vitest"
import {
  type Cursor,
  EventRepository,
  type PageRequest,
  type Scope,
  type SessionFilter,
  SessionMachine,
  SessionRepository,
  type SessionState
} from "@till/core"
import { InMemoryRepository } from "@till/core/testing"
import { Effect, Option } from "effect"
import { eventAbout, newestFirst, newScope, newSession, startPayment, step, succeedPayment } from "../support/Fixtures.ts"

const T = 1_800_000_000
const LOW_TIME = 1_000_000

const keyOf = (s: SessionState): Cursor => ({ created: s.session.created, id: s.session.id })
const ids = (states: ReadonlyArray<SessionState>) => states.map((s) => s.session.id)
const sorted = (states: ReadonlyArray<SessionState>) => [...states].sort((a, b) => newestFirst(keyOf(a), keyOf(b)))

/** Every session of the scope that matches, newest first (tests keep under 100 of them). */
const listAll = (scope: Scope, filter: SessionFilter, now: number) =>
  SessionRepository.use((repo) => repo.list(scope, filter, { limit: 100 }, now)).pipe(
    Effect.map((page) => {
      assert.isFalse(page.has_more)
      return page.data
    })
  )

const insertAll = (states: ReadonlyArray<SessionState>) =>
  SessionRepository.use((repo) => Effect.forEach(states, (s) => repo.insert(s, []), { discard: true }))

/** Registers the contract's tests. */
export const sessionRepositoryContract = (it: Vitest.MethodsNonLive<SessionRepository | EventRepository>) => {
  it.effect("insert then findById returns the whole state, metadata order included", () =>
    Effect.gen(function*() {
      const repo = yield* SessionRepository
      const state = newSession(newScope(), T, {
        line_items: [1, 2, 3].map((n) => ({
          price_data: { currency: "eur", unit_amount: 100 * n, product_data: { name: `Item ${n}`, description: `The ${n}` } },
          quantity: n
        })),
        metadata: { zeta: "1", alpha: "2", "order id": "ü-3" },
        customer: "cus_1",
        customer_email: "jane@example.com",
        client_reference_id: "order-1",
        success_url: "https://shop.example/ok",
        business_profile: { category: "retail" }
      })
      yield* repo.insert(state, [])
      const found = Option.getOrThrow(yield* repo.findById(state.session.id))
      assert.deepStrictEqual(found, state)
      assert.deepStrictEqual(Object.keys(found.session.metadata), ["zeta", "alpha", "order id"])
      assert.deepStrictEqual(found.line_items.map((li) => li.id), state.line_items.map((li) => li.id))
      assert.isTrue(Option.isNone(yield* repo.findById("cs_test_missing")))
    }))

  it.effect("insert stores the events given with it", () =>
    Effect.gen(function*() {
      const state = newSession(newScope(), T)
      const event = eventAbout(state, "checkout.session.expired", T)
      yield* SessionRepository.use((repo) => repo.insert(state, [event]))
      assert.deepStrictEqual(Option.getOrThrow(yield* EventRepository.use((r) => r.findById(event.id))), event)
    }))

  it.effect("update with the next version stores the state, its payment intent and its events", () =>
    Effect.gen(function*() {
      const repo = yield* SessionRepository
      const events = yield* EventRepository
      const created = newSession(newScope(), T)
      yield* repo.insert(created, [])

      const started = startPayment(created, T + 10)
      yield* repo.update(started.state, started.events)
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(created.session.id)), started.state)

      const paid = succeedPayment(started.state, T + 20)
      assert.strictEqual(paid.events.length, 2)
      yield* repo.update(paid.state, paid.events)
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(created.session.id)), paid.state)
      for (const e of paid.events) assert.deepStrictEqual(Option.getOrThrow(yield* events.findById(e.id)), e)

      const intent = paid.state.payment_intent!.id
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findByPaymentIntent(intent)), paid.state)
      assert.isTrue(Option.isNone(yield* repo.findByPaymentIntent("pi_missing")))
    }))

  it.effect("a stale update fails with ConcurrentModification and writes nothing", () =>
    Effect.gen(function*() {
      const repo = yield* SessionRepository
      const events = yield* EventRepository
      const base = newSession(newScope(), T)
      yield* repo.insert(base, [])

      const expired = step(base, { _tag: "Expire" }, T + 5)
      const renamed = step(base, { _tag: "UpdateMetadata", metadata: { late: "yes" } }, T + 5)
      const lateEvent = eventAbout(renamed.state, "checkout.session.completed", T + 5)
      yield* repo.update(expired.state, expired.events)
      const error = yield* Effect.flip(repo.update(renamed.state, [lateEvent]))
      assert.strictEqual(error._tag, "ConcurrentModification")
      assert.strictEqual(error.id, base.session.id)
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(base.session.id)), expired.state)
      assert.isTrue(Option.isNone(yield* events.findById(lateEvent.id)))
      for (const e of expired.events) assert.isTrue(Option.isSome(yield* events.findById(e.id)))

      // a version that skips one is as stale as one that repeats
      const other = newSession(newScope(), T)
      yield* repo.insert(other, [])
      const twice = step(step(other, { _tag: "UpdateMetadata", metadata: { a: "1" } }, T).state, { _tag: "UpdateMetadata", metadata: { b: "2" } }, T)
      assert.strictEqual((yield* Effect.flip(repo.update(twice.state, [])))._tag, "ConcurrentModification")
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(other.session.id)), other)

      // a session that was never stored cannot be updated
      const never = step(newSession(newScope(), T), { _tag: "Expire" }, T)
      assert.strictEqual((yield* Effect.flip(repo.update(never.state, never.events)))._tag, "ConcurrentModification")
      assert.isTrue(Option.isNone(yield* repo.findById(never.state.session.id)))
      assert.isTrue(Option.isNone(yield* events.findById(never.events[0]!.id)))
    }))

  it.effect("list filters by customer, e-mail, payment intent, payment link and client reference", () =>
    Effect.gen(function*() {
      const repo = yield* SessionRepository
      const scope = newScope()
      const a = newSession(scope, T + 1, { customer: "cus_A", customer_email: "a@example.com", client_reference_id: "ord-1" })
      const b = newSession(scope, T + 2, { customer: "cus_B", client_reference_id: "ord-2" })
      const c = newSession(scope, T + 3, { customer: "cus_A", customer_email: "c@example.com" }, { payment_link: "plink_1" })
      const d = newSession(scope, T + 4, {}, { payment_link: "plink_1" })
      const e = newSession(scope, T + 5, { customer_email: "a@example.com" })
      yield* insertAll([a, b, c, d, e])
      const paying = startPayment(b, T + 6)
      yield* repo.update(paying.state, [])
      const now = T + 7

      assert.deepStrictEqual(ids(yield* listAll(scope, {}, now)), ids([e, d, c, b, a]))
      assert.deepStrictEqual(ids(yield* listAll(scope, { customer: "cus_A" }, now)), ids([c, a]))
      assert.deepStrictEqual(ids(yield* listAll(scope, { customer_email: "a@example.com" }, now)), ids([e, a]))
      assert.deepStrictEqual(ids(yield* listAll(scope, { payment_intent: paying.state.session.payment_intent! }, now)), ids([b]))
      assert.deepStrictEqual(ids(yield* listAll(scope, { payment_link: "plink_1" }, now)), ids([d, c]))
      assert.deepStrictEqual(ids(yield* listAll(scope, { client_reference_id: "ord-2" }, now)), ids([b]))
      assert.deepStrictEqual(ids(yield* listAll(scope, { customer: "cus_A", customer_email: "c@example.com" }, now)), ids([c]))
      assert.deepStrictEqual(ids(yield* listAll(scope, { customer: "cus_none" }, now)), [])
      // the list returns stored states, whole
      assert.deepStrictEqual((yield* listAll(scope, { client_reference_id: "ord-2" }, now))[0], paying.state)
    }))

  it.effect("the status filter reads each session as SessionMachine.view does at now", () =>
    Effect.gen(function*() {
      const repo = yield* SessionRepository
      const scope = newScope()
      const c = T + 100_000
      const fresh = newSession(scope, c, { expires_at: c + 3600 })
      const inFlight = startPayment(newSession(scope, c, { expires_at: c + 1800 }), c + 1790)
      const abandoned = startPayment(newSession(scope, c, { expires_at: c + 1800 }), c + 1000)
      const paidStart = startPayment(newSession(scope, c, { expires_at: c + 1800 }), c + 10)
      const paid = succeedPayment(paidStart.state, c + 20)
      const expiredBase = newSession(scope, c, { expires_at: c + 1800 })
      const expired = step(expiredBase, { _tag: "Expire" }, c + 30)
      const stored = [fresh, inFlight.state, abandoned.state, paid.state, expired.state]
      yield* insertAll([fresh, inFlight.state, abandoned.state, paid.state, expiredBase])
      yield* repo.update(expired.state, expired.events)

      for (const now of [c + 10, c + 1799, c + 1800, c + 1801, c + 1909, c + 1910, c + 3599, c + 3600]) {
        for (const status of ["open", "complete", "expired"] as const) {
          const expected = sorted(stored.filter((s) => SessionMachine.view(s, now).session.status === status))
          const actual = yield* listAll(scope, { status }, now)
          assert.deepStrictEqual(ids(actual), ids(expected), `status ${status} at now = c + ${now - c}`)
        }
      }
    }))

  it.effect("created ranges: gt, gte, lt, lte and their combinations", () =>
    Effect.gen(function*() {
      const scope = newScope()
      const base = T + 200_000
      const states = Array.from({ length: 10 }, (_, i) => newSession(scope, base + 10 * i))
      yield* insertAll(states)
      const ranges = [
        { gt: base + 20 },
        { gte: base + 20 },
        { lt: base + 50 },
        { lte: base + 50 },
        { gte: base + 20, lt: base + 60 },
        { gt: base + 20, lte: base + 60 },
        { gte: base + 30, lte: base + 30 },
        { gt: base + 90 },
        { lt: base }
      ]
      for (const range of ranges) {
        const expected = sorted(states.filter((s) => InMemoryRepository.inRange(s.session.created, range)))
        assert.deepStrictEqual(ids(yield* listAll(scope, { created: range }, base + 100)), ids(expected), JSON.stringify(range))
      }
    }))

  it.effect("keyset pages go both ways, ties on created broken by id, as the core's keysetPage does", () =>
    Effect.gen(function*() {
      const repo = yield* SessionRepository
      const scope = newScope()
      const base = T + 300_000
      // three sessions per second: pages must order ties by id, bytewise (ids mix upper and lower case)
      const states = Array.from({ length: 23 }, (_, i) => newSession(scope, base + Math.floor(i / 3)))
      yield* Effect.forEach([...states].reverse(), (s) => repo.insert(s, []), { discard: true })
      const all = sorted(states)
      const page = (request: PageRequest) => repo.list(scope, {}, request, base + 100)
      const expectPage = (request: PageRequest) =>
        Effect.gen(function*() {
          const actual = yield* page(request)
          const expected = InMemoryRepository.keysetPage(all, keyOf, request)
          assert.deepStrictEqual(ids(actual.data), ids(expected.data), JSON.stringify(request))
          assert.strictEqual(actual.has_more, expected.has_more, JSON.stringify(request))
          return actual
        })

      // forwards (starting_after) from the newest to the oldest
      const forward: Array<SessionState> = []
      let request: PageRequest = { limit: 5 }
      for (;;) {
        const p = yield* expectPage(request)
        forward.push(...p.data)
        if (!p.has_more) break
        request = { limit: 5, after: keyOf(p.data[p.data.length - 1]!) }
      }
      assert.deepStrictEqual(ids(forward), ids(all))

      // backwards (ending_before) from the oldest to the newest
      const backward: Array<SessionState> = []
      request = { limit: 5, before: keyOf(all[all.length - 1]!) }
      for (;;) {
        const p = yield* expectPage(request)
        backward.unshift(...p.data)
        if (!p.has_more) break
        request = { limit: 5, before: keyOf(p.data[0]!) }
      }
      assert.deepStrictEqual(ids(backward), ids(all.slice(0, -1)))

      // edges: every cursor position, limits of 1 and beyond the end, a cursor between two stored items
      for (const [i, s] of all.entries()) {
        yield* expectPage({ limit: 1, after: keyOf(s) })
        yield* expectPage({ limit: 3, before: keyOf(s) })
        if (i % 5 === 0) yield* expectPage({ limit: 100, after: keyOf(s) })
      }
      yield* expectPage({ limit: 4, after: { created: base + 3, id: "cs_test_" } })
      yield* expectPage({ limit: 4, before: { created: base + 3, id: "cs_test_zzzz" } })
      yield* expectPage({ limit: 4, before: { created: base - 1, id: "x" } })
      yield* expectPage({ limit: 4, after: { created: base + 1000, id: "x" } })
    }))

  it.effect("another account's or mode's sessions are invisible to list, visible to findById", () =>
    Effect.gen(function*() {
      const repo = yield* SessionRepository
      const mine = newScope()
      const otherMode = { account: mine.account, livemode: true }
      const otherAccount = newScope()
      const a = newSession(mine, T + 1, { customer: "cus_X" })
      const b = newSession(otherMode, T + 2, { customer: "cus_X" })
      const c = newSession(otherAccount, T + 3, { customer: "cus_X" })
      yield* insertAll([a, b, c])
      assert.deepStrictEqual(ids(yield* listAll(mine, {}, T + 10)), ids([a]))
      assert.deepStrictEqual(ids(yield* listAll(mine, { customer: "cus_X", status: "open" }, T + 10)), ids([a]))
      assert.deepStrictEqual(ids(yield* listAll(otherMode, {}, T + 10)), ids([b]))
      assert.deepStrictEqual(ids(yield* listAll(otherAccount, {}, T + 10)), ids([c]))
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(c.session.id)), c)
    }))

  it.effect("listDueForExpiry: open sessions past expires_at with no unresolved attempt, oldest deadline first", () =>
    Effect.gen(function*() {
      const repo = yield* SessionRepository
      const scope = newScope()
      const L = LOW_TIME
      const due1 = newSession(scope, L, { expires_at: L + 1800 })
      const due2 = newSession(scope, L + 10, { expires_at: L + 1900 })
      const inFlight = startPayment(newSession(scope, L, { expires_at: L + 4995 }), L + 4990).state
      const unresolved = startPayment(newSession(scope, L - 100, { expires_at: L + 1700 }), L + 1000).state
      const paid = succeedPayment(startPayment(newSession(scope, L, { expires_at: L + 1850 }), L + 10).state, L + 20).state
      const expired = step(newSession(scope, L, { expires_at: L + 1860 }), { _tag: "Expire" }, L + 30).state
      const later = newSession(scope, L, { expires_at: L + 6000 })
      const other = newSession(newScope(true), L - 50, { expires_at: L + 1750 })
      yield* insertAll([due1, due2, inFlight, unresolved, paid, expired, later, other])

      const now = L + 5000
      const due = yield* repo.listDueForExpiry(now, 10)
      assert.deepStrictEqual(ids(due), ids([other, due1, due2]))
      assert.deepStrictEqual(due[1], due1)
      assert.deepStrictEqual(ids(yield* repo.listDueForExpiry(now, 2)), ids([other, due1]))
      // the boundary: due at expires_at itself, not a second before
      assert.deepStrictEqual(ids(yield* repo.listDueForExpiry(L + 1749, 10)), [])
      assert.deepStrictEqual(ids(yield* repo.listDueForExpiry(L + 1800, 10)), ids([other, due1]))
      // an unresolved attempt is never due, however old: only reconciliation frees it
      assert.deepStrictEqual(ids(yield* repo.listDueForExpiry(L + 500_000, 10)), ids([other, due1, due2, later]))
    }))

  it.effect("listStaleAttempts: sessions whose unresolved attempt started by the given time, oldest attempt first", () =>
    Effect.gen(function*() {
      const repo = yield* SessionRepository
      const scope = newScope()
      // below LOW_TIME too, and below every attempt of the test above
      const S = 500_000
      const early = startPayment(newSession(scope, S, { expires_at: S + 3600 }), S + 100).state
      const late = startPayment(newSession(newScope(true), S, { expires_at: S + 3600 }), S + 200).state
      const resolved = succeedPayment(startPayment(newSession(scope, S, { expires_at: S + 3600 }), S + 50).state, S + 60).state
      const none = newSession(scope, S, { expires_at: S + 3600 })
      yield* insertAll([early, late, resolved, none])

      assert.deepStrictEqual(ids(yield* repo.listStaleAttempts(S + 99, 10)), [])
      assert.deepStrictEqual(ids(yield* repo.listStaleAttempts(S + 100, 10)), ids([early]))
      const both = yield* repo.listStaleAttempts(S + 1000, 10)
      assert.deepStrictEqual(ids(both), ids([early, late]))
      assert.deepStrictEqual(both[1], late)
      assert.deepStrictEqual(ids(yield* repo.listStaleAttempts(S + 1000, 1)), ids([early]))
    }))
}
