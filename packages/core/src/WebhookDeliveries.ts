/**
 * Use cases of webhook deliveries (*ext*): where each event went, and what each attempt got back.
 */
import { Context, Effect, Layer, Option } from "effect"
import type { Scope } from "./CheckoutSession.ts"
import { ResourceMissing, ValidationError } from "./Errors.ts"
import { type Event, type EventType, makeEvent } from "./Events.ts"
import { nowSeconds } from "./CheckoutSessions.ts"
import { ordered, Prefix, randomBase62 } from "./Ids.ts"
import { EventRepository } from "./ports/EventRepository.ts"
import { WebhookDeliveryRepository } from "./ports/WebhookDeliveryRepository.ts"
import { WebhookEndpointRepository } from "./ports/WebhookEndpointRepository.ts"

/** Id prefixes of deliveries and of their attempts. */
export const DeliveryPrefix = { delivery: "whdel_", attempt: "whatt_" } as const

/** The most deliveries one "resend every failed one" sends again. */
export const RESEND_LIMIT = 1000

/** The id prefixes of the made-up objects test events carry, by object kind (`obj_` for any other). */
const TEST_OBJECT_PREFIX: Readonly<Record<string, string>> = {
  "checkout.session": "cs_test_",
  payment_intent: "pi_",
  product: "prod_",
  price: "price_",
  customer: "cus_",
  charge: "ch_",
  refund: "re_",
  tax_rate: "txr_",
  coupon: "coupon_",
  promotion_code: "promo_"
}

/**
 * The made-up object of a test event of `type`: its kind (`charge.refund.updated` carries a refund),
 * an id no real object has, and `metadata.till_test_event`, so a receiver can tell it from a real one.
 */
export const testObjectOf = (type: EventType): Record<string, unknown> => {
  const kind = type === "charge.refund.updated" ? "refund" : type.slice(0, type.lastIndexOf("."))
  return {
    id: `${TEST_OBJECT_PREFIX[kind] ?? "obj_"}till_test_${randomBase62(12)}`,
    object: kind,
    livemode: false,
    metadata: { till_test_event: "true" }
  }
}

