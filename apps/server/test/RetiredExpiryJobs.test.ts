/**
 * Upgrading from a version that scheduled one expiry job per session: a worker that starts deletes the
 * jobs left in that queue and keeps the queue itself (a process of the earlier version may still be
 * enqueueing during the upgrade); the sweep expires the sessions.
 */
import { assert, layer } from "@effect/vitest"
import { Boss, Queues, Worker } from "@till/queue"
import { Effect, Layer } from "effect"
import { stack, START_TIMEOUT } from "./webhooks/Stack.ts"

layer(stack("pglite", { workers: 0 }), { excludeTestServices: true, timeout: START_TIMEOUT })("retired expiry jobs", (it) => {
  it.effect("with no expiry queue there is nothing to delete, and none is made", () =>
    Effect.gen(function*() {
      const { boss } = yield* Boss.Boss
      assert.strictEqual(yield* Effect.promise(() => Worker.deleteRetiredExpiryJobs(boss)), 0)
      assert.isNull(yield* Effect.promise(() => boss.getQueue(Queues.RETIRED_EXPIRE_QUEUE)))
    }))

  it.effect("a worker that starts deletes the jobs an earlier version left, and keeps their queue", () =>
    Effect.scoped(Effect.gen(function*() {
      const { boss } = yield* Boss.Boss
      // what an earlier version made: the queue, and one job per session due at its expires_at
      yield* Effect.promise(() => boss.createQueue(Queues.RETIRED_EXPIRE_QUEUE, { retryLimit: 20, retryDelay: 5, notify: false }))
      const due = new Date(Date.now() + 3600_000)
      yield* Effect.promise(() =>
        boss.insert(Queues.RETIRED_EXPIRE_QUEUE, ["cs_test_a", "cs_test_b", "cs_test_c"].map((session) => ({ data: { session }, startAfter: due })))
      )
      const jobs = Effect.promise(() => boss.findJobs(Queues.RETIRED_EXPIRE_QUEUE))
      assert.lengthOf(yield* jobs, 3)

      yield* Layer.build(Worker.layer)
      const started = Date.now()
      while ((yield* jobs).length > 0) {
        if (Date.now() - started > 30_000) return yield* Effect.die(new Error("the jobs are still there"))
        yield* Effect.sleep("50 millis")
      }
      assert.isNotNull(yield* Effect.promise(() => boss.getQueue(Queues.RETIRED_EXPIRE_QUEUE)))
    })), 60_000)
})
