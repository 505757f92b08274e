/**
 * Use cases of accounts: creating them with keys, and authenticating a secret key.
 */
import { Clock, Context, Effect, Layer, Option } from "effect"
import { type Account, hashSecret, keyPrefix, modeOfKey, prefixOfKey } from "./Account.ts"
import type { Scope } from "./CheckoutSession.ts"
import { nowSeconds } from "./CheckoutSessions.ts"
import { retryOnConflict } from "./Conflicts.ts"
import { ResourceMissing } from "./Errors.ts"
import { Prefix } from "./Ids.ts"
import { isRestrictedKey, type KeyPermissions, restrictedKeyPrefix } from "./KeyPermissions.ts"
import { AccountRepository } from "./ports/AccountRepository.ts"
import { IdGenerator } from "./ports/IdGenerator.ts"

/**
 * How long a process answers a key from memory after looking it up: a key revoked by another process
 * (or deleted from the database by hand) keeps working in this one for at most this long.
 */
export const KEY_CACHE_SECONDS = 5

/** Keys remembered per process, at most (the oldest lookups go first). */
const KEY_CACHE_SIZE = 1000

/** A key as a message may name it: its prefix and last four characters only. */
export const masked = (secret: string): string => {
  return `${prefixOfKey(secret)}…${secret.slice(-4)}`
}

/** What a working key grants: its scope, and a restricted key's permissions (null for a full key). */
export interface Grant {
  readonly scope: Scope
  readonly permissions: KeyPermissions | null
}

/** A new account with its keys, shown this once. */
export interface NewAccount {
  readonly account: Account
  readonly secret_keys: { readonly test: string; readonly live: string }
}

