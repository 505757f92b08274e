/**
 * How the queue runs: the retry schedules, the worker's concurrency and polling, the timeouts, and where
 * webhooks may go, from the environment with defaults.
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
  /**
   * Whether each mode's webhooks may go to non-public addresses (loopback, private, link-local, …):
   * refused unless allowed, since a receiver's answers would let an account probe the operator's network.
   */
  readonly allowPrivate: PrivateAddresses
}

/** Per mode, whether webhooks may go to non-public addresses. */
export interface PrivateAddresses {
  readonly live: boolean
  readonly test: boolean
}

/** The defaults: SPEC section 7's schedules, 10 s to answer. */
export const defaults: QueueSettings = {
  live: LIVE_RETRY,
  test: TEST_RETRY,
  concurrency: 16,
  pollingSeconds: 1,
  deliveryTimeoutMs: 10_000,
  jobTimeoutSeconds: 60,
  superviseSeconds: 60,
  // test mode serves local development, whose receivers listen on localhost
  allowPrivate: { live: false, test: true }
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
 * `TILL_QUEUE_SUPERVISE_SECONDS` tune the worker. `TILL_WEBHOOK_ALLOW_PRIVATE=true` lets both modes'
 * webhooks go to non-public addresses, `false` neither; unset, test mode only.
 */
export const config: Config.Config<QueueSettings> = Config.all({
  delay: Config.option(Config.Int("TILL_WEBHOOK_RETRY_DELAY_SECONDS")),
  max: Config.option(Config.Int("TILL_WEBHOOK_RETRY_DELAY_MAX_SECONDS")),
  limit: Config.option(Config.Int("TILL_WEBHOOK_RETRY_LIMIT")),
  concurrency: Config.Int("TILL_WEBHOOK_CONCURRENCY").pipe(Config.withDefault(defaults.concurrency)),
  pollingSeconds: Config.Number("TILL_QUEUE_POLLING_SECONDS").pipe(Config.withDefault(defaults.pollingSeconds)),
  jobTimeoutSeconds: Config.Int("TILL_WEBHOOK_JOB_TIMEOUT_SECONDS").pipe(Config.withDefault(defaults.jobTimeoutSeconds)),
  superviseSeconds: Config.Int("TILL_QUEUE_SUPERVISE_SECONDS").pipe(Config.withDefault(defaults.superviseSeconds)),
  allowPrivate: Config.option(Config.Boolean("TILL_WEBHOOK_ALLOW_PRIVATE"))
}).pipe(
  Config.map(({ allowPrivate, concurrency, delay, jobTimeoutSeconds, limit, max, pollingSeconds, superviseSeconds }) => ({
    live: override(defaults.live, delay, max, limit),
    test: override(defaults.test, delay, max, limit),
    concurrency: Math.max(1, concurrency),
    pollingSeconds: Math.max(0.5, pollingSeconds),
    deliveryTimeoutMs: defaults.deliveryTimeoutMs,
    jobTimeoutSeconds: Math.max(minJobTimeoutSeconds(defaults), jobTimeoutSeconds),
    superviseSeconds: Math.max(1, superviseSeconds),
    allowPrivate: Option.match(allowPrivate, { onNone: () => defaults.allowPrivate, onSome: (both) => ({ live: both, test: both }) })
  }))
)
