/**
 * An in-memory WebhookDeliveryRepository, for tests and demos. Nothing fans events out in memory
 * (that happens in the storage adapter's transaction), so deliveries enter through `add`; every
 * event read from the in-memory EventRepository therefore has `pending_webhooks: 0`, which is what
 * a database with no delivery rows answers too.
 */
import { Effect, Layer, Option } from "effect"
import { type DeliveryStatus, type StoredWebhookDelivery, WebhookDeliveryRepository } from "../ports/WebhookDeliveryRepository.ts"
import type { DeliveryAttempt } from "../WebhookEndpoint.ts"

/** Makes a fresh store: the repository, and `add` to put a pending delivery in it. */
export const make = Effect.sync(() => {
  const deliveries = new Map<string, StoredWebhookDelivery>()
  const attempts = new Map<string, Array<DeliveryAttempt>>()

  const settle = (id: string, status: DeliveryStatus, attempt?: DeliveryAttempt): boolean => {
    const stored = deliveries.get(id)
    if (stored === undefined || stored.delivery.status !== "pending") return false
    const count = stored.delivery.attempts + (attempt === undefined ? 0 : 1)
    deliveries.set(id, { ...stored, delivery: { ...stored.delivery, status, attempts: count } })
    if (attempt !== undefined) attempts.set(id, [...(attempts.get(id) ?? []), attempt])
    return true
  }

  const webhookDeliveryRepository = WebhookDeliveryRepository.of({
    findById: (id) => Effect.sync(() => Option.fromNullishOr(deliveries.get(id))),
    findByIds: (ids) => Effect.sync(() => ids.flatMap((id) => deliveries.get(id) ?? [])),
    listByEvent: (eventId) =>
      Effect.sync(() =>
        [...deliveries.values()]
          .map((s) => s.delivery)
          .filter((d) => d.event === eventId)
          .sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      ),
    listAttempts: (deliveryId) => Effect.sync(() => attempts.get(deliveryId) ?? []),
    recordAttempt: (attempt, status) => Effect.sync(() => settle(attempt.delivery, status, attempt)),
    recordAttempts: (records) =>
      Effect.sync(() => new Set(records.filter(({ attempt, status }) => settle(attempt.delivery, status, attempt)).map((r) => r.attempt.delivery))),
    markFailed: (deliveryId) => Effect.sync(() => settle(deliveryId, "failed")),
    // nothing sends in memory: the test delivery stays pending, as a fanned-out one would
    sendTest: (_event, stored) => Effect.sync(() => void deliveries.set(stored.delivery.id, stored)),
    // nothing sends in memory: a reopened delivery stays pending until a test records its attempt
    reopen: (ids) =>
      Effect.sync(() =>
        [...new Set(ids)].flatMap((id) => {
          const stored = deliveries.get(id)
          if (stored === undefined) return []
          deliveries.set(id, { ...stored, delivery: { ...stored.delivery, status: "pending" } })
          return [stored.delivery]
        })
      ),
    listByEndpoint: (endpointId, limit, failedSince, olderThan) =>
      Effect.sync(() =>
        [...deliveries.values()]
          .map((s) => s.delivery)
          .filter((d) => d.webhook_endpoint === endpointId && (failedSince === undefined || (d.status === "failed" && d.created >= failedSince)))
          .filter((d) => olderThan === undefined || d.created < olderThan.created || (d.created === olderThan.created && d.id < olderThan.id))
          .sort((a, b) => b.created - a.created || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
          .slice(0, limit)
      )
  })

  /** Adds a delivery as the storage adapter's fan-out would. */
  const add = (stored: StoredWebhookDelivery) => Effect.sync(() => void deliveries.set(stored.delivery.id, stored))

  /** How many deliveries of an event are still pending (what `pending_webhooks` counts). */
  const pendingOf = (eventId: string) =>
    Effect.sync(() => [...deliveries.values()].filter((s) => s.delivery.event === eventId && s.delivery.status === "pending").length)

  return { webhookDeliveryRepository, add, pendingOf }
})

/** The repository over a fresh, empty store. */
export const layer = Layer.effect(WebhookDeliveryRepository, Effect.map(make, (store) => store.webhookDeliveryRepository))
