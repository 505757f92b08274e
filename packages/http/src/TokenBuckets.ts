/**
 * Token buckets by key, in this process's memory: each key may spend `burst` tokens at once and gets
 * `perSecond` back each second. Time is an argument, so the arithmetic is tested without a clock.
 *
 * Hand-written rather than taken from a library: Effect's own `RateLimiter` memory store keeps every
 * key it has seen for ever (a bucket per checkout session would grow without bound), and the npm
 * limiters are fixed windows or single buckets. A full bucket is the same as no bucket, so buckets
 * that have refilled are dropped, and memory follows the keys active in the last `burst / perSecond`
 * seconds.
 */

/** How fast a key may go. `perSecond` 0 (or less) means no limit. */
export interface Limit {
  readonly perSecond: number
  readonly burst: number
}

/** Whether a request may go ahead; when not, how long until a token is back. */
export type Decision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterMs: number }

/** The buckets of one limit. */
export interface TokenBuckets {
  /** Takes a token from `key`'s bucket at time `nowMs` (milliseconds, any monotonic origin). */
  readonly take: (key: string, nowMs: number) => Decision
  /** How many buckets are held (the others are full). */
  readonly size: () => number
}

interface Bucket {
  tokens: number
  at: number
}

const ALLOWED: Decision = { allowed: true }

/** Buckets for `limit`. */
export const make = (limit: Limit): TokenBuckets => {
  const buckets = new Map<string, Bucket>()
  const unlimited = !(limit.perSecond > 0)
  const burst = Math.max(1, limit.burst)
  const perMs = limit.perSecond / 1000
  let sweepAbove = 1024

  const level = (bucket: Bucket, now: number) => Math.min(burst, bucket.tokens + Math.max(0, now - bucket.at) * perMs)

  // amortized: a sweep runs only once the map has doubled since the last one
  const sweep = (now: number) => {
    for (const [key, bucket] of buckets) if (level(bucket, now) >= burst) buckets.delete(key)
    sweepAbove = Math.max(1024, buckets.size * 2)
  }

  const take = (key: string, now: number): Decision => {
    if (unlimited) return ALLOWED
    const bucket = buckets.get(key)
    const tokens = bucket === undefined ? burst : level(bucket, now)
    if (tokens < 1) return { allowed: false, retryAfterMs: Math.ceil((1 - tokens) / perMs) }
    if (bucket === undefined) {
      buckets.set(key, { tokens: tokens - 1, at: now })
      if (buckets.size > sweepAbove) sweep(now)
    } else {
      bucket.tokens = tokens - 1
      bucket.at = now
    }
    return ALLOWED
  }

  return { take, size: () => buckets.size }
}
