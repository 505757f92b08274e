/**
 * Events: immutable records of state changes, written with the change that causes them. An event
 * keeps its object as the API showed it when the event happened (a snapshot the wire adapter renders
 * through the EventSnapshots port), so stored events never depend on today's domain types.
 */
import { Schema } from "effect"
import type { Charge } from "./Charge.ts"
import type { CheckoutSession } from "./CheckoutSession.ts"
import type { Customer } from "./Customer.ts"
import type { PaymentIntent } from "./PaymentIntent.ts"
import type { Price } from "./Price.ts"
import type { Product } from "./Product.ts"
import type { Refund } from "./Refund.ts"
import type { TaxRate } from "./TaxRate.ts"
import type { Coupon, PromotionCode } from "./Coupon.ts"

/** Till's own API version: the version of a call that names none (see ApiVersion.ts). */
export const API_VERSION = "2026-11-01.till"

/** The names of every event type Till emits (SPEC section 7), in one list that endpoints' subscriptions share. */
export const EVENT_TYPES = [
  "checkout.session.completed",
  "checkout.session.expired",
  "payment_intent.succeeded",
  "payment_intent.payment_failed",
  "payment_intent.requires_action",
  "payment_intent.amount_capturable_updated",
  "payment_intent.canceled",
  "product.created",
  "product.updated",
  "product.deleted",
  "price.created",
  "price.updated",
  "customer.created",
  "customer.updated",
  "customer.deleted",
  "charge.refunded",
  "charge.refund.updated",
  "charge.updated",
  "refund.created",
  "refund.updated",
  "refund.failed",
  "tax_rate.created",
  "tax_rate.updated",
  "coupon.created",
  "coupon.updated",
  "coupon.deleted",
  "promotion_code.created",
  "promotion_code.updated"
] as const

/** Every event type Till emits (SPEC section 7). */
export const EventType = Schema.Literals(EVENT_TYPES)
/** See {@link EventType}. */
export type EventType = typeof EventType.Type

/** What a transition says happened, with the domain object as the change left it. */
export type EventDraft =
  | { readonly type: "checkout.session.completed" | "checkout.session.expired"; readonly object: CheckoutSession }
  | {
    readonly type:
      | "payment_intent.succeeded"
      | "payment_intent.payment_failed"
      | "payment_intent.requires_action"
      | "payment_intent.amount_capturable_updated"
      | "payment_intent.canceled"
    readonly object: PaymentIntent
  }
  | { readonly type: "product.created" | "product.updated" | "product.deleted"; readonly object: Product }
  | { readonly type: "price.created" | "price.updated"; readonly object: Price }
  | { readonly type: "customer.created" | "customer.deleted"; readonly object: Customer }
  | { readonly type: "customer.updated"; readonly object: Customer; readonly previous: Customer }
  | { readonly type: "charge.refunded"; readonly object: Charge }
  | { readonly type: "charge.updated"; readonly object: Charge; readonly previous: Charge }
  | { readonly type: "refund.created" | "refund.failed"; readonly object: Refund }
  | { readonly type: "refund.updated" | "charge.refund.updated"; readonly object: Refund; readonly previous: Refund }
  | { readonly type: "tax_rate.created"; readonly object: TaxRate }
  | { readonly type: "tax_rate.updated"; readonly object: TaxRate; readonly previous: TaxRate }
  | { readonly type: "coupon.created" | "coupon.deleted"; readonly object: Coupon & { readonly valid: boolean } }
  | { readonly type: "coupon.updated"; readonly object: Coupon & { readonly valid: boolean }; readonly previous: Coupon & { readonly valid: boolean } }
  | { readonly type: "promotion_code.created"; readonly object: PromotionCode }
  | { readonly type: "promotion_code.updated"; readonly object: PromotionCode; readonly previous: PromotionCode }

/** The object an event carries, frozen as it was shown when the event happened; never decoded into a domain type. */
export const EventSnapshot = Schema.Record(Schema.String, Schema.Unknown)
/** See {@link EventSnapshot}. */
export type EventSnapshot = typeof EventSnapshot.Type

/** An event as stored and sent (Stripe's `event`); `account` says whose it is. */
export const Event = Schema.Struct({
  id: Schema.String,
  object: Schema.Literal("event"),
  account: Schema.String,
  api_version: Schema.String,
  created: Schema.Int,
  type: EventType,
  livemode: Schema.Boolean,
  /** `previous_attributes`: on an `*.updated` event, the changed fields as they were before, in the same shape. */
  data: Schema.Struct({ object: EventSnapshot, previous_attributes: Schema.optionalKey(EventSnapshot) }),
  request: Schema.Struct({ id: Schema.NullOr(Schema.String), idempotency_key: Schema.NullOr(Schema.String) }),
  pending_webhooks: Schema.Int
})
/** See {@link Event}. */
export type Event = typeof Event.Type

/** The event of a type, once its object is rendered and it has an id, a time and the request that caused it. */
export const makeEvent = (
  type: EventType,
  object: EventSnapshot,
  context: {
    readonly id: string
    readonly account: string
    readonly livemode: boolean
    readonly created: number
    readonly request: Event["request"]
    /** The version the causing call was made in; Till's default when omitted. */
    readonly api_version?: string
  },
  previous?: EventSnapshot
): Event => ({
  id: context.id,
  object: "event",
  account: context.account,
  api_version: context.api_version ?? API_VERSION,
  created: context.created,
  type,
  livemode: context.livemode,
  data: previous === undefined ? { object } : { object, previous_attributes: changedFrom(previous, object) },
  request: context.request,
  pending_webhooks: 0
})

/** The fields of `before` whose value differs in `after`, as they were: Stripe's `previous_attributes`. */
export const changedFrom = (before: EventSnapshot, after: EventSnapshot): EventSnapshot =>
  Object.fromEntries(Object.entries(before).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(after[key])))
