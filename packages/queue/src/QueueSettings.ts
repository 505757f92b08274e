/**
 * How the queue runs: the retry schedules, the worker's concurrency and polling, and the timeouts,
 * from the environment with defaults.
 */
import { Config, Option } from "effect"
import { LIVE_RETRY, type RetryPolicy, TEST_RETRY } from "./Queues.ts"

/** What the queue is configured with. */
export interface QueueSettings {
  readonly live: RetryPolicy
  readonly test: RetryPolicy
  /** Deliveries in flight at once per mode, per process (two pollers, each with a batch of half as many). */
  readonly concurrency: number
  /** How often an idle worker looks for due jobs (retries and expiries become due without a notification). */
  readonly pollingSeconds: number
  /** How long a receiver has to answer with a 2xx (SPEC section 7: 10 s). */
  readonly deliveryTimeoutMs: number
  /**
   * How long a job may stay active before pg-boss takes it back and retries it (a worker that died
   * mid-delivery). Always well above the delivery timeout, so a slow receiver is not sent the event twice.
   */
  readonly jobTimeoutSeconds: number
  /** How often pg-boss's supervisor runs: it retries timed-out jobs and does the housekeeping. */
  readonly superviseSeconds: number
}

/** The defaults: SPEC section 7's schedules, 10 s to answer. */
export const defaults: QueueSettings = {
  live: LIVE_RETRY,
  test: TEST_RETRY,
  concurrency: 16,
  pollingSeconds: 1,
  deliveryTimeoutMs: 10_000,
  jobTimeoutSeconds: 60,
  superviseSeconds: 60
}

/** The smallest job timeout: the delivery timeout plus time to record the attempt. */
export const minJobTimeoutSeconds = (settings: Pick<QueueSettings, "deliveryTimeoutMs">): number =>
  Math.ceil(settings.deliveryTimeoutMs / 1000) + 5

const override = (policy: RetryPolicy, delay: Option.Option<number>, max: Option.Option<number>, limit: Option.Option<number>): RetryPolicy => ({
  retryDelay: Option.getOrElse(delay, () => policy.retryDelay),
  retryDelayMax: Option.getOrElse(max, () => policy.retryDelayMax),
  retryLimit: Option.getOrElse(limit, () => policy.retryLimit)
})

/**
 * The settings from the environment. `TILL_WEBHOOK_RETRY_DELAY_SECONDS`, `…_RETRY_DELAY_MAX_SECONDS`
 * and `…_RETRY_LIMIT` replace that part of both modes' schedules (tests shorten the backoff with them);
 * `TILL_WEBHOOK_CONCURRENCY`, `TILL_QUEUE_POLLING_SECONDS`, `TILL_WEBHOOK_JOB_TIMEOUT_SECONDS` and
 * `TILL_QUEUE_SUPERVISE_SECONDS` tune the worker.
 */
export const config: Config.Config<QueueSettings> = Config.all({
  delay: Config.option(Config.Int("TILL_WEBHOOK_RETRY_DELAY_SECONDS")),
  max: Config.option(Config.Int("TILL_WEBHOOK_RETRY_DELAY_MAX_SECONDS")),
  limit: Config.option(Config.Int("TILL_WEBHOOK_RETRY_LIMIT")),
  concurrency: Config.Int("TILL_WEBHOOK_CONCURRENCY").pipe(Config.withDefault(defaults.concurrency)),
  pollingSeconds: Config.Number("TILL_QUEUE_POLLING_SECONDS").pipe(Config.withDefault(defaults.pollingSeconds)),
  jobTimeoutSeconds: Config.Int("TILL_WEBHOOK_JOB_TIMEOUT_SECONDS").pipe(Config.withDefault(defaults.jobTimeoutSeconds)),
  superviseSeconds: Config.Int("TILL_QUEUE_SUPERVISE_SECONDS").pipe(Config.withDefault(defaults.superviseSeconds))
}).pipe(
  Config.map(({ concurrency, delay, jobTimeoutSeconds, limit, max, pollingSeconds, superviseSeconds }) => ({
    live: override(defaults.live, delay, max, limit),
    test: override(defaults.test, delay, max, limit),
    concurrency: Math.max(1, concurrency),
    pollingSeconds: Math.max(0.5, pollingSeconds),
    deliveryTimeoutMs: defaults.deliveryTimeoutMs,
    jobTimeoutSeconds: Math.max(minJobTimeoutSeconds(defaults), jobTimeoutSeconds),
    superviseSeconds: Math.max(1, superviseSeconds)
  }))
)
