/**
 * The contract every ProcessorSettingsRepository must meet: one record per account and mode, written
 * conditionally on the version read, the sealed credentials kept exactly as given.
 */
import { assert, type Vitest } from "@effect/vitest"
import { ProcessorSettingsRepository } from "@till/core"
import { Effect, Option } from "effect"
import { newScope } from "../support/Fixtures.ts"

/** Registers the contract's tests. */
export const processorSettingsRepositoryContract = (it: Vitest.MethodsNonLive<ProcessorSettingsRepository>) => {
  it.effect("none until set; each mode of an account has its own; writes land on the version read and no other", () =>
    Effect.gen(function*() {
      const repo = yield* ProcessorSettingsRepository
      const test = newScope()
      const live = { ...test, livemode: true }
      assert.isTrue(Option.isNone(yield* repo.find(live)))
      const first = {
        version: 1,
        processor: "stripe",
        sealed_credentials: "v1.aXY.c2VhbGVk",
        credential_hints: { secret_key: "wxyz", webhook_secret: "1234" },
        options: { base_url: "http://127.0.0.1:1" },
        updated: 1_800_000_000
      }
      yield* repo.put(live, first)
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.find(live)), first)
      assert.isTrue(Option.isNone(yield* repo.find(test)))
      assert.isTrue(Option.isNone(yield* repo.find(newScope())))

      const again = yield* Effect.flip(repo.put(live, { ...first, processor: "adyen" }))
      assert.strictEqual(again._tag, "ConcurrentModification")
      const second = { ...first, version: 2, processor: "test", sealed_credentials: null, credential_hints: {}, options: {}, updated: 1_800_000_100 }
      yield* repo.put(live, second)
      assert.strictEqual((yield* Effect.flip(repo.put(live, { ...second, processor: "stripe" })))._tag, "ConcurrentModification")
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.find(live)), second)
      assert.strictEqual((yield* Effect.flip(repo.put(test, { ...second, version: 3 })))._tag, "ConcurrentModification")
      assert.isTrue(Option.isNone(yield* repo.find(test)))
    }))
}
