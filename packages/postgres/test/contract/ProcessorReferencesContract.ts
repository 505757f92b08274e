/**
 * The contract every ProcessorReferences must meet: values by connector and key, `put` replacing,
 * `putFirst` keeping the first and answering it, concurrent `putFirst`s agreeing on one.
 */
import { assert, type Vitest } from "@effect/vitest"
import { ProcessorReferences } from "@till/core"
import { Effect, Option } from "effect"

let counter = 0
const fresh = () => `key_${Date.now()}_${counter++}`

/** Registers the contract's tests. */
export const processorReferencesContract = (it: Vitest.MethodsNonLive<ProcessorReferences>) => {
  it.effect("none until put; put replaces; each connector has its own keys", () =>
    Effect.gen(function*() {
      const refs = yield* ProcessorReferences
      const key = fresh()
      assert.isTrue(Option.isNone(yield* refs.find({ processor: "adyen", key })))
      yield* refs.put({ processor: "adyen", key }, "{\"a\":1}")
      assert.deepStrictEqual(yield* refs.find({ processor: "adyen", key }), Option.some("{\"a\":1}"))
      yield* refs.put({ processor: "adyen", key }, "{\"a\":2}")
      assert.deepStrictEqual(yield* refs.find({ processor: "adyen", key }), Option.some("{\"a\":2}"))
      assert.isTrue(Option.isNone(yield* refs.find({ processor: "stripe", key })))
    }))

  it.effect("putFirst keeps the first value and answers it to every later call, concurrent ones too", () =>
    Effect.gen(function*() {
      const refs = yield* ProcessorReferences
      const key = fresh()
      assert.strictEqual(yield* refs.putFirst({ processor: "adyen", key }, "first"), "first")
      assert.strictEqual(yield* refs.putFirst({ processor: "adyen", key }, "second"), "first")
      assert.deepStrictEqual(yield* refs.find({ processor: "adyen", key }), Option.some("first"))
      const raced = fresh()
      const answers = yield* Effect.all(["a", "b", "c", "d"].map((v) => refs.putFirst({ processor: "adyen", key: raced }, v)), { concurrency: "unbounded" })
      assert.strictEqual(new Set(answers).size, 1)
      assert.deepStrictEqual(yield* refs.find({ processor: "adyen", key: raced }), Option.some(answers[0]!))
    }))
}
