/**
 * An in-memory AccountRepository, for tests and demos.
 */
import { Effect, Layer, Option } from "effect"
import type { StoredAccount } from "../Account.ts"
import { type AccountProfile, EMPTY_PROFILE } from "../AccountProfile.ts"
import { ConcurrentModification } from "../Errors.ts"
import { AccountRepository, type ApiKeyRecord } from "../ports/AccountRepository.ts"

/** Makes fresh, empty stores. */
export const make = Effect.sync(() => {
  // in insertion order: the first is the default account
  const accounts: Array<StoredAccount> = []
  const profiles = new Map<string, AccountProfile>()
  const keys = new Map<string, ApiKeyRecord>()
  const expiries = new Map<string, number>()

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
          ...(expiries.has(hash) ? { expires_at: expiries.get(hash)! } : {}),
          ...(k.permissions === undefined ? {} : { permissions: k.permissions })
        }))
      ),
    deleteKey: (hash) => Effect.sync(() => (expiries.delete(hash), keys.delete(hash))),
    expireKey: (hash, expiresAt) =>
      Effect.sync(() => {
        if (!keys.has(hash)) return false
        expiries.set(hash, Math.min(expiresAt, expiries.get(hash) ?? expiresAt))
        return true
      }),
    findProfile: (accountId) =>
      Effect.sync(() =>
        Option.map(Option.fromNullishOr(accounts.find((a) => a.account.id === accountId)), (a) => ({
          profile: profiles.get(accountId) ?? EMPTY_PROFILE,
          version: a.version
        }))
      ),
    updateProfile: (accountId, stored) =>
      Effect.suspend(() => {
        const at = accounts.findIndex((a) => a.account.id === accountId)
        if (at === -1 || accounts[at]!.version !== stored.version - 1) return Effect.fail(new ConcurrentModification({ id: accountId }))
        accounts[at] = { ...accounts[at]!, version: stored.version }
        profiles.set(accountId, stored.profile)
        return Effect.void
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

  return { accountRepository }
})

/** The store, fresh and empty. */
export const layer = Layer.effect(AccountRepository, Effect.map(make, ({ accountRepository }) => accountRepository))
