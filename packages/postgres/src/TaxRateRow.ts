/**
 * A tax rate as a `tax_rates` row: real columns for what is looked up, listed or filtered (`id`,
 * `account`, `livemode`, `created`, `active`, `inclusive`, `version`), and a JSON document for the
 * rest, decoded tolerantly so that rows written by any earlier version still read.
 */
import { type StoredTaxRate, TaxRate } from "@till/core"
import { Schema, Struct } from "effect"
import type { Insertable, Selectable } from "kysely"
import type { TaxRatesTable } from "./Database.ts"
import { DOCUMENT_VERSION, documentVersion, withDefault } from "./Documents.ts"

const fields = TaxRate.fields

/** The `doc` of a tax rate: every field no column holds. A key added later takes its default; unknown keys are ignored. */
export const TaxRateDoc = Schema.Struct({
  v: documentVersion,
  percentage: fields.percentage,
  display_name: fields.display_name,
  country: withDefault(fields.country, null),
  description: withDefault(fields.description, null),
  jurisdiction: withDefault(fields.jurisdiction, null),
  metadata: withDefault(fields.metadata, {}),
  state: withDefault(fields.state, null),
  tax_type: withDefault(fields.tax_type, null)
})

const decodeDoc = Schema.decodeUnknownSync(TaxRateDoc)
const DOC_KEYS = Struct.keys(TaxRateDoc.fields).filter((k) => k !== "v")

/** The columns a tax rate is read from. */
export const COLUMNS = ["id", "account", "livemode", "created", "active", "inclusive", "version", "doc"] as const

/** A stored tax rate from its row; a document that cannot be decoded throws (a defect: the row is corrupt). */
export const fromRow = (row: Pick<Selectable<TaxRatesTable>, typeof COLUMNS[number]>): StoredTaxRate => {
  const { v: _v, ...doc } = decodeDoc(row.doc)
  return {
    account: row.account,
    version: row.version,
    tax_rate: { ...doc, id: row.id, livemode: row.livemode, created: Number(row.created), active: row.active, inclusive: row.inclusive }
  }
}

/** The row of a stored tax rate. */
export const toRow = ({ account, tax_rate: r, version }: StoredTaxRate): Insertable<TaxRatesTable> => ({
  id: r.id,
  account,
  livemode: r.livemode,
  created: r.created,
  active: r.active,
  inclusive: r.inclusive,
  version,
  doc: JSON.stringify({ v: DOCUMENT_VERSION, ...Struct.pick(r, DOC_KEYS) })
})
