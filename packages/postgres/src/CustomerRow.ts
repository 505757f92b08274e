/**
 * A customer as a `customers` row: real columns for what is looked up, listed, filtered or locked
 * (`id`, `account`, `livemode`, `created`, `email`, `deleted`, `version`), and a JSON document for the
 * rest, decoded tolerantly so that rows written by any earlier version still read.
 */
import { Customer, type StoredCustomer } from "@till/core"
import { Schema, Struct } from "effect"
import type { Insertable, Selectable } from "kysely"
import type { CustomersTable } from "./Database.ts"
import { DOCUMENT_VERSION, documentVersion, withDefault } from "./Documents.ts"

const fields = Customer.fields

/** The `doc` of a customer: every field no column holds. A key added later takes its default; unknown keys are ignored. */
export const CustomerDoc = Schema.Struct({
  v: documentVersion,
  name: withDefault(fields.name, null),
  phone: withDefault(fields.phone, null),
  description: withDefault(fields.description, null),
  address: withDefault(fields.address, null),
  shipping: withDefault(fields.shipping, null),
  metadata: withDefault(fields.metadata, {}),
  preferred_locales: withDefault(fields.preferred_locales, []),
  business_name: withDefault(fields.business_name, null),
  individual_name: withDefault(fields.individual_name, null),
  tax_exempt: withDefault(fields.tax_exempt, "none"),
  balance: withDefault(fields.balance, 0),
  invoice_prefix: fields.invoice_prefix,
  next_invoice_sequence: withDefault(fields.next_invoice_sequence, 1)
})
/** See {@link CustomerDoc}. */
export type CustomerDoc = typeof CustomerDoc.Type

const decodeDoc = Schema.decodeUnknownSync(CustomerDoc)
const DOC_KEYS = Struct.keys(CustomerDoc.fields).filter((k) => k !== "v")

/** The columns a customer is read from. */
export const COLUMNS = ["id", "account", "livemode", "created", "email", "deleted", "version", "doc"] as const

/** What a customer is read from. */
export type CustomerRow = Pick<Selectable<CustomersTable>, typeof COLUMNS[number]>

/** A stored customer from its row; a document that cannot be decoded throws (a defect: the row is corrupt). */
export const fromRow = (row: CustomerRow): StoredCustomer => {
  const { v: _v, ...doc } = decodeDoc(row.doc)
  return {
    account: row.account,
    version: row.version,
    deleted: row.deleted,
    customer: { ...doc, id: row.id, livemode: row.livemode, created: Number(row.created), email: row.email }
  }
}

/** The row of a stored customer. */
export const toRow = ({ account, customer, deleted, version }: StoredCustomer): Insertable<CustomersTable> => ({
  id: customer.id,
  account,
  livemode: customer.livemode,
  created: customer.created,
  email: customer.email,
  deleted,
  version,
  doc: JSON.stringify({ v: DOCUMENT_VERSION, ...Struct.pick(customer, DOC_KEYS) })
})
