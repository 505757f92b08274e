/**
 * The contract of the catalog: products (`/v1/products`) and prices (`/v1/prices`), as Stripe has
 * them. Every route takes a secret key.
 */
import {
  CreatePriceParams,
  CreateProductParams,
  ListPricesParams,
  ListProductsParams,
  UpdatePriceParams,
  UpdateProductParams
} from "@till/core"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
import { DeletedProductObject, PriceObject, ProductObject } from "./CatalogObjects.ts"
import { body, query } from "./ContractInput.ts"
import { Expand } from "./Requests.ts"
import { CommonErrors, ListOf } from "./Responses.ts"
import { SecretKeyAuth } from "./Security.ts"

const describe = (description: string) => OpenApi.annotations({ description })
const id = { id: Schema.String }

const productExpand = Expand(["default_price"])
const priceExpand = Expand(["product"])

/** `POST /v1/products`. */
export const CreateProductBody = Schema.Struct({ ...CreateProductParams.fields, expand: productExpand })
/** `POST /v1/products/:id`. */
export const UpdateProductBody = Schema.Struct({ ...UpdateProductParams.fields, expand: productExpand })
/** `GET /v1/products/:id`. */
export const RetrieveProductQuery = Schema.Struct({ expand: productExpand })
/** `DELETE /v1/products/:id`. */
export const DeleteProductQuery = Schema.Struct({ expand: Expand([]) })
/** `GET /v1/products`. */
export const ListProductsQuery = Schema.Struct({ ...ListProductsParams.fields, expand: Expand(["data.default_price"]) })
/** `POST /v1/prices`. */
export const CreatePriceBody = Schema.Struct({ ...CreatePriceParams.fields, expand: priceExpand })
/** `POST /v1/prices/:id`. */
export const UpdatePriceBody = Schema.Struct({ ...UpdatePriceParams.fields, expand: priceExpand })
/** `GET /v1/prices/:id`. */
export const RetrievePriceQuery = Schema.Struct({ expand: priceExpand })
/** `GET /v1/prices`. */
export const ListPricesQuery = Schema.Struct({ ...ListPricesParams.fields, expand: Expand(["data.product"]) })

/** Products: what a merchant sells. */
export class ProductsGroup extends HttpApiGroup.make("products")
  .add(
    HttpApiEndpoint.post("create", "/v1/products", {
      payload: body(CreateProductBody),
      success: ProductObject,
      error: CommonErrors
    }).annotateMerge(describe("Creates a product; `default_price_data` creates its default price with it. Event `product.created` (and `price.created`).")),
    HttpApiEndpoint.get("list", "/v1/products", {
      query: query(ListProductsQuery),
      success: ListOf(ProductObject),
      error: CommonErrors
    }).annotateMerge(describe("Products of the key's account and mode, newest first; filters `active`, `ids[]`, `created`.")),
    HttpApiEndpoint.get("retrieve", "/v1/products/:id", {
      params: id,
      query: query(RetrieveProductQuery),
      success: ProductObject,
      error: CommonErrors
    }).annotateMerge(describe("A product of the key's account and mode; a deleted one answers 404.")),
    HttpApiEndpoint.post("update", "/v1/products/:id", {
      params: id,
      payload: body(UpdateProductBody),
      success: ProductObject,
      error: CommonErrors
    }).annotateMerge(describe("Changes a product; an empty string unsets a field; `default_price` must be an active price of the product. Event `product.updated`.")),
    HttpApiEndpoint.delete("delete", "/v1/products/:id", {
      params: id,
      query: query(DeleteProductQuery),
      success: DeletedProductObject,
      error: CommonErrors
    }).annotateMerge(describe("Deletes a product that has no prices (one with prices can only be archived with `active=false`). Event `product.deleted`."))
  )
  .middleware(SecretKeyAuth)
  .annotateMerge(OpenApi.annotations({ title: "Products" }))
{}

/** Prices: what a product costs. */
export class PricesGroup extends HttpApiGroup.make("prices")
  .add(
    HttpApiEndpoint.post("create", "/v1/prices", {
      payload: body(CreatePriceBody),
      success: PriceObject,
      error: CommonErrors
    }).annotateMerge(describe(
      "Creates a price for `product` (or a product made from `product_data`): `unit_amount` or `unit_amount_decimal` in the currency's minor unit, " +
        "one-time or `recurring`. A `lookup_key` held by another price moves only with `transfer_lookup_key=true`. Event `price.created`."
    )),
    HttpApiEndpoint.get("list", "/v1/prices", {
      query: query(ListPricesQuery),
      success: ListOf(PriceObject),
      error: CommonErrors
    }).annotateMerge(describe("Prices of the key's account and mode, newest first; filters `active`, `product`, `currency`, `type`, `lookup_keys[]`, `created`.")),
    HttpApiEndpoint.get("retrieve", "/v1/prices/:id", {
      params: id,
      query: query(RetrievePriceQuery),
      success: PriceObject,
      error: CommonErrors
    }).annotateMerge(describe("A price of the key's account and mode; `expand[]=product` embeds its product.")),
    HttpApiEndpoint.post("update", "/v1/prices/:id", {
      params: id,
      payload: body(UpdatePriceBody),
      success: PriceObject,
      error: CommonErrors
    }).annotateMerge(describe("Changes `active`, `nickname`, `lookup_key`, `metadata`, or an unspecified `tax_behavior`; amounts never change. Event `price.updated`."))
  )
  .middleware(SecretKeyAuth)
  .annotateMerge(OpenApi.annotations({ title: "Prices" }))
{}
