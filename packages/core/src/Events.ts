/**
 * Events: immutable records of state changes, written with the change that causes them. An event
 * keeps its object as the API showed it when the event happened (a snapshot the wire adapter renders
 * through the EventSnapshots port), so stored events never depend on today's domain types.
 */
import { Schema } from "effect"
import type { CheckoutSession } from "./CheckoutSession.ts"
import type { PaymentIntent } from "./PaymentIntent.ts"

/** The API version stamped on events. */
export const API_VERSION = "2026-11-01.till"

/** Every event type Till emits (SPEC section 7). */
export const EventType = Schema.Literals([
  "checkout.session.completed",
  "checkout.session.expired",
  "payment_intent.succeeded",
  "payment_intent.payment_failed",
  "payment_intent.amount_capturable_updated",
  "payment_intent.canceled"
])
/** See {@link EventType}. */
export type EventType = typeof EventType.Type

/** What a transition says happened, with the domain object as the change left it. */
export type EventDraft =
  | { readonly type: "checkout.session.completed" | "checkout.session.expired"; readonly object: CheckoutSession }
  | {
    readonly type: "payment_intent.succeeded" | "payment_intent.payment_failed" | "payment_intent.amount_capturable_updated" | "payment_intent.canceled"
    readonly object: PaymentIntent
  }

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
  created: Schema.Number,
  type: EventType,
  livemode: Schema.Boolean,
  data: Schema.Struct({ object: EventSnapshot }),
  request: Schema.Struct({ id: Schema.NullOr(Schema.String), idempotency_key: Schema.NullOr(Schema.String) }),
  pending_webhooks: Schema.Number
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
  }
): Event => ({
  id: context.id,
  object: "event",
  account: context.account,
  api_version: API_VERSION,
  created: context.created,
  type,
  livemode: context.livemode,
  data: { object },
  request: context.request,
  pending_webhooks: 0
})
