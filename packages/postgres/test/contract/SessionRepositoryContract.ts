/**
 * The contract every SessionRepository must meet, with the EventRepository that reads its events.
 * The in-memory repository of the core is the reference; PGlite and PostgreSQL must behave the same.
 *
 * Tests share one store, so each works in a scope of its own. `expireDue` is not scoped: its tests use
 * times below LOW_TIME, where no other test's session is ever due, each in a band of its own below the
 * previous one's (a later test's sweep must not find an earlier test's sessions due).
 */
import { assert, type Vitest } from "@effect/vitest"
import {
  type ConcurrentModification,
  type RedemptionLimitReached,
  type Cursor,
  EventRepository,
  type PageRequest,
  type Scope,
  type SessionFilter,
  SessionMachine,
  type SessionChange,
  SessionRepository,
  type SessionState
} from "@till/core"
import { InMemoryRepository } from "@till/core/testing"
import { Effect, Fiber, Option, Result } from "effect"
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

  it.effect("keeps what a session collects and what its payment collected: phone, billing and shipping addresses", () =>
    Effect.gen(function*() {
      const repo = yield* SessionRepository
      const scope = newScope()
      const open = newSession(scope, T, {
        amount: 2500,
        currency: "clp",
        billing_address_collection: "required",
        shipping_address_collection: { allowed_countries: ["CL", "PE"] },
        phone_number_collection: { enabled: true }
      })
      yield* repo.insert(open, [])
      assert.deepStrictEqual(yield* repo.findById(open.session.id), Option.some(open))
      const address = { city: "Providencia", country: "CL", line1: "Av. Providencia 1234", line2: null, postal_code: "7500000", state: "RM" }
      const paying = startPayment(open, T + 1)
      yield* repo.update(paying.state, [])
      const done = step(paying.state, {
        _tag: "PaymentSucceeded",
        attempt_id: paying.state.attempt!.id,
        payment_method: "pm_card_visa",
        card: { brand: "visa", last4: "4242", exp_month: 12, exp_year: 2034, installments: null },
        customer_name: "Gabriela Mistral",
        customer_email: "gabriela@example.cl",
        customer_phone: "+56961234567",
        customer_address: address,
        shipping_details: { name: "César Vallejo", address: { ...address, country: "PE", state: "LMA", city: "Miraflores", postal_code: "15074" } }
      }, T + 2)
      yield* repo.update(done.state, done.events)
      const read = Option.getOrThrow(yield* repo.findById(open.session.id))
      assert.deepStrictEqual(read, done.state)
      assert.deepStrictEqual(read.session.customer_details, { email: "gabriela@example.cl", name: "Gabriela Mistral", phone: "+56961234567", address })
      assert.strictEqual(read.session.shipping_details?.address.country, "PE")
      assert.deepStrictEqual(read.session.collection.shipping_address_collection, { allowed_countries: ["CL", "PE"] })
    }))

  it.effect("list filters by customer, e-mail, payment intent, payment link and client reference", () =>
    Effect.gen(function*() {
      const repo = yield* SessionRepository
      const scope = newScope()
      // a session naming a customer has the customer's own address in its details
      const withEmail = (state: SessionState, email: string): SessionState => ({ ...state, session: { ...state.session, customer_details: { email, name: null, phone: null, address: null } } })
      const a = withEmail(newSession(scope, T + 1, { customer: "cus_A", client_reference_id: "ord-1" }), "a@example.com")
      const b = newSession(scope, T + 2, { customer: "cus_B", client_reference_id: "ord-2" })
      const c = withEmail(newSession(scope, T + 3, { customer: "cus_A" }, { payment_link: "plink_1" }), "c@example.com")
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

  it.effect("list filters by currency and by amount in a currency (the dashboard's), keyset-paged", () =>
    Effect.gen(function*() {
      const repo = yield* SessionRepository
      const scope = newScope()
      const priced = (created: number, currency: string, amount: number): SessionState => {
        const state = newSession(scope, created)
        return { ...state, session: { ...state.session, currency, amount_total: amount, amount_subtotal: amount } }
      }
      const a = priced(T + 1, "usd", 500)
      const b = priced(T + 2, "eur", 1500)
      const c = priced(T + 3, "usd", 1500)
      const d = priced(T + 4, "usd", 2500)
      const e = priced(T + 5, "usd", 0)
      const f = priced(T + 6, "usd", 1500)
      yield* insertAll([a, b, c, d, e, f])
      const now = T + 7

      assert.deepStrictEqual(ids(yield* listAll(scope, { currency: "usd" }, now)), ids([f, e, d, c, a]))
      assert.deepStrictEqual(ids(yield* listAll(scope, { currency: "eur" }, now)), ids([b]))
      assert.deepStrictEqual(ids(yield* listAll(scope, { currency: "jpy" }, now)), [])
      assert.deepStrictEqual(ids(yield* listAll(scope, { currency: "usd", amount_total: { gte: 1500 } }, now)), ids([f, d, c]))
      assert.deepStrictEqual(ids(yield* listAll(scope, { currency: "usd", amount_total: { lte: 1500 } }, now)), ids([f, e, c, a]))
      assert.deepStrictEqual(ids(yield* listAll(scope, { currency: "usd", amount_total: { gte: 1500, lte: 1500 } }, now)), ids([f, c]))
      assert.deepStrictEqual(ids(yield* listAll(scope, { currency: "usd", amount_total: { gt: 500, lt: 2500 } }, now)), ids([f, c]))
      assert.deepStrictEqual(ids(yield* listAll(scope, { currency: "eur", amount_total: { gte: 1500 } }, now)), ids([b]))
      assert.deepStrictEqual(ids(yield* listAll(scope, { currency: "usd", amount_total: { gte: 1 }, created: { gte: T + 3 } }, now)), ids([f, d, c]))
      // another mode of the same account sees none of them
      assert.deepStrictEqual(ids(yield* listAll({ ...scope, livemode: !scope.livemode }, { currency: "usd" }, now)), [])

      // keyset pages in both directions, the amount filter kept
      const filter = { currency: "usd", amount_total: { gte: 500 } }
      const first = yield* repo.list(scope, filter, { limit: 2 }, now)
      assert.deepStrictEqual([ids(first.data), first.has_more], [ids([f, d]), true])
      const second = yield* repo.list(scope, filter, { limit: 2, after: keyOf(d) }, now)
      assert.deepStrictEqual([ids(second.data), second.has_more], [ids([c, a]), false])
      const back = yield* repo.list(scope, filter, { limit: 2, before: keyOf(c) }, now)
      assert.deepStrictEqual([ids(back.data), back.has_more], [ids([f, d]), false])
    }))

  it.effect("embedded and recovered sessions read back whole; the recovered_from filter finds the sessions a recovery link opened", () =>
    Effect.gen(function*() {
      const repo = yield* SessionRepository
      const scope = newScope()
      const embedded = newSession(scope, T + 1, {
        ui_mode: "embedded",
        return_url: "https://shop.example/back?session={CHECKOUT_SESSION_ID}",
        redirect_on_completion: "if_required",
        after_expiration: { recovery: { enabled: true, allow_promotion_codes: true } }
      }, { recovery_token: "cs_x_recovery_secret" })
      yield* insertAll([embedded])
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(embedded.session.id)), embedded)
      // expired: the recovery's 30 days start, and are stored with the rest of the document
      const expired = step(embedded, { _tag: "Expire" }, T + 2)
      yield* repo.update(expired.state, [])
      const stored = Option.getOrThrow(yield* repo.findById(embedded.session.id))
      assert.strictEqual(stored.session.after_expiration?.recovery?.expires_at, T + 2 + SessionMachine.RECOVERY_WINDOW_SECONDS)
      assert.deepStrictEqual(stored, expired.state)

      const copy = (created: number): SessionState => {
        const s = newSession(scope, created)
        return { ...s, session: { ...s.session, recovered_from: embedded.session.id } }
      }
      const first = copy(T + 3)
      const second = copy(T + 4)
      const other = newSession(scope, T + 5)
      yield* insertAll([first, second, other])
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(first.session.id)), first)
      assert.deepStrictEqual(ids(yield* listAll(scope, { recovered_from: embedded.session.id }, T + 6)), ids([second, first]))
      assert.deepStrictEqual(ids(yield* listAll(scope, { recovered_from: embedded.session.id, status: "open" }, T + 6)), ids([second, first]))
      assert.deepStrictEqual(ids(yield* listAll(scope, { recovered_from: other.session.id }, T + 6)), [])
      assert.deepStrictEqual(ids(yield* listAll(newScope(), { recovered_from: embedded.session.id }, T + 6)), [])
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

  it.effect("expireDue claims open sessions past expires_at with no unresolved attempt, oldest deadline first, and stores what decide returns", () =>
    Effect.gen(function*() {
      const repo = yield* SessionRepository
      const events = yield* EventRepository
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

      // a decide that changes nothing shows the claim and stores nothing
      const claim = (now: number, limit: number) =>
        Effect.gen(function*() {
          let claimed: ReadonlyArray<SessionState> = []
          const stored = yield* repo.expireDue(now, limit, (due) => Effect.sync(() => (claimed = due, [])))
          assert.strictEqual(stored, 0)
          return claimed
        })
      const now = L + 5000
      const due = yield* claim(now, 10)
      assert.deepStrictEqual(ids(due), ids([other, due1, due2]))
      assert.deepStrictEqual(due[1], due1)
      assert.deepStrictEqual(ids(yield* claim(now, 2)), ids([other, due1]))
      // the boundary: due at expires_at itself, not a second before
      assert.deepStrictEqual(ids(yield* claim(L + 1749, 10)), [])
      assert.deepStrictEqual(ids(yield* claim(L + 1800, 10)), ids([other, due1]))
      // an unresolved attempt is never due, however old: only reconciliation frees it
      assert.deepStrictEqual(ids(yield* claim(L + 500_000, 10)), ids([other, due1, due2, later]))
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(due1.session.id)), due1)

      // what decide returns is stored: states and events
      const changes = new Map<string, SessionChange>()
      const stored = yield* repo.expireDue(now, 10, (due) =>
        Effect.sync(() =>
          due.map((s) => {
            const change = step(s, { _tag: "ExpireByClock" }, now)
            changes.set(s.session.id, change)
            return change
          })
        ))
      assert.strictEqual(stored, 3)
      assert.deepStrictEqual([...changes.keys()], ids([other, due1, due2]))
      for (const change of changes.values()) {
        assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(change.state.session.id)), change.state)
        assert.strictEqual(change.state.session.status, "expired")
        for (const e of change.events) assert.deepStrictEqual(Option.getOrThrow(yield* events.findById(e.id)), e)
      }
      assert.deepStrictEqual(ids(yield* claim(now, 10)), [])
    }))

  it.effect("expireDue stores a payment intent's change with its session, and nothing decide returns for a session it did not claim", () =>
    Effect.gen(function*() {
      const repo = yield* SessionRepository
      const events = yield* EventRepository
      const scope = newScope()
      const B = 400_000
      // a declined attempt left the session open with its payment intent; then its time ran out
      const started = startPayment(newSession(scope, B, { expires_at: B + 1800 }), B + 10).state
      const declined = step(started, { _tag: "AbandonAttempt", attempt_id: started.attempt!.id }, B + 20).state
      const notDue = newSession(scope, B, { expires_at: B + 3000 })
      yield* insertAll([declined, notDue])
      const foreign = step(notDue, { _tag: "Expire" }, B + 2000)
      let expired: SessionChange | undefined
      const stored = yield* repo.expireDue(B + 2000, 10, (due) =>
        Effect.sync(() => {
          assert.deepStrictEqual(ids(due), ids([declined]))
          expired = step(due[0]!, { _tag: "ExpireByClock" }, B + 2000)
          return [expired, foreign]
        }))
      assert.strictEqual(stored, 1)
      assert.strictEqual(expired!.state.payment_intent?.status, "canceled")
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(declined.session.id)), expired!.state)
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findByPaymentIntent(started.payment_intent!.id)), expired!.state)
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(notDue.session.id)), notDue)
      assert.isTrue(Option.isNone(yield* events.findById(foreign.events[0]!.id)))
    }))

  it.effect("expireDue: sweeps side by side split the due sessions, and change each once", () =>
    Effect.gen(function*() {
      const repo = yield* SessionRepository
      const scope = newScope()
      const C = 300_000
      const due = Array.from({ length: 12 }, (_, i) => newSession(scope, C + i, { expires_at: C + 1800 + i }))
      yield* insertAll(due)
      const now = C + 5000
      const expire = (states: ReadonlyArray<SessionState>) => Effect.sync(() => states.map((s) => step(s, { _tag: "ExpireByClock" }, now)))
      // each sweeper takes batches of 2 until none is left
      const sweeper = Effect.gen(function*() {
        let total = 0
        for (;;) {
          const n = yield* repo.expireDue(now, 2, expire)
          total += n
          if (n < 2) return total
        }
      })
      const totals = yield* Effect.all(Array.from({ length: 4 }, () => sweeper), { concurrency: "unbounded" })
      assert.strictEqual(totals.reduce((a, b) => a + b, 0), 12)
      const stored = (yield* EventRepository.use((r) => r.list(scope, {}, { limit: 100 }))).data
      assert.lengthOf(stored, 12)
      assert.sameMembers(stored.map((e) => e.data.object["id"] as string), ids(due))
      assert.isTrue(stored.every((e) => e.type === "checkout.session.expired"))
      for (const s of due) {
        const read = Option.getOrThrow(yield* repo.findById(s.session.id))
        assert.deepStrictEqual([read.session.status, read.version], ["expired", 2])
      }
    }))

  it.effect("expireDue racing an update of a claimed session: exactly one of them changes it", () =>
    Effect.gen(function*() {
      const repo = yield* SessionRepository
      const events = yield* EventRepository
      const scope = newScope()
      const D = 200_000
      const session = newSession(scope, D, { expires_at: D + 1800 })
      yield* insertAll([session])
      const now = D + 5000
      // a payment starts (a write of the claimed version) while the sweep's batch is decided
      const paying = startPayment(session, D + 100)
      let racer: Fiber.Fiber<void, ConcurrentModification | RedemptionLimitReached> | undefined
      const stored = yield* repo.expireDue(now, 10, (due) =>
        Effect.gen(function*() {
          racer = yield* Effect.forkDetach(repo.update(paying.state, paying.events))
          yield* Effect.yieldNow
          return due.map((s) => step(s, { _tag: "ExpireByClock" }, now))
        }))
      const raced = yield* Effect.result(Fiber.join(racer!))
      const read = Option.getOrThrow(yield* repo.findById(session.session.id))
      const expiredEvents = (yield* events.list(scope, { types: ["checkout.session.expired"] }, { limit: 10 })).data
      if (Result.isSuccess(raced)) {
        // the update came first (no row lock in memory): the batch left the session out
        assert.strictEqual(stored, 0)
        assert.deepStrictEqual(read, paying.state)
        assert.lengthOf(expiredEvents, 0)
        // and the payment completes it (leaving no unresolved attempt for the next test)
        const paid = succeedPayment(paying.state, D + 200)
        yield* repo.update(paid.state, paid.events)
        assert.strictEqual(yield* repo.expireDue(now, 10, () => Effect.succeed([])), 0)
      } else {
        // the update waited for the sweep's lock, then found the version changed
        assert.strictEqual(raced.failure._tag, "ConcurrentModification")
        assert.strictEqual(stored, 1)
        assert.deepStrictEqual([read.session.status, read.version], ["expired", 2])
        assert.lengthOf(expiredEvents, 1)
      }
    }))

  it.effect("expireDue stores what the expiry wrote in the document: a recovery's 30 days, from the session's expires_at", () =>
    Effect.gen(function*() {
      const repo = yield* SessionRepository
      const scope = newScope()
      // below every band above
      const E = 100_000
      const recovering = newSession(scope, E, { expires_at: E + 1800, after_expiration: { recovery: { enabled: true } } }, { recovery_token: "cs_e_recovery_x" })
      yield* insertAll([recovering])
      const now = E + 5000
      const stored = yield* repo.expireDue(now, 10, (due) => Effect.sync(() => due.map((state) => step(state, { _tag: "ExpireByClock" }, now))))
      assert.strictEqual(stored, 1)
      const read = Option.getOrThrow(yield* repo.findById(recovering.session.id))
      assert.strictEqual(read.session.status, "expired")
      assert.deepStrictEqual(read.session.after_expiration, {
        recovery: { enabled: true, allow_promotion_codes: false, expires_at: E + 1800 + SessionMachine.RECOVERY_WINDOW_SECONDS, token: "cs_e_recovery_x" }
      })
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
