/**
 * The contract of shipping rates (`/v1/shipping_rates`, Stripe's Shipping Rates API): create,
 * retrieve, update and list. Every route takes a secret key.
 */
import { CreateShippingRateParams, ListShippingRatesParams, UpdateShippingRateParams } from "@till/core"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
import { body, query } from "./ContractInput.ts"
import { Expand, RetrieveQuery } from "./Requests.ts"
import { CommonErrors, ListOf } from "./Responses.ts"
import { SecretKeyAuth } from "./Security.ts"
import { ShippingRateObject } from "./ShippingRateResponses.ts"

const describe = (description: string) => OpenApi.annotations({ description })
const nothingExpandable = Expand([])
const id = { id: Schema.String }

/** `POST /v1/shipping_rates`. */
export const CreateShippingRateBody = Schema.Struct({ ...CreateShippingRateParams.fields, expand: nothingExpandable })
/** `POST /v1/shipping_rates/:id`. */
export const UpdateShippingRateBody = Schema.Struct({ ...UpdateShippingRateParams.fields, expand: nothingExpandable })
/** `GET /v1/shipping_rates`. */
export const ListShippingRatesQuery = Schema.Struct({ ...ListShippingRatesParams.fields, expand: nothingExpandable })

/** Shipping rates. */
export class ShippingRatesGroup extends HttpApiGroup.make("shipping_rates")
  .add(
    HttpApiEndpoint.post("create", "/v1/shipping_rates", {
      payload: body(CreateShippingRateBody),
      success: ShippingRateObject,
      error: CommonErrors
    }).annotateMerge(describe(
      "Creates a shipping rate: `display_name` and `fixed_amount` (`amount` and `currency`, and amounts in other currencies under " +
        "`currency_options`) are required; `delivery_estimate`, `tax_behavior`, `tax_code` and `metadata` describe it. Stripe sends no " +
        "shipping-rate events, nor does Till."
    )),
    HttpApiEndpoint.get("list", "/v1/shipping_rates", {
      query: query(ListShippingRatesQuery),
      success: ListOf(ShippingRateObject),
      error: CommonErrors
    }).annotateMerge(describe("Shipping rates of the key's account and mode, newest first; `active`, `currency` and `created` filter them.")),
    HttpApiEndpoint.get("retrieve", "/v1/shipping_rates/:id", {
      params: id,
      query: query(RetrieveQuery),
      success: ShippingRateObject,
      error: CommonErrors
    }).annotateMerge(describe("A shipping rate.")),
    HttpApiEndpoint.post("update", "/v1/shipping_rates/:id", {
      params: id,
      payload: body(UpdateShippingRateBody),
      success: ShippingRateObject,
      error: CommonErrors
    }).annotateMerge(describe(
      "Changes `active`, `metadata` (merged), `tax_behavior` (while unset or `unspecified`) and the amounts in other currencies " +
        "(`fixed_amount[currency_options]`). The amount in the rate's own currency never changes, as with Stripe."
    ))
  )
  .middleware(SecretKeyAuth)
  .annotateMerge(OpenApi.annotations({ title: "Shipping rates" }))
{}
