import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Option } from "effect"
import { TestClock } from "effect/testing"
import { hashSecret } from "../src/Account.ts"
import { Accounts } from "../src/Accounts.ts"
import { DashboardAuth } from "../src/DashboardAuth.ts"
import { csrfTokenOf, type DashboardUser, LOGIN_SECONDS, mayAccess, scopeOf } from "../src/DashboardUser.ts"
import { DashboardUserRepository } from "../src/ports/DashboardUserRepository.ts"
import * as Testing from "../src/testing/index.ts"

const layer = DashboardAuth.layer.pipe(
  Layer.provideMerge(Layer.mergeAll(Testing.InMemoryDashboardUsers.layer, Testing.InMemoryDashboardUsers.hasherLayer)),
  Layer.provideMerge(Testing.layer)
)

const PASSWORD = "correct horse battery"

describe("DashboardAuth", () => {
  it.effect("creates a merchant bound to an existing account and an operator bound to none; checks every input", () =>
    Effect.gen(function*() {
      const auth = yield* DashboardAuth
      const { account } = yield* (yield* Accounts).create("Shop")
      const merchant = yield* auth.createUser({ email: "  Ana@Example.COM ", password: PASSWORD, role: "merchant", account: account.id })
      assert.deepStrictEqual([merchant.email, merchant.role, merchant.account], ["ana@example.com", "merchant", account.id])
      assert.match(merchant.id, /^dusr_/)
      const operator = yield* auth.createUser({ email: "ops@example.com", password: PASSWORD, role: "operator" })
      assert.isNull(operator.account)

      const refused = (input: Parameters<typeof auth.createUser>[0]) => Effect.map(Effect.flip(auth.createUser(input)), (e) => [e._tag, (e as any).param])
      assert.deepStrictEqual(yield* refused({ email: "ana@example.com", password: PASSWORD, role: "operator" }), ["ValidationError", "email"])
      assert.deepStrictEqual(yield* refused({ email: "not-an-email", password: PASSWORD, role: "operator" }), ["ValidationError", "email"])
      assert.deepStrictEqual(yield* refused({ email: "b@example.com", password: "short", role: "operator" }), ["ValidationError", "password"])
      assert.deepStrictEqual(yield* refused({ email: "b@example.com", password: PASSWORD, role: "merchant" }), ["ValidationError", "account"])
      assert.deepStrictEqual(yield* refused({ email: "b@example.com", password: PASSWORD, role: "operator", account: account.id }), ["ValidationError", "account"])
      assert.deepStrictEqual(yield* refused({ email: "b@example.com", password: PASSWORD, role: "admin" }), ["ValidationError", "role"])
      assert.deepStrictEqual(yield* refused({ email: "b@example.com", password: PASSWORD, role: "merchant", account: "acct_nope" }), ["ResourceMissing", "account"])
      assert.deepStrictEqual((yield* auth.listUsers).map((u) => u.email), ["ana@example.com", "ops@example.com"])
    }).pipe(Effect.provide(layer)))

  it.effect("stores a hash of the password, never the password", () =>
    Effect.gen(function*() {
      const auth = yield* DashboardAuth
      const repo = yield* DashboardUserRepository
      const user = yield* auth.createUser({ email: "ops@example.com", password: PASSWORD, role: "operator" })
      const stored = Option.getOrThrow(yield* repo.findUserById(user.id))
      assert.notInclude(stored.password_hash, PASSWORD)
    }).pipe(Effect.provide(layer)))

  it.effect("signs in with the right password only, whatever the email's case; never says which was wrong", () =>
    Effect.gen(function*() {
      const auth = yield* DashboardAuth
      yield* auth.createUser({ email: "ops@example.com", password: PASSWORD, role: "operator" })
      const signedIn = yield* auth.login("OPS@example.com ", PASSWORD)
      assert.match(signedIn.token, /^dsess_\w{33}$/)
      assert.strictEqual(signedIn.user.email, "ops@example.com")
      const wrong = yield* Effect.flip(auth.login("ops@example.com", PASSWORD + "!"))
      const unknown = yield* Effect.flip(auth.login("nobody@example.com", PASSWORD))
      assert.deepStrictEqual([wrong._tag, unknown._tag], ["InvalidCredentials", "InvalidCredentials"])
      assert.strictEqual(wrong.message, unknown.message)
    }).pipe(Effect.provide(layer)))

  it.effect("a login authenticates until it expires or is revoked; only its hash is stored; an API key never authenticates", () =>
    Effect.gen(function*() {
      const auth = yield* DashboardAuth
      const repo = yield* DashboardUserRepository
      const { secret_keys } = yield* (yield* Accounts).create("Shop")
      const user = yield* auth.createUser({ email: "ops@example.com", password: PASSWORD, role: "operator" })
      const a = yield* auth.login("ops@example.com", PASSWORD)
      const b = yield* auth.login("ops@example.com", PASSWORD)
      assert.strictEqual(Option.getOrThrow(yield* auth.authenticate(a.token)).user.id, user.id)
      assert.isTrue(Option.isNone(yield* repo.findLogin(a.token)))
      assert.isTrue(Option.isSome(yield* repo.findLogin(yield* hashSecret(a.token))))
      assert.isTrue(Option.isNone(yield* auth.authenticate(secret_keys.test)))
      assert.isTrue(Option.isNone(yield* auth.authenticate(a.token + "x")))

      assert.isTrue(yield* auth.logout(a.token))
      assert.isTrue(Option.isNone(yield* auth.authenticate(a.token)))
      assert.isFalse(yield* auth.logout(a.token))
      assert.isTrue(Option.isSome(yield* auth.authenticate(b.token)))

      yield* TestClock.adjust(`${LOGIN_SECONDS - 1} seconds`)
      assert.isTrue(Option.isSome(yield* auth.authenticate(b.token)))
      yield* TestClock.adjust("1 second")
      assert.isTrue(Option.isNone(yield* auth.authenticate(b.token)))

      const c = yield* auth.login("ops@example.com", PASSWORD)
      const d = yield* auth.login("ops@example.com", PASSWORD)
      // b expired but was never revoked: it counts too
      assert.strictEqual(yield* auth.logoutEverywhere(user.id), 3)
      assert.isTrue(Option.isNone(yield* auth.authenticate(c.token)))
      assert.isTrue(Option.isNone(yield* auth.authenticate(d.token)))
    }).pipe(Effect.provide(layer)))
})

