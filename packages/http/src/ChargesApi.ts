/**
 * The contract of charges (`/v1/charges`) and refunds (`/v1/refunds`), Stripe's Charges and Refunds
 * APIs as far as Till has them. Every route takes a secret key.
 */
import { CreateRefundParams, ListChargesParams, ListPageParams, ListRefundsParams, UpdateChargeParams, UpdateRefundParams } from "@till/core"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
import { ChargeObject, RefundObject } from "./ChargeResponses.ts"
import { body, query } from "./ContractInput.ts"
import { Expand } from "./Requests.ts"
import { CommonErrors, ListOf } from "./Responses.ts"
import { SecretKeyAuth } from "./Security.ts"

const describe = (description: string) => OpenApi.annotations({ description })
const id = { id: Schema.String }

/** The fields of a charge that `expand[]` can embed. */
export const CHARGE_EXPANDABLE = ["refunds", "payment_intent"] as const
/** The fields of a refund that `expand[]` can embed. */
export const REFUND_EXPANDABLE = ["charge", "payment_intent"] as const

const chargeExpand = Expand(CHARGE_EXPANDABLE)
const refundExpand = Expand(REFUND_EXPANDABLE)

/** `GET /v1/charges/:id`. */
export const RetrieveChargeQuery = Schema.Struct({ expand: chargeExpand })
/** `POST /v1/charges/:id`. */
export const UpdateChargeBody = Schema.Struct({ ...UpdateChargeParams.fields, expand: chargeExpand })
/** `GET /v1/charges`. */
export const ListChargesQuery = Schema.Struct({ ...ListChargesParams.fields, expand: Expand(CHARGE_EXPANDABLE.map((f) => `data.${f}` as const)) })
/** `GET /v1/charges/:id/refunds`. */
export const ListChargeRefundsQuery = Schema.Struct({ ...ListPageParams.fields, expand: Expand(REFUND_EXPANDABLE.map((f) => `data.${f}` as const)) })
/** `POST /v1/refunds`. */
export const CreateRefundBody = Schema.Struct({ ...CreateRefundParams.fields, expand: refundExpand })
/** `POST /v1/refunds/:id`. */
export const UpdateRefundBody = Schema.Struct({ ...UpdateRefundParams.fields, expand: refundExpand })
/** `POST /v1/refunds/:id/cancel`. */
export const CancelRefundBody = Schema.Struct({ expand: refundExpand })
/** `GET /v1/refunds/:id`. */
export const RetrieveRefundQuery = Schema.Struct({ expand: refundExpand })
/** `GET /v1/refunds`. */
export const ListRefundsQuery = Schema.Struct({ ...ListRefundsParams.fields, expand: Expand(REFUND_EXPANDABLE.map((f) => `data.${f}` as const)) })

/** Charges: read from the payment intents that made them. */
export class ChargesGroup extends HttpApiGroup.make("charges")
  .add(
    HttpApiEndpoint.get("list", "/v1/charges", {
      query: query(ListChargesQuery),
      success: ListOf(ChargeObject),
      error: CommonErrors
    }).annotateMerge(describe("Charges of the key's account and mode, newest first by their session; `payment_intent` and `customer` filter them.")),
    HttpApiEndpoint.get("retrieve", "/v1/charges/:id", {
      params: id,
      query: query(RetrieveChargeQuery),
      success: ChargeObject,
      error: CommonErrors
    }).annotateMerge(describe("A charge: what a payment intent's approved attempt took, with `amount_refunded` and (`expand[]=refunds`) its refunds.")),
    HttpApiEndpoint.post("update", "/v1/charges/:id", {
      params: id,
      payload: body(UpdateChargeBody),
      success: ChargeObject,
      error: CommonErrors
    }).annotateMerge(describe("Changes `description` (`\"\"` unsets it) and `metadata` (merged). Emits `charge.updated` when something changed.")),
    HttpApiEndpoint.get("listRefunds", "/v1/charges/:id/refunds", {
      params: id,
      query: query(ListChargeRefundsQuery),
      success: ListOf(RefundObject),
      error: CommonErrors
    }).annotateMerge(describe("The charge's refunds, newest first (the `url` of a charge's `refunds` list)."))
  )
  .middleware(SecretKeyAuth)
  .annotateMerge(OpenApi.annotations({ title: "Charges" }))
{}

/** Refunds of charges. */
export class RefundsGroup extends HttpApiGroup.make("refunds")
  .add(
    HttpApiEndpoint.post("create", "/v1/refunds", {
      payload: body(CreateRefundBody),
      success: RefundObject,
      error: CommonErrors
    }).annotateMerge(describe(
      "Refunds a charge (`charge` or `payment_intent`): all of what is left, or `amount`; `reason`, `metadata`. Refunds never exceed what " +
        "was captured: 400 `amount_too_large` or `charge_already_refunded`; an uncaptured charge answers 400 `charge_not_refundable`. " +
        "Emits `refund.created` and `charge.refunded`."
    )),
    HttpApiEndpoint.get("list", "/v1/refunds", {
      query: query(ListRefundsQuery),
      success: ListOf(RefundObject),
      error: CommonErrors
    }).annotateMerge(describe("Refunds of the key's account and mode, newest first, by `charge`, `payment_intent` and `created`.")),
    HttpApiEndpoint.get("retrieve", "/v1/refunds/:id", {
      params: id,
      query: query(RetrieveRefundQuery),
      success: RefundObject,
      error: CommonErrors
    }).annotateMerge(describe("A refund: its `amount`, `status` (`pending`, `succeeded`, `failed`) and, expandable, its `charge` and `payment_intent`.")),
    HttpApiEndpoint.post("update", "/v1/refunds/:id", {
      params: id,
      payload: body(UpdateRefundBody),
      success: RefundObject,
      error: CommonErrors
    }).annotateMerge(describe("Changes `metadata` (merged). Emits `refund.updated` when something changed.")),
    HttpApiEndpoint.post("cancel", "/v1/refunds/:id/cancel", {
      params: id,
      payload: body(CancelRefundBody),
      success: RefundObject,
      error: CommonErrors
    }).annotateMerge(describe("Stripe cancels only refunds that `requires_action`, which card refunds never do: every refund answers 400."))
  )
  .middleware(SecretKeyAuth)
  .annotateMerge(OpenApi.annotations({ title: "Refunds" }))
{}
