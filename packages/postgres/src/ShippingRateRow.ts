/**
 * A shipping rate as a `shipping_rates` row: real columns for what is looked up, listed or filtered
 * (`id`, `account`, `livemode`, `created`, `active`, `currency`, `version`), and a JSON document for
 * the rest, decoded tolerantly so that rows written by any earlier version still read.
 */
import { ShippingRate, type StoredShippingRate } from "@till/core"
import { Schema, Struct } from "effect"
import type { Insertable, Selectable } from "kysely"
import type { ShippingRatesTable } from "./Database.ts"
import { DOCUMENT_VERSION, documentVersion, withDefault } from "./Documents.ts"

const fields = ShippingRate.fields

/** The `doc` of a shipping rate: every field no column holds (the amount's currency is a column). A key added later takes its default. */
export const ShippingRateDoc = Schema.Struct({
  v: documentVersion,
  display_name: fields.display_name,
  type: withDefault(fields.type, "fixed_amount"),
  amount: Schema.Int,
  currency_options: withDefault(fields.fixed_amount.fields.currency_options, {}),
  delivery_estimate: withDefault(fields.delivery_estimate, null),
  metadata: withDefault(fields.metadata, {}),
  tax_behavior: withDefault(fields.tax_behavior, null),
  tax_code: withDefault(fields.tax_code, null)
})

const decodeDoc = Schema.decodeUnknownSync(ShippingRateDoc)

/** The columns a shipping rate is read from. */
export const COLUMNS = ["id", "account", "livemode", "created", "active", "currency", "version", "doc"] as const

/** A stored shipping rate from its row; a document that cannot be decoded throws (a defect: the row is corrupt). */
export const fromRow = (row: Pick<Selectable<ShippingRatesTable>, typeof COLUMNS[number]>): StoredShippingRate => {
  const { amount, currency_options, v: _v, ...doc } = decodeDoc(row.doc)
  return {
    account: row.account,
    version: row.version,
    shipping_rate: {
      ...doc,
      id: row.id,
      livemode: row.livemode,
      created: Number(row.created),
      active: row.active,
      fixed_amount: { amount, currency: row.currency, currency_options }
    }
  }
}

/** The row of a stored shipping rate. */
export const toRow = ({ account, shipping_rate: r, version }: StoredShippingRate): Insertable<ShippingRatesTable> => ({
  id: r.id,
  account,
  livemode: r.livemode,
  created: r.created,
  active: r.active,
  currency: r.fixed_amount.currency,
  version,
  doc: JSON.stringify({
    v: DOCUMENT_VERSION,
    ...Struct.pick(r, ["display_name", "type", "delivery_estimate", "metadata", "tax_behavior", "tax_code"]),
    amount: r.fixed_amount.amount,
    currency_options: r.fixed_amount.currency_options
  })
})
