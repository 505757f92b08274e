/**
 * Products and prices as rows of `products` and `prices`: real columns for what is looked up, listed,
 * filtered or unique, and a versioned JSON document for the rest, decoded tolerantly (see
 * Documents.ts) so that rows written by any earlier version still read.
 */
import { Price, Product, type StoredPrice, type StoredProduct } from "@till/core"
import { Schema, Struct } from "effect"
import type { Insertable, Selectable } from "kysely"
import type { PricesTable, ProductsTable } from "./Database.ts"
import { DOCUMENT_VERSION, documentVersion, withDefault } from "./Documents.ts"

const product = Product.fields
const price = Price.fields

/** What `products.doc` holds: every field of the product that no column holds. */
export const ProductDocument = Schema.Struct({
  v: documentVersion,
  updated: product.updated,
  name: product.name,
  description: withDefault(product.description, null),
  images: withDefault(product.images, []),
  url: withDefault(product.url, null),
  metadata: withDefault(product.metadata, {}),
  default_price: withDefault(product.default_price, null),
  type: withDefault(product.type, "service"),
  shippable: withDefault(product.shippable, null),
  statement_descriptor: withDefault(product.statement_descriptor, null),
  unit_label: withDefault(product.unit_label, null)
})

/** What `prices.doc` holds: every field of the price that no column holds. */
export const PriceDocument = Schema.Struct({
  v: documentVersion,
  unit_amount: price.unit_amount,
  unit_amount_decimal: price.unit_amount_decimal,
  recurring: withDefault(price.recurring, null),
  nickname: withDefault(price.nickname, null),
  metadata: withDefault(price.metadata, {}),
  tax_behavior: withDefault(price.tax_behavior, null)
})

const decodeProduct = Schema.decodeUnknownSync(ProductDocument)
const decodePrice = Schema.decodeUnknownSync(PriceDocument)
const PRODUCT_DOCUMENT_KEYS = Struct.keys(ProductDocument.fields).filter((k) => k !== "v")
const PRICE_DOCUMENT_KEYS = Struct.keys(PriceDocument.fields).filter((k) => k !== "v")

/** The columns a product is read from. */
export const PRODUCT_COLUMNS = ["account", "livemode", "id", "created", "active", "version", "doc"] as const
/** The columns a price is read from. */
export const PRICE_COLUMNS = ["account", "livemode", "id", "created", "product", "active", "currency", "type", "lookup_key", "version", "doc"] as const

/** A stored product from its row; a document that cannot be decoded throws (a defect: the row is corrupt). */
export const productFromRow = (row: Pick<Selectable<ProductsTable>, typeof PRODUCT_COLUMNS[number]>): StoredProduct => {
  const { v: _v, ...doc } = decodeProduct(row.doc)
  return {
    account: row.account,
    version: row.version,
    product: { ...doc, id: row.id, livemode: row.livemode, created: Number(row.created), active: row.active }
  }
}

/** The row of a stored product. */
export const productToRow = ({ account, product: p, version }: StoredProduct): Insertable<ProductsTable> => ({
  account,
  livemode: p.livemode,
  id: p.id,
  created: p.created,
  active: p.active,
  version,
  doc: JSON.stringify({ v: DOCUMENT_VERSION, ...Struct.pick(p, PRODUCT_DOCUMENT_KEYS) })
})

/** A stored price from its row. */
export const priceFromRow = (row: Pick<Selectable<PricesTable>, typeof PRICE_COLUMNS[number]>): StoredPrice => {
  const { v: _v, ...doc } = decodePrice(row.doc)
  return {
    account: row.account,
    version: row.version,
    price: {
      ...doc,
      id: row.id,
      livemode: row.livemode,
      created: Number(row.created),
      product: row.product,
      active: row.active,
      currency: row.currency,
      type: row.type as Price["type"],
      lookup_key: row.lookup_key
    }
  }
}

/** The row of a stored price. */
export const priceToRow = ({ account, price: p, version }: StoredPrice): Insertable<PricesTable> => ({
  account,
  livemode: p.livemode,
  id: p.id,
  created: p.created,
  product: p.product,
  active: p.active,
  currency: p.currency,
  type: p.type,
  lookup_key: p.lookup_key,
  version,
  doc: JSON.stringify({ v: DOCUMENT_VERSION, ...Struct.pick(p, PRICE_DOCUMENT_KEYS) })
})
