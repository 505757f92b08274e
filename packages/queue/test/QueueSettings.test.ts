import { assert, describe, it } from "@effect/vitest"
import { defaults, make } from "../src/QueueSettings.ts"
import { LIVE_RETRY, TEST_RETRY } from "../src/Queues.ts"

describe("queue settings", () => {
  it("default to SPEC section 7's schedules and a 10 s delivery timeout", () => {
    const settings = make()
    assert.deepStrictEqual(settings, defaults)
    assert.deepStrictEqual([settings.live, settings.test], [LIVE_RETRY, TEST_RETRY])
    assert.strictEqual(settings.deliveryTimeoutMs, 10_000)
  })

  it("overrides shorten the backoff of both modes and tune the worker, within bounds", () => {
    const settings = make({
      retryDelay: 1,
      retryLimit: 2,
      concurrency: 3,
      pollingSeconds: 0.1,
      jobTimeoutSeconds: 5,
      superviseSeconds: 2
    })
    assert.deepStrictEqual(settings.live, { retryDelay: 1, retryDelayMax: LIVE_RETRY.retryDelayMax, retryLimit: 2 })
    assert.deepStrictEqual(settings.test, { retryDelay: 1, retryDelayMax: TEST_RETRY.retryDelayMax, retryLimit: 2 })
    assert.strictEqual(settings.concurrency, 3)
    // pg-boss polls at most every 0.5 s; a job may not time out before its receiver does
    assert.strictEqual(settings.pollingSeconds, 0.5)
    assert.strictEqual(settings.jobTimeoutSeconds, 15)
    assert.strictEqual(settings.superviseSeconds, 2)
    assert.strictEqual(make({ concurrency: 0, superviseSeconds: 0 }).concurrency, 1)
    assert.strictEqual(make({ superviseSeconds: 0 }).superviseSeconds, 1)
  })

  it("allowPrivate sets both modes; unset, test mode only", () => {
    assert.deepStrictEqual(make().allowPrivate, { live: false, test: true })
    assert.deepStrictEqual(make({ allowPrivate: true }).allowPrivate, { live: true, test: true })
    assert.deepStrictEqual(make({ allowPrivate: false }).allowPrivate, { live: false, test: false })
  })
})
