/**
 * The token bucket arithmetic, with time as an argument.
 */
import { assert, describe, it } from "@effect/vitest"
import * as TokenBuckets from "../src/TokenBuckets.ts"

describe("TokenBuckets", () => {
  it("a key spends its burst at once, is refused after, and says when the next token is back", () => {
    const buckets = TokenBuckets.make({ perSecond: 2, burst: 3 })
    for (let i = 0; i < 3; i++) assert.isTrue(buckets.take("a", 0).allowed)
    const refused = buckets.take("a", 0)
    assert.deepStrictEqual(refused, { allowed: false, retryAfterMs: 500 })
    assert.deepStrictEqual(buckets.take("a", 300), { allowed: false, retryAfterMs: 200 })
    assert.isTrue(buckets.take("a", 500).allowed)
    assert.isFalse(buckets.take("a", 500).allowed)
  })

  it("keys have buckets of their own, and a bucket refills only up to its burst", () => {
    const buckets = TokenBuckets.make({ perSecond: 1, burst: 2 })
    assert.isTrue(buckets.take("a", 0).allowed)
    assert.isTrue(buckets.take("a", 0).allowed)
    assert.isFalse(buckets.take("a", 0).allowed)
    assert.isTrue(buckets.take("b", 0).allowed)
    // an hour idle gives back the burst, not 3,600 tokens
    assert.isTrue(buckets.take("a", 3_600_000).allowed)
    assert.isTrue(buckets.take("a", 3_600_000).allowed)
    assert.isFalse(buckets.take("a", 3_600_000).allowed)
  })

  it("perSecond 0 means no limit", () => {
    const buckets = TokenBuckets.make({ perSecond: 0, burst: 1 })
    for (let i = 0; i < 1_000; i++) assert.isTrue(buckets.take("a", 0).allowed)
    assert.strictEqual(buckets.size(), 0)
  })

  it("forgets buckets that have refilled, so memory follows the keys that are active", () => {
    const buckets = TokenBuckets.make({ perSecond: 10, burst: 10 })
    for (let i = 0; i < 1_000; i++) buckets.take(`old-${i}`, 0)
    assert.strictEqual(buckets.size(), 1_000)
    // a second later every old bucket is full again; new keys push the map over its sweep size
    for (let i = 0; i < 1_100; i++) buckets.take(`new-${i}`, 1_000)
    assert.isAtMost(buckets.size(), 1_100)
    assert.isAtLeast(buckets.size(), 1)
  })
})
