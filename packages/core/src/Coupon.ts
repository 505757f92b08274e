/**
 * Coupons and promotion codes (Stripe's `coupon` and `promotion_code`): what a discount takes off, and
 * the customer-facing codes that carry it. A session applies one (`discounts[]` or a code the customer
 * enters when `allow_promotion_codes` is set); Totals does the arithmetic. How often each was redeemed
 * (`times_redeemed`) is counted by the session writes that redeem it, never by edits of the object.
 */
import { Schema } from "effect"
import * as Money from "./Money.ts"
import { Bool, Integer, MetadataOrEmpty, Text, Timestamp } from "./Params.ts"
import { PageParams, RangeParams } from "./SessionParams.ts"
import { Percentage } from "./TaxRate.ts"

/** How long a coupon's discount lasts on subscriptions; a one-time payment takes it once whatever it says. */
export const CouponDuration = Schema.Literals(["once", "repeating", "forever"])

/** A coupon. `times_redeemed` counts completed sessions (and payments in flight) that took it. */
export const Coupon = Schema.Struct({
  id: Schema.String,
  livemode: Schema.Boolean,
  created: Schema.Int,
  name: Schema.NullOr(Schema.String),
  percent_off: Schema.NullOr(Schema.Finite),
  amount_off: Schema.NullOr(Schema.Int),
  currency: Schema.NullOr(Schema.String),
  duration: CouponDuration,
  duration_in_months: Schema.NullOr(Schema.Int),
  max_redemptions: Schema.NullOr(Schema.Int),
  redeem_by: Schema.NullOr(Schema.Int),
  /** The products whose line items it applies to; null for every line. */
  applies_to: Schema.NullOr(Schema.Struct({ products: Schema.Array(Schema.String) })),
  metadata: Schema.Record(Schema.String, Schema.String),
  times_redeemed: Schema.Int
})
/** See {@link Coupon}. */
export type Coupon = typeof Coupon.Type

/** A coupon as stored: with its account, its version, and whether it was deleted (a deleted coupon reads as missing). */
export interface StoredCoupon {
  readonly account: string
  readonly version: number
  readonly deleted: boolean
  readonly coupon: Coupon
}

/** Whether a coupon can still be redeemed at `now` (Stripe's `valid`): not past `redeem_by`, not used up. */
export const isValid = (coupon: Coupon, now: number): boolean =>
  (coupon.redeem_by === null || now < coupon.redeem_by) && (coupon.max_redemptions === null || coupon.times_redeemed < coupon.max_redemptions)

/** A promotion code's restrictions. */
export const Restrictions = Schema.Struct({
  first_time_transaction: Schema.Boolean,
  minimum_amount: Schema.NullOr(Schema.Int),
  minimum_amount_currency: Schema.NullOr(Schema.String)
})
/** See {@link Restrictions}. */
export type Restrictions = typeof Restrictions.Type

/** A promotion code: a code customers type, for a coupon. */
export const PromotionCode = Schema.Struct({
  id: Schema.String,
  livemode: Schema.Boolean,
  created: Schema.Int,
  code: Schema.String,
  coupon: Schema.String,
  active: Schema.Boolean,
  customer: Schema.NullOr(Schema.String),
  expires_at: Schema.NullOr(Schema.Int),
  max_redemptions: Schema.NullOr(Schema.Int),
  times_redeemed: Schema.Int,
  restrictions: Restrictions,
  metadata: Schema.Record(Schema.String, Schema.String)
})
/** See {@link PromotionCode}. */
export type PromotionCode = typeof PromotionCode.Type

/** A promotion code as stored. */
export interface StoredPromotionCode {
  readonly account: string
  readonly version: number
  readonly promotion_code: PromotionCode
}

/**
 * A discount on a session: the coupon (and the promotion code it came through), as they were when
 * applied. `id` names it in the line items' `discounts[].discount` (Stripe's `di_…`).
 */
export const SessionDiscount = Schema.Struct({
  id: Schema.String,
  coupon: Coupon,
  promotion_code: Schema.NullOr(PromotionCode),
  /** When it was applied. */
  start: Schema.Int
})
/** See {@link SessionDiscount}. */
export type SessionDiscount = typeof SessionDiscount.Type

/** A change of redemption counts that a session write makes with itself: +1 when a payment starts, −1 when it ends unpaid. */
export interface Redemption {
  readonly coupon: string
  readonly promotion_code: string | null
  readonly delta: 1 | -1
}

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

/** A coupon's or code's id when the merchant chooses it. */
const ObjectId = Text(1, 255).pipe(
  Schema.check(Schema.makeFilter((s: string) => (/^[A-Za-z0-9_-]+$/.test(s) ? undefined : "Expected letters, digits, `_` or `-`")))
)