describe("DashboardUser rules", () => {
  const merchant: DashboardUser = { id: "dusr_1", email: "m@example.com", role: "merchant", account: "acct_a", created: 0 }
  const operator: DashboardUser = { id: "dusr_2", email: "o@example.com", role: "operator", account: null, created: 0 }

  it("a merchant reaches its own account only, whatever it asks for; an operator the one it asks for", () => {
    assert.isTrue(mayAccess(merchant, "acct_a"))
    assert.isFalse(mayAccess(merchant, "acct_b"))
    assert.isTrue(mayAccess(operator, "acct_b"))
    assert.deepStrictEqual(scopeOf(merchant, "acct_b", false), { account: "acct_a", livemode: false })
    assert.deepStrictEqual(scopeOf(operator, "acct_b", true), { account: "acct_b", livemode: true })
    assert.isNull(scopeOf(operator, null, false))
  })

  it.effect("the CSRF token is fixed for a login and differs between logins", () =>
    Effect.gen(function*() {
      const one = yield* csrfTokenOf("dsess_one")
      assert.strictEqual(one, yield* csrfTokenOf("dsess_one"))
      assert.notStrictEqual(one, yield* csrfTokenOf("dsess_two"))
      assert.match(one, /^[0-9a-f]{64}$/)
    }))

  it.effect("a disabled user's logins are revoked and they cannot sign in until enabled again", () =>
    Effect.gen(function*() {
      const auth = yield* DashboardAuth
      const user = yield* auth.createUser({ email: "dis@example.com", password: PASSWORD, role: "operator" })
      const first = yield* auth.login(user.email, PASSWORD)
      const disabled = yield* auth.setDisabled(user.id, true)
      assert.isTrue(disabled.disabled)
      assert.isTrue(Option.isNone(yield* auth.authenticate(first.token)))
      assert.strictEqual((yield* Effect.flip(auth.login(user.email, PASSWORD)))._tag, "InvalidCredentials")
      assert.isTrue((yield* auth.listUsers).find((u) => u.id === user.id)!.disabled)
      const enabled = yield* auth.setDisabled(user.id, false)
      assert.isUndefined(enabled.disabled)
      const again = yield* auth.login(user.email, PASSWORD)
      assert.isTrue(Option.isSome(yield* auth.authenticate(again.token)))
      assert.strictEqual((yield* Effect.flip(auth.setDisabled("dusr_missing", true)))._tag, "ResourceMissing")
    }).pipe(Effect.provide(layer)))

  it.effect("an operator resets a password: logins revoked, the old password refused, the new one works", () =>
    Effect.gen(function*() {
      const auth = yield* DashboardAuth
      const user = yield* auth.createUser({ email: "reset@example.com", password: PASSWORD, role: "operator" })
      const before = yield* auth.login(user.email, PASSWORD)
      assert.strictEqual((yield* Effect.flip(auth.resetPassword(user.id, "short")))._tag, "ValidationError")
      const reset = yield* auth.resetPassword(user.id, "a brand new passphrase")
      assert.strictEqual(reset.revoked, 1)
      assert.isTrue(Option.isNone(yield* auth.authenticate(before.token)))
      assert.strictEqual((yield* Effect.flip(auth.login(user.email, PASSWORD)))._tag, "InvalidCredentials")
      yield* auth.login(user.email, "a brand new passphrase")
    }).pipe(Effect.provide(layer)))

  it.effect("a user changes their own password with the current one: every login revoked, a new one made", () =>
    Effect.gen(function*() {
      const auth = yield* DashboardAuth
      const user = yield* auth.createUser({ email: "own@example.com", password: PASSWORD, role: "operator" })
      const a = yield* auth.login(user.email, PASSWORD)
      const b = yield* auth.login(user.email, PASSWORD)
      assert.strictEqual((yield* Effect.flip(auth.changePassword(user.id, "wrong password!", "another passphrase")))._tag, "InvalidCredentials")
      assert.strictEqual((yield* Effect.flip(auth.changePassword(user.id, PASSWORD, "short")))._tag, "ValidationError")
      assert.isTrue(Option.isSome(yield* auth.authenticate(a.token)), "a refused change revokes nothing")
      const fresh = yield* auth.changePassword(user.id, PASSWORD, "another passphrase")
      assert.isTrue(Option.isNone(yield* auth.authenticate(a.token)))
      assert.isTrue(Option.isNone(yield* auth.authenticate(b.token)))
      assert.isTrue(Option.isSome(yield* auth.authenticate(fresh.token)))
      yield* auth.login(user.email, "another passphrase")
    }).pipe(Effect.provide(layer)))
})
