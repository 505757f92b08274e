/**
 * The parameters of the catalog's commands: products and prices, created, changed and listed.
 */
import { Schema } from "effect"
import * as Money from "./Money.ts"
import { Bool, MetadataOrEmpty, Text, Url } from "./Params.ts"
import { PriceAmountParams, ProductDataParams, TaxBehavior } from "./Price.ts"
import { ProductType } from "./Product.ts"
import { PageParams, RangeParams } from "./SessionParams.ts"

/** Most images a product may carry (Stripe's limit). */
export const MAX_IMAGES = 8

const Images = Schema.Array(Url).pipe(Schema.check(Schema.isMaxLength(MAX_IMAGES)))

/** A product's own id, when the merchant chooses it (Stripe allows that on create). */
const ProductId = Text(1, 255).pipe(
  Schema.check(Schema.makeFilter((s: string) => (/^[A-Za-z0-9_-]+$/.test(s) ? undefined : "Expected letters, digits, `_` or `-`")))
)

/** `default_price_data`: the default price, created with the product. */
export const DefaultPriceDataParams = Schema.Struct({
  currency: Money.Currency,
  ...PriceAmountParams,
  metadata: Schema.optionalKey(MetadataOrEmpty)
})
/** See {@link DefaultPriceDataParams}. */
export type DefaultPriceDataParams = typeof DefaultPriceDataParams.Type

/** Parameters of `POST /v1/products`. */
export const CreateProductParams = Schema.Struct({
  name: Text(1, 5000),
  id: Schema.optionalKey(ProductId),
  active: Schema.optionalKey(Bool),
  description: Schema.optionalKey(Text(1, 40000)),
  images: Schema.optionalKey(Images),
  url: Schema.optionalKey(Url),
  metadata: Schema.optionalKey(MetadataOrEmpty),
  default_price_data: Schema.optionalKey(DefaultPriceDataParams),
  type: Schema.optionalKey(ProductType),
  shippable: Schema.optionalKey(Bool),
  statement_descriptor: Schema.optionalKey(Text(5, 22)),
  unit_label: Schema.optionalKey(Text(1, 12))
})
/** See {@link CreateProductParams}. */
export type CreateProductParams = typeof CreateProductParams.Type

const orEmpty = <S extends Schema.Top>(schema: S) => Schema.Union([schema, Schema.Literal("")])

/** Parameters of `POST /v1/products/:id`; an empty string unsets a field, as with Stripe. */
export const UpdateProductParams = Schema.Struct({
  name: Schema.optionalKey(Text(1, 5000)),
  active: Schema.optionalKey(Bool),
  description: Schema.optionalKey(orEmpty(Text(1, 40000))),
  images: Schema.optionalKey(orEmpty(Images)),
  url: Schema.optionalKey(orEmpty(Url)),
  metadata: Schema.optionalKey(MetadataOrEmpty),
  default_price: Schema.optionalKey(orEmpty(Text(1, 255))),
  shippable: Schema.optionalKey(Bool),
  statement_descriptor: Schema.optionalKey(Text(5, 22)),
  unit_label: Schema.optionalKey(orEmpty(Text(1, 12)))
})
/** See {@link UpdateProductParams}. */
export type UpdateProductParams = typeof UpdateProductParams.Type

/** Parameters of `GET /v1/products`. */
export const ListProductsParams = Schema.Struct({
  ...PageParams,
  active: Schema.optionalKey(Bool),
  ids: Schema.optionalKey(Schema.Array(Text(1, 255)).pipe(Schema.check(Schema.isMaxLength(100)))),
  created: Schema.optionalKey(RangeParams)
})
/** See {@link ListProductsParams}. */
export type ListProductsParams = typeof ListProductsParams.Type

/** Parameters of `POST /v1/prices`. */
export const CreatePriceParams = Schema.Struct({
  currency: Money.Currency,
  product: Schema.optionalKey(Text(1, 255)),
  product_data: Schema.optionalKey(ProductDataParams),
  ...PriceAmountParams,
  active: Schema.optionalKey(Bool),
  nickname: Schema.optionalKey(Text(1, 5000)),
  lookup_key: Schema.optionalKey(Text(1, 200)),
  transfer_lookup_key: Schema.optionalKey(Bool),
  metadata: Schema.optionalKey(MetadataOrEmpty),
  billing_scheme: Schema.optionalKey(Schema.Literal("per_unit"))
})
/** See {@link CreatePriceParams}. */
export type CreatePriceParams = typeof CreatePriceParams.Type

/** Parameters of `POST /v1/prices/:id`: what Stripe lets change once a price exists. */
export const UpdatePriceParams = Schema.Struct({
  active: Schema.optionalKey(Bool),
  nickname: Schema.optionalKey(Schema.Union([Text(1, 5000), Schema.Literal("")])),
  lookup_key: Schema.optionalKey(Schema.Union([Text(1, 200), Schema.Literal("")])),
  transfer_lookup_key: Schema.optionalKey(Bool),
  metadata: Schema.optionalKey(MetadataOrEmpty),
  tax_behavior: Schema.optionalKey(TaxBehavior)
})
/** See {@link UpdatePriceParams}. */
export type UpdatePriceParams = typeof UpdatePriceParams.Type

/** Parameters of `GET /v1/prices`. */
export const ListPricesParams = Schema.Struct({
  ...PageParams,
  active: Schema.optionalKey(Bool),
  product: Schema.optionalKey(Text(1, 255)),
  currency: Schema.optionalKey(Money.Currency),
  type: Schema.optionalKey(Schema.Literals(["one_time", "recurring"])),
  lookup_keys: Schema.optionalKey(Schema.Array(Text(1, 200)).pipe(Schema.check(Schema.isMaxLength(10)))),
  created: Schema.optionalKey(RangeParams)
})
/** See {@link ListPricesParams}. */
export type ListPricesParams = typeof ListPricesParams.Type
