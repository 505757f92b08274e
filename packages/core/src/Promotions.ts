/**
 * Use cases of coupons and promotion codes: create, read, change, delete (coupons) and list them, each
 * change with its event; and the discount a session takes from a coupon or a code, checked as Stripe
 * checks it when it is applied.
 */
import { Context, Effect, Layer, Option } from "effect"
import type { Scope } from "./CheckoutSession.ts"
import { nowSeconds, pageRequest, rangeOf } from "./CheckoutSessions.ts"
import { retryOnConflict } from "./Conflicts.ts"
import {
  type Coupon,
  type CreateCouponParams,
  type CreatePromotionCodeParams,
  isValid,
  type ListCouponsParams,
  type ListPromotionCodesParams,
  type PromotionCode,
  type SessionDiscount,
  type StoredCoupon,
  type UpdateCouponParams,
  type UpdatePromotionCodeParams
} from "./Coupon.ts"
import { ConcurrentModification, ResourceMissing, ValidationError } from "./Errors.ts"
import { eventMaker } from "./EventMaker.ts"
import { Prefix } from "./Ids.ts"
import { checkMetadata } from "./Params.ts"
import { EventSnapshots } from "./ports/EventSnapshots.ts"
import { IdGenerator } from "./ports/IdGenerator.ts"
import { type PromotionCodeFilter, PromotionRepository } from "./ports/PromotionRepository.ts"
import { mergeMetadata } from "./SessionMachine.ts"

const invalid = (param: string | null, message: string, code = "parameter_invalid") => new ValidationError({ code, message, param })

const metadataOf = (m: Readonly<Record<string, string>> | "" | undefined, current: Readonly<Record<string, string>> = {}) =>
  m === undefined ? current : mergeMetadata(current, m)

/** Finders of a scope's coupon (a deleted one is missing, as Stripe's is) and promotion code, or ResourceMissing naming `param`. */
const loaders = (repo: PromotionRepository["Service"]) => ({
  loadCoupon: (scope: Scope, id: string, param: string | null = null) =>
    repo.findCoupon(scope, id).pipe(Effect.flatMap((found) =>
      Option.isSome(found) && !found.value.deleted ? Effect.succeed(found.value) : Effect.fail(new ResourceMissing({ object: "coupon", id, param }))
    )),
  loadCode: (scope: Scope, id: string, param: string | null = null) =>
    repo.findPromotionCode(scope, id).pipe(Effect.flatMap(Option.match({
      onNone: () => Effect.fail(new ResourceMissing({ object: "promotion_code", id, param })),
      onSome: Effect.succeed
    })))
})

/** A coupon as the API shows it: with `valid` at `now`. */
export type CouponView = Coupon & { readonly valid: boolean }

/** The coupon with its validity at `now`. */
export const viewAt = (coupon: Coupon, now: number): CouponView => ({ ...coupon, valid: isValid(coupon, now) })

/** What a session is, as far as a discount's restrictions ask. */
export interface DiscountContext {
  readonly currency: string
  /** The session's amount before discounts. */
  readonly amount_subtotal: number
  readonly customer: string | null
  /** Whether the session's customer has paid before (`restrictions[first_time_transaction]`). */
  readonly customerHasPaid: boolean
}

/**
 * The discount a session takes from a coupon or a promotion code (by id, or by the `code` a
 * customer typed), checked now as Stripe checks it: the coupon not deleted, valid, in the session's
 * currency if it is an amount; the code active, not expired, for this customer, within its
 * restrictions. `param` names what was passed. Whether it is used up is checked again, atomically,
 * when a payment starts (see SessionMachine.redemptionsOf).
 */