/** Parameters of `POST /v1/coupons`: `percent_off` has at most two decimals, as Stripe's has (a tax rate's `percentage`, four). */
export const CreateCouponParams = Schema.Struct({
  id: Schema.optionalKey(ObjectId),
  percent_off: Schema.optionalKey(Percentage.pipe(Schema.check(Schema.makeFilter((n: number) =>
    n <= 0 ? "Expected a percentage above 0" : Math.abs(Math.round(n * 100) - n * 100) > 1e-6 ? `Expected at most two decimals, got ${n}` : undefined
  )))),
  amount_off: Schema.optionalKey(Integer(1, Money.MAX_TOTAL)),
  currency: Schema.optionalKey(Money.Currency),
  duration: Schema.optionalKey(CouponDuration),
  duration_in_months: Schema.optionalKey(Integer(1, 1200)),
  max_redemptions: Schema.optionalKey(Integer(1, 1_000_000_000)),
  redeem_by: Schema.optionalKey(Timestamp),
  applies_to: Schema.optionalKey(Schema.Struct({ products: Schema.Array(Text(1, 255)).pipe(Schema.check(Schema.isMaxLength(100))) })),
  name: Schema.optionalKey(Text(1, 40)),
  metadata: Schema.optionalKey(MetadataOrEmpty)
})
/** See {@link CreateCouponParams}. */
export type CreateCouponParams = typeof CreateCouponParams.Type

/** Parameters of `POST /v1/coupons/:id`: only what Stripe lets change. */
export const UpdateCouponParams = Schema.Struct({
  name: Schema.optionalKey(Schema.Union([Text(1, 40), Schema.Literal("")])),
  metadata: Schema.optionalKey(MetadataOrEmpty)
})
/** See {@link UpdateCouponParams}. */
export type UpdateCouponParams = typeof UpdateCouponParams.Type

/** Parameters of `GET /v1/coupons`. */
export const ListCouponsParams = Schema.Struct({ ...PageParams, created: Schema.optionalKey(RangeParams) })
/** See {@link ListCouponsParams}. */
export type ListCouponsParams = typeof ListCouponsParams.Type

/** A customer-facing code: letters, digits and dashes (Stripe's rule). */
export const Code = Text(1, 500).pipe(
  Schema.check(Schema.makeFilter((s: string) => (/^[A-Za-z0-9-]+$/.test(s) ? undefined : "Expected letters, digits or `-`")))
)

/** Parameters of `POST /v1/promotion_codes`: `promotion[coupon]` (Stripe's current shape) or `coupon` (its older one). */
export const CreatePromotionCodeParams = Schema.Struct({
  promotion: Schema.optionalKey(Schema.Struct({ type: Schema.Literal("coupon"), coupon: Text(1, 255) })),
  coupon: Schema.optionalKey(Text(1, 255)),
  code: Schema.optionalKey(Code),
  active: Schema.optionalKey(Bool),
  customer: Schema.optionalKey(Text(1, 255)),
  expires_at: Schema.optionalKey(Timestamp),
  max_redemptions: Schema.optionalKey(Integer(1, 1_000_000_000)),
  restrictions: Schema.optionalKey(Schema.Struct({
    first_time_transaction: Schema.optionalKey(Bool),
    minimum_amount: Schema.optionalKey(Integer(1, Money.MAX_TOTAL)),
    minimum_amount_currency: Schema.optionalKey(Money.Currency)
  })),
  metadata: Schema.optionalKey(MetadataOrEmpty)
})
/** See {@link CreatePromotionCodeParams}. */
export type CreatePromotionCodeParams = typeof CreatePromotionCodeParams.Type

/** Parameters of `POST /v1/promotion_codes/:id`. */
export const UpdatePromotionCodeParams = Schema.Struct({
  active: Schema.optionalKey(Bool),
  metadata: Schema.optionalKey(MetadataOrEmpty)
})
/** See {@link UpdatePromotionCodeParams}. */
export type UpdatePromotionCodeParams = typeof UpdatePromotionCodeParams.Type

/** Parameters of `GET /v1/promotion_codes`. */
export const ListPromotionCodesParams = Schema.Struct({
  ...PageParams,
  active: Schema.optionalKey(Bool),
  code: Schema.optionalKey(Text(1, 500)),
  coupon: Schema.optionalKey(Text(1, 255)),
  customer: Schema.optionalKey(Text(1, 255)),
  created: Schema.optionalKey(RangeParams)
})
/** See {@link ListPromotionCodesParams}. */
export type ListPromotionCodesParams = typeof ListPromotionCodesParams.Type
