/**
 * The contract every AccountRepository must meet. Its first test needs a store with no account yet.
 */
import { assert, type Vitest } from "@effect/vitest"
import { type Account, AccountRepository, EMPTY_PROFILE, Ids } from "@till/core"
import { Effect, Option } from "effect"

const newAccount = (created: number, name = "Shop"): Account => ({
  id: `acct_${Ids.randomBase62()}`,
  name,
  created
})

/** Registers the contract's tests. */
export const accountRepositoryContract = (it: Vitest.MethodsNonLive<AccountRepository>) => {
  it.effect("the first account is the first one inserted, whatever its created time", () =>
    Effect.gen(function*() {
      const repo = yield* AccountRepository
      assert.isTrue(Option.isNone(yield* repo.findFirstAccount))
      const first = newAccount(1_700_000_500, "first")
      const second = newAccount(1_700_000_100, "second")
      yield* repo.insertAccount(first)
      yield* repo.insertAccount(second)
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findFirstAccount), { account: first, version: 1 })
    }))

  it.effect("accounts read back by id; unknown ids are missing", () =>
    Effect.gen(function*() {
      const repo = yield* AccountRepository
      const account = newAccount(1_700_000_000, "Zoë's shop")
      yield* repo.insertAccount(account)
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findAccount(account.id)), { account, version: 1 })
      assert.isTrue(Option.isNone(yield* repo.findAccount("acct_missing")))
    }))

  it.effect("an update lands on the version it read and no other; an update never creates an account", () =>
    Effect.gen(function*() {
      const repo = yield* AccountRepository
      const account = newAccount(1_700_000_000, "Before")
      yield* repo.insertAccount(account)
      const renamed = { account: { ...account, name: "After" }, version: 2 }
      yield* repo.updateAccount(renamed)
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findAccount(account.id)), renamed)

      // a second write from the same read (version 1) loses, and changes nothing
      const stale = yield* Effect.flip(repo.updateAccount({ account: { ...account, name: "Stale" }, version: 2 }))
      assert.deepStrictEqual([stale._tag, stale.id], ["ConcurrentModification", account.id])
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findAccount(account.id)), renamed)

      const ghost = newAccount(1_700_000_000, "Ghost")
      assert.strictEqual((yield* Effect.flip(repo.updateAccount({ account: ghost, version: 2 })))._tag, "ConcurrentModification")
      assert.isTrue(Option.isNone(yield* repo.findAccount(ghost.id)))
    }))

  it.effect("an account reads with the empty profile until one is stored; a profile write is conditional on the account's version and survives a rename", () =>
    Effect.gen(function*() {
      const repo = yield* AccountRepository
      const account = newAccount(1_700_000_000, "Branded")
      yield* repo.insertAccount(account)
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findProfile(account.id)), { profile: EMPTY_PROFILE, version: 1 })
      assert.isTrue(Option.isNone(yield* repo.findProfile("acct_missing")))

      const profile = {
        business_profile: { ...EMPTY_PROFILE.business_profile, name: "Zoë's", terms_of_service_url: "https://zoe.test/terms" },
        branding: { ...EMPTY_PROFILE.branding, primary_color: "#aa0000", logo: "file_1" }
      }
      yield* repo.updateProfile(account.id, { profile, version: 2 })
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findProfile(account.id)), { profile, version: 2 })
      const stale = yield* Effect.flip(repo.updateProfile(account.id, { profile: EMPTY_PROFILE, version: 2 }))
      assert.strictEqual(stale._tag, "ConcurrentModification")
      assert.strictEqual((yield* Effect.flip(repo.updateProfile("acct_missing", { profile, version: 2 })))._tag, "ConcurrentModification")

      // the account's version is shared: a rename after the profile write reads version 2, and keeps the profile
      yield* repo.updateAccount({ account: { ...account, name: "Renamed" }, version: 3 })
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findProfile(account.id)), { profile, version: 3 })
    }))

  it.effect("keys are found by hash; a hash already stored keeps its first owner", () =>
    Effect.gen(function*() {
      const repo = yield* AccountRepository
      const owner = newAccount(1_700_000_000)
      const intruder = newAccount(1_700_000_000)
      yield* repo.insertAccount(owner)
      yield* repo.insertAccount(intruder)
      const hash = Ids.randomBase62(32)
      yield* repo.insertKey({ account: owner.id, livemode: true, secret_hash: hash, last4: "abcd", created: 1_700_000_001 })
      yield* repo.insertKey({ account: intruder.id, livemode: false, secret_hash: hash, last4: "wxyz", created: 1_700_000_002 })
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findScopeByKeyHash(hash)), { account: owner.id, livemode: true })
      const testHash = Ids.randomBase62(32)
      yield* repo.insertKey({ account: owner.id, livemode: false, secret_hash: testHash, last4: "efgh", created: 1_700_000_003 })
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findScopeByKeyHash(testHash)), { account: owner.id, livemode: false })
      assert.isTrue(Option.isNone(yield* repo.findScopeByKeyHash("no-such-hash")))
    }))

  it.effect("a deleted key is found no more; deleting it again, or an unknown hash, answers false", () =>
    Effect.gen(function*() {
      const repo = yield* AccountRepository
      const owner = newAccount(1_700_000_000)
      yield* repo.insertAccount(owner)
      const kept = Ids.randomBase62(32)
      const revoked = Ids.randomBase62(32)
      yield* repo.insertKey({ account: owner.id, livemode: false, secret_hash: kept, last4: "keep", created: 1_700_000_001 })
      yield* repo.insertKey({ account: owner.id, livemode: false, secret_hash: revoked, last4: "gone", created: 1_700_000_001 })
      assert.isTrue(yield* repo.deleteKey(revoked))
      assert.isTrue(Option.isNone(yield* repo.findScopeByKeyHash(revoked)))
      assert.isTrue(Option.isSome(yield* repo.findScopeByKeyHash(kept)))
      assert.isFalse(yield* repo.deleteKey(revoked))
      assert.isFalse(yield* repo.deleteKey("no-such-hash"))
    }))

  it.effect("a key's expiry is kept, only ever moved sooner; accounts are listed in insertion order", () =>
    Effect.gen(function*() {
      const repo = yield* AccountRepository
      const owner = newAccount(1_700_000_000)
      yield* repo.insertAccount(owner)
      const hash = Ids.randomBase62(32)
      yield* repo.insertKey({ account: owner.id, livemode: false, secret_hash: hash, last4: "roll", created: 1_700_000_001 })
      assert.isTrue(yield* repo.expireKey(hash, 1_800_000_100))
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findScopeByKeyHash(hash)), { account: owner.id, livemode: false, expires_at: 1_800_000_100 })
      assert.isTrue(yield* repo.expireKey(hash, 1_900_000_000))
      assert.strictEqual(Option.getOrThrow(yield* repo.findScopeByKeyHash(hash)).expires_at, 1_800_000_100)
      assert.isTrue(yield* repo.expireKey(hash, 1_800_000_000))
      assert.strictEqual(Option.getOrThrow(yield* repo.findScopeByKeyHash(hash)).expires_at, 1_800_000_000)
      assert.isFalse(yield* repo.expireKey("no-such-hash", 1_800_000_000))
      const later = newAccount(1_600_000_000, "later")
      yield* repo.insertAccount(later)
      const ids = (yield* repo.listAccounts).map((a) => a.account.id)
      assert.isAbove(ids.indexOf(later.id), ids.indexOf(owner.id))
    }))

  it.effect("an account's keys are listed per mode, newest first, with their expiry; never another account's", () =>
    Effect.gen(function*() {
      const repo = yield* AccountRepository
      const owner = newAccount(1_700_000_000)
      const other = newAccount(1_700_000_000)
      yield* repo.insertAccount(owner)
      yield* repo.insertAccount(other)
      const older = Ids.randomBase62(32)
      const newer = Ids.randomBase62(32)
      yield* repo.insertKey({ account: owner.id, livemode: false, secret_hash: older, last4: "old1", created: 1_700_000_001 })
      yield* repo.insertKey({ account: owner.id, livemode: false, secret_hash: newer, last4: "new1", created: 1_700_000_002 })
      yield* repo.insertKey({ account: owner.id, livemode: true, secret_hash: Ids.randomBase62(32), last4: "live", created: 1_700_000_003 })
      yield* repo.insertKey({ account: other.id, livemode: false, secret_hash: Ids.randomBase62(32), last4: "othr", created: 1_700_000_004 })
      yield* repo.expireKey(older, 1_800_000_000)
      const listed = yield* repo.listKeys({ account: owner.id, livemode: false })
      assert.deepStrictEqual(listed, [
        { account: owner.id, livemode: false, secret_hash: newer, last4: "new1", created: 1_700_000_002 },
        { account: owner.id, livemode: false, secret_hash: older, last4: "old1", created: 1_700_000_001, expires_at: 1_800_000_000 }
      ])
      assert.deepStrictEqual((yield* repo.listKeys({ account: owner.id, livemode: true })).map((k) => k.last4), ["live"])
    }))

  it.effect("a restricted key's permissions are kept and read back; a full key has none", () =>
    Effect.gen(function*() {
      const repo = yield* AccountRepository
      const owner = newAccount(1_700_000_000)
      yield* repo.insertAccount(owner)
      const restricted = Ids.randomBase62(32)
      const full = Ids.randomBase62(32)
      const permissions = { checkout_session: "write", customer: "read" } as const
      yield* repo.insertKey({ account: owner.id, livemode: true, secret_hash: restricted, last4: "rstr", created: 1_700_000_001, permissions })
      yield* repo.insertKey({ account: owner.id, livemode: true, secret_hash: full, last4: "full", created: 1_700_000_002 })
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findScopeByKeyHash(restricted)), { account: owner.id, livemode: true, permissions })
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findScopeByKeyHash(full)), { account: owner.id, livemode: true })
      assert.deepStrictEqual((yield* repo.listKeys({ account: owner.id, livemode: true })).map((k) => k.permissions), [undefined, permissions])
    }))
}