/** Use cases of accounts. */
export class Accounts extends Context.Service<Accounts>()("till/Accounts", {
  make: Effect.gen(function*() {
    const repo = yield* AccountRepository
    const ids = yield* IdGenerator

    const storeKey = Effect.fnUntraced(function*(account: string, secret: string, now: number, permissions: KeyPermissions | null = null) {
      const livemode = modeOfKey(secret)
      if (livemode === null) return yield* Effect.die(new Error("a secret key starts with sk_test_ or sk_live_"))
      if (isRestrictedKey(secret) !== (permissions !== null)) return yield* Effect.die(new Error("a restricted key (rk_) and only it has permissions"))
      yield* repo.insertKey({
        account,
        livemode,
        secret_hash: yield* hashSecret(secret),
        last4: secret.slice(-4),
        created: now,
        ...(permissions === null ? {} : { permissions })
      })
    })

    /** Creates an account with one test and one live key. */
    const create = Effect.fn("Accounts.create")(function*(name: string) {
      const now = yield* nowSeconds
      const account: Account = { id: yield* ids.make(Prefix.account), name, created: now }
      yield* repo.insertAccount(account)
      const secret_keys = { test: yield* ids.secret(keyPrefix(false)), live: yield* ids.secret(keyPrefix(true)) }
      yield* storeKey(account.id, secret_keys.test, now)
      yield* storeKey(account.id, secret_keys.live, now)
      return { account, secret_keys } satisfies NewAccount
    })

    /**
     * The default account (the oldest), created on first use. `created` carries its keys when this call
     * made it; `secretKey`, if given, is added to it so a known key works (TILL_SECRET_KEY).
     */
    const ensureDefault = Effect.fn("Accounts.ensureDefault")(function*(secretKey?: string) {
      const existing = yield* repo.findFirstAccount
      const created = Option.isNone(existing) ? yield* create("default") : null
      const account = created?.account ?? Option.getOrThrow(existing).account
      if (secretKey !== undefined) yield* storeKey(account.id, secretKey, yield* nowSeconds)
      return { account, created }
    })

    /** Renames an account; a write that lost a race to another is made again on a fresh read. */
    const rename = Effect.fn("Accounts.rename")(function*(id: string, name: string) {
      return yield* retryOnConflict(Effect.gen(function*() {
        const found = yield* repo.findAccount(id)
        if (Option.isNone(found)) return yield* new ResourceMissing({ object: "account", id, param: null })
        const account: Account = { ...found.value.account, name }
        yield* repo.updateAccount({ account, version: found.value.version + 1 })
        return account
      }))
    })

    // Every authenticated request presents its key: a key seen lately answers from memory, without a
    // hash or a round trip. Only keys that worked are kept, so an unknown key costs its lookup each time
    // and fills nothing; a key revoked here is forgotten at once, one revoked by another process (or
    // deleted in SQL) still works in this one for at most KEY_CACHE_SECONDS.
    const known = new Map<string, { readonly grant: Grant; readonly hash: string; readonly until: number }>()
    // a rolled key is remembered no longer than it works
    const remember = (secret: string, grant: Grant, hash: string, now: number, expiresAt: number | undefined) => {
      known.delete(secret)
      if (known.size >= KEY_CACHE_SIZE) known.delete(known.keys().next().value!)
      const until = now + KEY_CACHE_SECONDS * 1000
      known.set(secret, { grant, hash, until: expiresAt === undefined ? until : Math.min(until, expiresAt * 1000) })
    }
    const forget = (hash: string) => {
      for (const [k, entry] of known) if (entry.hash === hash) known.delete(k)
    }

    const lookUp = Effect.fnUntraced(function*(secret: string, now: number) {
      const hash = yield* hashSecret(secret)
      const found = yield* repo.findScopeByKeyHash(hash)
      if (Option.isNone(found)) return Option.none<Grant>()
      const { account, expires_at, livemode, permissions } = found.value
      if (expires_at !== undefined && now >= expires_at * 1000) return Option.none<Grant>()
      // a key's prefix must say what it is: a restricted key's row always has permissions, a full key's never
      if (isRestrictedKey(secret) !== (permissions !== undefined)) return Option.none<Grant>()
      const grant: Grant = { scope: { account, livemode }, permissions: permissions ?? null }
      remember(secret, grant, hash, now, expires_at)
      return Option.some(grant)
    })

    /** What a secret key (full or restricted) grants, or none when it does not work. */
    const grantOf = (secret: string): Effect.Effect<Option.Option<Grant>> =>
      modeOfKey(secret) === null ? Effect.succeedNone : Effect.flatMap(Clock.currentTimeMillis, (now) => {
        const hit = known.get(secret)
        return hit !== undefined && now < hit.until ? Effect.succeed(Option.some(hit.grant)) : lookUp(secret, now)
      })

    /** The scope a secret key grants, or none (a restricted key's permissions are the caller's to check: grantOf). */
    const authenticate = (secret: string): Effect.Effect<Option.Option<Scope>> => Effect.map(grantOf(secret), Option.map((g) => g.scope))

    /**
     * Revokes a secret key: it stops working at once in this process, and in others within
     * KEY_CACHE_SECONDS. Answers whether the key was stored.
     */
    const revokeKey = Effect.fn("Accounts.revokeKey")(function*(secret: string) {
      const hash = yield* hashSecret(secret)
      const deleted = yield* repo.deleteKey(hash)
      forget(hash)
      return deleted
    })

    /** Every account, oldest first. */
    const list = Effect.map(repo.listAccounts, (stored) => stored.map((s) => s.account))

    /**
     * Adds a key of `livemode`'s mode to an account: a full key (`sk_…`), or a restricted one (`rk_…`)
     * when `permissions` are given. Answers the secret, shown this once.
     */
    const createKey = Effect.fn("Accounts.createKey")(function*(accountId: string, livemode: boolean, permissions: KeyPermissions | null = null) {
      if (Option.isNone(yield* repo.findAccount(accountId))) {
        return yield* new ResourceMissing({ object: "account", id: accountId, param: "account" })
      }
      const secret = yield* ids.secret(permissions === null ? keyPrefix(livemode) : restrictedKeyPrefix(livemode))
      yield* storeKey(accountId, secret, yield* nowSeconds, permissions)
      return { account: accountId, livemode, secret, permissions } as const
    })

    /**
     * Rolls a working key: a new key of the same account and mode, while the old one keeps working for
     * `expiresInSeconds` more (0: it stops at once), then not. Fails with ResourceMissing (`param: key`)
     * when the key does not work.
     */
    const rollKey = Effect.fn("Accounts.rollKey")(function*(secret: string, expiresInSeconds: number) {
      const grant = yield* grantOf(secret)
      if (Option.isNone(grant)) return yield* new ResourceMissing({ object: "api_key", id: masked(secret), param: "key" })
      const now = yield* nowSeconds
      // the new key may do what the old one did: a restricted key rolls into one with its permissions
      const created = yield* createKey(grant.value.scope.account, grant.value.scope.livemode, grant.value.permissions)
      const hash = yield* hashSecret(secret)
      const expires_at = now + Math.max(0, Math.floor(expiresInSeconds))
      yield* repo.expireKey(hash, expires_at)
      // this process sees the new expiry at once
      forget(hash)
      return { ...created, expires_at } as const
    })

    /** The keys of the scope's account and mode (their last four characters, never the secrets), newest first. */
    const listKeys = Effect.fn("Accounts.listKeys")(function*(scope: Scope) {
      return yield* repo.listKeys(scope)
    })

    // a key named by its hash (the dashboard never holds the secrets): one of the scope's, or missing
    const ownKey = (scope: Scope, secretHash: string) =>
      Effect.flatMap(repo.findScopeByKeyHash(secretHash), (found) =>
        Option.isSome(found) && found.value.account === scope.account && found.value.livemode === scope.livemode
          ? Effect.succeed(found.value)
          : Effect.fail(new ResourceMissing({ object: "api_key", id: `…${secretHash.slice(-6)}`, param: "key" })))

    /** rollKey for a key of the scope named by its hash: a new key now, the old one working `expiresInSeconds` more. */
    const rollKeyByHash = Effect.fn("Accounts.rollKeyByHash")(function*(scope: Scope, secretHash: string, expiresInSeconds: number) {
      const old = yield* ownKey(scope, secretHash)
      const now = yield* nowSeconds
      const created = yield* createKey(scope.account, scope.livemode, old.permissions ?? null)
      const expires_at = now + Math.max(0, Math.floor(expiresInSeconds))
      yield* repo.expireKey(secretHash, expires_at)
      forget(secretHash)
      return { ...created, expires_at } as const
    })

    /** revokeKey for a key of the scope named by its hash: it stops working at once. */
    const revokeKeyByHash = Effect.fn("Accounts.revokeKeyByHash")(function*(scope: Scope, secretHash: string) {
      yield* ownKey(scope, secretHash)
      const deleted = yield* repo.deleteKey(secretHash)
      forget(secretHash)
      return deleted
    })

    return { create, ensureDefault, rename, authenticate, grantOf, revokeKey, list, createKey, rollKey, listKeys, rollKeyByHash, revokeKeyByHash } as const
  })
}) {
  /** The use cases over whatever repository and id generator are provided. */
  static readonly layer = Layer.effect(Accounts, Accounts.make)
}
