/**
 * The wire objects of the catalog, as schemas: Stripe's `product` and `price`, every field of the
 * `stripe` package's `Product` and `Price` types that is always present, with Stripe's types and
 * nullability (null, or the empty value, where Till has no such feature). CatalogWire renders them.
 */
import { Interval, Price, Product } from "@till/core"
import { Schema } from "effect"

const product = Product.fields
const price = Price.fields

const productFields = {
  id: product.id,
  object: Schema.Literal("product"),
  active: product.active,
  created: product.created,
  default_price: Schema.NullOr(Schema.String),
  description: product.description,
  images: product.images,
  livemode: product.livemode,
  marketing_features: Schema.Array(Schema.Struct({ name: Schema.optionalKey(Schema.String) })),
  metadata: product.metadata,
  name: product.name,
  package_dimensions: Schema.Null,
  shippable: product.shippable,
  statement_descriptor: product.statement_descriptor,
  tax_code: Schema.Null,
  tax_details: Schema.Null,
  type: product.type,
  unit_label: product.unit_label,
  updated: product.updated,
  url: product.url
}

const priceFields = {
  id: price.id,
  object: Schema.Literal("price"),
  active: price.active,
  billing_scheme: Schema.Literal("per_unit"),
  created: price.created,
  currency: price.currency,
  custom_unit_amount: Schema.Null,
  livemode: price.livemode,
  lookup_key: price.lookup_key,
  metadata: price.metadata,
  nickname: price.nickname,
  product: Schema.String,
  recurring: Schema.NullOr(Schema.Struct({
    interval: Interval,
    interval_count: Schema.Int,
    meter: Schema.Null,
    trial_period_days: Schema.NullOr(Schema.Int),
    usage_type: Schema.Literals(["licensed", "metered"])
  })),
  tax_behavior: price.tax_behavior,
  tiers_mode: Schema.Null,
  transform_quantity: Schema.Null,
  type: price.type,
  unit_amount: price.unit_amount,
  unit_amount_decimal: price.unit_amount_decimal
}

/** A product with `default_price` as an id. */
export const PlainProductObject = Schema.Struct(productFields).annotate({ identifier: "PlainProduct" })
/** See {@link PlainProductObject}. */
export type PlainProductObject = typeof PlainProductObject.Type
/** A price with `product` as an id. */
export const PlainPriceObject = Schema.Struct(priceFields).annotate({ identifier: "PlainPrice" })
/** See {@link PlainPriceObject}. */
export type PlainPriceObject = typeof PlainPriceObject.Type

/** A product (Stripe's `product`); `default_price` is an id, or the price when expanded. */
export const ProductObject = Schema.Struct({ ...productFields, default_price: Schema.NullOr(Schema.Union([Schema.String, PlainPriceObject])) })
  .annotate({ identifier: "Product" })
/** See {@link ProductObject}. */
export type ProductObject = typeof ProductObject.Type

/** A price (Stripe's `price`); `product` is an id, or the product when expanded. Only `per_unit` prices exist here. */
export const PriceObject = Schema.Struct({ ...priceFields, product: Schema.Union([Schema.String, PlainProductObject]) }).annotate({ identifier: "Price" })
/** See {@link PriceObject}. */
export type PriceObject = typeof PriceObject.Type

/** What deleting a product answers. */
export const DeletedProductObject = Schema.Struct({ id: Schema.String, object: Schema.Literal("product"), deleted: Schema.Literal(true) })
  .annotate({ identifier: "DeletedProduct" })
/** See {@link DeletedProductObject}. */
export type DeletedProductObject = typeof DeletedProductObject.Type
