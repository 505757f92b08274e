/**
 * The work that must commit with a session write (transactional outbox): one delivery job per
 * delivery the storage adapter's fan-out created for the write's events, and, when a session is
 * created, its expiry job, due at `expires_at`. All of it is written through the write's transaction.
 * It is what `@till/postgres`'s `SessionEventSink` runs (wired in `apps/server/src/AppLayer.ts`: this
 * package imports no storage adapter).
 */
import type { Event, SessionState } from "@till/core"
import type { KyselyTransactionLike } from "pg-boss"
import type { Boss } from "./Boss.ts"
import { EXPIRE_QUEUE, webhookQueue } from "./Queues.ts"

/** What is being written (the shape of `@till/postgres`'s `SessionWrite`). */
export interface Write {
  readonly kind: "insert" | "update"
  readonly state: SessionState
}

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
}

/** The expiry job of one session. */
export interface ExpiryJob {
  readonly session: string
}

/**
 * The sink's work (`SessionEventSink.written`): fan out, then enqueue, in the caller's transaction. The expiry job is due one second
 * after `expires_at`, so a worker whose clock is a little behind the database's still finds it due.
 */
export const make = <T extends KyselyTransactionLike>(boss: Boss["Service"], fanOut: FanOut<T>) =>
async (trx: T, events: ReadonlyArray<Event>, write: Write): Promise<void> => {
  const deliveries = events.length === 0 ? [] : await fanOut(trx, events)
  const session = write.state.session
  const expiry = write.kind === "insert" && session.status === "open"
  if (deliveries.length === 0 && !expiry) return
  await boss.within(trx, async (db) => {
    for (const d of deliveries) {
      await boss.boss.send(webhookQueue(d.livemode), { delivery: d.id } satisfies DeliveryJob, { db })
    }
    if (expiry) {
      await boss.boss.send(EXPIRE_QUEUE, { session: session.id } satisfies ExpiryJob, { db, startAfter: new Date((session.expires_at + 1) * 1000) })
    }
  })
}
