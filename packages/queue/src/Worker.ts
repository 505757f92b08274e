/**
 * The worker: delivers webhook jobs, settles dead letters, and expires sessions when their expiry job
 * comes due. Any number of processes may run it on one database: pg-boss hands each job to one of
 * them (`FOR UPDATE SKIP LOCKED`), and a job whose worker died is retried once it times out.
 */
import {
  CheckoutSessions,
  EventRepository,
  IdGenerator,
  WebhookDeliveryRepository,
  WebhookEndpointRepository
} from "@till/core"
import { Cause, Effect, Exit, Layer } from "effect"
import type { JobResult, JobWithMetadata } from "pg-boss"
import { Boss } from "./Boss.ts"
import * as Delivery from "./Delivery.ts"
import { EXPIRE_QUEUE, WEBHOOK_DEAD_LETTER_QUEUE, WEBHOOK_QUEUE } from "./Queues.ts"
import { WebhookTargets } from "./WebhookTargets.ts"
import type { DeliveryJob, ExpiryJob } from "./WriteHook.ts"

/** What the worker reads and writes through. */
export type Requirements =
  | Boss
  | CheckoutSessions
  | EventRepository
  | IdGenerator
  | WebhookDeliveryRepository
  | WebhookEndpointRepository
  | WebhookTargets

/** Pollers per queue: each fetches a batch and runs its jobs side by side. */
export const POLLERS = 2

/** Settles each job of a batch on its own: a job whose handler throws is failed (and retried), the others complete. */
const perJob = <T>(handle: (job: JobWithMetadata<T>) => Promise<void>) => (jobs: Array<JobWithMetadata<T>>): Promise<Array<JobResult>> =>
  Promise.all(jobs.map((job) =>
    handle(job).then(
      (): JobResult => ({ id: job.id, status: "completed" }),
      (error: unknown): JobResult => ({ id: job.id, status: "failed", output: { message: error instanceof Error ? error.message : String(error) } })
    )
  ))

/** Registers the handlers on every queue; they stop (after finishing what they hold) when the layer is released. */
export const layer: Layer.Layer<never, never, Requirements> = Layer.effectDiscard(Effect.gen(function*() {
  const { boss, settings } = yield* Boss
  const sessions = yield* CheckoutSessions
  const deliveries = yield* WebhookDeliveryRepository
  const run = Effect.runPromiseWith(yield* Effect.context<Requirements>())

  // one batch of deliveries: read, sent and recorded together (Delivery.attemptBatch), each job settled on its own
  const deliverBatch = async (jobs: Array<JobWithMetadata<DeliveryJob>>): Promise<Array<JobResult>> => {
    const items = jobs.map((job) => ({ delivery: job.data.delivery, final: job.retryCount >= job.retryLimit, signal: job.signal }))
    const exits = await run(Delivery.attemptBatch(items, settings.deliveryTimeoutMs))
    return jobs.map((job, i): JobResult => {
      const exit = exits[i]!
      if (Exit.isFailure(exit)) return { id: job.id, status: "failed", output: { message: `delivery ${job.data.delivery}: ${Cause.pretty(exit.cause)}` } }
      const outcome = exit.value
      // a failure on the last attempt fails the job too, so pg-boss moves it to the dead letter queue
      if (outcome === "retry" || (outcome === "failed" && items[i]!.final)) {
        return { id: job.id, status: "failed", output: { message: `delivery ${job.data.delivery} was not accepted (${outcome})` } }
      }
      return { id: job.id, status: "completed" }
    })
  }

  const deadLetter = async (job: JobWithMetadata<DeliveryJob>) => {
    // usually already failed by its last attempt; not when that attempt's worker died
    await run(deliveries.markFailed(job.data.delivery))
  }

  const expire = async (job: JobWithMetadata<ExpiryJob>) => {
    const busy = await run(sessions.expireIfDue(job.data.session).pipe(
      Effect.as(false),
      Effect.catchTags({ PaymentInProgress: () => Effect.succeed(true), ConcurrentModification: () => Effect.succeed(true) })
    ))
    if (busy) throw new Error(`session ${job.data.session} has a payment in flight; expiring it later`)
  }

  const workBatches = <T extends object>(name: string, inFlight: number, handle: (jobs: Array<JobWithMetadata<T>>) => Promise<Array<JobResult>>) => {
    const options = {
      includeMetadata: true,
      perJobResults: true,
      localConcurrency: Math.min(POLLERS, inFlight),
      batchSize: Math.max(1, Math.ceil(inFlight / POLLERS)),
      // a full batch means more is waiting: fetch again at once instead of after the polling interval
      burstWhenBatchFull: true,
      pollingIntervalSeconds: settings.pollingSeconds,
      // delayed jobs (retries, expiries) become due without a notification: keep polling at the same pace
      notifyPollingIntervalSeconds: settings.pollingSeconds
    } as const
    return Effect.acquireRelease(
      Effect.promise(() => boss.work<T, void, typeof options>(name, options, handle)),
      () => Effect.promise(() => boss.offWork(name, { wait: true }))
    )
  }
  const work = <T extends object>(name: string, inFlight: number, handle: (job: JobWithMetadata<T>) => Promise<void>) =>
    workBatches(name, inFlight, perJob(handle))

  yield* workBatches(WEBHOOK_QUEUE.live, settings.concurrency, deliverBatch)
  yield* workBatches(WEBHOOK_QUEUE.test, settings.concurrency, deliverBatch)
  yield* work(WEBHOOK_DEAD_LETTER_QUEUE, 1, deadLetter)
  yield* work(EXPIRE_QUEUE, 8, expire)
}))
