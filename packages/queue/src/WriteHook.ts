/**
 * The work that must commit with a session write (transactional outbox): one delivery job per
 * delivery the storage adapter's fan-out created for the write's events, written through the write's
 * transaction. A batch of the expiry sweep is one call, so its jobs go in one insert per queue. It is
 * what `@till/postgres`'s `SessionEventSink` runs (wired in `apps/server/src/AppLayer.ts`: this package
 * imports no storage adapter). Sessions get no job of their own: the sweep expires them (see Worker.ts
 * for the expiry jobs earlier versions enqueued).
 */
import type { Event } from "@till/core"
import type { JobInsert, KyselyTransactionLike } from "pg-boss"
import type { Boss } from "./Boss.ts"
import { webhookQueue } from "./Queues.ts"

/** A delivery the fan-out created. */
export interface FannedOut {
  readonly id: string
  readonly livemode: boolean
}

/**
 * Creates the pending deliveries of some events through the transaction (`@till/postgres`'s
 * `WebhookDeliveryRepositoryPg.fanOut`): taken as a function so this package needs no storage adapter.
 */
export type FanOut<T> = (trx: T, events: ReadonlyArray<Event>) => Promise<ReadonlyArray<FannedOut>>

/** The job of one delivery. */
export interface DeliveryJob {
  readonly delivery: string
  /**
   * Set on the job of a resend (one attempt, now, never retried itself): whether that attempt settles
   * the delivery (it had settled before), or leaves it to its own retries (it was still pending).
   */
  readonly resend?: { readonly final: boolean }
}

/** A delivery reopened for one more attempt (`@till/postgres`'s `Resent`). */
export interface Reopened {
  readonly id: string
  readonly livemode: boolean
  readonly final: boolean
}

/**
 * The resend hook (`@till/postgres`'s `DeliveryResendSink`): one job per reopened delivery, due now and
 * with no retries of its own, enqueued in the caller's transaction.
 */
export const resend = <T extends KyselyTransactionLike>(boss: Boss["Service"]) =>
async (trx: T, reopened: ReadonlyArray<Reopened>): Promise<void> => {
  if (reopened.length === 0) return
  const jobs = new Map<string, Array<JobInsert<DeliveryJob>>>()
  for (const d of reopened) {
    const queue = webhookQueue(d.livemode)
    const list = jobs.get(queue) ?? []
    list.push({ data: { delivery: d.id, resend: { final: d.final } }, retryLimit: 0 })
    jobs.set(queue, list)
  }
  await boss.within(trx, async (db) => {
    for (const [queue, list] of jobs) await boss.boss.insert(queue, list, { db })
  })
}

/**
 * The sink's work (`SessionEventSink.written`): fan out, then enqueue every delivery's job, in the
 * caller's transaction: one insert per mode's queue, however many deliveries.
 */
export const make = <T extends KyselyTransactionLike>(boss: Boss["Service"], fanOut: FanOut<T>) =>
async (trx: T, events: ReadonlyArray<Event>): Promise<void> => {
  if (events.length === 0) return
  const deliveries = await fanOut(trx, events)
  if (deliveries.length === 0) return
  const jobs = new Map<string, Array<JobInsert<DeliveryJob>>>()
  for (const d of deliveries) {
    const queue = webhookQueue(d.livemode)
    const list = jobs.get(queue) ?? []
    list.push({ data: { delivery: d.id } })
    jobs.set(queue, list)
  }
  await boss.within(trx, async (db) => {
    for (const [queue, list] of jobs) await boss.boss.insert(queue, list, { db })
  })
}