/** Use cases of webhook deliveries. */
export class WebhookDeliveries extends Context.Service<WebhookDeliveries>()("till/WebhookDeliveries", {
  make: Effect.gen(function*() {
    const deliveries = yield* WebhookDeliveryRepository
    const events = yield* EventRepository
    const endpoints = yield* WebhookEndpointRepository

    const loadDelivery = (scope: Scope, deliveryId: string) =>
      Effect.flatMap(deliveries.findById(deliveryId), (found) =>
        Option.isNone(found) || found.value.account !== scope.account || found.value.delivery.livemode !== scope.livemode
          ? Effect.fail(new ResourceMissing({ object: "webhook_delivery", id: deliveryId, param: null }))
          : Effect.succeed(found.value.delivery))

    const loadEndpoint = (scope: Scope, endpointId: string) =>
      Effect.flatMap(endpoints.findById(endpointId), (found) =>
        Option.isNone(found) || found.value.account !== scope.account || found.value.endpoint.livemode !== scope.livemode
          ? Effect.fail(new ResourceMissing({ object: "webhook_endpoint", id: endpointId, param: null }))
          : Effect.succeed(found.value.endpoint))

    /** The deliveries of one of the scope's events, one per endpoint it went to, oldest first. */
    const listForEvent = Effect.fn("WebhookDeliveries.listForEvent")(function*(scope: Scope, eventId: string) {
      const found = yield* events.findById(eventId)
      if (Option.isNone(found) || found.value.account !== scope.account || found.value.livemode !== scope.livemode) {
        return yield* new ResourceMissing({ object: "event", id: eventId, param: null })
      }
      return yield* deliveries.listByEvent(eventId)
    })

    /** The attempts of one of the scope's deliveries, in the order they were made. */
    const listAttempts = Effect.fn("WebhookDeliveries.listAttempts")(function*(scope: Scope, deliveryId: string) {
      yield* loadDelivery(scope, deliveryId)
      return yield* deliveries.listAttempts(deliveryId)
    })

    /**
     * Sends one of the scope's deliveries again, now (*ext*; Stripe's dashboard has it, its API not):
     * answers the delivery, `pending` until its attempt is recorded. A delivery that had settled is
     * settled again by that one attempt; one still being retried keeps its schedule besides.
     */
    const resend = Effect.fn("WebhookDeliveries.resend")(function*(scope: Scope, deliveryId: string) {
      yield* loadDelivery(scope, deliveryId)
      const [before] = yield* deliveries.reopen([deliveryId])
      if (before === undefined) return yield* new ResourceMissing({ object: "webhook_delivery", id: deliveryId, param: null })
      return { ...before, status: "pending" as const }
    })

    /** Sends again every delivery to one of the scope's endpoints that failed, created at or after `since` (at most RESEND_LIMIT); answers them. */
    const resendFailed = Effect.fn("WebhookDeliveries.resendFailed")(function*(scope: Scope, endpointId: string, since: number) {
      yield* loadEndpoint(scope, endpointId)
      const failed = yield* deliveries.listByEndpoint(endpointId, RESEND_LIMIT, since)
      const reopened = yield* deliveries.reopen(failed.map((d) => d.id))
      return reopened.map((d) => ({ ...d, status: "pending" as const }))
    })

    /**
     * The delivery log of one of the scope's endpoints, newest first: its latest deliveries, or those
     * older than its delivery `startingAfter` (keyset paging); `has_more` when older ones remain.
     */
    const listForEndpoint = Effect.fn("WebhookDeliveries.listForEndpoint")(function*(scope: Scope, endpointId: string, limit = 100, startingAfter?: string) {
      const endpoint = yield* loadEndpoint(scope, endpointId)
      const size = Math.max(1, Math.min(limit, 100))
      let olderThan: { created: number; id: string } | undefined = undefined
      if (startingAfter !== undefined) {
        const cursor = yield* Effect.mapError(loadDelivery(scope, startingAfter), () =>
          new ResourceMissing({ object: "webhook_delivery", id: startingAfter, param: "starting_after" }))
        if (cursor.webhook_endpoint !== endpointId) return yield* new ResourceMissing({ object: "webhook_delivery", id: startingAfter, param: "starting_after" })
        olderThan = { created: cursor.created, id: cursor.id }
      }
      const found = yield* deliveries.listByEndpoint(endpointId, size + 1, undefined, olderThan)
      return { endpoint, deliveries: found.slice(0, size), has_more: found.length > size }
    })

    /** An event with its deliveries, their attempts and where each went (null once its endpoint is deleted). */
    const entryOf = (event: Event) =>
      Effect.gen(function*() {
        const sent = yield* deliveries.listByEvent(event.id)
        const targets = new Map((yield* endpoints.findByIds([...new Set(sent.map((d) => d.webhook_endpoint))])).map((e) => [e.endpoint.id, e.endpoint.url]))
        const withAttempts = yield* Effect.forEach(sent, (delivery) =>
          Effect.map(deliveries.listAttempts(delivery.id), (attempts) => ({ delivery, url: targets.get(delivery.webhook_endpoint) ?? null, attempts })))
        return { event, deliveries: withAttempts }
      })

    /**
     * The history of some of the scope's objects (a session and its payment intent): their events, newest
     * first (at most `limit`), each with every delivery it had and every attempt of those, and where
     * each delivery went (null once its endpoint is deleted).
     */
    const timelineOf = Effect.fn("WebhookDeliveries.timelineOf")(function*(scope: Scope, objectIds: ReadonlyArray<string>, limit = 50) {
      const page = yield* events.list(scope, { objects: objectIds }, { limit })
      const entries = yield* Effect.forEach(page.data, entryOf)
      return { entries, has_more: page.has_more }
    })

    /**
     * Sends a test event of `type` to one of the scope's endpoints only (*ext*), in test mode only: an
     * event whose object is made up (`testObjectOf`), stored and delivered once, now, to that endpoint
     * whether it is enabled or subscribes to the type or not, with no retries. Answers its delivery.
     */
    const sendTest = Effect.fn("WebhookDeliveries.sendTest")(function*(scope: Scope, endpointId: string, type: EventType) {
      if (scope.livemode) {
        return yield* new ValidationError({
          code: "parameter_invalid",
          param: null,
          message: "Test events are sent in test mode only: use a test key (live endpoints receive real events only)."
        })
      }
      yield* loadEndpoint(scope, endpointId)
      const created = yield* nowSeconds
      const event = makeEvent(type, testObjectOf(type), {
        id: Prefix.event + ordered(),
        account: scope.account,
        livemode: false,
        created,
        request: { id: null, idempotency_key: null }
      })
      const delivery = {
        id: DeliveryPrefix.delivery + ordered(),
        object: "webhook_delivery" as const,
        event: event.id,
        webhook_endpoint: endpointId,
        status: "pending" as const,
        attempts: 0,
        created,
        livemode: false
      }
      yield* deliveries.sendTest(event, { account: scope.account, delivery })
      return delivery
    })

    /** One of the scope's events with every delivery it had, their attempts and where each went: an event's page. */
    const eventWithDeliveries = Effect.fn("WebhookDeliveries.eventWithDeliveries")(function*(scope: Scope, eventId: string) {
      const found = yield* events.findById(eventId)
      if (Option.isNone(found) || found.value.account !== scope.account || found.value.livemode !== scope.livemode) {
        return yield* new ResourceMissing({ object: "event", id: eventId, param: null })
      }
      return yield* entryOf(found.value)
    })

    return { listForEvent, listAttempts, resend, resendFailed, listForEndpoint, timelineOf, sendTest, eventWithDeliveries } as const
  })
}) {
  /** The use cases over whatever repositories are provided. */
  static readonly layer = Layer.effect(WebhookDeliveries, WebhookDeliveries.make)
}
