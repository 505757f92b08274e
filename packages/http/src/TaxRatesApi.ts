/**
 * The contract of tax rates (`/v1/tax_rates`, Stripe's Tax Rates API): create, retrieve, update and
 * list. Every route takes a secret key.
 */
import { CreateTaxRateParams, ListTaxRatesParams, UpdateTaxRateParams } from "@till/core"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
import { body, query } from "./ContractInput.ts"
import { Expand, RetrieveQuery } from "./Requests.ts"
import { CommonErrors, ListOf } from "./Responses.ts"
import { SecretKeyAuth } from "./Security.ts"
import { TaxRateObject } from "./TaxRateResponses.ts"

const describe = (description: string) => OpenApi.annotations({ description })
const nothingExpandable = Expand([])
const id = { id: Schema.String }

/** `POST /v1/tax_rates`. */
export const CreateTaxRateBody = Schema.Struct({ ...CreateTaxRateParams.fields, expand: nothingExpandable })
/** `POST /v1/tax_rates/:id`. */
export const UpdateTaxRateBody = Schema.Struct({ ...UpdateTaxRateParams.fields, expand: nothingExpandable })
/** `GET /v1/tax_rates`. */
export const ListTaxRatesQuery = Schema.Struct({ ...ListTaxRatesParams.fields, expand: nothingExpandable })

/** Tax rates. */
export class TaxRatesGroup extends HttpApiGroup.make("tax_rates")
  .add(
    HttpApiEndpoint.post("create", "/v1/tax_rates", {
      payload: body(CreateTaxRateBody),
      success: TaxRateObject,
      error: CommonErrors
    }).annotateMerge(describe(
      "Creates a tax rate: `display_name`, `percentage` (0 to 100, up to four decimals) and `inclusive` are required; " +
        "`country`, `state`, `jurisdiction`, `description`, `tax_type`, `active`, `metadata` describe it. Emits `tax_rate.created`."
    )),
    HttpApiEndpoint.get("list", "/v1/tax_rates", {
      query: query(ListTaxRatesQuery),
      success: ListOf(TaxRateObject),
      error: CommonErrors
    }).annotateMerge(describe("Tax rates of the key's account and mode, newest first; `active`, `inclusive` and `created` filter them.")),
    HttpApiEndpoint.get("retrieve", "/v1/tax_rates/:id", {
      params: id,
      query: query(RetrieveQuery),
      success: TaxRateObject,
      error: CommonErrors
    }).annotateMerge(describe("A tax rate.")),
    HttpApiEndpoint.post("update", "/v1/tax_rates/:id", {
      params: id,
      payload: body(UpdateTaxRateBody),
      success: TaxRateObject,
      error: CommonErrors
    }).annotateMerge(describe(
      "Changes what describes a tax rate (`\"\"` unsets a field; `metadata` merges). `percentage` and `inclusive` cannot change, " +
        "as with Stripe: passing either answers 400. Emits `tax_rate.updated` when something changed."
    ))
  )
  .middleware(SecretKeyAuth)
  .annotateMerge(OpenApi.annotations({ title: "Tax rates" }))
{}
