/**
 * In-memory AccountRepository and IdempotencyStore, for tests and demos.
 */
import { Context, Effect, Layer, Option } from "effect"
import type { StoredAccount } from "../Account.ts"
import { ConcurrentModification } from "../Errors.ts"
import { AccountRepository, type ApiKeyRecord } from "../ports/AccountRepository.ts"
import {
  IDEMPOTENCY_LOCK_SECONDS,
  IDEMPOTENCY_TTL_SECONDS,
  type IdempotencyKey,
  IdempotencyStore,
  type StoredResponse
} from "../ports/IdempotencyStore.ts"

/** Makes fresh, empty stores. */
export const make = Effect.sync(() => {
  // in insertion order: the first is the default account
  const accounts: Array<StoredAccount> = []
  const keys = new Map<string, ApiKeyRecord>()
  const expiries = new Map<string, number>()
  const records = new Map<string, { fingerprint: string; started: number; response: StoredResponse | null; completed: number }>()
  const id = (k: IdempotencyKey) => `${k.account}\u0000${k.livemode}\u0000${k.key}`

  const accountRepository = AccountRepository.of({
    insertAccount: (account) => Effect.sync(() => void accounts.push({ account, version: 1 })),
    updateAccount: (stored) =>
      Effect.suspend(() => {
        const at = accounts.findIndex((a) => a.account.id === stored.account.id)
        if (at === -1 || accounts[at]!.version !== stored.version - 1) return Effect.fail(new ConcurrentModification({ id: stored.account.id }))
        accounts[at] = stored
        return Effect.void
      }),
    findAccount: (accountId) => Effect.sync(() => Option.fromNullishOr(accounts.find((a) => a.account.id === accountId))),
    findFirstAccount: Effect.sync(() => Option.fromNullishOr(accounts[0])),
    insertKey: (key) => Effect.sync(() => void (keys.has(key.secret_hash) || keys.set(key.secret_hash, key))),
    findScopeByKeyHash: (hash) =>
      Effect.sync(() =>
        Option.map(Option.fromNullishOr(keys.get(hash)), (k) => ({
          account: k.account,
          livemode: k.livemode,
          ...(expiries.has(hash) ? { expires_at: expiries.get(hash)! } : {})
        }))
      ),
    deleteKey: (hash) => Effect.sync(() => (expiries.delete(hash), keys.delete(hash))),
    expireKey: (hash, expiresAt) =>
      Effect.sync(() => {
        if (!keys.has(hash)) return false
        expiries.set(hash, Math.min(expiresAt, expiries.get(hash) ?? expiresAt))
        return true
      }),
    listAccounts: Effect.sync(() => [...accounts]),
    listKeys: (scope) =>
      Effect.sync(() =>
        [...keys.values()]
          .filter((k) => k.account === scope.account && k.livemode === scope.livemode)
          .map((k) => (expiries.has(k.secret_hash) ? { ...k, expires_at: expiries.get(k.secret_hash)! } : k))
          .reverse()
      )
  })

  const idempotencyStore = IdempotencyStore.of({
    begin: (key, fingerprint, now) =>
      Effect.sync(() => {
        const r = records.get(id(key))
        const stale = r !== undefined && (r.response === null
          ? now >= r.started + IDEMPOTENCY_LOCK_SECONDS
          : now >= r.completed + IDEMPOTENCY_TTL_SECONDS)
        if (r === undefined || stale) {
          records.set(id(key), { fingerprint, started: now, response: null, completed: 0 })
          return { _tag: "Started" } as const
        }
        if (r.fingerprint !== fingerprint) return { _tag: "Mismatch" } as const
        return r.response === null ? { _tag: "InProgress" } as const : { _tag: "Replay", response: r.response } as const
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
          const dead = r.response === null ? now >= r.started + IDEMPOTENCY_LOCK_SECONDS : now >= r.completed + IDEMPOTENCY_TTL_SECONDS
          if (dead) {
            records.delete(k)
            purged++
          }
        }
        return purged
      })
  })

  return { accountRepository, idempotencyStore }
})

/** Both stores, fresh and empty. */
export const layer = Layer.effectContext(
  Effect.map(make, ({ accountRepository, idempotencyStore }) =>
    Context.make(AccountRepository, accountRepository).pipe(Context.add(IdempotencyStore, idempotencyStore))
  )
)
