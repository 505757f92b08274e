/**
 * Port: deliveries of events to webhook endpoints and the record of each attempt. Deliveries are
 * created by the storage adapter in the transaction that writes their event (one per subscribed,
 * enabled endpoint); the delivery worker records attempts through this port.
 */
import { Context, type Effect, type Option } from "effect"
import type { Event } from "../Events.ts"
import type { DeliveryAttempt, WebhookDelivery } from "../WebhookEndpoint.ts"

/** A delivery as stored: with the account its event belongs to. */
export interface StoredWebhookDelivery {
  readonly account: string
  readonly delivery: WebhookDelivery
}

/** Where a delivery stands after an attempt: still `pending` (it will be retried), or settled. */
export type DeliveryStatus = WebhookDelivery["status"]

/** One attempt to record, and the status its delivery moves to. */
export interface AttemptRecord {
  readonly attempt: DeliveryAttempt
  readonly status: DeliveryStatus
}

/** Where a delivery stands in its endpoint's log (newest first): the keyset of a page past it. */
export interface DeliveryPosition {
  readonly created: number
  readonly id: string
}

/** Port: webhook deliveries and their attempts. Infrastructure failures are defects. */
export class WebhookDeliveryRepository extends Context.Service<WebhookDeliveryRepository, {
  /** A delivery by id, whatever its account; callers check the scope. */
  readonly findById: (id: string) => Effect.Effect<Option.Option<StoredWebhookDelivery>>
  /** Deliveries by id, whatever their account, in no particular order; an id not found is left out. */
  readonly findByIds: (ids: ReadonlyArray<string>) => Effect.Effect<ReadonlyArray<StoredWebhookDelivery>>
  /** The deliveries of one event, oldest first (one per endpoint the event went to). */
  readonly listByEvent: (eventId: string) => Effect.Effect<ReadonlyArray<WebhookDelivery>>
  /** The attempts of one delivery, in the order they were made. */
  readonly listAttempts: (deliveryId: string) => Effect.Effect<ReadonlyArray<DeliveryAttempt>>
  /**
   * Records an attempt and moves the delivery to `status`, atomically, but only while the delivery is
   * still `pending`: a settled delivery never changes. Answers whether it was recorded.
   */
  readonly recordAttempt: (attempt: DeliveryAttempt, status: DeliveryStatus) => Effect.Effect<boolean>
  /**
   * `recordAttempt` for many deliveries (each at most once) in one write: answers the ids of the
   * deliveries whose attempt was recorded (those still pending).
   */
  readonly recordAttempts: (records: ReadonlyArray<AttemptRecord>) => Effect.Effect<ReadonlySet<string>>
  /**
   * Schedules one more attempt of each delivery, now, whatever its status (a resend): a settled one is
   * `pending` again. Answers the deliveries found, as they were before. The storage adapter enqueues the
   * attempts in the same transaction; a resent delivery that was settled is settled by that one attempt
   * (no automatic retries follow), one still pending keeps its retry schedule.
   */
  readonly reopen: (ids: ReadonlyArray<string>) => Effect.Effect<ReadonlyArray<WebhookDelivery>>
  /**
   * The deliveries to one endpoint, newest first (by `created`, then `id`), at most `limit`; only `failed`
   * ones created at or after `failedSince` when given; only those after `olderThan` in that order when
   * given (a keyset page of the delivery log past its latest ones).
   */
  readonly listByEndpoint: (
    endpointId: string,
    limit: number,
    failedSince?: number,
    olderThan?: DeliveryPosition
  ) => Effect.Effect<ReadonlyArray<WebhookDelivery>>
  /**
   * Stores a test event with its one delivery (to the one endpoint it names, whatever the other
   * endpoints subscribe to: it is fanned out to none) and enqueues one attempt of it, final (no
   * retries), all at once. The event is stored so the attempt can send it and the log can show it.
   */
  readonly sendTest: (event: Event, delivery: StoredWebhookDelivery) => Effect.Effect<void>
  /** Marks a pending delivery `failed` (its retries are exhausted); answers whether it was pending. */
  readonly markFailed: (deliveryId: string) => Effect.Effect<boolean>
}>()("till/WebhookDeliveryRepository") {}
