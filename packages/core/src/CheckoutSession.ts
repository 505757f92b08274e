/**
 * The checkout session in the domain's terms, and the aggregate kept for it. How it is stored
 * (`@till/postgres`) and how it goes on the wire (`@till/http`, which adds Stripe's `object` and the
 * hosted page's `url`) are the adapters' business.
 */
import { Schema } from "effect"
import { Consent, ConsentCollection, CustomField, CustomText, SubmitType } from "./CheckoutFields.ts"
import { SessionDiscount } from "./Coupon.ts"
import { Address } from "./Customer.ts"
import { LineItem } from "./LineItem.ts"
import { PaymentIntent } from "./PaymentIntent.ts"
import { PaymentIntentData } from "./PaymentIntentData.ts"
import { ShippingRate } from "./ShippingRate.ts"

/** `open` until paid (`complete`) or past its time (`expired`). */
export const SessionStatus = Schema.Literals(["open", "complete", "expired"])
/** See {@link SessionStatus}. */
export type SessionStatus = typeof SessionStatus.Type

/** `paid` once a payment succeeded. */
export const PaymentStatus = Schema.Literals(["unpaid", "paid"])
/** See {@link PaymentStatus}. */
export type PaymentStatus = typeof PaymentStatus.Type

/** The installment plans a session offers on cards (*ext*). */
export const Installments = Schema.Struct({
  enabled: Schema.Boolean,
  plans: Schema.Array(Schema.Struct({ count: Schema.Int, rate: Schema.Finite }))
})
/** See {@link Installments}. */
export type Installments = typeof Installments.Type

/**
 * What the customer gave on the page (Stripe's `customer_details`): the e-mail address, the name, the
 * phone number (E.164) and the billing address, each null until known.
 */
export const CustomerDetails = Schema.Struct({
  email: Schema.NullOr(Schema.String),
  name: Schema.NullOr(Schema.String),
  phone: Schema.NullOr(Schema.String),
  address: Schema.NullOr(Address)
})
/** See {@link CustomerDetails}. */
export type CustomerDetails = typeof CustomerDetails.Type

/** Where the order is shipped, as the customer gave it (Stripe's `collected_information.shipping_details`). */
export const ShippingDetails = Schema.Struct({ name: Schema.String, address: Address })
/** See {@link ShippingDetails}. */
export type ShippingDetails = typeof ShippingDetails.Type

/**
 * What the payment under way collected (see CollectedDetails), kept from its start so that an attempt
 * resolved later by reconciliation, which hears only the processor, still records it; not shown.
 */
export const PendingDetails = Schema.Struct({
  name: Schema.NullOr(Schema.String),
  email: Schema.NullOr(Schema.String),
  phone: Schema.NullOr(Schema.String),
  address: Schema.NullOr(Address),
  shipping: Schema.NullOr(ShippingDetails)
})
/** See {@link PendingDetails}. */
export type PendingDetails = typeof PendingDetails.Type

/** What the page asks the customer besides the card and e-mail address (Stripe's collection parameters). */
export const Collection = Schema.Struct({
  /** `required`: a full billing address; `auto`: what the payment method needs (nothing, for Till's cards); null when not given (as `auto`). */
  billing_address_collection: Schema.NullOr(Schema.Literals(["auto", "required"])),
  /** The countries a shipping address may be in; null when no shipping address is asked. */
  shipping_address_collection: Schema.NullOr(Schema.Struct({ allowed_countries: Schema.Array(Schema.String) })),
  phone_number_collection: Schema.Struct({ enabled: Schema.Boolean })
})
/** See {@link Collection}. */
export type Collection = typeof Collection.Type

/** A session that collects nothing beyond the card and e-mail address (and how sessions stored before collection read). */
export const NO_COLLECTION: Collection = { billing_address_collection: null, shipping_address_collection: null, phone_number_collection: { enabled: false } }

/**
 * Where the customer pays: Till's hosted page (`hosted_page`, the session's `url`), or that page inside
 * an iframe on the merchant's own site (`embedded_page`, mounted by client secret; see docs/embedded.md).
 */
export const UiMode = Schema.Literals(["hosted_page", "embedded_page"])
/** See {@link UiMode}. */
export type UiMode = typeof UiMode.Type

/** When an embedded session sends the customer's browser to `return_url` once it completes. */
export const RedirectOnCompletion = Schema.Literals(["always", "if_required", "never"])
/** See {@link RedirectOnCompletion}. */
export type RedirectOnCompletion = typeof RedirectOnCompletion.Type

/**
 * `after_expiration[recovery]` as kept: once the session expires unpaid, a link (made from `token`)
 * opens a new session with the same items until `expires_at`, 30 days after the expiry (null while
 * the session has not expired). See docs/recovery.md.
 */
export const Recovery = Schema.Struct({
  enabled: Schema.Boolean,
  /** Whether the sessions the link opens take promotion codes. */
  allow_promotion_codes: Schema.Boolean,
  expires_at: Schema.NullOr(Schema.Int),
  /** The link's secret (`<session id>_recovery_<random>`), made with the session; shown only as the link, once it expires. */
  token: Schema.NullOr(Schema.String)
})
/** See {@link Recovery}. */
export type Recovery = typeof Recovery.Type

