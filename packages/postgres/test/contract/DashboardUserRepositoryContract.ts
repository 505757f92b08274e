/**
 * The contract every DashboardUserRepository must meet.
 */
import { assert, type Vitest } from "@effect/vitest"
import { AccountRepository, type DashboardLogin, DashboardUserRepository, Ids, type StoredDashboardUser } from "@till/core"
import { Effect, Option } from "effect"

const user = (email: string, account: string | null, created = 1_700_000_000): StoredDashboardUser => ({
  user: { id: `dusr_${Ids.randomBase62()}`, email, role: account === null ? "operator" : "merchant", account, created },
  password_hash: `hash-${Ids.randomBase62(8)}`
})

const login = (userId: string, expires_at = 1_800_000_000): DashboardLogin => ({
  token_hash: Ids.randomBase62(40),
  user: userId,
  created: 1_700_000_000,
  expires_at,
  revoked: false
})

/** Registers the contract's tests. */
export const dashboardUserRepositoryContract = (it: Vitest.MethodsNonLive<DashboardUserRepository | AccountRepository>) => {
  it.effect("users read back by id and email; an email belongs to one user only; listed oldest first", () =>
    Effect.gen(function*() {
      const repo = yield* DashboardUserRepository
      const account = { id: `acct_${Ids.randomBase62()}`, name: "Shop", created: 1_700_000_000 }
      yield* (yield* AccountRepository).insertAccount(account)
      const tag = Ids.randomBase62(6).toLowerCase()
      const merchant = user(`m-${tag}@example.com`, account.id, 1_700_000_900)
      const operator = user(`o-${tag}@example.com`, null, 1_700_000_100)
      assert.isTrue(yield* repo.insertUser(merchant))
      assert.isTrue(yield* repo.insertUser(operator))
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findUserById(merchant.user.id)), merchant)
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findUserByEmail(operator.user.email)), operator)
      assert.isTrue(Option.isNone(yield* repo.findUserByEmail(`nobody-${tag}@example.com`)))
      assert.isTrue(Option.isNone(yield* repo.findUserById("dusr_missing")))

      const twin = user(merchant.user.email, null)
      assert.isFalse(yield* repo.insertUser(twin))
      assert.isTrue(Option.isNone(yield* repo.findUserById(twin.user.id)))
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findUserByEmail(merchant.user.email)), merchant)

      const ids = (yield* repo.listUsers).map((u) => u.user.id)
      assert.isAbove(ids.indexOf(operator.user.id), ids.indexOf(merchant.user.id))
    }))

  it.effect("logins are found by hash, revoked one by one or all of a user's at once, never un-revoked", () =>
    Effect.gen(function*() {
      const repo = yield* DashboardUserRepository
      const owner = user(`l-${Ids.randomBase62(6).toLowerCase()}@example.com`, null)
      yield* repo.insertUser(owner)
      const a = login(owner.user.id)
      const b = login(owner.user.id, 1_700_000_001)
      const c = login(owner.user.id)
      for (const l of [a, b, c]) yield* repo.insertLogin(l)
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findLogin(a.token_hash)), a)
      assert.isTrue(Option.isNone(yield* repo.findLogin("no-such-hash")))

      assert.isTrue(yield* repo.revokeLogin(a.token_hash))
      assert.isFalse(yield* repo.revokeLogin(a.token_hash))
      assert.isFalse(yield* repo.revokeLogin("no-such-hash"))
      assert.isTrue(Option.getOrThrow(yield* repo.findLogin(a.token_hash)).revoked)
      assert.isFalse(Option.getOrThrow(yield* repo.findLogin(c.token_hash)).revoked)

      // b has expired but is not revoked: it counts
      assert.strictEqual(yield* repo.revokeLoginsOf(owner.user.id), 2)
      assert.strictEqual(yield* repo.revokeLoginsOf(owner.user.id), 0)
      assert.isTrue(Option.getOrThrow(yield* repo.findLogin(b.token_hash)).revoked)
      assert.isTrue(Option.getOrThrow(yield* repo.findLogin(c.token_hash)).revoked)
    }))

  it.effect("a user is disabled and enabled again; their password hash replaced; unknown users answer false", () =>
    Effect.gen(function*() {
      const repo = yield* DashboardUserRepository
      const tag = Ids.randomBase62(6).toLowerCase()
      const stored = user(`d-${tag}@example.com`, null)
      yield* repo.insertUser(stored)
      assert.isUndefined(Option.getOrThrow(yield* repo.findUserById(stored.user.id)).user.disabled)
      assert.isTrue(yield* repo.setDisabled(stored.user.id, true))
      assert.isTrue(Option.getOrThrow(yield* repo.findUserByEmail(stored.user.email)).user.disabled)
      assert.isTrue((yield* repo.listUsers).find((u) => u.user.id === stored.user.id)!.user.disabled)
      assert.isTrue(yield* repo.setDisabled(stored.user.id, false))
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findUserById(stored.user.id)).user, stored.user)
      assert.isTrue(yield* repo.setPasswordHash(stored.user.id, "hash-new"))
      assert.strictEqual(Option.getOrThrow(yield* repo.findUserById(stored.user.id)).password_hash, "hash-new")
      assert.isFalse(yield* repo.setDisabled("dusr_missing", true))
      assert.isFalse(yield* repo.setPasswordHash("dusr_missing", "x"))
    }))
}
