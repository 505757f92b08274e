/**
 * How the queue runs: the retry schedules, the worker's concurrency and polling, the timeouts, and where
 * webhooks may go: defaults, and the operator's overrides (which the server reads from its environment).
 */
import { LIVE_RETRY, RECEIPT_RETRY, type RetryPolicy, TEST_RETRY } from "./Queues.ts"

/** What the queue is configured with. */
export interface QueueSettings {
  readonly live: RetryPolicy
  readonly test: RetryPolicy
  /** The retry schedule of e-mailed receipts (ReceiptMail.ts). */
  readonly receipts: RetryPolicy
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
  receipts: RECEIPT_RETRY,
  concurrency: 64,
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

/**
 * What an operator may change: each replaces a default. The retry values replace that part of both
 * modes' schedules; `allowPrivate` sets both modes at once.
 */
export interface Overrides {
  readonly retryDelay?: number | undefined
  readonly retryDelayMax?: number | undefined
  readonly retryLimit?: number | undefined
  readonly concurrency?: number | undefined
  readonly pollingSeconds?: number | undefined
  readonly jobTimeoutSeconds?: number | undefined
  readonly superviseSeconds?: number | undefined
  readonly allowPrivate?: boolean | undefined
  /** The e-mailed receipts' schedule (`TILL_SMTP_RETRY_DELAY_SECONDS`, `TILL_SMTP_RETRY_LIMIT`). */
  readonly receiptRetryDelay?: number | undefined
  readonly receiptRetryLimit?: number | undefined
}

const override = (policy: RetryPolicy, overrides: Overrides): RetryPolicy => ({
  retryDelay: overrides.retryDelay ?? policy.retryDelay,
  retryDelayMax: overrides.retryDelayMax ?? policy.retryDelayMax,
  retryLimit: overrides.retryLimit ?? policy.retryLimit
})

/**
 * The settings with `overrides` applied, each kept within what works: at least one delivery in
 * flight, polling no more often than pg-boss can (every 0.5 s), a job timeout above the delivery
 * timeout, a supervisor at least every second.
 */
export const make = (overrides: Overrides = {}): QueueSettings => ({
  live: override(defaults.live, overrides),
  test: override(defaults.test, overrides),
  receipts: {
    ...defaults.receipts,
    retryDelay: overrides.receiptRetryDelay ?? defaults.receipts.retryDelay,
    retryLimit: overrides.receiptRetryLimit ?? defaults.receipts.retryLimit
  },
  concurrency: Math.max(1, overrides.concurrency ?? defaults.concurrency),
  pollingSeconds: Math.max(0.5, overrides.pollingSeconds ?? defaults.pollingSeconds),
  deliveryTimeoutMs: defaults.deliveryTimeoutMs,
  jobTimeoutSeconds: Math.max(minJobTimeoutSeconds(defaults), overrides.jobTimeoutSeconds ?? defaults.jobTimeoutSeconds),
  superviseSeconds: Math.max(1, overrides.superviseSeconds ?? defaults.superviseSeconds),
  allowPrivate: overrides.allowPrivate === undefined ? defaults.allowPrivate : { live: overrides.allowPrivate, test: overrides.allowPrivate }
})