export const discountFor = (repo: PromotionRepository["Service"]) => {
  const { loadCode, loadCoupon } = loaders(repo)
  return Effect.fnUntraced(function*(
    scope: Scope,
    given: { readonly coupon?: string; readonly promotion_code?: string; readonly code?: string },
    context: DiscountContext,
    param: string
  ) {
    const now = yield* nowSeconds
    let code: PromotionCode | null = null
    let stored: StoredCoupon
    if (given.coupon !== undefined) {
      if (given.promotion_code !== undefined) return yield* invalid(param, "You may only specify one of these parameters: coupon, promotion_code.")
      stored = yield* loadCoupon(scope, given.coupon, `${param}[coupon]`)
    } else {
      if (given.promotion_code !== undefined) code = (yield* loadCode(scope, given.promotion_code, `${param}[promotion_code]`)).promotion_code
      else if (given.code !== undefined) {
        const found = yield* repo.listPromotionCodes(scope, { active: true, code: given.code }, { limit: 1 })
        if (found.data.length === 0) return yield* invalid(param, `This code is invalid: ${given.code}.`, "promotion_code_invalid")
        code = found.data[0]!.promotion_code
      } else return yield* invalid(param, "Pass a coupon or a promotion_code.", "parameter_missing")
      const codeParam = given.code === undefined ? `${param}[promotion_code]` : param
      const refuse = (message: string) => invalid(codeParam, message, "promotion_code_invalid")
      if (!code.active) return yield* refuse(`The promotion code \`${code.code}\` is not active.`)
      if (code.expires_at !== null && now >= code.expires_at) return yield* refuse(`The promotion code \`${code.code}\` has expired.`)
      if (code.max_redemptions !== null && code.times_redeemed >= code.max_redemptions) {
        return yield* refuse(`The promotion code \`${code.code}\` has reached its maximum number of redemptions.`)
      }
      if (code.customer !== null && code.customer !== context.customer) return yield* refuse(`The promotion code \`${code.code}\` is for another customer.`)
      const r = code.restrictions
      if (r.minimum_amount !== null && (r.minimum_amount_currency !== context.currency || context.amount_subtotal < r.minimum_amount)) {
        return yield* refuse(`The promotion code \`${code.code}\` needs an order of at least ${r.minimum_amount} (${String(r.minimum_amount_currency).toUpperCase()} minor units).`)
      }
      if (r.first_time_transaction && context.customerHasPaid) return yield* refuse(`The promotion code \`${code.code}\` is for a customer's first order only.`)
      stored = yield* loadCoupon(scope, code.coupon, codeParam)
    }
    const coupon = stored.coupon
    const at = code === null ? `${param}[coupon]` : given.code === undefined ? `${param}[promotion_code]` : param
    if (!isValid(coupon, now)) return yield* invalid(at, `The coupon \`${coupon.id}\` is no longer valid.`, "coupon_expired")
    if (coupon.amount_off !== null && coupon.currency !== context.currency) {
      return yield* invalid(at, `The coupon \`${coupon.id}\` is in ${String(coupon.currency).toUpperCase()}, but this session is in ${context.currency.toUpperCase()}.`)
    }
    return { coupon, promotion_code: code, start: now } satisfies Omit<SessionDiscount, "id">
  })
}

