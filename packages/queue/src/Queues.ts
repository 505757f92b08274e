/**
 * The queues, and the retry schedule of webhook deliveries in each mode.
 */

/** Webhook deliveries, one queue per mode so each has its own retry schedule. */
export const WEBHOOK_QUEUE = { live: "till.webhook.live", test: "till.webhook.test" } as const

/** Deliveries whose retries ran out; the worker marks them `failed`. */
export const WEBHOOK_DEAD_LETTER_QUEUE = "till.webhook.dead"

/**
 * Where versions before the set-based expiry sweep put one job per session, due at its `expires_at`.
 * Nothing enqueues there any more and nothing works it: a worker deletes the jobs left in it when it
 * starts (see Worker.ts), and the sweep expires their sessions.
 */
export const RETIRED_EXPIRE_QUEUE = "till.session.expire"

/** E-mailed receipts, one job per paid session (ReceiptMail.ts), both modes together. */
export const RECEIPT_QUEUE = "till.receipt"

/** Receipts whose retries ran out; the worker marks them `failed`. */
export const RECEIPT_DEAD_LETTER_QUEUE = "till.receipt.dead"

/** E-mailed receipts: 11 attempts over about six hours, so a mail server's outage of a few hours loses nothing. */
export const RECEIPT_RETRY: RetryPolicy = { retryLimit: 10, retryDelay: 30, retryDelayMax: 3600 }

/** The webhook queue of a mode. */
export const webhookQueue = (livemode: boolean): string => (livemode ? WEBHOOK_QUEUE.live : WEBHOOK_QUEUE.test)

/**
 * pg-boss's exponential backoff: after the n-th failed attempt (n = 1, 2, …) the next one waits
 * `retryDelay × 2^n / 2 × (1 + random)`, i.e. between `retryDelay × 2^(n-1)` and `retryDelay × 2^n`
 * seconds (the random part is the jitter), capped at `retryDelayMax`. `retryLimit` retries follow the
 * first attempt.
 */
export interface RetryPolicy {
  readonly retryLimit: number
  readonly retryDelay: number
  readonly retryDelayMax: number
}

/** Live mode: 17 attempts over about three days (SPEC section 7). */
export const LIVE_RETRY: RetryPolicy = { retryLimit: 16, retryDelay: 60, retryDelayMax: 8 * 3600 }

/** Test mode: 9 attempts over about three hours. */
export const TEST_RETRY: RetryPolicy = { retryLimit: 8, retryDelay: 30, retryDelayMax: 3600 }

/** One row of a schedule: the attempt number and the shortest and longest wait before it, in seconds. */
export interface ScheduledAttempt {
  readonly attempt: number
  readonly minDelay: number
  readonly maxDelay: number
  /** The earliest and latest time of the attempt, counted from the first. */
  readonly minElapsed: number
  readonly maxElapsed: number
}

/** Every attempt of a policy with its wait (the range the jitter spans), as pg-boss computes it. */
export const schedule = (policy: RetryPolicy): ReadonlyArray<ScheduledAttempt> => {
  const rows: Array<ScheduledAttempt> = [{ attempt: 1, minDelay: 0, maxDelay: 0, minElapsed: 0, maxElapsed: 0 }]
  let minElapsed = 0
  let maxElapsed = 0
  for (let n = 1; n <= policy.retryLimit; n++) {
    const base = Math.max(policy.retryDelay, 1) * 2 ** Math.min(16, n) / 2
    const minDelay = Math.min(policy.retryDelayMax, base)
    const maxDelay = Math.min(policy.retryDelayMax, base * 2)
    minElapsed += minDelay
    maxElapsed += maxDelay
    rows.push({ attempt: n + 1, minDelay, maxDelay, minElapsed, maxElapsed })
  }
  return rows
}
