/**
 * The users, accounts and password pages over HTTP: an operator disables and enables a user (a
 * disabled user's logins stop at once and they cannot sign in), signs one out everywhere, resets a
 * password (typed, or made up and shown once); every user changes their own password with the current
 * one; the accounts page creates an account through the CLI's use case and lists its users. Merchants
 * get 404 on the operators' pages and forms; every action is recorded.
 */
import { assert, layer } from "@effect/vitest"
import { Accounts, Audit, DashboardAuth, INSTALLATION_SCOPE } from "@till/core"
import { Effect } from "effect"
import { accountOfKey, withDashboard } from "../src/testing/DashboardServer.ts"
import { SuiteServer } from "../src/testing/stripe/SuiteServer.ts"
import { api, form, hidden, Jar, PASSWORD, request, signIn } from "./support/DashboardClient.ts"

const tryIn = async (base: string, email: string, password: string) => {
  const jar = new Jar()
  const page = await request(base, jar, "/dashboard/login")
  return request(base, jar, "/dashboard/login", form({ csrf: hidden(page.text, "csrf")!, email, password }))
}

layer(withDashboard, { excludeTestServices: true, timeout: "60 seconds" })("users, accounts and passwords in the dashboard", (it) => {
  const setUp = Effect.gen(function*() {
    const server = yield* SuiteServer
    const auth = yield* DashboardAuth
    const tag = Math.random().toString(36).slice(2, 8)
    const account = yield* accountOfKey(server.keys.test)
    const ana = yield* auth.createUser({ email: `ana-${tag}@shop.example`, password: PASSWORD, role: "merchant", account })
    const ops = yield* auth.createUser({ email: `ops-${tag}@till.example`, password: PASSWORD, role: "operator" })
    return { base: server.url, server, ana, ops, account }
  })

  it.effect("an operator disables and enables a user, signs them out everywhere, resets their password", () =>
    Effect.gen(function*() {
      const { ana, base, ops, account } = yield* setUp
      const audit = yield* Audit
      yield* Effect.promise(async () => {
        const merchant = await signIn(base, ana.email)
        assert.strictEqual((await request(base, merchant, "/dashboard/sessions")).status, 200)
        const operator = await signIn(base, ops.email)
        const page = await request(base, operator, "/dashboard/users")
        assert.match(page.text, new RegExp(`data-user="${ana.email.replace(".", "\\.")}".*Active`))
        const csrf = hidden(page.text, "csrf")!
        const at = (action: string) => `/dashboard/users/${ana.id}/${action}`

        // disabled: the open login stops at once, and signing in is refused as a wrong password is
        const disabled = await request(base, operator, at("disable"), form({ csrf }))
        assert.strictEqual(disabled.status, 303)
        assert.include((await request(base, operator, disabled.location!)).text, "was disabled")
        assert.strictEqual((await request(base, merchant, "/dashboard/sessions")).location, "/dashboard/login")
        assert.strictEqual((await tryIn(base, ana.email, PASSWORD)).status, 401)
        assert.match((await request(base, operator, "/dashboard/users")).text, /Disabled/)
        // an operator never disables themselves
        const self = await request(base, operator, `/dashboard/users/${ops.id}/disable`, form({ csrf }))
        assert.include((await request(base, operator, self.location!)).text, "You cannot disable yourself.")

        // enabled again: signs in
        await request(base, operator, at("enable"), form({ csrf }))
        const again = await signIn(base, ana.email)

        // signed out everywhere
        const out = await request(base, operator, at("logout"), form({ csrf }))
        assert.include((await request(base, operator, out.location!)).text, "was signed out everywhere")
        assert.strictEqual((await request(base, again, "/dashboard/sessions")).location, "/dashboard/login")

        // a password made up and shown once; the old one no longer signs in
        const reset = await request(base, operator, at("password"), form({ csrf, password: "" }))
        assert.strictEqual(reset.status, 200)
        const made = reset.text.match(/<code class="secret" id="shown-once">(\w{25})<\/code>/)![1]!
        assert.strictEqual((await tryIn(base, ana.email, PASSWORD)).status, 401)
        assert.strictEqual((await tryIn(base, ana.email, made)).status, 303)
        // a typed one, checked as any password
        assert.strictEqual((await request(base, operator, at("password"), form({ csrf, password: "short" }))).status, 400)
        const typed = await request(base, operator, at("password"), form({ csrf, password: PASSWORD }))
        assert.include(typed.text, "was changed and all their logins revoked")
        assert.notInclude(typed.text, "shown-once")
        assert.strictEqual((await tryIn(base, ana.email, PASSWORD)).status, 303)

        // without the CSRF token: refused
        assert.strictEqual((await request(base, operator, at("disable"), form({}))).status, 403)
        // merchants see none of it
        const m = await signIn(base, ana.email)
        assert.strictEqual((await request(base, m, "/dashboard/users")).status, 404)
        const mCsrf = hidden((await request(base, m, "/dashboard/sessions")).text, "csrf")!
        assert.strictEqual((await request(base, m, `/dashboard/users/${ops.id}/disable`, form({ csrf: mCsrf }))).status, 404)
        assert.strictEqual((await request(base, m, `/dashboard/users/${ops.id}/password`, form({ csrf: mCsrf, password: "" }))).status, 404)
        assert.strictEqual((await request(base, m, "/dashboard/accounts")).status, 404)
      })
      const actions = (yield* audit.forObjects({ account, livemode: false }, [ana.id])).map((r) => r.action)
      assert.deepStrictEqual(actions, [
        "dashboard_user.password_reset",
        "dashboard_user.password_reset",
        "dashboard_user.logout_everywhere",
        "dashboard_user.enable",
        "dashboard_user.disable"
      ])
    }))

  it.effect("every user changes their own password with the current one; other logins are signed out, this one kept", () =>
    Effect.gen(function*() {
      const { ana, base } = yield* setUp
      const audit = yield* Audit
      yield* Effect.promise(async () => {
        const other = await signIn(base, ana.email)
        const jar = await signIn(base, ana.email)
        const page = await request(base, jar, "/dashboard/password")
        assert.include(page.text, "Change your password")
        const csrf = hidden(page.text, "csrf")!
        const wrong = await request(base, jar, "/dashboard/password", form({ csrf, current: "not my password", password: "a new passphrase!", repeat: "a new passphrase!" }))
        assert.strictEqual(wrong.status, 400)
        assert.include(wrong.text, "The current password is wrong.")
        const differ = await request(base, jar, "/dashboard/password", form({ csrf, current: PASSWORD, password: "a new passphrase!", repeat: "another one!!!!" }))
        assert.include(differ.text, "The two new passwords differ.")
        const changed = await request(base, jar, "/dashboard/password", form({ csrf, current: PASSWORD, password: "a new passphrase!", repeat: "a new passphrase!" }))
        assert.strictEqual(changed.status, 303)
        // this browser has a new login; its new CSRF token differs, the page says so
        const after = await request(base, jar, changed.location!)
        assert.strictEqual(after.status, 200)
        assert.include(after.text, "Your password was changed.")
        assert.strictEqual((await request(base, other, "/dashboard/sessions")).location, "/dashboard/login")
        assert.strictEqual((await tryIn(base, ana.email, PASSWORD)).status, 401)
        assert.strictEqual((await tryIn(base, ana.email, "a new passphrase!")).status, 303)
      })
      const records = yield* audit.forObjects({ account: ana.account!, livemode: false }, [ana.id])
      assert.deepStrictEqual(records.map((r) => r.action), ["dashboard_user.password_change"])
    }))

  it.effect("the accounts page creates an account (keys shown once, which work) and shows an account's users", () =>
    Effect.gen(function*() {
      const { ana, base, ops, account } = yield* setUp
      const audit = yield* Audit
      const name = `Shop ${Math.random().toString(36).slice(2, 8)}`
      const made = yield* Effect.promise(async () => {
        const operator = await signIn(base, ops.email)
        const page = await request(base, operator, "/dashboard/accounts")
        assert.strictEqual(page.status, 200)
        assert.include(page.text, account)
        const csrf = hidden(page.text, "csrf")!
        assert.strictEqual((await request(base, operator, "/dashboard/accounts", form({ csrf, name: "  " }))).status, 400)
        const created = await request(base, operator, "/dashboard/accounts", form({ csrf, name }))
        assert.strictEqual(created.status, 200)
        const id = created.text.match(/Created (acct_\w+)\./)![1]!
        const test = created.text.match(/id="account-test-key">(sk_test_\w+)</)![1]!
        assert.match(created.text, /id="account-live-key">sk_live_\w+</)
        assert.strictEqual((await api(base, test, "GET", "/v1/checkout/sessions")).status, 200)
        assert.notInclude((await request(base, operator, "/dashboard/accounts")).text, test)
        const detail = await request(base, operator, `/dashboard/accounts/${account}`)
        assert.include(detail.text, ana.email)
        assert.strictEqual((await request(base, operator, "/dashboard/accounts/acct_missing")).status, 404)
        const fresh = await request(base, operator, `/dashboard/accounts/${id}`)
        assert.include(fresh.text, "No dashboard users for this account.")
        assert.include(fresh.text, "Account created by")
        return id
      })
      assert.include((yield* (yield* Accounts).list).map((a) => a.name), name)
      const records = yield* audit.forObjects(INSTALLATION_SCOPE, [made])
      assert.deepStrictEqual(records.map((r) => [r.action, r.actor.email]), [["account.create", ops.email]])
    }))
})
