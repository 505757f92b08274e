/**
 * The contract every IdempotencyStore must meet (SPEC section 5).
 */
import { assert, type Vitest } from "@effect/vitest"
import { IDEMPOTENCY_LOCK_SECONDS, IDEMPOTENCY_TTL_SECONDS, type IdempotencyKey, IdempotencyStore, Ids } from "@till/core"
import { Effect } from "effect"

const T = 1_800_000_000
const newKey = (livemode = false): IdempotencyKey => ({ account: `acct_${Ids.randomBase62(12)}`, livemode, key: `key-${Ids.randomBase62(8)}` })
const response = { status: 200, body: "{\"id\":\"cs_test_1\",\"note\":\"ü\"}" }

/** Registers the contract's tests. */
export const idempotencyStoreContract = (it: Vitest.MethodsNonLive<IdempotencyStore>) => {
  it.effect("a new key starts; then in progress, a mismatch, and after completion a replay", () =>
    Effect.gen(function*() {
      const store = yield* IdempotencyStore
      const key = newKey()
      assert.deepStrictEqual(yield* store.begin(key, "fp1", T), { _tag: "Started" })
      assert.deepStrictEqual(yield* store.begin(key, "fp1", T + 1), { _tag: "InProgress" })
      assert.deepStrictEqual(yield* store.begin(key, "fp2", T + 1), { _tag: "Mismatch" })
      yield* store.complete(key, response, T + 2)
      assert.deepStrictEqual(yield* store.begin(key, "fp1", T + 3), { _tag: "Replay", response })
      assert.deepStrictEqual(yield* store.begin(key, "fp2", T + 3), { _tag: "Mismatch" })
    }))

  it.effect("keys belong to one account and mode", () =>
    Effect.gen(function*() {
      const store = yield* IdempotencyStore
      const key = newKey()
      assert.deepStrictEqual(yield* store.begin(key, "fp", T), { _tag: "Started" })
      assert.deepStrictEqual(yield* store.begin({ ...key, livemode: true }, "fp", T), { _tag: "Started" })
      assert.deepStrictEqual(yield* store.begin({ ...key, account: `${key.account}x` }, "other", T), { _tag: "Started" })
    }))

  it.effect("an unfinished claim may be taken over IDEMPOTENCY_LOCK_SECONDS after it started", () =>
    Effect.gen(function*() {
      const store = yield* IdempotencyStore
      const key = newKey()
      yield* store.begin(key, "fp1", T)
      assert.deepStrictEqual(yield* store.begin(key, "fp1", T + IDEMPOTENCY_LOCK_SECONDS - 1), { _tag: "InProgress" })
      assert.deepStrictEqual(yield* store.begin(key, "fp2", T + IDEMPOTENCY_LOCK_SECONDS), { _tag: "Started" })
      // the new claim is the one that counts now
      assert.deepStrictEqual(yield* store.begin(key, "fp2", T + IDEMPOTENCY_LOCK_SECONDS + 1), { _tag: "InProgress" })
      assert.deepStrictEqual(yield* store.begin(key, "fp1", T + IDEMPOTENCY_LOCK_SECONDS + 1), { _tag: "Mismatch" })
    }))

  it.effect("a stored response is replayed for IDEMPOTENCY_TTL_SECONDS after completion, then the key is new", () =>
    Effect.gen(function*() {
      const store = yield* IdempotencyStore
      const key = newKey(true)
      yield* store.begin(key, "fp1", T)
      yield* store.complete(key, response, T + 5)
      assert.deepStrictEqual(yield* store.begin(key, "fp1", T + 5 + IDEMPOTENCY_TTL_SECONDS - 1), { _tag: "Replay", response })
      assert.deepStrictEqual(yield* store.begin(key, "fp2", T + 5 + IDEMPOTENCY_TTL_SECONDS), { _tag: "Started" })
      assert.deepStrictEqual(yield* store.begin(key, "fp2", T + 5 + IDEMPOTENCY_TTL_SECONDS), { _tag: "InProgress" })
    }))

  it.effect("purgeExpired deletes abandoned claims and responses past their time, and nothing live", () =>
    Effect.gen(function*() {
      const store = yield* IdempotencyStore
      // later than every other test's records, so their purge cannot disturb this one
      const t = T + 10_000_000
      const done = newKey()
      const abandoned = newKey()
      yield* store.begin(done, "fp", t)
      yield* store.complete(done, response, t)
      yield* store.begin(abandoned, "fp", t)
      assert.isAtLeast(yield* store.purgeExpired(t + IDEMPOTENCY_LOCK_SECONDS), 1)
      assert.deepStrictEqual(yield* store.begin(done, "fp", t + IDEMPOTENCY_LOCK_SECONDS), { _tag: "Replay", response })
      assert.deepStrictEqual(yield* store.begin(abandoned, "other", t + IDEMPOTENCY_LOCK_SECONDS), { _tag: "Started" })
      yield* store.purgeExpired(t + IDEMPOTENCY_TTL_SECONDS)
      assert.deepStrictEqual(yield* store.begin(done, "new", t + IDEMPOTENCY_TTL_SECONDS), { _tag: "Started" })
    }))

  it.effect("release frees the key; complete and release of an unknown key do nothing", () =>
    Effect.gen(function*() {
      const store = yield* IdempotencyStore
      const key = newKey()
      yield* store.begin(key, "fp1", T)
      yield* store.release(key)
      assert.deepStrictEqual(yield* store.begin(key, "fp2", T + 1), { _tag: "Started" })
      const unknown = newKey()
      yield* store.complete(unknown, response, T)
      yield* store.release(unknown)
      assert.deepStrictEqual(yield* store.begin(unknown, "fp", T), { _tag: "Started" })
    }))

  it.effect("of many concurrent claims on one key, exactly one starts", () =>
    Effect.gen(function*() {
      const store = yield* IdempotencyStore
      const key = newKey()
      const results = yield* Effect.all(Array.from({ length: 25 }, () => store.begin(key, "fp", T)), { concurrency: "unbounded" })
      assert.strictEqual(results.filter((r) => r._tag === "Started").length, 1)
      assert.strictEqual(results.filter((r) => r._tag === "InProgress").length, 24)
    }))
}
