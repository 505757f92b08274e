/**
 * The keys page over HTTP: creating full and restricted keys (shown once, with their permissions, the
 * creation recorded), and rolling a key with the old one stopping at a chosen moment (UTC, from now to
 * 7 days ahead), refused outside that window.
 */
import { assert, describe, it, layer } from "@effect/vitest"
import { Accounts, Audit, DashboardAuth, hashSecret } from "@till/core"
import { Effect } from "effect"
import { graceOf } from "../src/dashboard/KeyPages.ts"
import { accountOfKey, withDashboard } from "../src/testing/DashboardServer.ts"
import { SuiteServer } from "../src/testing/stripe/SuiteServer.ts"
import { api, form, hidden, PASSWORD, request, signIn } from "./support/DashboardClient.ts"

/** `YYYY-MM-DDTHH:MM:SS` in UTC, as a datetime-local field sends it. */
const local = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 19)

describe("graceOf", () => {
  it("reads a choice, or a moment from now to 7 days ahead", () => {
    const now = 1_800_000_000
    assert.strictEqual(graceOf("3600", "", now), 3600)
    assert.strictEqual(graceOf("0", "", now), 0)
    assert.isNull(graceOf("5", "", now))
    assert.isNull(graceOf("", "", now))
    assert.strictEqual(graceOf("at", local(now + 90), now), 90)
    assert.strictEqual(graceOf("at", local(now + 7 * 86400), now), 7 * 86400)
    assert.strictEqual(graceOf("at", local(now + 120).slice(0, 16), now), 120)
    assert.isNull(graceOf("at", local(now - 1), now), "in the past")
    assert.isNull(graceOf("at", local(now + 7 * 86400 + 1), now), "past 7 days")
    assert.isNull(graceOf("at", "tomorrow", now))
    assert.isNull(graceOf("at", "", now))
  })
})

layer(withDashboard, { excludeTestServices: true, timeout: "60 seconds" })("the keys page", (it) => {
  it.effect("creates full and restricted keys, shown once; a restricted key works only as its permissions say", () =>
    Effect.gen(function*() {
      const server = yield* SuiteServer
      const auth = yield* DashboardAuth
      const audit = yield* Audit
      const base = server.url
      const account = yield* accountOfKey(server.keys.test)
      const tag = Math.random().toString(36).slice(2, 8)
      const ana = yield* auth.createUser({ email: `keys-${tag}@shop.example`, password: PASSWORD, role: "merchant", account })
      const ops = yield* auth.createUser({ email: `keys-ops-${tag}@till.example`, password: PASSWORD, role: "operator" })
      yield* Effect.promise(async () => {
        const jar = await signIn(base, ana.email)
        const page = await request(base, jar, "/dashboard/keys")
        assert.include(page.text, "Create a key")
        assert.include(page.text, `name="perm_checkout_session"`)
        const csrf = hidden(page.text, "csrf")!

        const full = await request(base, jar, "/dashboard/keys/create", form({ csrf, type: "secret" }))
        assert.strictEqual(full.status, 200)
        const fullKey = full.text.match(/<code id="fresh-key">(sk_test_\w+)<\/code>/)![1]!
        assert.strictEqual((await api(base, fullKey, "GET", "/v1/products")).status, 200)

        const restricted = await request(base, jar, "/dashboard/keys/create", form({ csrf, type: "restricted", perm_checkout_session: "read", perm_customer: "write" }))
        assert.strictEqual(restricted.status, 200)
        const rk = restricted.text.match(/<code id="fresh-key">(rk_test_\w+)<\/code>/)![1]!
        assert.include(restricted.text, `rk_test_…${rk.slice(-4)}`)
        assert.include(restricted.text, "Restricted: Checkout sessions: read, Customers: write")
        assert.strictEqual((await api(base, rk, "GET", "/v1/checkout/sessions")).status, 200)
        assert.strictEqual((await api(base, rk, "POST", "/v1/customers", { email: "c@d.example" })).status, 200)
        assert.strictEqual((await api(base, rk, "POST", "/v1/checkout/sessions", {})).status, 403)
        // the page never shows it again
        assert.notInclude((await request(base, jar, "/dashboard/keys")).text, rk)

        // a restricted key with no permission at all is refused, the form kept
        const none = await request(base, jar, "/dashboard/keys/create", form({ csrf, type: "restricted" }))
        assert.strictEqual(none.status, 400)
        assert.include(none.text, "The key was not created")
        assert.match(none.text, /value="restricted" checked/)
        // without the CSRF token: refused
        assert.strictEqual((await request(base, jar, "/dashboard/keys/create", form({ type: "secret" }))).status, 403)
        // an operator's typed account that does not exist: refused, not a server error
        const opsJar = await signIn(base, ops.email)
        const opsCsrf = hidden((await request(base, opsJar, "/dashboard/keys")).text, "csrf")!
        const nowhere = await request(base, opsJar, "/dashboard/keys/create?account=acct_doesnotexist", form({ csrf: opsCsrf, type: "secret" }))
        assert.strictEqual(nowhere.status, 400)
        assert.include(nowhere.text, "The key was not created")
      })
      const records = yield* audit.recent({ account, livemode: false }, { limit: 10, actions: ["api_key.create"] })
      assert.deepStrictEqual(records.map((r) => r.details?.type), ["restricted", "secret"])
    }))

  it.effect("rolls a key with the old one stopping at a chosen moment; a moment in the past or past 7 days is refused", () =>
    Effect.gen(function*() {
      const server = yield* SuiteServer
      const auth = yield* DashboardAuth
      const accounts = yield* Accounts
      const base = server.url
      const account = yield* accountOfKey(server.keys.test)
      const ana = yield* auth.createUser({ email: `roll-${Math.random().toString(36).slice(2, 8)}@shop.example`, password: PASSWORD, role: "merchant", account })
      const spare = (yield* accounts.createKey(account, false)).secret
      const spareHash = yield* hashSecret(spare)
      const chosen = yield* Effect.promise(async () => {
        const jar = await signIn(base, ana.email)
        const csrf = hidden((await request(base, jar, "/dashboard/keys")).text, "csrf")!
        const now = Math.floor(Date.now() / 1000)
        for (const at of [local(now - 60), local(now + 8 * 86400), "soon"]) {
          const refused = await request(base, jar, "/dashboard/keys/roll", form({ csrf, key: spareHash, expires_in: "at", expires_at: at }))
          assert.strictEqual(refused.status, 303, at)
          assert.include((await request(base, jar, refused.location!)).text, "Choose a time from now to 7 days ahead", at)
        }
        assert.strictEqual((await api(base, spare, "GET", "/v1/products")).status, 200, "nothing was rolled")
        const chosen = now + 2 * 86400
        const rolled = await request(base, jar, "/dashboard/keys/roll", form({ csrf, key: spareHash, expires_in: "at", expires_at: local(chosen) }))
        assert.strictEqual(rolled.status, 200)
        assert.include(rolled.text, `the old key works until ${new Date(chosen * 1000).toISOString().replace("T", " ").slice(0, 19)} UTC`)
        assert.match(rolled.text, /<code id="fresh-key">sk_test_\w+<\/code>/)
        assert.strictEqual((await api(base, spare, "GET", "/v1/products")).status, 200, "the old key works until then")
        return chosen
      })
      // the stored expiry is the moment chosen (the roll's clock may have ticked a second past the form's)
      const listed = (yield* accounts.listKeys({ account, livemode: false })).find((k) => k.secret_hash === spareHash)!
      assert.isAtMost(Math.abs(listed.expires_at! - chosen), 1)
    }))
})
