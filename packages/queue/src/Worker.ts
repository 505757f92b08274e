/**
 * The worker: delivers webhook jobs and settles dead letters. Any number of processes may run it on
 * one database: pg-boss hands each job to one of them (`FOR UPDATE SKIP LOCKED`), and a job whose
 * worker died is retried once it times out. Sessions are expired by the sweep that runs beside it
 * (`apps/server`'s Sweeper), not by jobs.
 */
import {
  EventRepository,
  IdGenerator,
  WebhookDeliveryRepository,
  WebhookEndpointRepository
} from "@till/core"
import { Cause, Context, Effect, Exit, Layer } from "effect"
import type { JobResult, JobWithMetadata, PgBoss } from "pg-boss"
import { Boss } from "./Boss.ts"
import * as Delivery from "./Delivery.ts"
import { RETIRED_EXPIRE_QUEUE, WEBHOOK_DEAD_LETTER_QUEUE, WEBHOOK_QUEUE } from "./Queues.ts"
import { WebhookTargets } from "./WebhookTargets.ts"
import type { DeliveryJob } from "./WriteHook.ts"

/** What the worker reads and writes through. */
export type Requirements =
  | Boss
  | EventRepository
  | IdGenerator
  | WebhookDeliveryRepository
  | WebhookEndpointRepository
  | WebhookTargets

/** How a delivery attempt ended, as the worker tells it: Delivery's outcomes, or `error` when it could not even be recorded. */
export type DeliveryOutcome = Delivery.Outcome | "error"

/** Told how each delivery attempt ended (metrics); none by default. Called synchronously: cheap, never throwing. */
export const DeliveryObserver = Context.Reference<((outcome: DeliveryOutcome, livemode: boolean) => void) | undefined>(
  "till/queue/DeliveryObserver",
  { defaultValue: () => undefined }
)

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

/**
 * Deletes the expiry jobs that versions before the set-based sweep left, one per session they
 * created: the sweep expires those sessions when they are due, and a job nobody works would only
 * weigh on pg-boss's table until its retention ran out. The queue itself stays, so that a process of
 * such a version still running during an upgrade can go on creating sessions; the jobs it adds go at
 * the next worker start. Answers how many jobs there were (0 when the queue never existed).
 */
export const deleteRetiredExpiryJobs = async (boss: PgBoss): Promise<number> => {
  const queue = await boss.getQueue(RETIRED_EXPIRE_QUEUE)
  if (queue === null) return 0
  await boss.deleteAllJobs(RETIRED_EXPIRE_QUEUE)
  return queue.totalCount
}

/** Registers the handlers on every queue; they stop (after finishing what they hold) when the layer is released. */
export const layer: Layer.Layer<never, never, Requirements> = Layer.effectDiscard(Effect.gen(function*() {
  const { boss, settings } = yield* Boss
  const deliveries = yield* WebhookDeliveryRepository
  const run = Effect.runPromiseWith(yield* Effect.context<Requirements>())
  const observe = yield* DeliveryObserver

  // one batch of deliveries: read, sent and recorded together (Delivery.attemptBatch), each job settled on its own
  const deliverBatch = (livemode: boolean) => async (jobs: Array<JobWithMetadata<DeliveryJob>>): Promise<Array<JobResult>> => {
    // a resend's job is one attempt: final when its delivery had settled, never retried itself
    const items = jobs.map((job) => ({
      delivery: job.data.delivery,
      final: job.data.resend === undefined ? job.retryCount >= job.retryLimit : job.data.resend.final,
      signal: job.signal
    }))
    const exits = await run(Delivery.attemptBatch(items, settings.deliveryTimeoutMs))
    return jobs.map((job, i): JobResult => {
      const exit = exits[i]!
      observe?.(Exit.isFailure(exit) ? "error" : exit.value, livemode)
      if (Exit.isFailure(exit)) return { id: job.id, status: "failed", output: { message: `delivery ${job.data.delivery}: ${Cause.pretty(exit.cause)}` } }
      const outcome = exit.value
      // its outcome is on the delivery; a pending delivery's own job goes on retrying it
      if (job.data.resend !== undefined) return { id: job.id, status: "completed" }
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

  yield* workBatches(WEBHOOK_QUEUE.live, settings.concurrency, deliverBatch(true))
  yield* workBatches(WEBHOOK_QUEUE.test, settings.concurrency, deliverBatch(false))
  yield* work(WEBHOOK_DEAD_LETTER_QUEUE, 1, deadLetter)
  // in the background: a large backlog takes a while to delete, and nothing waits for it
  yield* Effect.forkScoped(Effect.promise(() => deleteRetiredExpiryJobs(boss)).pipe(
    Effect.flatMap((n) => n === 0 ? Effect.void : Effect.logInfo(`deleted ${n} expiry jobs of an earlier version; the sweep expires their sessions`)),
    Effect.catchCause((cause) => Effect.logWarning("deleting the expiry jobs of an earlier version failed; retrying at the next start", cause))
  ))
}))
