/**
 * The contract of customers (`/v1/customers`, Stripe's Customers API): create, retrieve, update,
 * delete and list. Every route takes a secret key.
 */
import { CreateCustomerParams, ListCustomersParams, UpdateCustomerParams } from "@till/core"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
import { body, query } from "./ContractInput.ts"
import { Expand, RetrieveQuery } from "./Requests.ts"
import { CustomerObject, DeletedCustomerObject } from "./CustomerResponses.ts"
import { CommonErrors, ListOf } from "./Responses.ts"
import { SecretKeyAuth } from "./Security.ts"

const describe = (description: string) => OpenApi.annotations({ description })
const nothingExpandable = Expand([])
const id = { id: Schema.String }

/** `POST /v1/customers`. */
export const CreateCustomerBody = Schema.Struct({ ...CreateCustomerParams.fields, expand: nothingExpandable })
/** `POST /v1/customers/:id`. */
export const UpdateCustomerBody = Schema.Struct({ ...UpdateCustomerParams.fields, expand: nothingExpandable })
/** `GET /v1/customers`: `email` (exact, case-sensitive), `created`, and the pagination parameters. */
export const ListCustomersQuery = Schema.Struct({ ...ListCustomersParams.fields, expand: nothingExpandable })

/** Customers. */
export class CustomersGroup extends HttpApiGroup.make("customers")
  .add(
    HttpApiEndpoint.post("create", "/v1/customers", {
      payload: body(CreateCustomerBody),
      success: CustomerObject,
      error: CommonErrors
    }).annotateMerge(describe(
      "Creates a customer (`email`, `name`, `phone`, `description`, `address`, `shipping`, `metadata`, `preferred_locales`, ...). " +
        "Stripe parameters of features Till lacks (`payment_method`, `source`, `tax_id_data`, `invoice_settings`, `cash_balance`, " +
        "`tax`, `test_clock`) answer 400 naming the feature. Emits `customer.created`."
    )),
    HttpApiEndpoint.get("list", "/v1/customers", {
      query: query(ListCustomersQuery),
      success: ListOf(CustomerObject),
      error: CommonErrors
    }).annotateMerge(describe("Customers of the key's account and mode, newest first; deleted ones are left out.")),
    HttpApiEndpoint.get("retrieve", "/v1/customers/:id", {
      params: id,
      query: query(RetrieveQuery),
      success: Schema.Union([CustomerObject, DeletedCustomerObject]),
      error: CommonErrors
    }).annotateMerge(describe("A customer; a deleted one reads as `{ id, object, deleted: true }`, as Stripe's does.")),
    HttpApiEndpoint.post("update", "/v1/customers/:id", {
      params: id,
      payload: body(UpdateCustomerBody),
      success: CustomerObject,
      error: CommonErrors
    }).annotateMerge(describe("Changes the given fields (`\"\"` unsets one; `metadata` merges). Emits `customer.updated` when something changed.")),
    HttpApiEndpoint.delete("delete", "/v1/customers/:id", {
      params: id,
      query: query(RetrieveQuery),
      success: DeletedCustomerObject,
      error: CommonErrors
    }).annotateMerge(describe("Deletes a customer for good; it still reads, as deleted. Emits `customer.deleted`."))
  )
  .middleware(SecretKeyAuth)
  .annotateMerge(OpenApi.annotations({ title: "Customers" }))
{}
