/**
 * An in-memory PromotionRepository over maps of coupons and promotion codes (keyed by scope and id),
 * its events going where `addEvents` puts them; `redeem` applies a session write's redemptions, all
 * or none, as the database does in the write's transaction.
 */
import { Effect, Option } from "effect"
import type { Scope } from "../CheckoutSession.ts"
import type { Redemption, StoredCoupon, StoredPromotionCode } from "../Coupon.ts"
import { ConcurrentModification, RedemptionLimitReached } from "../Errors.ts"
import type { Event } from "../Events.ts"
import { PromotionRepository } from "../ports/PromotionRepository.ts"
import { inRange, keysetPage } from "./InMemoryRepository.ts"

const keyOf = (scope: Scope, id: string) => `${scope.account}/${scope.livemode}/${id}`
const newest = <A>(created: (a: A) => number, id: (a: A) => string) => (a: A, b: A) =>
  created(b) - created(a) || (id(a) < id(b) ? 1 : id(a) > id(b) ? -1 : 0)

/** The stores: coupons and promotion codes by scope and id. */
export interface Stores {
  readonly coupons: Map<string, StoredCoupon>
  readonly codes: Map<string, StoredPromotionCode>
}

/** Fresh, empty stores. */
export const stores = (): Stores => ({ coupons: new Map(), codes: new Map() })

/** Applies redemptions in `scope`: every +1 must find its coupon (and code) live and below its limit, else nothing changes. */
export const redeem = (s: Stores, scope: Scope, redemptions: ReadonlyArray<Redemption>): RedemptionLimitReached | undefined => {
  for (const r of redemptions.filter((x) => x.delta === 1)) {
    const coupon = s.coupons.get(keyOf(scope, r.coupon))
    if (coupon === undefined || coupon.deleted || (coupon.coupon.max_redemptions !== null && coupon.coupon.times_redeemed >= coupon.coupon.max_redemptions)) {
      return new RedemptionLimitReached({ id: r.coupon, object: "coupon" })
    }
    if (r.promotion_code !== null) {
      const code = s.codes.get(keyOf(scope, r.promotion_code))
      if (code === undefined || (code.promotion_code.max_redemptions !== null && code.promotion_code.times_redeemed >= code.promotion_code.max_redemptions)) {
        return new RedemptionLimitReached({ id: r.promotion_code, object: "promotion_code" })
      }
    }
  }
  for (const r of redemptions) {
    const coupon = s.coupons.get(keyOf(scope, r.coupon))
    if (coupon !== undefined) {
      s.coupons.set(keyOf(scope, r.coupon), { ...coupon, coupon: { ...coupon.coupon, times_redeemed: Math.max(0, coupon.coupon.times_redeemed + r.delta) } })
    }
    const code = r.promotion_code === null ? undefined : s.codes.get(keyOf(scope, r.promotion_code))
    if (code !== undefined) {
      s.codes.set(keyOf(scope, code.promotion_code.id), {
        ...code,
        promotion_code: { ...code.promotion_code, times_redeemed: Math.max(0, code.promotion_code.times_redeemed + r.delta) }
      })
    }
  }
  return undefined
}

/** The repository over `s`; each write's events go to `addEvents`, in the same synchronous step. */
export const make = (s: Stores, addEvents: (events: ReadonlyArray<Event>) => void) =>
  PromotionRepository.of({
    writeCoupon: (stored, events) =>
      Effect.suspend(() => {
        const scope = { account: stored.account, livemode: stored.coupon.livemode }
        const key = keyOf(scope, stored.coupon.id)
        const current = s.coupons.get(key)
        if (stored.version === 1 ? current !== undefined : current?.version !== stored.version - 1) {
          return Effect.fail(new ConcurrentModification({ id: stored.coupon.id }))
        }
        // redemptions are the session writes' to count: an edit keeps the count as stored
        s.coupons.set(key, current === undefined ? stored : { ...stored, coupon: { ...stored.coupon, times_redeemed: current.coupon.times_redeemed } })
        addEvents(events)
        return Effect.void
      }),
    findCoupon: (scope, id) => Effect.sync(() => Option.fromNullishOr(s.coupons.get(keyOf(scope, id)))).pipe(Effect.tap(() => Effect.yieldNow)),
    listCoupons: (scope, filter, page) =>
      Effect.sync(() => {
        const sorted = [...s.coupons.values()]
          .filter((c) => c.account === scope.account && c.coupon.livemode === scope.livemode && !c.deleted && inRange(c.coupon.created, filter.created))
          .sort(newest((c) => c.coupon.created, (c) => c.coupon.id))
        return keysetPage(sorted, (c) => ({ created: c.coupon.created, id: c.coupon.id }), page)
      }),
    writePromotionCode: (stored, events) =>
      Effect.suspend(() => {
        const p = stored.promotion_code
        const scope = { account: stored.account, livemode: p.livemode }
        const key = keyOf(scope, p.id)
        const current = s.codes.get(key)
        const clash = p.active && [...s.codes.values()].some((c) =>
          c.account === stored.account && c.promotion_code.livemode === p.livemode && c.promotion_code.id !== p.id &&
          c.promotion_code.active && c.promotion_code.code.toLowerCase() === p.code.toLowerCase()
        )
        if (clash || (stored.version === 1 ? current !== undefined : current?.version !== stored.version - 1)) {
          return Effect.fail(new ConcurrentModification({ id: p.id }))
        }
        s.codes.set(key, current === undefined ? stored : { ...stored, promotion_code: { ...p, times_redeemed: current.promotion_code.times_redeemed } })
        addEvents(events)
        return Effect.void
      }),
    findPromotionCode: (scope, id) => Effect.sync(() => Option.fromNullishOr(s.codes.get(keyOf(scope, id)))).pipe(Effect.tap(() => Effect.yieldNow)),
    listPromotionCodes: (scope, filter, page) =>
      Effect.sync(() => {
        const sorted = [...s.codes.values()]
          .filter(({ account, promotion_code: p }) =>
            account === scope.account && p.livemode === scope.livemode &&
            (filter.active === undefined || p.active === filter.active) &&
            (filter.code === undefined || p.code.toLowerCase() === filter.code.toLowerCase()) &&
            (filter.coupon === undefined || p.coupon === filter.coupon) &&
            (filter.customer === undefined || p.customer === filter.customer) &&
            inRange(p.created, filter.created)
          )
          .sort(newest((c) => c.promotion_code.created, (c) => c.promotion_code.id))
        return keysetPage(sorted, (c) => ({ created: c.promotion_code.created, id: c.promotion_code.id }), page)
      })
  })
