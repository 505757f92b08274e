/**
 * The contract every EmbedSettingsRepository must meet: one record per account and mode, written
 * conditionally on the version read.
 */
import { assert, type Vitest } from "@effect/vitest"
import { EmbedSettingsRepository } from "@till/core"
import { Effect, Option } from "effect"
import { newScope } from "../support/Fixtures.ts"

/** Registers the contract's tests. */
export const embedSettingsRepositoryContract = (it: Vitest.MethodsNonLive<EmbedSettingsRepository>) => {
  it.effect("none until set; each mode of an account has its own; writes land on the version read and no other", () =>
    Effect.gen(function*() {
      const repo = yield* EmbedSettingsRepository
      const test = newScope()
      const live = { ...test, livemode: true }
      assert.isTrue(Option.isNone(yield* repo.find(test)))
      const first = { version: 1, settings: { livemode: false, allowed_origins: ["https://shop.example", "http://localhost:3000"], updated: 1_800_000_000 } }
      yield* repo.put(test, first)
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.find(test)), first)
      assert.isTrue(Option.isNone(yield* repo.find(live)))
      assert.isTrue(Option.isNone(yield* repo.find(newScope())))

      // a second first write loses, as does a write from a stale read
      const again = yield* Effect.flip(repo.put(test, { version: 1, settings: { ...first.settings, allowed_origins: [] } }))
      assert.strictEqual(again._tag, "ConcurrentModification")
      const second = { version: 2, settings: { livemode: false, allowed_origins: [], updated: 1_800_000_100 } }
      yield* repo.put(test, second)
      assert.strictEqual((yield* Effect.flip(repo.put(test, { ...second, settings: { ...second.settings, allowed_origins: ["https://x.example"] } })))._tag, "ConcurrentModification")
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.find(test)), second)
      assert.strictEqual((yield* Effect.flip(repo.put(live, { version: 3, settings: { ...second.settings, livemode: true } })))._tag, "ConcurrentModification")
      assert.isTrue(Option.isNone(yield* repo.find(live)))
    }))
}
