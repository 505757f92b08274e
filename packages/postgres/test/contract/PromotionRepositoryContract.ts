/**
 * The contract of PromotionRepository, and of the redemptions a session write counts through
 * SessionRepository.update.
 */
import { assert, type Vitest } from "@effect/vitest"
import { type Coupon, Ids, type PromotionCode, PromotionRepository, type Scope, SessionRepository, type StoredCoupon, type StoredPromotionCode } from "@till/core"
import { InMemoryRepository } from "@till/core/testing"
import { Effect, Option } from "effect"
import { newestFirst, newScope, newSession, step } from "../support/Fixtures.ts"

const T = 1_830_000_000

const newCoupon = (scope: Scope, created: number, max: number | null = null): StoredCoupon => ({
  account: scope.account,
  version: 1,
  deleted: false,
  coupon: {
    id: `co_${Ids.randomBase62()}`, livemode: scope.livemode, created, name: "Ten", percent_off: 10, amount_off: null, currency: null,
    duration: "once", duration_in_months: null, max_redemptions: max, redeem_by: null, applies_to: { products: ["prod_1"] }, metadata: { z: "1", a: "2" },
    times_redeemed: 0
  } satisfies Coupon
})

const newCode = (scope: Scope, created: number, coupon: string, code = `C${Ids.randomBase62(8)}`, max: number | null = null): StoredPromotionCode => ({
  account: scope.account,
  version: 1,
  promotion_code: {
    id: `promo_${Ids.randomBase62()}`, livemode: scope.livemode, created, code, coupon, active: true, customer: null, expires_at: T + 100,
    max_redemptions: max, times_redeemed: 0, restrictions: { first_time_transaction: true, minimum_amount: 500, minimum_amount_currency: "usd" }, metadata: {}
  } satisfies PromotionCode
})

