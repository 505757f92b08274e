import { assert, describe, it } from "@effect/vitest"
import { Effect, Option } from "effect"
import { TestClock } from "effect/testing"
import { hashSecret, modeOfKey } from "../src/Account.ts"
import { Accounts, KEY_CACHE_SECONDS } from "../src/Accounts.ts"
import { AccountRepository } from "../src/ports/AccountRepository.ts"
import * as Testing from "../src/testing/index.ts"

describe("Accounts", () => {
  it.effect("creates an account with a test and a live key that authenticate to their own mode", () =>
    Effect.gen(function*() {
      const accounts = yield* Accounts
      const { account, secret_keys } = yield* accounts.create("Shop")
      assert.match(account.id, /^acct_/)
      assert.match(secret_keys.test, /^sk_test_/)
      assert.match(secret_keys.live, /^sk_live_/)
      assert.deepStrictEqual(yield* accounts.authenticate(secret_keys.test), Option.some({ account: account.id, livemode: false }))
      assert.deepStrictEqual(yield* accounts.authenticate(secret_keys.live), Option.some({ account: account.id, livemode: true }))
      assert.isTrue(Option.isNone(yield* accounts.authenticate(secret_keys.test + "x")))
      assert.isTrue(Option.isNone(yield* accounts.authenticate("pk_test_abc")))
      // the second authentication (hash remembered) answers the same
      assert.deepStrictEqual(yield* accounts.authenticate(secret_keys.test), Option.some({ account: account.id, livemode: false }))
    }).pipe(Effect.provide(Testing.layer)))

  it.effect("stores hashes, never the keys", () =>
    Effect.gen(function*() {
      const accounts = yield* Accounts
      const repo = yield* AccountRepository
      const { secret_keys } = yield* accounts.create("Shop")
      const scope = yield* repo.findScopeByKeyHash(yield* hashSecret(secret_keys.test))
      assert.isTrue(Option.isSome(scope))
      assert.isTrue(Option.isNone(yield* repo.findScopeByKeyHash(secret_keys.test)))
      assert.match(yield* hashSecret("sk_test_x"), /^[0-9a-f]{64}$/)
    }).pipe(Effect.provide(Testing.layer)))

  it.effect("ensureDefault creates the default account once and adds a given key", () =>
    Effect.gen(function*() {
      const accounts = yield* Accounts
      const first = yield* accounts.ensureDefault("sk_test_fixedkey123")
      assert.isNotNull(first.created)
      const again = yield* accounts.ensureDefault("sk_test_fixedkey123")
      assert.isNull(again.created)
      assert.strictEqual(again.account.id, first.account.id)
      assert.deepStrictEqual(yield* accounts.authenticate("sk_test_fixedkey123"), Option.some({ account: first.account.id, livemode: false }))
    }).pipe(Effect.provide(Testing.layer)))

  it.effect("renames an account, again on a fresh read when another write came first; an unknown one is missing", () =>
    Effect.gen(function*() {
      const accounts = yield* Accounts
      const repo = yield* AccountRepository
      const { account } = yield* accounts.create("Shop")
      assert.deepStrictEqual(yield* accounts.rename(account.id, "Shop & Co"), { ...account, name: "Shop & Co" })
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findAccount(account.id)), { account: { ...account, name: "Shop & Co" }, version: 2 })

      let interfered = false
      const racing = AccountRepository.of({
        ...repo,
        updateAccount: (stored) =>
          Effect.gen(function*() {
            if (!interfered) {
              interfered = true
              yield* Effect.orDie(accounts.rename(account.id, "Interloper"))
            }
            yield* repo.updateAccount(stored)
          })
      })
      const raced = yield* Accounts.make.pipe(Effect.provideService(AccountRepository, racing))
      yield* raced.rename(account.id, "Final")
      assert.isTrue(interfered)
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findAccount(account.id)), { account: { ...account, name: "Final" }, version: 4 })
      assert.deepInclude(yield* Effect.flip(accounts.rename("acct_missing", "x")), { _tag: "ResourceMissing", object: "account" })
    }).pipe(Effect.provide(Testing.layer)))

  it.effect("a rolled key works until its expiry, even from this process's cache, then not; the new key works", () =>
    Effect.gen(function*() {
      const accounts = yield* Accounts
      const { account, secret_keys } = yield* accounts.create("Shop")
      assert.isTrue(Option.isSome(yield* accounts.authenticate(secret_keys.test)))
      const rolled = yield* accounts.rollKey(secret_keys.test, 2)
      assert.strictEqual(rolled.account, account.id)
      assert.isFalse(rolled.livemode)
      assert.deepStrictEqual(yield* accounts.authenticate(rolled.secret), Option.some({ account: account.id, livemode: false }))
      assert.isTrue(Option.isSome(yield* accounts.authenticate(secret_keys.test)))
      yield* TestClock.adjust("2 seconds")
      assert.isTrue(Option.isNone(yield* accounts.authenticate(secret_keys.test)))
      assert.isTrue(Option.isSome(yield* accounts.authenticate(rolled.secret)))
      // rolled with no grace: stops at once; an expired key rolls no more
      const again = yield* accounts.rollKey(rolled.secret, 0)
      assert.isTrue(Option.isNone(yield* accounts.authenticate(rolled.secret)))
      assert.isTrue(Option.isSome(yield* accounts.authenticate(again.secret)))
      const refused = yield* Effect.flip(accounts.rollKey(secret_keys.test, 0))
      assert.strictEqual(refused._tag, "ResourceMissing")
      assert.notInclude(refused.message, secret_keys.test)
    }).pipe(Effect.provide(Testing.layer)))

  it.effect("keys are added to an existing account only; accounts are listed oldest first", () =>
    Effect.gen(function*() {
      const accounts = yield* Accounts
      const a = yield* accounts.create("A")
      const b = yield* accounts.create("B")
      const live = yield* accounts.createKey(b.account.id, true)
      assert.match(live.secret, /^sk_live_/)
      assert.deepStrictEqual(yield* accounts.authenticate(live.secret), Option.some({ account: b.account.id, livemode: true }))
      assert.strictEqual((yield* Effect.flip(accounts.createKey("acct_none", false)))._tag, "ResourceMissing")
      assert.deepStrictEqual((yield* accounts.list).map((x) => x.id), [a.account.id, b.account.id])
    }).pipe(Effect.provide(Testing.layer)))

  it.effect("a key revoked in this process stops working at once; revoking an unknown key answers false", () =>
    Effect.gen(function*() {
      const accounts = yield* Accounts
      const { account, secret_keys } = yield* accounts.create("Shop")
      assert.deepStrictEqual(yield* accounts.authenticate(secret_keys.test), Option.some({ account: account.id, livemode: false }))
      assert.isTrue(yield* accounts.revokeKey(secret_keys.test))
      assert.isTrue(Option.isNone(yield* accounts.authenticate(secret_keys.test)))
      // the other key is untouched, and a key revoked twice was stored once
      assert.isTrue(Option.isSome(yield* accounts.authenticate(secret_keys.live)))
      assert.isFalse(yield* accounts.revokeKey(secret_keys.test))
    }).pipe(Effect.provide(Testing.layer)))

  it.effect("a key removed by another process works here until KEY_CACHE_SECONDS after this process looked it up", () =>
    Effect.gen(function*() {
      const accounts = yield* Accounts
      const repo = yield* AccountRepository
      const { account, secret_keys } = yield* accounts.create("Shop")
      const scope = Option.some({ account: account.id, livemode: false })
      assert.deepStrictEqual(yield* accounts.authenticate(secret_keys.test), scope)
      // another process revokes it: the store forgets it, this process's memory does not yet
      assert.isTrue(yield* repo.deleteKey(yield* hashSecret(secret_keys.test)))
      yield* TestClock.adjust(`${KEY_CACHE_SECONDS * 1000 - 1} millis`)
      assert.deepStrictEqual(yield* accounts.authenticate(secret_keys.test), scope)
      yield* TestClock.adjust("1 millis")
      assert.isTrue(Option.isNone(yield* accounts.authenticate(secret_keys.test)))
    }).pipe(Effect.provide(Testing.layer)))

  it.effect("an unknown key is not remembered: stored afterwards (by another process), it works at once", () =>
    Effect.gen(function*() {
      const accounts = yield* Accounts
      const repo = yield* AccountRepository
      const { account } = yield* accounts.create("Shop")
      const key = "sk_test_addedelsewhere0123"
      assert.isTrue(Option.isNone(yield* accounts.authenticate(key)))
      yield* repo.insertKey({ account: account.id, livemode: false, secret_hash: yield* hashSecret(key), last4: "0123", created: 0 })
      assert.deepStrictEqual(yield* accounts.authenticate(key), Option.some({ account: account.id, livemode: false }))
    }).pipe(Effect.provide(Testing.layer)))

  it("tells the mode of a key", () => {
    assert.strictEqual(modeOfKey("sk_test_1"), false)
    assert.strictEqual(modeOfKey("sk_live_1"), true)
    // restricted keys have a mode too; a publishable key is no secret key
    assert.strictEqual(modeOfKey("rk_test_1"), false)
    assert.strictEqual(modeOfKey("rk_live_1"), true)
    assert.isNull(modeOfKey("pk_test_1"))
  })

  it.effect("keys named by their hash (the dashboard's way): listed, rolled with an expiry, revoked, within their scope only", () =>
    Effect.gen(function*() {
      const accounts = yield* Accounts
      const { account, secret_keys } = yield* accounts.create("Shop")
      const other = yield* accounts.create("Other")
      const scope = { account: account.id, livemode: false }
      const [key] = yield* accounts.listKeys(scope)
      assert.strictEqual(key!.last4, secret_keys.test.slice(-4))
      assert.strictEqual(key!.secret_hash, yield* hashSecret(secret_keys.test))
      assert.strictEqual((yield* Effect.flip(accounts.rollKeyByHash({ account: other.account.id, livemode: false }, key!.secret_hash, 0)))._tag, "ResourceMissing")
      assert.strictEqual((yield* Effect.flip(accounts.revokeKeyByHash({ ...scope, livemode: true }, key!.secret_hash)))._tag, "ResourceMissing")

      const rolled = yield* accounts.rollKeyByHash(scope, key!.secret_hash, 60)
      assert.match(rolled.secret, /^sk_test_/)
      assert.isTrue(Option.isSome(yield* accounts.authenticate(secret_keys.test)))
      yield* TestClock.adjust("60 seconds")
      assert.isTrue(Option.isNone(yield* accounts.authenticate(secret_keys.test)))
      assert.isTrue(Option.isSome(yield* accounts.authenticate(rolled.secret)))
      assert.deepStrictEqual((yield* accounts.listKeys(scope)).map((k) => k.last4).sort(), [rolled.secret.slice(-4), secret_keys.test.slice(-4)].sort())

      assert.isTrue(yield* accounts.revokeKeyByHash(scope, yield* hashSecret(rolled.secret)))
      assert.isTrue(Option.isNone(yield* accounts.authenticate(rolled.secret)))
      assert.isTrue(Option.isSome(yield* accounts.authenticate(other.secret_keys.test)))
    }).pipe(Effect.provide(Testing.layer)))
})
