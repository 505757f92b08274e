/**
 * Payment links: reusable templates that mint a new session for everyone who opens them.
 */
import { Schema } from "effect"
import { Bool, MetadataOrEmpty, Timestamp } from "./Params.ts"
import { CreateSessionParams } from "./SessionParams.ts"

/**
 * A payment link (Stripe's `payment_link`): its business facts only. The wire object's `object` and
 * public `url` are the HTTP adapter's to render; `token` (*ext*) is the secret part of that URL.
 */
export const PaymentLink = Schema.Struct({
  id: Schema.String,
  active: Schema.Boolean,
  livemode: Schema.Boolean,
  created: Schema.Number,
  token: Schema.String,
  currency: Schema.String,
  amount_total: Schema.Number,
  metadata: Schema.Record(Schema.String, Schema.String),
  /** The create parameters every minted session starts from (line items, URLs, options). */
  session_params: Schema.Record(Schema.String, Schema.Unknown),
  /** After this time the link stops minting sessions (*ext*); null for never. */
  expires_at: Schema.NullOr(Schema.Number)
})
/** See {@link PaymentLink}. */
export type PaymentLink = typeof PaymentLink.Type

/** A link as stored: with its account, and the version its writes are conditional on (1 when created). */
export interface StoredPaymentLink {
  readonly account: string
  readonly version: number
  readonly link: PaymentLink
}

/** What every minted session is created with: a session's create parameters minus the per-session ones. */
export const LinkSessionParams = CreateSessionParams.mapFields(({ client_reference_id: _c, customer: _cu, customer_email: _e, expires_at: _x, metadata: _m, ...rest }) => rest)

/** Parameters of `POST /v1/payment_links`: the sessions' template, the link's metadata and when it stops (*ext*). */
export const CreatePaymentLinkParams = LinkSessionParams.mapFields((fields) => ({
  ...fields,
  metadata: Schema.optionalKey(MetadataOrEmpty),
  expires_at: Schema.optionalKey(Timestamp)
}))
/** See {@link CreatePaymentLinkParams}. */
export type CreatePaymentLinkParams = typeof CreatePaymentLinkParams.Type

/** Parameters of `POST /v1/payment_links/:id`. */
export const UpdatePaymentLinkParams = Schema.Struct({
  active: Schema.optionalKey(Bool),
  metadata: Schema.optionalKey(MetadataOrEmpty)
})
/** See {@link UpdatePaymentLinkParams}. */
export type UpdatePaymentLinkParams = typeof UpdatePaymentLinkParams.Type
