/**
 * Products and prices in Stripe's shape (see CatalogObjects), and the price a line item shows.
 */
import { type LineItem, type Price, type Product, SessionLineItems } from "@till/core"
import type { DeletedProductObject, PlainPriceObject, PlainProductObject } from "./CatalogObjects.ts"

/** A product, `default_price` an id. */
export const product = (p: Product): PlainProductObject => ({
  id: p.id,
  object: "product",
  active: p.active,
  created: p.created,
  default_price: p.default_price,
  description: p.description,
  images: p.images,
  livemode: p.livemode,
  marketing_features: [],
  metadata: p.metadata,
  name: p.name,
  package_dimensions: null,
  shippable: p.shippable,
  statement_descriptor: p.statement_descriptor,
  tax_code: null,
  tax_details: null,
  type: p.type,
  unit_label: p.unit_label,
  updated: p.updated,
  url: p.url
})

/** A price, `product` an id. */
export const price = (p: Price): PlainPriceObject => ({
  id: p.id,
  object: "price",
  active: p.active,
  billing_scheme: "per_unit",
  created: p.created,
  currency: p.currency,
  custom_unit_amount: null,
  livemode: p.livemode,
  lookup_key: p.lookup_key,
  metadata: p.metadata,
  nickname: p.nickname,
  product: p.product,
  recurring: p.recurring === null ? null : { ...p.recurring, meter: null },
  tax_behavior: p.tax_behavior,
  tiers_mode: null,
  transform_quantity: null,
  type: p.type,
  unit_amount: p.unit_amount,
  unit_amount_decimal: p.unit_amount_decimal
})

/** What deleting a product answers. */
export const deletedProduct = (p: Product): DeletedProductObject => ({ id: p.id, object: "product", deleted: true })

/** The price a line item was sold at (see SessionLineItems.withCatalog for items stored without one). */
export const lineItemPrice = (item: LineItem): PlainPriceObject =>
  price(SessionLineItems.withCatalog(item, { created: 0, livemode: false }).catalog.price)
