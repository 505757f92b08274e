/**
 * Handlers of the coupon and promotion-code endpoints.
 */
import { Promotions } from "@till/core"
import { Effect } from "effect"
import * as Endpoint from "./Endpoint.ts"
import { CouponsGroup, PromotionCodesGroup } from "./PromotionsApi.ts"
import { coupon, deletedCoupon, promotionCode } from "./PromotionResponses.ts"
import * as Wire from "./Wire.ts"

const { withoutExpand } = Endpoint

/** The routes of the Coupons and PromotionCodes groups. */
export const routes = Effect.gen(function*() {
  const promotions = yield* Promotions
  const endpoint = yield* Endpoint.make
  return [
    ...endpoint.routes(CouponsGroup, {
      create: ({ input, scope }) => Effect.map(promotions.createCoupon(scope, withoutExpand(input)), coupon),
      list: ({ input, scope }) => Effect.map(promotions.listCoupons(scope, withoutExpand(input)), (page) => Wire.list("/v1/coupons", page, coupon)),
      retrieve: ({ id, scope }) => Effect.map(promotions.retrieveCoupon(scope, id), coupon),
      update: ({ id, input, scope }) => Effect.map(promotions.updateCoupon(scope, id, withoutExpand(input)), coupon),
      delete: ({ id, scope }) => Effect.map(promotions.deleteCoupon(scope, id), deletedCoupon)
    }),
    ...endpoint.routes(PromotionCodesGroup, {
      create: ({ input, scope }) => Effect.map(promotions.createPromotionCode(scope, withoutExpand(input)), promotionCode),
      list: ({ input, scope }) => Effect.map(promotions.listPromotionCodes(scope, withoutExpand(input)), (page) => Wire.list("/v1/promotion_codes", page, promotionCode)),
      retrieve: ({ id, scope }) => Effect.map(promotions.retrievePromotionCode(scope, id), promotionCode),
      update: ({ id, input, scope }) => Effect.map(promotions.updatePromotionCode(scope, id, withoutExpand(input)), promotionCode)
    })
  ]
})
