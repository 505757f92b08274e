/**
 * Use cases of accounts: creating them with keys, and authenticating a secret key.
 */
import { Context, Effect, Layer, Option } from "effect"
import { type Account, hashSecret, keyPrefix, modeOfKey } from "./Account.ts"
import type { Scope } from "./CheckoutSession.ts"
import { nowSeconds } from "./CheckoutSessions.ts"
import { retryOnConflict } from "./Conflicts.ts"
import { ResourceMissing } from "./Errors.ts"
import { Prefix } from "./Ids.ts"
import { AccountRepository } from "./ports/AccountRepository.ts"
import { IdGenerator } from "./ports/IdGenerator.ts"

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

    const storeKey = Effect.fnUntraced(function*(account: string, secret: string, now: number) {
      const livemode = modeOfKey(secret)
      if (livemode === null) return yield* Effect.die(new Error("a secret key starts with sk_test_ or sk_live_"))
      yield* repo.insertKey({ account, livemode, secret_hash: yield* hashSecret(secret), last4: secret.slice(-4), created: now })
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

    // Hashing runs on every authenticated request; remembering recent hashes saves it without caching
    // the answer, so a revoked key still stops working at once.
    const hashes = new Map<string, string>()
    const hashOf = (secret: string) => {
      const known = hashes.get(secret)
      if (known !== undefined) return Effect.succeed(known)
      return Effect.tap(hashSecret(secret), (hash) =>
        Effect.sync(() => {
          if (hashes.size >= 1000) hashes.delete(hashes.keys().next().value!)
          hashes.set(secret, hash)
        }))
    }

    /** The scope a secret key grants, or none. */
    const authenticate = Effect.fn("Accounts.authenticate")(function*(secret: string) {
      if (modeOfKey(secret) === null) return Option.none<Scope>()
      return yield* repo.findScopeByKeyHash(yield* hashOf(secret))
    })

    return { create, ensureDefault, rename, authenticate } as const
  })
}) {
  /** The use cases over whatever repository and id generator are provided. */
  static readonly layer = Layer.effect(Accounts, Accounts.make)
}
