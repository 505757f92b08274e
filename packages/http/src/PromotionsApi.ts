/**
 * The contracts of coupons (`/v1/coupons`) and promotion codes (`/v1/promotion_codes`), Stripe's
 * Coupons and Promotion Codes APIs. Every route takes a secret key.
 */
import {
  CreateCouponParams,
  CreatePromotionCodeParams,
  ListCouponsParams,
  ListPromotionCodesParams,
  UpdateCouponParams,
  UpdatePromotionCodeParams
} from "@till/core"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
import { body, query } from "./ContractInput.ts"
import { CouponObject, DeletedCouponObject, PromotionCodeObject } from "./PromotionResponses.ts"
import { Expand, RetrieveQuery } from "./Requests.ts"
import { CommonErrors, ListOf } from "./Responses.ts"
import { SecretKeyAuth } from "./Security.ts"

const describe = (description: string) => OpenApi.annotations({ description })
const nothingExpandable = Expand([])
const id = { id: Schema.String }

/** `POST /v1/coupons`. */
export const CreateCouponBody = Schema.Struct({ ...CreateCouponParams.fields, expand: nothingExpandable })
/** `POST /v1/coupons/:id`. */
export const UpdateCouponBody = Schema.Struct({ ...UpdateCouponParams.fields, expand: nothingExpandable })
/** `GET /v1/coupons`. */
export const ListCouponsQuery = Schema.Struct({ ...ListCouponsParams.fields, expand: nothingExpandable })
/** `POST /v1/promotion_codes`. */
export const CreatePromotionCodeBody = Schema.Struct({ ...CreatePromotionCodeParams.fields, expand: nothingExpandable })
/** `POST /v1/promotion_codes/:id`. */
export const UpdatePromotionCodeBody = Schema.Struct({ ...UpdatePromotionCodeParams.fields, expand: nothingExpandable })
/** `GET /v1/promotion_codes`. */
export const ListPromotionCodesQuery = Schema.Struct({ ...ListPromotionCodesParams.fields, expand: nothingExpandable })

/** Coupons. */
export class CouponsGroup extends HttpApiGroup.make("coupons")
  .add(
    HttpApiEndpoint.post("create", "/v1/coupons", { payload: body(CreateCouponBody), success: CouponObject, error: CommonErrors })
      .annotateMerge(describe(
        "Creates a coupon: `percent_off`, or `amount_off` with `currency`; `duration` (`once` by default; a one-time payment takes any " +
          "coupon once), `max_redemptions`, `redeem_by`, `applies_to[products]`, `name`, `metadata`, and its own `id` if wanted. Emits `coupon.created`."
      )),
    HttpApiEndpoint.get("list", "/v1/coupons", { query: query(ListCouponsQuery), success: ListOf(CouponObject), error: CommonErrors })
      .annotateMerge(describe("Coupons of the key's account and mode that are not deleted, newest first.")),
    HttpApiEndpoint.get("retrieve", "/v1/coupons/:id", { params: id, query: query(RetrieveQuery), success: CouponObject, error: CommonErrors })
      .annotateMerge(describe("A coupon, with `times_redeemed` and `valid` as of now.")),
    HttpApiEndpoint.post("update", "/v1/coupons/:id", { params: id, payload: body(UpdateCouponBody), success: CouponObject, error: CommonErrors })
      .annotateMerge(describe("Changes a coupon's `name` and `metadata`, all Stripe lets change. Emits `coupon.updated`.")),
    HttpApiEndpoint.delete("delete", "/v1/coupons/:id", { params: id, query: query(RetrieveQuery), success: DeletedCouponObject, error: CommonErrors })
      .annotateMerge(describe("Deletes a coupon: no new session can take it; sessions that took it keep it. Emits `coupon.deleted`."))
  )
  .middleware(SecretKeyAuth)
  .annotateMerge(OpenApi.annotations({ title: "Coupons" }))
{}

/** Promotion codes. */
export class PromotionCodesGroup extends HttpApiGroup.make("promotion_codes")
  .add(
    HttpApiEndpoint.post("create", "/v1/promotion_codes", { payload: body(CreatePromotionCodeBody), success: PromotionCodeObject, error: CommonErrors })
      .annotateMerge(describe(
        "Creates a code for a coupon (`promotion[coupon]`, or the older `coupon`): `code` (unique, case-insensitively, among active codes; " +
          "made up when absent), `active`, `customer`, `expires_at`, `max_redemptions`, `restrictions[first_time_transaction|minimum_amount|" +
          "minimum_amount_currency]`, `metadata`. Emits `promotion_code.created`."
      )),
    HttpApiEndpoint.get("list", "/v1/promotion_codes", { query: query(ListPromotionCodesQuery), success: ListOf(PromotionCodeObject), error: CommonErrors })
      .annotateMerge(describe("Promotion codes of the key's account and mode, newest first; `active`, `code`, `coupon`, `customer` and `created` filter them.")),
    HttpApiEndpoint.get("retrieve", "/v1/promotion_codes/:id", { params: id, query: query(RetrieveQuery), success: PromotionCodeObject, error: CommonErrors })
      .annotateMerge(describe("A promotion code.")),
    HttpApiEndpoint.post("update", "/v1/promotion_codes/:id", { params: id, payload: body(UpdatePromotionCodeBody), success: PromotionCodeObject, error: CommonErrors })
      .annotateMerge(describe("Changes `active` and `metadata`. Emits `promotion_code.updated`."))
  )
  .middleware(SecretKeyAuth)
  .annotateMerge(OpenApi.annotations({ title: "Promotion codes" }))
{}
