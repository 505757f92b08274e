/**
 * Coupons and promotion codes as rows of `coupons` and `promotion_codes`: real columns for what is
 * looked up, listed, filtered, unique or counted (`times_redeemed`, `max_redemptions`), and a
 * versioned JSON document for the rest, decoded tolerantly so that rows written by any earlier
 * version still read.
 */
import { Coupon, PromotionCode, type StoredCoupon, type StoredPromotionCode } from "@till/core"
import { Schema, Struct } from "effect"
import type { Selectable } from "kysely"
import type { CouponsTable, PromotionCodesTable } from "./Database.ts"
import { DOCUMENT_VERSION, documentVersion, withDefault } from "./Documents.ts"

const coupon = Coupon.fields
const code = PromotionCode.fields

/** What `coupons.doc` holds. */
export const CouponDoc = Schema.Struct({
  v: documentVersion,
  name: withDefault(coupon.name, null),
  percent_off: withDefault(coupon.percent_off, null),
  amount_off: withDefault(coupon.amount_off, null),
  currency: withDefault(coupon.currency, null),
  duration: withDefault(coupon.duration, "once"),
  duration_in_months: withDefault(coupon.duration_in_months, null),
  redeem_by: withDefault(coupon.redeem_by, null),
  applies_to: withDefault(coupon.applies_to, null),
  metadata: withDefault(coupon.metadata, {})
})

/** What `promotion_codes.doc` holds. */
export const PromotionCodeDoc = Schema.Struct({
  v: documentVersion,
  expires_at: withDefault(code.expires_at, null),
  restrictions: withDefault(code.restrictions, { first_time_transaction: false, minimum_amount: null, minimum_amount_currency: null }),
  metadata: withDefault(code.metadata, {})
})

const decodeCoupon = Schema.decodeUnknownSync(CouponDoc)
const decodeCode = Schema.decodeUnknownSync(PromotionCodeDoc)
const COUPON_KEYS = Struct.keys(CouponDoc.fields).filter((k) => k !== "v")
const CODE_KEYS = Struct.keys(PromotionCodeDoc.fields).filter((k) => k !== "v")

/** The columns a coupon is read from. */
export const COUPON_COLUMNS = ["account", "livemode", "id", "created", "deleted", "max_redemptions", "times_redeemed", "version", "doc"] as const
/** The columns a promotion code is read from. */
export const CODE_COLUMNS = ["account", "livemode", "id", "created", "code", "coupon", "active", "customer", "max_redemptions", "times_redeemed", "version", "doc"] as const

/** A stored coupon from its row. */
export const couponFromRow = (row: Pick<Selectable<CouponsTable>, typeof COUPON_COLUMNS[number]>): StoredCoupon => {
  const { v: _v, ...doc } = decodeCoupon(row.doc)
  return {
    account: row.account,
    version: row.version,
    deleted: row.deleted,
    coupon: { ...doc, id: row.id, livemode: row.livemode, created: Number(row.created), max_redemptions: row.max_redemptions, times_redeemed: row.times_redeemed }
  }
}

/** The row of a stored coupon, without `times_redeemed` (which only redemptions write). */
export const couponToRow = ({ account, coupon: c, deleted, version }: StoredCoupon) => ({
  account,
  livemode: c.livemode,
  id: c.id,
  created: c.created,
  deleted,
  max_redemptions: c.max_redemptions,
  version,
  doc: JSON.stringify({ v: DOCUMENT_VERSION, ...Struct.pick(c, COUPON_KEYS) })
})

/** A stored promotion code from its row. */
export const codeFromRow = (row: Pick<Selectable<PromotionCodesTable>, typeof CODE_COLUMNS[number]>): StoredPromotionCode => {
  const { v: _v, ...doc } = decodeCode(row.doc)
  return {
    account: row.account,
    version: row.version,
    promotion_code: {
      ...doc,
      id: row.id,
      livemode: row.livemode,
      created: Number(row.created),
      code: row.code,
      coupon: row.coupon,
      active: row.active,
      customer: row.customer,
      max_redemptions: row.max_redemptions,
      times_redeemed: row.times_redeemed
    }
  }
}

/** The row of a stored promotion code, without `times_redeemed`. */
export const codeToRow = ({ account, promotion_code: p, version }: StoredPromotionCode) => ({
  account,
  livemode: p.livemode,
  id: p.id,
  created: p.created,
  code: p.code,
  coupon: p.coupon,
  active: p.active,
  customer: p.customer,
  max_redemptions: p.max_redemptions,
  version,
  doc: JSON.stringify({ v: DOCUMENT_VERSION, ...Struct.pick(p, CODE_KEYS) })
})
