/**
 * Handlers of the product and price endpoints: parameters in, use case called, wire object out,
 * with `default_price` and `product` embedded when `expand` asks for them.
 */
import { Catalog, type Price, type Product, type ResourceMissing, type Scope } from "@till/core"
import { Effect } from "effect"
import { PricesGroup, ProductsGroup } from "./CatalogApi.ts"
import type { PriceObject, ProductObject } from "./CatalogObjects.ts"
import * as CatalogWire from "./CatalogWire.ts"
import * as Endpoint from "./Endpoint.ts"
import * as Wire from "./Wire.ts"

/** `expand` is the adapter's; the rest goes to the use case. */
const split = <A extends { readonly expand?: ReadonlyArray<string> }>(input: A) => {
  const { expand, ...params } = input
  return { expand: expand ?? [], params }
}

/** The routes of the Products and Prices groups. */
export const routes = Effect.gen(function*() {
  const catalog = yield* Catalog
  const endpoint = yield* Endpoint.make

  const productOut = (scope: Scope, expand: boolean) => (p: Product): Effect.Effect<ProductObject, ResourceMissing> =>
    expand && p.default_price !== null
      ? Effect.map(catalog.retrievePrice(scope, p.default_price), (price) => ({ ...CatalogWire.product(p), default_price: CatalogWire.price(price) }))
      : Effect.succeed(CatalogWire.product(p))

  const priceOut = (scope: Scope, expand: boolean) => (p: Price): Effect.Effect<PriceObject, ResourceMissing> =>
    expand
      ? Effect.map(catalog.retrieveProduct(scope, p.product), (product) => ({ ...CatalogWire.price(p), product: CatalogWire.product(product) }))
      : Effect.succeed(CatalogWire.price(p))

  const listOut = <A, B, E>(url: string, page: { readonly data: ReadonlyArray<A>; readonly has_more: boolean }, item: (a: A) => Effect.Effect<B, E>) =>
    Effect.map(Effect.forEach(page.data, item), (data) => Wire.list(url, { data, has_more: page.has_more }, (b) => b))

  const products = endpoint.routes(ProductsGroup, {
    create: ({ input, scope }) => {
      const { expand, params } = split(input)
      return Effect.flatMap(catalog.createProduct(scope, params), productOut(scope, expand.includes("default_price")))
    },
    list: ({ input, scope }) => {
      const { expand, params } = split(input)
      return Effect.flatMap(catalog.listProducts(scope, params), (page) => listOut("/v1/products", page, productOut(scope, expand.includes("data.default_price"))))
    },
    retrieve: ({ id, input, scope }) => Effect.flatMap(catalog.retrieveProduct(scope, id), productOut(scope, split(input).expand.includes("default_price"))),
    update: ({ id, input, scope }) => {
      const { expand, params } = split(input)
      return Effect.flatMap(catalog.updateProduct(scope, id, params), productOut(scope, expand.includes("default_price")))
    },
    delete: ({ id, scope }) => Effect.map(catalog.deleteProduct(scope, id), CatalogWire.deletedProduct)
  })

  const prices = endpoint.routes(PricesGroup, {
    create: ({ input, scope }) => {
      const { expand, params } = split(input)
      return Effect.flatMap(catalog.createPrice(scope, params), priceOut(scope, expand.includes("product")))
    },
    list: ({ input, scope }) => {
      const { expand, params } = split(input)
      return Effect.flatMap(catalog.listPrices(scope, params), (page) => listOut("/v1/prices", page, priceOut(scope, expand.includes("data.product"))))
    },
    retrieve: ({ id, input, scope }) => Effect.flatMap(catalog.retrievePrice(scope, id), priceOut(scope, split(input).expand.includes("product"))),
    update: ({ id, input, scope }) => {
      const { expand, params } = split(input)
      return Effect.flatMap(catalog.updatePrice(scope, id, params), priceOut(scope, expand.includes("product")))
    }
  })

  return [...products, ...prices]
})
