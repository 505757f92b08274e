import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect } from "effect"
import { config, defaults } from "../src/QueueSettings.ts"
import { LIVE_RETRY, TEST_RETRY } from "../src/Queues.ts"

const read = (env: Record<string, string>) =>
  Effect.provideService(Effect.gen(function*() {
    return yield* config
  }), ConfigProvider.ConfigProvider, ConfigProvider.fromEnv({ env }))

describe("queue settings", () => {
  it.effect("default to SPEC section 7's schedules and a 10 s delivery timeout", () =>
    Effect.gen(function*() {
      const settings = yield* read({})
      assert.deepStrictEqual(settings, defaults)
      assert.deepStrictEqual([settings.live, settings.test], [LIVE_RETRY, TEST_RETRY])
      assert.strictEqual(settings.deliveryTimeoutMs, 10_000)
    }))

  it.effect("the environment shortens the backoff of both modes and tunes the worker, within bounds", () =>
    Effect.gen(function*() {
      const settings = yield* read({
        TILL_WEBHOOK_RETRY_DELAY_SECONDS: "1",
        TILL_WEBHOOK_RETRY_LIMIT: "2",
        TILL_WEBHOOK_CONCURRENCY: "3",
        TILL_QUEUE_POLLING_SECONDS: "0.1",
        TILL_WEBHOOK_JOB_TIMEOUT_SECONDS: "5",
        TILL_QUEUE_SUPERVISE_SECONDS: "2"
      })
      assert.deepStrictEqual(settings.live, { retryDelay: 1, retryDelayMax: LIVE_RETRY.retryDelayMax, retryLimit: 2 })
      assert.deepStrictEqual(settings.test, { retryDelay: 1, retryDelayMax: TEST_RETRY.retryDelayMax, retryLimit: 2 })
      assert.strictEqual(settings.concurrency, 3)
      // pg-boss polls at most every 0.5 s; a job may not time out before its receiver does
      assert.strictEqual(settings.pollingSeconds, 0.5)
      assert.strictEqual(settings.jobTimeoutSeconds, 15)
      assert.strictEqual(settings.superviseSeconds, 2)
    }))

  it.effect("refuses a value that is not a number, naming the variable", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(read({ TILL_WEBHOOK_RETRY_LIMIT: "many" }))
      assert.include(String(error), "TILL_WEBHOOK_RETRY_LIMIT")
    }))
})
