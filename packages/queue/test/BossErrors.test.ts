/**
 * What pg-boss reports as an error reaches the log as an error with its message, stack and queue:
 * its workers report plain objects, which a bare `String(error)` printed as `[object Object]`.
 */
import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Logger, References } from "effect"
import { Boss } from "../src/index.ts"

/** The lines `effect` logs: level, message, cause and annotations. */
const logged = (effect: Effect.Effect<void>) =>
  Effect.gen(function*() {
    const lines: Array<{ level: string; message: unknown; cause: string; annotations: Record<string, unknown> }> = []
    const capture = Logger.make((options) => {
      lines.push({
        level: options.logLevel,
        message: options.message,
        cause: Cause.pretty(options.cause),
        annotations: options.fiber.getRef(References.CurrentLogAnnotations)
      })
    })
    yield* effect.pipe(Effect.provide(Logger.layer([capture])))
    return lines
  })

describe("pg-boss's errors in the log", () => {
  it.effect("a worker's plain-object report keeps its message, stack and queue", () =>
    Effect.gen(function*() {
      const original = new Error("connection terminated unexpectedly")
      const reported = { ...original, message: original.message, stack: original.stack, queue: "till.webhook.test", worker: "w-1" }
      const [line] = yield* logged(Boss.logError(reported))
      assert.strictEqual(line!.level, "Error")
      assert.include(line!.cause, "connection terminated unexpectedly")
      assert.include(line!.cause, "BossErrors.test.ts")
      assert.notInclude(JSON.stringify(line), "[object Object]")
      assert.deepStrictEqual(line!.annotations, { queue: "till.webhook.test", worker: "w-1" })
    }))

  it.effect("an Error stays itself; anything else is described", () =>
    Effect.gen(function*() {
      const [error] = yield* logged(Boss.logError(new TypeError("bad state")))
      assert.include(error!.cause, "TypeError: bad state")
      const [other] = yield* logged(Boss.logError(42))
      assert.include(other!.cause, "42")
    }))
})