/** Use cases of coupons and promotion codes. */
export class Promotions extends Context.Service<Promotions>()("till/Promotions", {
  make: Effect.gen(function*() {
    const repo = yield* PromotionRepository
    const ids = yield* IdGenerator
    const eventsOf = eventMaker(ids, yield* EventSnapshots)

    const { loadCode, loadCoupon } = loaders(repo)

    /** Creates a coupon, with its `coupon.created` event. */
    const createCoupon = Effect.fn("Promotions.createCoupon")(function*(scope: Scope, params: CreateCouponParams) {
      if ((params.percent_off === undefined) === (params.amount_off === undefined)) {
        return yield* invalid(params.percent_off === undefined ? "percent_off" : "amount_off", "You must pass exactly one of percent_off or amount_off.")
      }
      if (params.amount_off !== undefined && params.currency === undefined) return yield* invalid("currency", "You must pass currency when passing amount_off.", "parameter_missing")
      if (params.percent_off !== undefined && params.currency !== undefined) return yield* invalid("currency", "currency can only be passed with amount_off.")
      const duration = params.duration ?? "once"
      if ((duration === "repeating") !== (params.duration_in_months !== undefined)) {
        return yield* invalid("duration_in_months", "duration_in_months is required with duration=repeating, and only then.")
      }
      const now = yield* nowSeconds
      if (params.redeem_by !== undefined && params.redeem_by <= now) return yield* invalid("redeem_by", "redeem_by must be in the future.")
      const metadata = metadataOf(params.metadata)
      const problem = checkMetadata(metadata)
      if (problem !== undefined) return yield* invalid("metadata", problem)
      const coupon: Coupon = {
        id: params.id ?? (yield* ids.make(Prefix.coupon)),
        livemode: scope.livemode,
        created: now,
        name: params.name ?? null,
        percent_off: params.percent_off ?? null,
        amount_off: params.amount_off ?? null,
        currency: params.currency ?? null,
        duration,
        duration_in_months: params.duration_in_months ?? null,
        max_redemptions: params.max_redemptions ?? null,
        redeem_by: params.redeem_by ?? null,
        applies_to: params.applies_to === undefined ? null : { products: params.applies_to.products },
        metadata,
        times_redeemed: 0
      }
      const events = yield* eventsOf(scope, [{ type: "coupon.created", object: viewAt(coupon, now) }], now)
      yield* repo.writeCoupon({ account: scope.account, version: 1, deleted: false, coupon }, events).pipe(
        Effect.catchTag("ConcurrentModification", () => Effect.fail(invalid("id", "Coupon already exists.", "resource_already_exists")))
      )
      return viewAt(coupon, now)
    })

    /** A coupon of the scope (a deleted one is missing, as Stripe's is). */
    const retrieveCoupon = Effect.fn("Promotions.retrieveCoupon")(function*(scope: Scope, id: string) {
      return viewAt((yield* loadCoupon(scope, id)).coupon, yield* nowSeconds)
    })

    /** Changes a coupon's name and metadata; nothing else of a coupon changes, as with Stripe. */
    const updateCoupon = Effect.fn("Promotions.updateCoupon")(function*(scope: Scope, id: string, params: UpdateCouponParams) {
      return yield* retryOnConflict(Effect.gen(function*() {
        const stored = yield* loadCoupon(scope, id)
        const now = yield* nowSeconds
        const metadata = metadataOf(params.metadata, stored.coupon.metadata)
        const problem = checkMetadata(metadata)
        if (problem !== undefined) return yield* invalid("metadata", problem)
        const coupon: Coupon = { ...stored.coupon, name: params.name === undefined ? stored.coupon.name : params.name === "" ? null : params.name, metadata }
        if (JSON.stringify(coupon) === JSON.stringify(stored.coupon)) return viewAt(coupon, now)
        const events = yield* eventsOf(scope, [{ type: "coupon.updated", object: viewAt(coupon, now), previous: viewAt(stored.coupon, now) }], now)
        yield* repo.writeCoupon({ ...stored, version: stored.version + 1, coupon }, events)
        return viewAt(coupon, now)
      }))
    })

    /** Deletes a coupon: it reads as missing from then on and no session can take it; sessions that took it keep it. */
    const deleteCoupon = Effect.fn("Promotions.deleteCoupon")(function*(scope: Scope, id: string) {
      return yield* retryOnConflict(Effect.gen(function*() {
        const stored = yield* loadCoupon(scope, id)
        const now = yield* nowSeconds
        const events = yield* eventsOf(scope, [{ type: "coupon.deleted", object: viewAt(stored.coupon, now) }], now)
        yield* repo.writeCoupon({ ...stored, version: stored.version + 1, deleted: true }, events)
        return stored.coupon.id
      }))
    })

    /** Coupons of the scope, newest first. */
    const listCoupons = Effect.fn("Promotions.listCoupons")(function*(scope: Scope, params: ListCouponsParams) {
      const page = yield* pageRequest(scope, params, (s, id, param) =>
        id === undefined ? Effect.succeed(undefined) : loadCoupon(s, id, param).pipe(Effect.map(({ coupon }) => ({ created: coupon.created, id: coupon.id }))))
      const result = yield* repo.listCoupons(scope, params.created === undefined ? {} : { created: rangeOf(params.created) }, page)
      const now = yield* nowSeconds
      return { has_more: result.has_more, data: result.data.map((s) => viewAt(s.coupon, now)) }
    })

    /** Creates a promotion code for a coupon, with its `promotion_code.created` event; its code is unique among the scope's active codes. */
    const createPromotionCode = Effect.fn("Promotions.createPromotionCode")(function*(scope: Scope, params: CreatePromotionCodeParams) {
      const couponId = params.promotion?.coupon ?? params.coupon
      if (couponId === undefined) return yield* invalid("promotion[coupon]", "Missing required param: promotion[coupon].", "parameter_missing")
      if (params.promotion !== undefined && params.coupon !== undefined) return yield* invalid("coupon", "You may only specify one of these parameters: coupon, promotion.")
      const couponParam = params.promotion === undefined ? "coupon" : "promotion[coupon]"
      const { coupon } = yield* loadCoupon(scope, couponId, couponParam)
      const r = params.restrictions
      if (r?.minimum_amount !== undefined && r.minimum_amount_currency === undefined) {
        return yield* invalid("restrictions[minimum_amount_currency]", "You must pass minimum_amount_currency with minimum_amount.", "parameter_missing")
      }
      const now = yield* nowSeconds
      if (params.expires_at !== undefined && params.expires_at <= now) return yield* invalid("expires_at", "expires_at must be in the future.")
      const metadata = metadataOf(params.metadata)
      const problem = checkMetadata(metadata)
      if (problem !== undefined) return yield* invalid("metadata", problem)
      const id = yield* ids.make(Prefix.promotionCode)
      const code: PromotionCode = {
        id,
        livemode: scope.livemode,
        created: now,
        code: params.code ?? id.slice(-8).toUpperCase(),
        coupon: coupon.id,
        active: params.active ?? true,
        customer: params.customer ?? null,
        expires_at: params.expires_at ?? null,
        max_redemptions: params.max_redemptions ?? null,
        times_redeemed: 0,
        restrictions: {
          first_time_transaction: r?.first_time_transaction ?? false,
          minimum_amount: r?.minimum_amount ?? null,
          minimum_amount_currency: r?.minimum_amount_currency ?? null
        },
        metadata
      }
      const events = yield* eventsOf(scope, [{ type: "promotion_code.created", object: code }], now)
      yield* repo.writePromotionCode({ account: scope.account, version: 1, promotion_code: code }, events).pipe(
        Effect.catchTag("ConcurrentModification", () =>
          Effect.fail(invalid("code", `An active promotion code with \`code: ${code.code}\` already exists.`, "resource_already_exists")))
      )
      return code
    })

    /** A promotion code of the scope. */
    const retrievePromotionCode = Effect.fn("Promotions.retrievePromotionCode")(function*(scope: Scope, id: string) {
      return (yield* loadCode(scope, id)).promotion_code
    })

    /** Changes a promotion code's `active` and metadata (reactivating one whose code another active code took is refused). */
    const updatePromotionCode = Effect.fn("Promotions.updatePromotionCode")(function*(scope: Scope, id: string, params: UpdatePromotionCodeParams) {
      return yield* Effect.gen(function*() {
        const stored = yield* loadCode(scope, id)
        const metadata = metadataOf(params.metadata, stored.promotion_code.metadata)
        const problem = checkMetadata(metadata)
        if (problem !== undefined) return yield* invalid("metadata", problem)
        const code: PromotionCode = { ...stored.promotion_code, active: params.active ?? stored.promotion_code.active, metadata }
        if (JSON.stringify(code) === JSON.stringify(stored.promotion_code)) return code
        const events = yield* eventsOf(scope, [{ type: "promotion_code.updated", object: code, previous: stored.promotion_code }], yield* nowSeconds)
        yield* repo.writePromotionCode({ ...stored, version: stored.version + 1, promotion_code: code }, events).pipe(
          Effect.catchTag("ConcurrentModification", (e) =>
            Effect.flatMap(loadCode(scope, id), (now): Effect.Effect<never, ConcurrentModification | ValidationError> =>
              now.version === stored.version && code.active
                ? Effect.fail(invalid("active", `An active promotion code with \`code: ${code.code}\` already exists.`, "resource_already_exists"))
                : Effect.fail(e)))
        )
        return code
      }).pipe(Effect.retry({ times: 5, while: (e) => e instanceof ConcurrentModification }))
    })

    /** Promotion codes of the scope, newest first, filtered. */
    const listPromotionCodes = Effect.fn("Promotions.listPromotionCodes")(function*(scope: Scope, params: ListPromotionCodesParams) {
      const page = yield* pageRequest(scope, params, (s, id, param) =>
        id === undefined ? Effect.succeed(undefined) : loadCode(s, id, param).pipe(Effect.map(({ promotion_code: p }) => ({ created: p.created, id: p.id }))))
      const filter: PromotionCodeFilter = {
        ...(params.active === undefined ? {} : { active: params.active }),
        ...(params.code === undefined ? {} : { code: params.code }),
        ...(params.coupon === undefined ? {} : { coupon: params.coupon }),
        ...(params.customer === undefined ? {} : { customer: params.customer }),
        ...(params.created === undefined ? {} : { created: rangeOf(params.created) })
      }
      const result = yield* repo.listPromotionCodes(scope, filter, page)
      return { has_more: result.has_more, data: result.data.map((s) => s.promotion_code) }
    })

    return {
      createCoupon,
      retrieveCoupon,
      updateCoupon,
      deleteCoupon,
      listCoupons,
      createPromotionCode,
      retrievePromotionCode,
      updatePromotionCode,
      listPromotionCodes,
      discountFor: discountFor(repo)
    } as const
  })
}) {
  /** The use cases over whatever repository, id generator and event snapshots are provided. */
  static readonly layer = Layer.effect(Promotions, Promotions.make)
}
