/**
 * How a session is stored, and the only place that knows it: real columns for what lists filter,
 * sort and lock on (and the unresolved attempt), and a versioned JSON document for the rest. Its
 * line items and payment intent are documents in rows of their own. Documents decode tolerantly
 * (see Documents.ts): rows written by earlier versions, which kept the whole wire session in `doc`,
 * read as they are.
 */
import { CheckoutSession, CustomerDetails, LineItem, NO_COLLECTION, NO_CUSTOM_TEXT, PaymentIntent, PaymentIntentData, type SessionState } from "@till/core"
import { Schema } from "effect"
import type { Insertable } from "kysely"
import type { CheckoutSessionsTable } from "./Database.ts"
import { DOCUMENT_VERSION, documentVersion, withDefault } from "./Documents.ts"

const session = CheckoutSession.fields

/** `customer_details` as stored: rows from before phone and address collection have only the e-mail address and name. */
const StoredCustomerDetails = Schema.Struct({
  ...CustomerDetails.fields,
  phone: withDefault(CustomerDetails.fields.phone, null),
  address: withDefault(CustomerDetails.fields.address, null)
})

/** What `checkout_sessions.doc` holds: every field of the session that no column holds. */
export const SessionDocument = Schema.Struct({
  v: documentVersion,
  mode: withDefault(session.mode, "payment"),
  payment_status: session.payment_status,
  amount_subtotal: session.amount_subtotal,
  amount_total: session.amount_total,
  amount_discount: withDefault(session.amount_discount, 0),
  amount_tax: withDefault(session.amount_tax, 0),
  currency: session.currency,
  success_url: withDefault(session.success_url, null),
  cancel_url: withDefault(session.cancel_url, null),
  return_url: withDefault(session.return_url, null),
  metadata: withDefault(session.metadata, {}),
  customer_creation: withDefault(session.customer_creation, null),
  customer_email: withDefault(session.customer_email, null),
  customer_details: withDefault(Schema.NullOr(StoredCustomerDetails), null),
  collection: withDefault(session.collection, NO_COLLECTION),
  shipping_details: withDefault(session.shipping_details, null),
  pending_details: withDefault(session.pending_details, null),
  locale: withDefault(session.locale, null),
  payment_method_types: withDefault(session.payment_method_types, ["card"]),
  payment_method_options: withDefault(session.payment_method_options, { card: { installments: { enabled: false, plans: [] } } }),
  payment_description: withDefault(session.payment_description, null),
  country: withDefault(session.country, null),
  business_profile: withDefault(session.business_profile, null),
  client_secret: withDefault(session.client_secret, null),
  payment_intent_data: withDefault(session.payment_intent_data, PaymentIntentData.DEFAULT_PAYMENT_INTENT_DATA),
  discounts: withDefault(session.discounts, []),
  allow_promotion_codes: withDefault(session.allow_promotion_codes, false),
  ui_mode: withDefault(session.ui_mode, "hosted_page"),
  redirect_on_completion: withDefault(session.redirect_on_completion, null),
  after_expiration: withDefault(session.after_expiration, null),
  shipping_options: withDefault(session.shipping_options, []),
  shipping_cost: withDefault(session.shipping_cost, null),
  custom_fields: withDefault(session.custom_fields, []),
  custom_text: withDefault(session.custom_text, NO_CUSTOM_TEXT),
  consent_collection: withDefault(session.consent_collection, null),
  consent: withDefault(session.consent, null),
  submit_type: withDefault(session.submit_type, null)
})

const intent = PaymentIntent.fields

/** What `payment_intents.doc` holds: the payment intent. */
export const PaymentIntentDocument = Schema.Struct({
  ...intent,
  v: documentVersion,
  description: withDefault(intent.description, null),
  metadata: withDefault(intent.metadata, {}),
  payment_method_types: withDefault(intent.payment_method_types, ["card"]),
  payment_method: withDefault(intent.payment_method, null),
  payment_method_details: withDefault(intent.payment_method_details, null),
  last_payment_error: withDefault(intent.last_payment_error, null),
  next_action: withDefault(intent.next_action, null),
  client_secret: withDefault(intent.client_secret, null),
  amount_capturable: withDefault(intent.amount_capturable, 0),
  capture_method: withDefault(intent.capture_method, "automatic"),
  statement_descriptor: withDefault(intent.statement_descriptor, null),
  statement_descriptor_suffix: withDefault(intent.statement_descriptor_suffix, null),
  receipt_email: withDefault(intent.receipt_email, null),
  canceled_at: withDefault(intent.canceled_at, null),
  cancellation_reason: withDefault(intent.cancellation_reason, null),
  installments: withDefault(intent.installments, null),
  receipt_secret: withDefault(intent.receipt_secret, null)
})

/** What `checkout_session_line_items.doc` holds: one line item. */
export const LineItemDocument = Schema.Struct({
  ...LineItem.fields,
  v: documentVersion,
  amount_discount: withDefault(LineItem.fields.amount_discount, 0),
  amount_tax: withDefault(LineItem.fields.amount_tax, 0)
})

/**
 * A reader of one kind of document, without its `v`. A document this version wrote has every key, so
 * it is decoded against the schema's Type side (each field checked as strictly, no defaults to fill),
 * which costs about half the full decode; a document without some key (an earlier version's) fails
 * that and takes the full decode with its defaults. Either way the same fields come out.
 */
