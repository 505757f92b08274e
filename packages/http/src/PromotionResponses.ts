/**
 * Coupons, promotion codes and discounts as the API answers them (Stripe's `coupon`,
 * `promotion_code` and `discount`), apart from their contracts so that sessions and line items can
 * embed them.
 */
import { Coupon, type CouponView, PromotionCode, type SessionDiscount } from "@till/core"
import { Schema } from "effect"

const c = Coupon.fields
const p = PromotionCode.fields

/** A coupon (Stripe's `coupon`); `applies_to` appears only when set, as Stripe shows it. */
export const CouponObject = Schema.Struct({
  id: c.id,
  object: Schema.Literal("coupon"),
  amount_off: c.amount_off,
  applies_to: Schema.optionalKey(Schema.Struct({ products: Schema.Array(Schema.String) })),
  created: c.created,
  currency: c.currency,
  duration: c.duration,
  duration_in_months: c.duration_in_months,
  livemode: c.livemode,
  max_redemptions: c.max_redemptions,
  metadata: c.metadata,
  name: c.name,
  percent_off: c.percent_off,
  redeem_by: c.redeem_by,
  times_redeemed: c.times_redeemed,
  valid: Schema.Boolean
}).annotate({ identifier: "Coupon" })
/** See {@link CouponObject}. */
export type CouponObject = typeof CouponObject.Type

/** A deleted coupon, as its delete answers. */
export const DeletedCouponObject = Schema.Struct({ id: Schema.String, object: Schema.Literal("coupon"), deleted: Schema.Literal(true) })
  .annotate({ identifier: "DeletedCoupon" })

/** A promotion code (Stripe's `promotion_code`, in the `promotion[coupon]` shape of Stripe's current API). */
export const PromotionCodeObject = Schema.Struct({
  id: p.id,
  object: Schema.Literal("promotion_code"),
  active: p.active,
  code: p.code,
  created: p.created,
  customer: p.customer,
  customer_account: Schema.Null,
  expires_at: p.expires_at,
  livemode: p.livemode,
  max_redemptions: p.max_redemptions,
  metadata: p.metadata,
  promotion: Schema.Struct({ coupon: Schema.String, type: Schema.Literal("coupon") }),
  restrictions: Schema.Struct({
    currency_options: Schema.Record(Schema.String, Schema.Struct({ minimum_amount: Schema.Int })),
    first_time_transaction: Schema.Boolean,
    minimum_amount: Schema.NullOr(Schema.Int),
    minimum_amount_currency: Schema.NullOr(Schema.String)
  }),
  times_redeemed: p.times_redeemed
}).annotate({ identifier: "PromotionCode" })
/** See {@link PromotionCodeObject}. */
export type PromotionCodeObject = typeof PromotionCodeObject.Type

/** A discount applied to a session (Stripe's `discount`), as line items' `discounts[].discount` show it. */
export const DiscountObject = Schema.Struct({
  id: Schema.String,
  object: Schema.Literal("discount"),
  checkout_session: Schema.NullOr(Schema.String),
  customer: Schema.NullOr(Schema.String),
  customer_account: Schema.Null,
  end: Schema.Null,
  invoice: Schema.Null,
  invoice_item: Schema.Null,
  promotion_code: Schema.NullOr(Schema.String),
  source: Schema.Struct({ coupon: CouponObject, type: Schema.Literal("coupon") }),
  start: Schema.Int,
  subscription: Schema.Null,
  subscription_item: Schema.Null
}).annotate({ identifier: "Discount" })
/** See {@link DiscountObject}. */
export type DiscountObject = typeof DiscountObject.Type

/** A coupon as Stripe shows it. */
export const coupon = (v: CouponView): CouponObject => ({
  id: v.id,
  object: "coupon",
  amount_off: v.amount_off,
  ...(v.applies_to === null ? {} : { applies_to: { products: v.applies_to.products } }),
  created: v.created,
  currency: v.currency,
  duration: v.duration,
  duration_in_months: v.duration_in_months,
  livemode: v.livemode,
  max_redemptions: v.max_redemptions,
  metadata: v.metadata,
  name: v.name,
  percent_off: v.percent_off,
  redeem_by: v.redeem_by,
  times_redeemed: v.times_redeemed,
  valid: v.valid
})

/** A deleted coupon: its id only. */
export const deletedCoupon = (id: string) => ({ id, object: "coupon" as const, deleted: true as const })

/** A promotion code as Stripe shows it. */
export const promotionCode = (v: PromotionCode): PromotionCodeObject => ({
  id: v.id,
  object: "promotion_code",
  active: v.active,
  code: v.code,
  created: v.created,
  customer: v.customer,
  customer_account: null,
  expires_at: v.expires_at,
  livemode: v.livemode,
  max_redemptions: v.max_redemptions,
  metadata: v.metadata,
  promotion: { coupon: v.coupon, type: "coupon" },
  restrictions: { currency_options: {}, ...v.restrictions },
  times_redeemed: v.times_redeemed
})

/** A session's discount as Stripe's `discount` object; the coupon as it was when applied (valid then). */
export const discount = (d: SessionDiscount, session: { readonly id: string; readonly customer: string | null }): DiscountObject => ({
  id: d.id,
  object: "discount",
  checkout_session: session.id,
  customer: session.customer,
  customer_account: null,
  end: null,
  invoice: null,
  invoice_item: null,
  promotion_code: d.promotion_code?.id ?? null,
  source: { coupon: coupon({ ...d.coupon, valid: true }), type: "coupon" },
  start: d.start,
  subscription: null,
  subscription_item: null
})
