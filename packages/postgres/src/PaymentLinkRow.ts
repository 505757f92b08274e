/**
 * A payment link as a `payment_links` row: real columns for what is looked up, listed or locked
 * (`id`, `account`, `livemode`, `created`, `token`, `version`), and a JSON document for the rest,
 * decoded tolerantly so that rows written by any earlier version still read.
 */
import { AfterCompletion, DEFAULT_AFTER_COMPLETION, LinkLineItem, PaymentLink, type StoredPaymentLink, templateLineItems } from "@till/core"
import { Schema } from "effect"
import type { Insertable, Selectable } from "kysely"
import type { PaymentLinksTable } from "./Database.ts"
import { DOCUMENT_VERSION, documentVersion, withDefault } from "./Documents.ts"

/**
 * The `doc` of a link. A missing optional key takes its default; unknown keys are ignored, such as
 * the wire fields (`object`, `url`) and the copies of the columns that rows written before
 * 20261201120000_row_versions carry.
 */
export const PaymentLinkDoc = Schema.Struct({
  v: documentVersion,
  active: withDefault(Schema.Boolean, true),
  currency: Schema.String,
  amount_total: Schema.Number,
  metadata: withDefault(Schema.Record(Schema.String, Schema.String), {}),
  session_params: withDefault(Schema.Record(Schema.String, Schema.Unknown), {}),
  expires_at: withDefault(Schema.NullOr(Schema.Number), null),
  after_completion: withDefault(AfterCompletion, DEFAULT_AFTER_COMPLETION),
  /** Absent from links made before links kept their line items: made again from the template on read. */
  line_items: Schema.optionalKey(Schema.Array(LinkLineItem)),
  /** Absent from links without shipping options (and from those made before links had them). */
  shipping_options: PaymentLink.fields.shipping_options
})
/** See {@link PaymentLinkDoc}. */
export type PaymentLinkDoc = typeof PaymentLinkDoc.Type

const decodeDoc = Schema.decodeUnknownSync(PaymentLinkDoc)

/** The columns a link is read from. */
export const COLUMNS = ["id", "account", "livemode", "created", "token", "version", "doc"] as const

/** What a link is read from. */
export type PaymentLinkRow = Pick<Selectable<PaymentLinksTable>, typeof COLUMNS[number]>

/** A stored link from its row; a document that cannot be decoded throws (a defect: the row is corrupt). */
export const fromRow = (row: PaymentLinkRow): StoredPaymentLink => {
  const doc = decodeDoc(row.doc)
  const link = {
    id: row.id,
    active: doc.active,
    livemode: row.livemode,
    created: Number(row.created),
    token: row.token,
    currency: doc.currency,
    amount_total: doc.amount_total,
    metadata: doc.metadata,
    session_params: doc.session_params,
    expires_at: doc.expires_at,
    after_completion: doc.after_completion
  }
  return {
    account: row.account,
    version: row.version,
    link: { ...link, line_items: doc.line_items ?? templateLineItems(link), ...(doc.shipping_options === undefined ? {} : { shipping_options: doc.shipping_options }) }
  }
}

/** The row of a stored link. */
export const toRow = ({ account, link, version }: StoredPaymentLink): Insertable<PaymentLinksTable> => {
  const doc: PaymentLinkDoc = {
    v: DOCUMENT_VERSION,
    active: link.active,
    currency: link.currency,
    amount_total: link.amount_total,
    metadata: link.metadata,
    session_params: link.session_params,
    expires_at: link.expires_at,
    after_completion: link.after_completion,
    line_items: link.line_items,
    ...(link.shipping_options === undefined ? {} : { shipping_options: link.shipping_options })
  }
  return { id: link.id, account, livemode: link.livemode, created: link.created, token: link.token, version, doc: JSON.stringify(doc) }
}