const documentReader = <D extends { readonly v: number }>(schema: Schema.Struct<Schema.Struct.Fields> & { readonly Type: D }) => {
  const { v: _v, ...fields } = schema.fields
  const current = Schema.decodeUnknownOption(Schema.toType(Schema.Struct(fields)) as unknown as Schema.Decoder<Omit<D, "v">>)
  const full = Schema.decodeUnknownSync(schema as unknown as Schema.Decoder<D>)
  return (raw: unknown): Omit<D, "v"> => {
    if (typeof raw === "object" && raw !== null && typeof (raw as { readonly v?: unknown }).v === "number") {
      const read = current(raw)
      if (read._tag === "Some") return read.value
    }
    const { v: _version, ...rest } = full(raw)
    return rest
  }
}

/** The session document of a row, without `v`. */
export const readSessionDocument = documentReader(SessionDocument)
const readIntent = documentReader(PaymentIntentDocument)
const readLineItem = documentReader(LineItemDocument)
const readLineItems = (raw: unknown): Array<LineItem> => {
  if (!Array.isArray(raw)) throw new Error(`line items are not an array: ${typeof raw}`)
  return raw.map(readLineItem)
}

/** The session's fields that its document holds (`v` aside), with the session's types. */
type SessionDocumentFields = { readonly [K in Exclude<keyof typeof SessionDocument.fields, "v">]: SessionState["session"][K] }

/** The row of a session with its line items (a JSON array, in order) and its payment intent's document. */
export interface SessionRow {
  readonly id: string
  readonly account: string
  readonly livemode: boolean
  readonly status: CheckoutSessionsTable["status"]
  readonly created: string | number
  readonly expires_at: string | number
  readonly customer: string | null
  readonly payment_intent: string | null
  readonly payment_link: string | null
  readonly client_reference_id: string | null
  readonly attempt_id: string | null
  readonly attempt_started_at: string | number | null
  readonly version: number
  /** Absent from rows selected before the column existed (null then). */
  readonly recovered_from?: string | null
  readonly doc: unknown
  readonly intent: unknown
  readonly line_items: unknown
}

/** The session a row holds; a row that does not decode is a defect (the database holds what this code wrote). */
export const toState = (row: SessionRow): SessionState => {
  const doc = readSessionDocument(row.doc)
  const paymentIntent = row.intent === null || row.intent === undefined ? null : readIntent(row.intent)
  return {
    account: row.account,
    version: row.version,
    session: {
      ...doc,
      id: row.id,
      livemode: row.livemode,
      status: row.status,
      created: Number(row.created),
      expires_at: Number(row.expires_at),
      customer: row.customer,
      client_reference_id: row.client_reference_id,
      payment_intent: row.payment_intent,
      payment_link: row.payment_link,
      recovered_from: row.recovered_from ?? null
    },
    line_items: readLineItems(row.line_items),
    payment_intent: paymentIntent,
    attempt: row.attempt_id === null ? null : { id: row.attempt_id, started_at: Number(row.attempt_started_at) }
  }
}

/** The columns of `checkout_sessions` that a state determines, `id` and `doc` included. */
export const columnsOf = (state: SessionState): Insertable<CheckoutSessionsTable> => {
  const s = state.session
  return {
    id: s.id,
    account: state.account,
    livemode: s.livemode,
    status: s.status,
    created: s.created,
    expires_at: s.expires_at,
    customer: s.customer,
    customer_details_email: s.customer_details?.email ?? null,
    payment_intent: s.payment_intent,
    payment_link: s.payment_link,
    client_reference_id: s.client_reference_id,
    attempt_id: state.attempt?.id ?? null,
    attempt_started_at: state.attempt?.started_at ?? null,
    version: state.version,
    recovered_from: s.recovered_from,
    doc: sessionDocument(s)
  }
}

/**
 * The document of a session: `v` and the fields no column holds. An object literal, typed so that a field
 * missing from it (or one the document does not hold) fails to compile: built key by key in a loop, the
 * object of 39 keys turned into a dictionary, which V8 builds and serializes at about twice the cost.
 */
const sessionDocument = (s: SessionState["session"]): string => {
  const doc: SessionDocumentFields & { readonly v: number } = {
    v: DOCUMENT_VERSION,
    mode: s.mode,
    payment_status: s.payment_status,
    amount_subtotal: s.amount_subtotal,
    amount_total: s.amount_total,
    amount_discount: s.amount_discount,
    amount_tax: s.amount_tax,
    currency: s.currency,
    success_url: s.success_url,
    cancel_url: s.cancel_url,
    return_url: s.return_url,
    metadata: s.metadata,
    customer_creation: s.customer_creation,
    customer_email: s.customer_email,
    customer_details: s.customer_details,
    collection: s.collection,
    shipping_details: s.shipping_details,
    pending_details: s.pending_details,
    locale: s.locale,
    payment_method_types: s.payment_method_types,
    payment_method_options: s.payment_method_options,
    payment_description: s.payment_description,
    country: s.country,
    business_profile: s.business_profile,
    client_secret: s.client_secret,
    payment_intent_data: s.payment_intent_data,
    discounts: s.discounts,
    allow_promotion_codes: s.allow_promotion_codes,
    ui_mode: s.ui_mode,
    redirect_on_completion: s.redirect_on_completion,
    after_expiration: s.after_expiration,
    shipping_options: s.shipping_options,
    shipping_cost: s.shipping_cost,
    custom_fields: s.custom_fields,
    custom_text: s.custom_text,
    consent_collection: s.consent_collection,
    consent: s.consent,
    submit_type: s.submit_type
  }
  return JSON.stringify(doc)
}

/** The document of a payment intent. */
export const intentDocument = (intent: PaymentIntent): string => JSON.stringify({ v: DOCUMENT_VERSION, ...intent })

/** The document of a line item. */
export const lineItemDocument = (item: LineItem): string => JSON.stringify({ v: DOCUMENT_VERSION, ...item })
