/**
 * The contract of `SessionRepository.insertAnswered`: a create that claims its idempotency key in its own
 * write, with the response stored. The key's record is the IdempotencyStore's, so the store replays it;
 * a live key writes nothing; a stale one is taken over; of concurrent writes with one key, one wins.
 */
import { assert, type Vitest } from "@effect/vitest"
import {
  type AnsweredKey,
  EventRepository,
  IDEMPOTENCY_LOCK_SECONDS,
  IDEMPOTENCY_TTL_SECONDS,
  type IdempotencyKey,
  IdempotencyStore,
  Ids,
  type Scope,
  SessionRepository
} from "@till/core"
import { Effect, Option } from "effect"
import { eventAbout, newScope, newSession } from "../support/Fixtures.ts"

const T = 1_800_000_000

const keyIn = (scope: Scope): IdempotencyKey => ({ account: scope.account, livemode: scope.livemode, key: `key-${Ids.randomBase62(8)}` })
const answered = (key: IdempotencyKey, now: number, body = `{"n":${now}}`): AnsweredKey => ({
  key,
  fingerprint: "fp",
  now,
  response: { status: 200, body }
})

/** Registers the contract's tests. */
export const answeredInsertContract = (it: Vitest.MethodsNonLive<SessionRepository | EventRepository | IdempotencyStore>) => {
  it.effect("writes the session, its events and the key's response together; the store replays the response", () =>
    Effect.gen(function*() {
      const repo = yield* SessionRepository
      const store = yield* IdempotencyStore
      const scope = newScope()
      const state = newSession(scope, T)
      const event = eventAbout(state, "checkout.session.completed", T)
      const key = keyIn(scope)
      assert.isTrue(yield* repo.insertAnswered(state, [event], answered(key, T, "{\"id\":\"ü\"}")))
      assert.deepStrictEqual(Option.map(yield* repo.findById(state.session.id), (s) => s.session), Option.some(state.session))
      assert.isTrue(Option.isSome(yield* (yield* EventRepository).findById(event.id)))
      assert.deepStrictEqual(yield* store.begin(key, "fp", T + 1), { _tag: "Replay", response: { status: 200, body: "{\"id\":\"ü\"}" } })
      assert.deepStrictEqual(yield* store.begin(key, "other", T + 1), { _tag: "Mismatch" })
    }))

  it.effect("a live key, completed or claimed by a running request, makes it write nothing", () =>
    Effect.gen(function*() {
      const repo = yield* SessionRepository
      const store = yield* IdempotencyStore
      const scope = newScope()
      const completed = keyIn(scope)
      assert.isTrue(yield* repo.insertAnswered(newSession(scope, T), [], answered(completed, T)))
      const second = newSession(scope, T)
      const event = eventAbout(second, "checkout.session.completed", T)
      assert.isFalse(yield* repo.insertAnswered(second, [event], answered(completed, T + IDEMPOTENCY_TTL_SECONDS - 1)))
      assert.isTrue(Option.isNone(yield* repo.findById(second.session.id)))
      assert.isTrue(Option.isNone(yield* (yield* EventRepository).findById(event.id)))

      const running = keyIn(scope)
      assert.deepStrictEqual(yield* store.begin(running, "fp", T), { _tag: "Started" })
      const third = newSession(scope, T)
      assert.isFalse(yield* repo.insertAnswered(third, [], answered(running, T + IDEMPOTENCY_LOCK_SECONDS - 1)))
      assert.isTrue(Option.isNone(yield* repo.findById(third.session.id)))
      // the running request's claim is untouched
      assert.deepStrictEqual(yield* store.begin(running, "fp", T + 1), { _tag: "InProgress" })
    }))

  it.effect("a stale key is taken over: an abandoned claim after the lock time, a response after its time to live", () =>
    Effect.gen(function*() {
      const repo = yield* SessionRepository
      const store = yield* IdempotencyStore
      const scope = newScope()
      const abandoned = keyIn(scope)
      yield* store.begin(abandoned, "old", T)
      assert.isTrue(yield* repo.insertAnswered(newSession(scope, T), [], answered(abandoned, T + IDEMPOTENCY_LOCK_SECONDS, "new")))
      assert.deepStrictEqual(yield* store.begin(abandoned, "fp", T + IDEMPOTENCY_LOCK_SECONDS + 1), { _tag: "Replay", response: { status: 200, body: "new" } })

      const expired = keyIn(scope)
      assert.isTrue(yield* repo.insertAnswered(newSession(scope, T), [], answered(expired, T, "first")))
      assert.isTrue(yield* repo.insertAnswered(newSession(scope, T), [], answered(expired, T + IDEMPOTENCY_TTL_SECONDS, "again")))
      assert.deepStrictEqual(yield* store.begin(expired, "fp", T + IDEMPOTENCY_TTL_SECONDS + 1), { _tag: "Replay", response: { status: 200, body: "again" } })
    }))

  it.effect("of concurrent writes with one key, exactly one writes its session", () =>
    Effect.gen(function*() {
      const repo = yield* SessionRepository
      const scope = newScope()
      const key = keyIn(scope)
      const states = Array.from({ length: 8 }, () => newSession(scope, T))
      const written = yield* Effect.forEach(states, (s, i) => repo.insertAnswered(s, [], answered(key, T, `{"i":${i}}`)), { concurrency: "unbounded" })
      assert.strictEqual(written.filter(Boolean).length, 1)
      const stored = yield* Effect.forEach(states, (s) => repo.findById(s.session.id))
      assert.deepStrictEqual(stored.map(Option.isSome), written)
    }))
}
