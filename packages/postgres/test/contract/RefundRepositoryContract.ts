/**
 * The contract of RefundRepository: refunds read back whole, reservations stay within what was
 * captured (one at a time and fifty at once), updates are conditional on the version read, lists page
 * and filter, the unsettled ones are found for reconciliation, and charge records are versioned.
 */
import { assert, type Vitest } from "@effect/vitest"
import { type ChargeRecord, type Event, EventRepository, Ids, makeEvent, type Refund, RefundRepository, type Scope, type StoredRefund } from "@till/core"
import { Effect, Option } from "effect"
import { newScope } from "../support/Fixtures.ts"

const T = 1_830_000_000

const newRefund = (scope: Scope, charge: string, amount: number, created = T, status: Refund["status"] = "pending"): StoredRefund => ({
  account: scope.account,
  version: 1,
  processor: "unknown",
  asked_at: created,
  refund: {
    id: `re_${Ids.randomBase62()}`,
    amount,
    charge,
    payment_intent: `pi_${charge.slice(3)}`,
    currency: "usd",
    created,
    livemode: scope.livemode,
    metadata: { z: "1", a: "2" },
    reason: "requested_by_customer",
    status,
    failure_reason: null
  }
})

const eventOf = (stored: StoredRefund, type: "refund.created" | "refund.failed"): Event =>
  makeEvent(type, { object: "refund", ...stored.refund }, {
    id: `evt_${Ids.randomBase62()}`,
    account: stored.account,
    livemode: stored.refund.livemode,
    created: stored.refund.created,
    request: { id: null, idempotency_key: null }
  })

const newCharge = () => `ch_${Ids.randomBase62()}`