/** `after_expiration`: what happens once the session expires unpaid. */
export const AfterExpiration = Schema.Struct({ recovery: Schema.NullOr(Recovery) })
/** See {@link AfterExpiration}. */
export type AfterExpiration = typeof AfterExpiration.Type
/** One of a session's shipping options: the rate as it was when the session was made, and what it costs in the session's currency. */
export const ShippingOption = Schema.Struct({ shipping_amount: Schema.Int, shipping_rate: ShippingRate })
/** See {@link ShippingOption}. */
export type ShippingOption = typeof ShippingOption.Type

/** What the chosen shipping costs (Stripe's `shipping_cost`), and the id of its rate. */
export const ShippingCost = Schema.Struct({
  amount_subtotal: Schema.Int,
  amount_tax: Schema.Int,
  amount_total: Schema.Int,
  shipping_rate: Schema.String
})
/** See {@link ShippingCost}. */
export type ShippingCost = typeof ShippingCost.Type

/** A checkout session: what it sells, for how much, to whom, and where it stands. */
export const CheckoutSession = Schema.Struct({
  id: Schema.String,
  livemode: Schema.Boolean,
  mode: Schema.Literal("payment"),
  status: SessionStatus,
  payment_status: PaymentStatus,
  created: Schema.Int,
  expires_at: Schema.Int,
  amount_subtotal: Schema.Int,
  amount_total: Schema.Int,
  /** `total_details`: what discounts took off, and the tax (inclusive and exclusive) the total holds. */
  amount_discount: Schema.Int,
  amount_tax: Schema.Int,
  currency: Schema.String,
  success_url: Schema.NullOr(Schema.String),
  cancel_url: Schema.NullOr(Schema.String),
  return_url: Schema.NullOr(Schema.String),
  metadata: Schema.Record(Schema.String, Schema.String),
  customer: Schema.NullOr(Schema.String),
  /** Whether completing the session creates a customer (`always`), or only when needed (`if_required`: never, in Till); null with `customer`. */
  customer_creation: Schema.NullOr(Schema.Literals(["always", "if_required"])),
  customer_email: Schema.NullOr(Schema.String),
  customer_details: Schema.NullOr(CustomerDetails),
  /** What the page asks besides the card. */
  collection: Collection,
  /** The shipping address collected (with `shipping_address_collection`), null until paid. */
  shipping_details: Schema.NullOr(ShippingDetails),
  /** What the latest payment attempt collected (null before any). */
  pending_details: Schema.NullOr(PendingDetails),
  client_reference_id: Schema.NullOr(Schema.String),
  locale: Schema.NullOr(Schema.String),
  payment_method_types: Schema.Array(Schema.String),
  payment_method_options: Schema.Struct({ card: Schema.Struct({ installments: Installments }) }),
  payment_description: Schema.NullOr(Schema.String),
  country: Schema.NullOr(Schema.String),
  business_profile: Schema.NullOr(Schema.Struct({ category: Schema.NullOr(Schema.String), tax_id: Schema.NullOr(Schema.String) })),
  client_secret: Schema.NullOr(Schema.String),
  payment_intent: Schema.NullOr(Schema.String),
  payment_link: Schema.NullOr(Schema.String),
  /** What the payment intent made at payment takes over (`payment_intent_data`); not shown on the session, as with Stripe. */
  payment_intent_data: PaymentIntentData,
  /** The discount applied (at most one, as Stripe allows), with its coupon and code as they were then. */
  discounts: Schema.Array(SessionDiscount),
  /** Whether the customer may enter a promotion code on the page. */
  allow_promotion_codes: Schema.Boolean,
  ui_mode: UiMode,
  /** Embedded sessions only (null on hosted ones). */
  redirect_on_completion: Schema.NullOr(RedirectOnCompletion),
  after_expiration: Schema.NullOr(AfterExpiration),
  /** The expired session whose recovery link opened this one. */
  recovered_from: Schema.NullOr(Schema.String),
  /** The shipping rates the customer chooses from (up to five; empty: no shipping), and what the chosen one costs. */
  shipping_options: Schema.Array(ShippingOption),
  shipping_cost: Schema.NullOr(ShippingCost),
  /** Fields the customer fills in (their values once a payment starts), texts the page shows, consent asked and given. */
  custom_fields: Schema.Array(CustomField),
  custom_text: CustomText,
  consent_collection: Schema.NullOr(ConsentCollection),
  consent: Schema.NullOr(Consent),
  /** The kind of transaction, which names the page's button (null: `pay`). */
  submit_type: Schema.NullOr(SubmitType)
})
/** See {@link CheckoutSession}. */
export type CheckoutSession = typeof CheckoutSession.Type

/** A payment attempt that has started and not yet resolved. */
export const Attempt = Schema.Struct({ id: Schema.String, started_at: Schema.Number })
/** See {@link Attempt}. */
export type Attempt = typeof Attempt.Type

/**
 * Everything stored for one session, written as a unit. `version` grows by one with every write,
 * which is how a repository refuses a write based on a stale read.
 */
export const SessionState = Schema.Struct({
  account: Schema.String,
  version: Schema.Number,
  session: CheckoutSession,
  line_items: Schema.Array(LineItem),
  payment_intent: Schema.NullOr(PaymentIntent),
  attempt: Schema.NullOr(Attempt)
})
/** See {@link SessionState}. */
export type SessionState = typeof SessionState.Type

/** Which account and mode a call acts for; every object belongs to exactly one. */
export interface Scope {
  readonly account: string
  readonly livemode: boolean
}

/** Whether a session belongs to the scope. */
export const inScope = (state: SessionState, scope: Scope): boolean =>
  state.account === scope.account && state.session.livemode === scope.livemode
