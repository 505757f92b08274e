/**
 * An in-memory IdempotencyStore, for tests and demos. It lives with the in-memory sessions
 * (InMemoryRepository), whose `insertAnswered` claims a key in the same step as the session it writes.
 */
import { Effect } from "effect"
import {
  type BeginResult,
  IDEMPOTENCY_LOCK_SECONDS,
  IDEMPOTENCY_TTL_SECONDS,
  type IdempotencyKey,
  IdempotencyStore,
  type StoredResponse
} from "../ports/IdempotencyStore.ts"

interface KeyRecord {
  readonly fingerprint: string
  readonly started: number
  readonly response: StoredResponse | null
  readonly completed: number
}

/** A fresh store, with the synchronous claim its neighbours use to write in one step. */
export const make = () => {
  const records = new Map<string, KeyRecord>()
  const id = (k: IdempotencyKey) => `${k.account}\u0000${k.livemode}\u0000${k.key}`
  const dead = (r: KeyRecord, now: number) =>
    r.response === null ? now >= r.started + IDEMPOTENCY_LOCK_SECONDS : now >= r.completed + IDEMPOTENCY_TTL_SECONDS

  /** Claims `key` unless it is live; `response`, when given, is stored with the claim (it completes at once). */
  const claim = (key: IdempotencyKey, fingerprint: string, now: number, response: StoredResponse | null): boolean => {
    const r = records.get(id(key))
    if (r !== undefined && !dead(r, now)) return false
    records.set(id(key), { fingerprint, started: now, response, completed: response === null ? 0 : now })
    return true
  }

  const store = IdempotencyStore.of({
    begin: (key, fingerprint, now) =>
      Effect.sync((): BeginResult => {
        if (claim(key, fingerprint, now, null)) return { _tag: "Started" }
        const r = records.get(id(key))!
        if (r.fingerprint !== fingerprint) return { _tag: "Mismatch" }
        return r.response === null ? { _tag: "InProgress" } : { _tag: "Replay", response: r.response }
      }),
    complete: (key, response, now) =>
      Effect.sync(() => {
        const r = records.get(id(key))
        if (r !== undefined) records.set(id(key), { ...r, response, completed: now })
      }),
    release: (key) => Effect.sync(() => void records.delete(id(key))),
    purgeExpired: (now) =>
      Effect.sync(() => {
        let purged = 0
        for (const [k, r] of records) {
          if (dead(r, now)) {
            records.delete(k)
            purged++
          }
        }
        return purged
      })
  })

  return { store, claim } as const
}
