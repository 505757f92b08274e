/**
 * Use cases of webhook deliveries (*ext*): where each event went, and what each attempt got back.
 */
import { Context, Effect, Layer, Option } from "effect"
import type { Scope } from "./CheckoutSession.ts"
import { ResourceMissing } from "./Errors.ts"
import { EventRepository } from "./ports/EventRepository.ts"
import { WebhookDeliveryRepository } from "./ports/WebhookDeliveryRepository.ts"

/** Id prefixes of deliveries and of their attempts. */
export const DeliveryPrefix = { delivery: "whdel_", attempt: "whatt_" } as const

/** Use cases of webhook deliveries. */
export class WebhookDeliveries extends Context.Service<WebhookDeliveries>()("till/WebhookDeliveries", {
  make: Effect.gen(function*() {
    const deliveries = yield* WebhookDeliveryRepository
    const events = yield* EventRepository

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
      const found = yield* deliveries.findById(deliveryId)
      if (Option.isNone(found) || found.value.account !== scope.account || found.value.delivery.livemode !== scope.livemode) {
        return yield* new ResourceMissing({ object: "webhook_delivery", id: deliveryId, param: null })
      }
      return yield* deliveries.listAttempts(deliveryId)
    })

    return { listForEvent, listAttempts } as const
  })
}) {
  /** The use cases over whatever repositories are provided. */
  static readonly layer = Layer.effect(WebhookDeliveries, WebhookDeliveries.make)
}