/** Registers the contract's tests. */
export const refundRepositoryContract = (it: Vitest.MethodsNonLive<RefundRepository | EventRepository>) => {
  it.effect("a refund reads back whole; updates replace the version read, with their events; a stale one is refused", () =>
    Effect.gen(function*() {
      const repo = yield* RefundRepository
      const events = yield* EventRepository
      const scope = newScope()
      const first = newRefund(scope, newCharge(), 500)
      assert.deepStrictEqual(yield* repo.reserve(first, 1000, []), { _tag: "Reserved" })
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(first.refund.id)), first)
      assert.deepStrictEqual(Object.keys(Option.getOrThrow(yield* repo.findById(first.refund.id)).refund.metadata), ["z", "a"])
      assert.isTrue(Option.isNone(yield* repo.findById("re_missing")))
      const settled: StoredRefund = { ...first, version: 2, processor: "final", asked_at: T + 5, refund: { ...first.refund, status: "failed", failure_reason: "declined" } }
      const failed = eventOf(settled, "refund.failed")
      yield* repo.update(settled, [failed])
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(first.refund.id)), settled)
      assert.deepStrictEqual(Option.getOrThrow(yield* events.findById(failed.id)), failed)
      const stale = yield* Effect.flip(repo.update({ ...settled, refund: { ...settled.refund, metadata: {} } }, [eventOf(settled, "refund.failed")]))
      assert.strictEqual(stale._tag, "ConcurrentModification")
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(first.refund.id)), settled)
    }))

  it.effect("a reservation that would exceed what was captured stores nothing and says what is refunded; failed refunds do not count", () =>
    Effect.gen(function*() {
      const repo = yield* RefundRepository
      const scope = newScope()
      const charge = newCharge()
      yield* repo.reserve(newRefund(scope, charge, 600), 1000, [])
      const failed = newRefund(scope, charge, 300, T, "failed")
      yield* repo.reserve(failed, 1000, [])
      const over = newRefund(scope, charge, 401)
      const created = eventOf(over, "refund.created")
      assert.deepStrictEqual(yield* repo.reserve(over, 1000, [created]), { _tag: "Exceeds", refunded: 600 })
      assert.isTrue(Option.isNone(yield* repo.findById(over.refund.id)))
      assert.isTrue(Option.isNone(yield* EventRepository.use((e) => e.findById(created.id))))
      assert.deepStrictEqual(yield* repo.reserve(newRefund(scope, charge, 400), 1000, []), { _tag: "Reserved" })
      assert.strictEqual((yield* repo.listByCharges([charge])).length, 3)
    }))

  it.effect("fifty reservations of 100 at once on a charge that captured 2,000: exactly twenty are stored", () =>
    Effect.gen(function*() {
      const repo = yield* RefundRepository
      const scope = newScope()
      const charge = newCharge()
      const results = yield* Effect.all(Array.from({ length: 50 }, () => repo.reserve(newRefund(scope, charge, 100), 2000, [])), { concurrency: "unbounded" })
      assert.strictEqual(results.filter((r) => r._tag === "Reserved").length, 20)
      assert.strictEqual((yield* repo.listByCharges([charge])).reduce((sum, s) => sum + s.refund.amount, 0), 2000)
    }))

  it.effect("the list is the scope's, newest first, keyset-paged, by charge, payment intent and creation time", () =>
    Effect.gen(function*() {
      const repo = yield* RefundRepository
      const scope = newScope()
      const [c1, c2] = [newCharge(), newCharge()]
      const a = newRefund(scope, c1, 100, T)
      const b = newRefund(scope, c2, 100, T + 1)
      const c = newRefund(scope, c1, 100, T + 2)
      for (const r of [a, b, c]) yield* repo.reserve(r, 1000, [])
      const elsewhere = newRefund(newScope(), c1, 100, T + 3)
      yield* repo.reserve(elsewhere, 1000, [])
      const ids = (page: { data: ReadonlyArray<StoredRefund> }) => page.data.map((s) => s.refund.id)
      const first = yield* repo.list(scope, {}, { limit: 2 })
      assert.deepStrictEqual([ids(first), first.has_more], [[c.refund.id, b.refund.id], true])
      const next = yield* repo.list(scope, {}, { limit: 2, after: { created: T + 1, id: b.refund.id } })
      assert.deepStrictEqual([ids(next), next.has_more], [[a.refund.id], false])
      const before = yield* repo.list(scope, {}, { limit: 1, before: { created: T, id: a.refund.id } })
      assert.deepStrictEqual([ids(before), before.has_more], [[b.refund.id], true])
      assert.deepStrictEqual(ids(yield* repo.list(scope, { charge: c1 }, { limit: 10 })), [c.refund.id, a.refund.id])
      assert.deepStrictEqual(ids(yield* repo.list(scope, { payment_intent: b.refund.payment_intent }, { limit: 10 })), [b.refund.id])
      assert.deepStrictEqual(ids(yield* repo.list(scope, { created: { gte: T + 1, lt: T + 2 } }, { limit: 10 })), [b.refund.id])
      // every refund of the charges, newest first, whoever's (the use cases check the charge's scope first)
      assert.deepStrictEqual((yield* repo.listByCharges([c1, c2])).map((s) => s.refund.id), [elsewhere.refund.id, c.refund.id, b.refund.id, a.refund.id])
      assert.deepStrictEqual(yield* repo.listByCharges([]), [])
    }))

  it.effect("refunds whose processor side is not final are found once last asked at or before the given time, longest waiting first", () =>
    Effect.gen(function*() {
      const repo = yield* RefundRepository
      const scope = newScope()
      // far in the past, so other tests' refunds sort after these
      const older = newRefund(scope, newCharge(), 100, 1000)
      const newer = { ...newRefund(scope, newCharge(), 100, 1001), processor: "pending" as const }
      const done = { ...newRefund(scope, newCharge(), 100, 999), processor: "final" as const }
      for (const r of [newer, older, done]) yield* repo.reserve(r, 1000, [])
      const due = (yield* repo.listUnsettled(1001, 1000)).map((s) => s.refund.id)
      assert.deepStrictEqual(due.slice(0, 2), [older.refund.id, newer.refund.id])
      assert.notInclude(due, done.refund.id)
      assert.notInclude((yield* repo.listUnsettled(1000, 1000)).map((s) => s.refund.id), newer.refund.id)
    }))

  it.effect("a charge record is made by a reservation (version 0, no details) and saved at the next version only", () =>
    Effect.gen(function*() {
      const repo = yield* RefundRepository
      const scope = newScope()
      const charge = newCharge()
      assert.isTrue(Option.isNone(yield* repo.findCharge(charge)))
      const refund = newRefund(scope, charge, 100)
      yield* repo.reserve(refund, 1000, [])
      const made = Option.getOrThrow(yield* repo.findCharge(charge))
      assert.deepStrictEqual([made.version, made.details, made.account, made.payment_intent], [0, null, scope.account, refund.refund.payment_intent])
      const record: ChargeRecord = { ...made, version: 1, details: { description: "gift", metadata: { b: "1", a: "2" } } }
      yield* repo.saveCharge(record, [])
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findCharge(charge)), record)
      assert.strictEqual((yield* Effect.flip(repo.saveCharge({ ...record, details: null }, [])))._tag, "ConcurrentModification")
      // a charge with no refund gets its record from its first change
      const fresh: ChargeRecord = { id: newCharge(), account: scope.account, livemode: false, payment_intent: "pi_x", version: 1, details: { description: null, metadata: {} } }
      yield* repo.saveCharge(fresh, [])
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findCharge(fresh.id)), fresh)
    }))
}