/** Registers the contract's tests. */
export const promotionRepositoryContract = (it: Vitest.MethodsNonLive<PromotionRepository | SessionRepository>) => {
  it.effect("coupons and codes read back whole in their scope; writes are conditional; an active code is unique case-insensitively", () =>
    Effect.gen(function*() {
      const repo = yield* PromotionRepository
      const scope = newScope()
      const c = newCoupon(scope, T, 5)
      yield* repo.writeCoupon(c, [])
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findCoupon(scope, c.coupon.id)), c)
      assert.isTrue(Option.isNone(yield* repo.findCoupon(newScope(), c.coupon.id)))
      // the same id in another scope is another coupon; in the same scope it is taken
      yield* repo.writeCoupon({ ...c, account: newScope().account }, [])
      assert.strictEqual((yield* Effect.flip(repo.writeCoupon(c, [])))._tag, "ConcurrentModification")
      const renamed = { ...c, version: 2, coupon: { ...c.coupon, name: "Renamed" } }
      yield* repo.writeCoupon(renamed, [])
      assert.strictEqual((yield* Effect.flip(repo.writeCoupon({ ...renamed, coupon: { ...c.coupon, name: "stale" } }, [])))._tag, "ConcurrentModification")
      yield* repo.writeCoupon({ ...renamed, version: 3, deleted: true }, [])
      assert.isTrue(Option.getOrThrow(yield* repo.findCoupon(scope, c.coupon.id)).deleted)
      assert.deepStrictEqual((yield* repo.listCoupons(scope, {}, { limit: 10 })).data, [])

      const live = newCoupon(scope, T)
      yield* repo.writeCoupon(live, [])
      const code = newCode(scope, T, live.coupon.id, "Spring-26")
      yield* repo.writePromotionCode(code, [])
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findPromotionCode(scope, code.promotion_code.id)), code)
      const clash = newCode(scope, T, live.coupon.id, "SPRING-26")
      assert.strictEqual((yield* Effect.flip(repo.writePromotionCode(clash, [])))._tag, "ConcurrentModification")
      yield* repo.writePromotionCode(newCode(newScope(), T, live.coupon.id, "SPRING-26"), [])
      yield* repo.writePromotionCode({ ...code, version: 2, promotion_code: { ...code.promotion_code, active: false } }, [])
      yield* repo.writePromotionCode(clash, [])
      assert.deepStrictEqual((yield* repo.listPromotionCodes(scope, { code: "spring-26", active: true }, { limit: 10 })).data.map((x) => x.promotion_code.id), [clash.promotion_code.id])
    }))

  it.effect("list: newest first, filtered, keyset both ways", () =>
    Effect.gen(function*() {
      const repo = yield* PromotionRepository
      const scope = newScope()
      const coupons = Array.from({ length: 5 }, (_, i) => newCoupon(scope, T + Math.floor(i / 2)))
      for (const c of coupons) yield* repo.writeCoupon(c, [])
      const codes = Array.from({ length: 7 }, (_, i) => newCode(scope, T + Math.floor(i / 2), coupons[i % 2]!.coupon.id))
      for (const c of codes) yield* repo.writePromotionCode(c, [])
      const key = (s: StoredPromotionCode) => ({ created: s.promotion_code.created, id: s.promotion_code.id })
      const all = [...codes].sort((a, b) => newestFirst(key(a), key(b)))
      for (const filter of [{}, { coupon: coupons[0]!.coupon.id }, { created: { gte: T + 1 } }]) {
        const matching = all.filter((c) =>
          (!("coupon" in filter) || c.promotion_code.coupon === filter.coupon) &&
          InMemoryRepository.inRange(c.promotion_code.created, "created" in filter ? filter.created : undefined)
        )
        for (const request of [{ limit: 100 }, { limit: 2 }, ...matching.flatMap((c) => [{ limit: 2, after: key(c) }, { limit: 2, before: key(c) }])]) {
          const page = yield* repo.listPromotionCodes(scope, filter, request)
          const want = InMemoryRepository.keysetPage(matching, key, request)
          assert.deepStrictEqual(page.data.map((c) => c.promotion_code.id), want.data.map((c) => c.promotion_code.id), JSON.stringify([filter, request]))
          assert.strictEqual(page.has_more, want.has_more)
        }
      }
      const couponKey = (s: StoredCoupon) => ({ created: s.coupon.created, id: s.coupon.id })
      const sorted = [...coupons].sort((a, b) => newestFirst(couponKey(a), couponKey(b)))
      assert.deepStrictEqual((yield* repo.listCoupons(scope, {}, { limit: 3 })).data.map((c) => c.coupon.id), sorted.slice(0, 3).map((c) => c.coupon.id))
    }))

  it.effect("a session write counts redemptions with itself: up to the limit, never below 0, none when it loses, edits never reset them", () =>
    Effect.gen(function*() {
      const repo = yield* PromotionRepository
      const sessions = yield* SessionRepository
      const scope = newScope()
      const c = newCoupon(scope, T, 2)
      yield* repo.writeCoupon(c, [])
      const code = newCode(scope, T, c.coupon.id, undefined, 1)
      yield* repo.writePromotionCode(code, [])
      const counts = Effect.gen(function*() {
        const coupon = Option.getOrThrow(yield* repo.findCoupon(scope, c.coupon.id)).coupon.times_redeemed
        const promo = Option.getOrThrow(yield* repo.findPromotionCode(scope, code.promotion_code.id)).promotion_code.times_redeemed
        return [coupon, promo]
      })
      const state = newSession(scope, T)
      yield* sessions.insert(state, [])
      const redeem = { coupon: c.coupon.id, promotion_code: code.promotion_code.id, delta: 1 as const }
      const next = step(state, { _tag: "UpdateMetadata", metadata: { a: "1" } }, T + 1)
      // a write that loses (a stale version) counts nothing
      const lost = yield* Effect.flip(sessions.update({ ...next.state, version: next.state.version + 1 }, [], [], [redeem]))
      assert.strictEqual(lost._tag, "ConcurrentModification")
      assert.deepStrictEqual(yield* counts, [0, 0])
      yield* sessions.update(next.state, [], [], [redeem])
      assert.deepStrictEqual(yield* counts, [1, 1])
      // the code is used up: the next +1 is refused and writes nothing, the session included
      const again = step(next.state, { _tag: "UpdateMetadata", metadata: { b: "2" } }, T + 2)
      const refused = yield* Effect.flip(sessions.update(again.state, [], [], [redeem]))
      assert.deepStrictEqual([refused._tag, (refused as { object?: string }).object], ["RedemptionLimitReached", "promotion_code"])
      assert.deepStrictEqual(yield* counts, [1, 1])
      assert.strictEqual(Option.getOrThrow(yield* sessions.findById(state.session.id)).version, next.state.version)
      // an edit of the coupon keeps the count; a −1 gives one back, never below 0
      yield* repo.writeCoupon({ ...c, version: 2, coupon: { ...c.coupon, name: "Edited" } }, [])
      assert.deepStrictEqual(yield* counts, [1, 1])
      yield* sessions.update(again.state, [], [], [{ ...redeem, delta: -1 }])
      const third = step(again.state, { _tag: "UpdateMetadata", metadata: { c: "3" } }, T + 3)
      yield* sessions.update(third.state, [], [], [{ ...redeem, delta: -1 }])
      assert.deepStrictEqual(yield* counts, [0, 0])
    }))

  it.effect("a session write stores changed line items only when it says they changed", () =>
    Effect.gen(function*() {
      const sessions = yield* SessionRepository
      const scope = newScope()
      const state = newSession(scope, T)
      yield* sessions.insert(state, [])
      const discounted = (s: typeof state, amount: number) =>
        ({ ...s, line_items: s.line_items.map((item) => ({ ...item, amount_discount: amount, amount_total: item.amount_subtotal - amount })) })
      const first = step(state, { _tag: "UpdateMetadata", metadata: { a: "1" } }, T + 1).state
      yield* sessions.update(discounted(first, 100), [])
      assert.deepStrictEqual(Option.getOrThrow(yield* sessions.findById(state.session.id)).line_items, state.line_items)
      const second = step(first, { _tag: "UpdateMetadata", metadata: { b: "2" } }, T + 2).state
      yield* sessions.update(discounted(second, 100), [], [], [], true)
      assert.deepStrictEqual(Option.getOrThrow(yield* sessions.findById(state.session.id)).line_items, discounted(second, 100).line_items)
    }))
}
