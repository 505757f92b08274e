/**
 * Events: immutable records of state changes, written with the change that causes them.
 */
import { Schema } from "effect"
import { CheckoutSession } from "./CheckoutSession.ts"
import { PaymentIntent } from "./PaymentIntent.ts"

/** The API version stamped on events. */
export const API_VERSION = "2026-11-01.till"

/** Every event type Till emits (SPEC section 7). */
export const EventType = Schema.Literals([
  "checkout.session.completed",
  "checkout.session.expired",
  "payment_intent.succeeded",
  "payment_intent.payment_failed"
])
/** See {@link EventType}. */
export type EventType = typeof EventType.Type

/** The object an event carries, as it was when the event happened. */
export const EventObject = Schema.Union([CheckoutSession, PaymentIntent])
/** See {@link EventObject}. */
export type EventObject = typeof EventObject.Type

/** What a transition says happened; the use case gives it an id, a time and the request. */
export interface EventDraft {
  readonly type: EventType
  readonly object: EventObject
}

/** An event as stored and sent (Stripe's `event`); `account` says whose it is. */
export const Event = Schema.Struct({
  id: Schema.String,
  object: Schema.Literal("event"),
  account: Schema.String,
  api_version: Schema.String,
  created: Schema.Number,
  type: EventType,
  livemode: Schema.Boolean,
  data: Schema.Struct({ object: EventObject }),
  request: Schema.Struct({ id: Schema.NullOr(Schema.String), idempotency_key: Schema.NullOr(Schema.String) }),
  pending_webhooks: Schema.Number
})
/** See {@link Event}. */
export type Event = typeof Event.Type

/** The event a transition's draft becomes, once it has an id, a time and the request that caused it. */
export const makeEvent = (
  draft: EventDraft,
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
  type: draft.type,
  livemode: context.livemode,
  data: { object: draft.object },
  request: context.request,
  pending_webhooks: 0
})
