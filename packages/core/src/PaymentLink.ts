/**
 * Payment links: reusable templates that mint a new session for everyone who opens them.
 */
import { Result, Schema } from "effect"
import { LineItem } from "./LineItem.ts"
import { Bool, Integer, MetadataOrEmpty, Text, Timestamp, Url } from "./Params.ts"
import { lineItemsOf } from "./SessionLineItems.ts"
import { CreateSessionParams, LineItemParams, LineItemsParams, shippingOptionsOf } from "./SessionParams.ts"

/** Whether the customer may change a line item's quantity on the page, and within which bounds (Stripe's `adjustable_quantity`). */
export const AdjustableQuantity = Schema.Struct({
  enabled: Schema.Boolean,
  minimum: Schema.NullOr(Schema.Int),
  maximum: Schema.NullOr(Schema.Int)
})
/** See {@link AdjustableQuantity}. */
export type AdjustableQuantity = typeof AdjustableQuantity.Type

/** A line item of a link: what every minted session sells, with its quantity's bounds. */
export const LinkLineItem = Schema.Struct({
  item: LineItem,
  adjustable_quantity: Schema.NullOr(AdjustableQuantity)
})
/** See {@link LinkLineItem}. */
export type LinkLineItem = typeof LinkLineItem.Type

/** What happens once a minted session is paid (Stripe's `after_completion`): a redirect, or Till's confirmation page. */
export const AfterCompletion = Schema.Struct({
  type: Schema.Literals(["redirect", "hosted_confirmation"]),
  redirect: Schema.NullOr(Schema.Struct({ url: Schema.String })),
  hosted_confirmation: Schema.NullOr(Schema.Struct({ custom_message: Schema.NullOr(Schema.String) }))
})
/** See {@link AfterCompletion}. */
export type AfterCompletion = typeof AfterCompletion.Type

/** What a link does after payment when nothing was said: Stripe's default, the hosted confirmation. */
export const DEFAULT_AFTER_COMPLETION: AfterCompletion = { type: "hosted_confirmation", redirect: null, hosted_confirmation: { custom_message: null } }

/**
 * A payment link (Stripe's `payment_link`): its business facts only. The wire object's `object` and
 * public `url` are the HTTP adapter's to render; `token` (*ext*) is the secret part of that URL.
 */
export const PaymentLink = Schema.Struct({
  id: Schema.String,
  active: Schema.Boolean,
  livemode: Schema.Boolean,
  created: Schema.Int,
  token: Schema.String,
  currency: Schema.String,
  amount_total: Schema.Int,
  metadata: Schema.Record(Schema.String, Schema.String),
  /** The create parameters every minted session starts from (line items, URLs, options). */
  session_params: Schema.Record(Schema.String, Schema.Unknown),
  /** After this time the link stops minting sessions (*ext*); null for never. */
  expires_at: Schema.NullOr(Schema.Int),
  after_completion: AfterCompletion,
  /** The line items as the link was made: prices and products as they were then, with their quantity bounds. */
  line_items: Schema.Array(LinkLineItem),
  /** The shipping options as the link was made: each rate's id and its amount in the link's currency (absent: none). */
  shipping_options: Schema.optionalKey(Schema.Array(Schema.Struct({ shipping_amount: Schema.Int, shipping_rate: Schema.String })))
})
/** See {@link PaymentLink}. */
export type PaymentLink = typeof PaymentLink.Type

/** A link as stored: with its account, and the version its writes are conditional on (1 when created). */
export interface StoredPaymentLink {
  readonly account: string
  readonly version: number
  readonly link: PaymentLink
}

/**
 * What every minted session is created with: a session's create parameters minus the per-session ones,
 * and minus what a link's sessions cannot be: embedded (a link opens the hosted page) or recovered
 * (Stripe's links take no `after_expiration`); shipping options name rates of the account
 * (`shipping_rate`), as Stripe's links take them.
 */
export const LinkSessionParams = CreateSessionParams.mapFields((
  { client_reference_id: _c, customer: _cu, customer_email: _e, expires_at: _x, metadata: _m, discounts: _d, ui_mode: _u, redirect_on_completion: _r, after_expiration: _a, ...rest }
) => ({
  ...rest,
  shipping_options: Schema.optionalKey(shippingOptionsOf(Schema.Struct({ shipping_rate: Text(1, 255) })))
}))

/** A link's line item as the merchant passes it: a session's, with `adjustable_quantity`. */
export const LinkLineItemParams = LineItemParams.mapFields((fields) => ({
  ...fields,
  adjustable_quantity: Schema.optionalKey(Schema.Struct({
    enabled: Bool,
    minimum: Schema.optionalKey(Integer(0, 999_999)),
    maximum: Schema.optionalKey(Integer(1, 999_999))
  }))
}))
/** See {@link LinkLineItemParams}. */
export type LinkLineItemParams = typeof LinkLineItemParams.Type

/** `after_completion` as the merchant passes it. */
export const AfterCompletionParams = Schema.Struct({
  type: Schema.Literals(["redirect", "hosted_confirmation"]),
  redirect: Schema.optionalKey(Schema.Struct({ url: Url })),
  hosted_confirmation: Schema.optionalKey(Schema.Struct({ custom_message: Schema.optionalKey(Text(1, 500)) }))
})
/** See {@link AfterCompletionParams}. */
export type AfterCompletionParams = typeof AfterCompletionParams.Type

/**
 * Parameters of `POST /v1/payment_links`: Stripe's (`line_items` with `price` and `adjustable_quantity`,
 * `after_completion`, `metadata`), and as extensions the rest of a session's template (URLs, options,
 * `price_data`, `amount` + `currency`) and when the link stops (`expires_at`).
 */
export const CreatePaymentLinkParams = LinkSessionParams.mapFields((fields) => ({
  ...fields,
  line_items: Schema.optionalKey(LineItemsParams(LinkLineItemParams)),
  after_completion: Schema.optionalKey(AfterCompletionParams),
  metadata: Schema.optionalKey(MetadataOrEmpty),
  expires_at: Schema.optionalKey(Timestamp)
}))
/** See {@link CreatePaymentLinkParams}. */
export type CreatePaymentLinkParams = typeof CreatePaymentLinkParams.Type

/**
 * The line items of a link made before links kept theirs: made again from its template, which then
 * held `price_data` or `amount` only, so no catalog is needed; no quantity is adjustable.
 */
export const templateLineItems = (
  link: Pick<PaymentLink, "id" | "livemode" | "created" | "session_params">
): ReadonlyArray<LinkLineItem> => {
  const made = lineItemsOf({ id: link.id, livemode: link.livemode, now: link.created, params: link.session_params as CreateSessionParams })
  return Result.isSuccess(made) ? made.success.map((item) => ({ item, adjustable_quantity: null })) : []
}

/** Parameters of `POST /v1/payment_links/:id`. */
export const UpdatePaymentLinkParams = Schema.Struct({
  active: Schema.optionalKey(Bool),
  metadata: Schema.optionalKey(MetadataOrEmpty)
})
/** See {@link UpdatePaymentLinkParams}. */
export type UpdatePaymentLinkParams = typeof UpdatePaymentLinkParams.Type
