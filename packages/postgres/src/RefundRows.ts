/**
 * Refunds as `refunds` rows and charge records as `charges` rows: real columns for what is looked up,
 * listed, summed or locked, a JSON document for the rest, decoded tolerantly so that rows written by
 * any earlier version still read.
 */
import { type ChargeRecord, ProcessorState, Refund, type StoredRefund } from "@till/core"
import { Schema } from "effect"
import type { Insertable, Selectable } from "kysely"
import type { ChargesTable, RefundsTable } from "./Database.ts"
import { DOCUMENT_VERSION, documentVersion, withDefault } from "./Documents.ts"

const fields = Refund.fields

/** The `doc` of a refund: every field no column holds. */
export const RefundDoc = Schema.Struct({
  v: documentVersion,
  currency: fields.currency,
  metadata: withDefault(fields.metadata, {}),
  reason: withDefault(fields.reason, null),
  failure_reason: withDefault(fields.failure_reason, null)
})

/** The `doc` of a charge record: the merchant's changes, or null before the first. */
export const ChargeDoc = Schema.Struct({
  v: documentVersion,
  details: withDefault(
    Schema.NullOr(Schema.Struct({ description: Schema.NullOr(Schema.String), metadata: Schema.Record(Schema.String, Schema.String) })),
    null
  )
})

const decodeRefundDoc = Schema.decodeUnknownSync(RefundDoc)
const decodeChargeDoc = Schema.decodeUnknownSync(ChargeDoc)
const decodeStatus = Schema.decodeUnknownSync(fields.status)
const decodeProcessor = Schema.decodeUnknownSync(ProcessorState)

/** A stored refund from its row; a row that cannot be decoded throws (a defect: the row is corrupt). */
export const refundFromRow = (row: Selectable<RefundsTable>): StoredRefund => {
  const { v: _v, ...doc } = decodeRefundDoc(row.doc)
  return {
    account: row.account,
    version: row.version,
    processor: decodeProcessor(row.processor),
    asked_at: Number(row.asked_at),
    refund: {
      ...doc,
      id: row.id,
      amount: Number(row.amount),
      charge: row.charge,
      payment_intent: row.payment_intent,
      created: Number(row.created),
      livemode: row.livemode,
      status: decodeStatus(row.status)
    }
  }
}

/** The row of a stored refund. */
export const refundToRow = ({ account, asked_at, processor, refund, version }: StoredRefund): Insertable<RefundsTable> => ({
  id: refund.id,
  account,
  livemode: refund.livemode,
  charge: refund.charge,
  payment_intent: refund.payment_intent,
  created: refund.created,
  amount: refund.amount,
  status: refund.status,
  processor,
  asked_at,
  version,
  doc: JSON.stringify({
    v: DOCUMENT_VERSION,
    currency: refund.currency,
    metadata: refund.metadata,
    reason: refund.reason,
    failure_reason: refund.failure_reason
  })
})

/** A charge record from its row. */
export const chargeFromRow = (row: Selectable<ChargesTable>): ChargeRecord => ({
  id: row.id,
  account: row.account,
  livemode: row.livemode,
  payment_intent: row.payment_intent,
  version: row.version,
  details: decodeChargeDoc(row.doc).details
})

/** The row of a charge record. */
export const chargeToRow = (record: ChargeRecord): Insertable<ChargesTable> => ({
  id: record.id,
  account: record.account,
  livemode: record.livemode,
  payment_intent: record.payment_intent,
  version: record.version,
  doc: JSON.stringify({ v: DOCUMENT_VERSION, details: record.details })
})
