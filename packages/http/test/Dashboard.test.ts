/**
 * The dashboard over HTTP: signing in and out, the cookies' flags, CSRF refusals, the sign-in rate
 * limit, API keys that never sign in, and the isolation of one merchant's objects from another's.
 */
import { assert, describe, it, layer } from "@effect/vitest"
import { Accounts, DashboardAuth, hashSecret } from "@till/core"
import { Effect } from "effect"
import { createHash } from "node:crypto"
import { HttpServerResponse } from "effect/http"
import * as Cookies from "../src/dashboard/Cookies.ts"
import { accountOfKey, withDashboard } from "../src/testing/DashboardServer.ts"
import { SuiteServer } from "../src/testing/stripe/SuiteServer.ts"
import { createSession, form, hidden, Jar, PASSWORD, request } from "./support/DashboardClient.ts"

/** SHA-256 hex of a secret, as Till stores keys. */
const sha256 = (secret: string) => createHash("sha256").update(secret).digest("hex")

/** Tries to sign in through the form: answers the jar and the form's reply, whatever it was. */
const signIn = async (base: string, email: string, password = PASSWORD) => {
  const jar = new Jar()
  const page = await request(base, jar, "/dashboard/login")
  const reply = await request(base, jar, "/dashboard/login", form({ csrf: hidden(page.text, "csrf")!, email, password }))
  return { jar, reply }
}

const sessionStatus = async (base: string, key: string, id: string) =>
  ((await (await fetch(`${base}/v1/checkout/sessions/${id}`, { headers: { authorization: `Bearer ${key}` } })).json()) as { status: string }).status

describe("dashboard cookies", () => {
  it("are HttpOnly, SameSite=Strict and scoped to /dashboard; Secure when Till is served over HTTPS", () => {
    const plain = HttpServerResponse.empty().pipe(Cookies.set(Cookies.LOGIN, "dsess_x", 60, Cookies.secureFor("http://localhost:4242")))
    const secure = HttpServerResponse.empty().pipe(Cookies.set(Cookies.LOGIN, "dsess_x", 60, Cookies.secureFor("https://pay.example.com")))
    const line = (r: HttpServerResponse.HttpServerResponse) => String(HttpServerResponse.toWeb(r).headers.get("set-cookie"))
    assert.match(line(plain), /^till_dashboard=dsess_x; Max-Age=60; Path=\/dashboard; HttpOnly; SameSite=Strict$/)
    assert.notMatch(line(plain), /Secure/)
    assert.match(line(secure), /; Secure/)
  })
})

layer(withDashboard, { excludeTestServices: true, timeout: "60 seconds" })("the dashboard over HTTP", (it) => {
  const setUp = Effect.gen(function*() {
    const server = yield* SuiteServer
    const auth = yield* DashboardAuth
    const tag = Math.random().toString(36).slice(2, 8)
    const accountA = yield* accountOfKey(server.keys.test)
    const accountB = yield* accountOfKey(server.keys.otherTest)
    const a = yield* auth.createUser({ email: `a-${tag}@shop.example`, password: PASSWORD, role: "merchant", account: accountA })
    const b = yield* auth.createUser({ email: `b-${tag}@other.example`, password: PASSWORD, role: "merchant", account: accountB })
    const ops = yield* auth.createUser({ email: `ops-${tag}@till.example`, password: PASSWORD, role: "operator" })
    return { server, base: server.url, a, b, ops, accountA, accountB }
  })

  it.effect("signs in with the form: a login cookie with the right flags, then the sessions page; signs out", () =>
    Effect.gen(function*() {
      const { a, base } = yield* setUp
      yield* Effect.promise(async () => {
        const jar = new Jar()
        const page = await request(base, jar, "/dashboard/login")
        assert.strictEqual(page.status, 200)
        assert.include(page.headers.get("content-security-policy")!, "form-action 'self'")
        assert.include(page.headers.get("content-security-policy")!, "frame-ancestors 'none'")
        assert.match(jar.raw.join("\n"), /till_dashboard_login=\w+; Max-Age=3600; Path=\/dashboard; HttpOnly; SameSite=Strict/)
        assert.match(page.text, /<label for="email">Email<\/label>/)

        const wrong = await request(base, jar, "/dashboard/login", form({ csrf: hidden(page.text, "csrf")!, email: a.email, password: "wrong password!" }))
        assert.strictEqual(wrong.status, 401)
        assert.include(wrong.text, "Wrong email or password.")
        assert.isUndefined(jar.cookies.get("till_dashboard"))

        const right = await request(base, jar, "/dashboard/login", form({ csrf: hidden(wrong.text, "csrf")!, email: a.email.toUpperCase(), password: PASSWORD }))
        assert.deepStrictEqual([right.status, right.location], [303, "/dashboard/sessions"])
        assert.match(jar.raw.at(-2)!, /^till_dashboard=dsess_\w+; Max-Age=43200; Path=\/dashboard; HttpOnly; SameSite=Strict$/)
        assert.isUndefined(jar.cookies.get("till_dashboard_login"))

        const sessions = await request(base, jar, "/dashboard/sessions")
        assert.strictEqual(sessions.status, 200)
        assert.include(sessions.text, `Signed in as ${a.email}`)

        // signing out needs the form's token too; then the cookie no longer opens anything
        const token = jar.cookies.get("till_dashboard")!
        const noCsrf = await request(base, jar, "/dashboard/logout", form({}))
        assert.strictEqual(noCsrf.status, 403)
        const out = await request(base, jar, "/dashboard/logout", form({ csrf: hidden(sessions.text, "csrf")! }))
        assert.deepStrictEqual([out.status, out.location], [303, "/dashboard/login"])
        const replay = new Jar()
        replay.cookies.set("till_dashboard", token)
        const after = await request(base, replay, "/dashboard/sessions")
        assert.deepStrictEqual([after.status, after.location], [303, "/dashboard/login"])
      })
    }))

  it.effect("a sign-in form posted without its CSRF nonce, or with another's, is refused with 403", () =>
    Effect.gen(function*() {
      const { a, base } = yield* setUp
      yield* Effect.promise(async () => {
        const none = await request(base, new Jar(), "/dashboard/login", form({ email: a.email, password: PASSWORD }))
        assert.strictEqual(none.status, 403)
        const jar = new Jar()
        await request(base, jar, "/dashboard/login")
        const forged = await request(base, jar, "/dashboard/login", form({ csrf: "forged", email: a.email, password: PASSWORD }))
        assert.strictEqual(forged.status, 403)
        assert.isUndefined(jar.cookies.get("till_dashboard"))
        // a second sign-in tab keeps the browser's nonce, so the first tab's form still signs in
        const first = await request(base, jar, "/dashboard/login")
        await request(base, jar, "/dashboard/login")
        const signed = await request(base, jar, "/dashboard/login", form({ csrf: hidden(first.text, "csrf")!, email: a.email, password: PASSWORD }))
        assert.strictEqual(signed.status, 303)
      })
    }))

  it.effect("API keys never sign in: not as a bearer, a Basic user, or a cookie", () =>
    Effect.gen(function*() {
      const { base, server } = yield* setUp
      yield* Effect.promise(async () => {
        for (const headers of [
          { authorization: `Bearer ${server.keys.test}` },
          { authorization: `Basic ${Buffer.from(`${server.keys.test}:`).toString("base64")}` },
          { cookie: `till_dashboard=${server.keys.test}` }
        ]) {
          const r = await fetch(`${base}/dashboard/sessions`, { headers, redirect: "manual" })
          assert.deepStrictEqual([r.status, r.headers.get("location")], [303, "/dashboard/login"])
        }
      })
    }))

  it.effect("20 wrong passwords for one email, and the next attempt is throttled (429), even with the right password", () =>
    Effect.gen(function*() {
      const { base, ops } = yield* setUp
      yield* Effect.promise(async () => {
        const jar = new Jar()
        let page = await request(base, jar, "/dashboard/login")
        for (let i = 0; i < 20; i++) {
          page = await request(base, jar, "/dashboard/login", form({ csrf: hidden(page.text, "csrf")!, email: ops.email, password: `wrong ${i} password` }))
          assert.strictEqual(page.status, 401, `attempt ${i + 1}`)
        }
        const throttled = await request(base, jar, "/dashboard/login", form({ csrf: hidden(page.text, "csrf")!, email: ops.email, password: PASSWORD }))
        assert.strictEqual(throttled.status, 429)
        assert.include(throttled.text, "Too many attempts")
        assert.isAbove(Number(throttled.headers.get("retry-after")), 0)
        assert.isUndefined(jar.cookies.get("till_dashboard"))
      })
    }))

  it.effect("a merchant sees only its account's sessions, by any URL; an operator sees the account it chooses", () =>
    Effect.gen(function*() {
      const { a, accountB, b, base, ops, server } = yield* setUp
      yield* Effect.promise(async () => {
        const mine = await createSession(base, server.keys.test, { customer_email: "ana@buyer.example", client_reference_id: "order-a-1" })
        const other = await createSession(base, server.keys.test, { customer_email: "zoe@buyer.example" })
        const theirs = await createSession(base, server.keys.otherTest, { customer_email: "ana@buyer.example", client_reference_id: "order-b-1" })
        const { jar } = await signIn(base, a.email)

        const byEmail = await request(base, jar, "/dashboard/sessions?email=ana%40buyer.example")
        assert.strictEqual(byEmail.status, 200)
        assert.include(byEmail.text, mine.id)
        assert.notInclude(byEmail.text, other.id)
        assert.notInclude(byEmail.text, theirs.id)
        const byReference = await request(base, jar, "/dashboard/sessions?reference=order-a-1")
        assert.include(byReference.text, mine.id)
        assert.notInclude(byReference.text, other.id)

        // the other account's session: not in the list, not by its page, not by asking for the account, not by the search
        for (const path of [`/dashboard/sessions?account=${accountB}`, `/dashboard/sessions?account=${accountB}&email=ana%40buyer.example`]) {
          assert.notInclude((await request(base, jar, path)).text, theirs.id)
        }
        for (const path of [`/dashboard/sessions/${theirs.id}`, `/dashboard/sessions/${theirs.id}?account=${accountB}`]) {
          assert.strictEqual((await request(base, jar, path)).status, 404)
        }
        const search = await request(base, jar, `/dashboard/sessions?q=${theirs.id}`)
        assert.strictEqual(search.status, 200)
        assert.include(search.text, "There is no such object")

        // nor can it act on it: the expire form, posted with a valid token, changes nothing there
        const own = await request(base, jar, `/dashboard/sessions/${mine.id}`)
        const csrf = hidden(own.text, "csrf")!
        const refused = await request(base, jar, `/dashboard/sessions/${theirs.id}/expire?account=${accountB}`, form({ csrf }))
        assert.strictEqual(refused.status, 303)
        assert.strictEqual(await sessionStatus(base, server.keys.otherTest, theirs.id), "open")

        // a search by its own id goes to the session's page; the expire action works there
        const found = await request(base, jar, `/dashboard/sessions?q=${mine.id}`)
        assert.deepStrictEqual([found.status, found.location], [303, `/dashboard/sessions/${mine.id}`])
        assert.include(own.text, "Teapot")
        const expired = await request(base, jar, `/dashboard/sessions/${mine.id}/expire`, form({ csrf }))
        assert.strictEqual(expired.status, 303)
        assert.include((await request(base, jar, expired.location!)).text, "The session was expired.")
        assert.strictEqual(await sessionStatus(base, server.keys.test, mine.id), "expired")
        const noCsrf = await request(base, jar, `/dashboard/sessions/${other.id}/expire`, form({}))
        assert.strictEqual(noCsrf.status, 403)
        assert.strictEqual(await sessionStatus(base, server.keys.test, other.id), "open")

        // the second merchant sees its own, and none of the first's
        const second = await signIn(base, b.email)
        const list = await request(base, second.jar, "/dashboard/sessions")
        assert.include(list.text, theirs.id)
        assert.notInclude(list.text, mine.id)
        assert.strictEqual((await request(base, second.jar, `/dashboard/sessions/${mine.id}`)).status, 404)

        // webhook endpoints: each merchant sees its own, never the other's delivery log
        const hook = await fetch(`${base}/v1/webhook_endpoints`, {
          method: "POST",
          headers: { authorization: `Bearer ${server.keys.otherTest}`, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ url: "https://hooks.other.example/till", "enabled_events[0]": "*" }).toString()
        }).then((r) => r.json() as Promise<{ id: string }>)
        assert.notInclude((await request(base, jar, "/dashboard/webhooks")).text, "hooks.other.example")
        assert.strictEqual((await request(base, jar, `/dashboard/webhooks/${hook.id}`)).status, 404)
        const resendTheirs = await request(base, jar, `/dashboard/webhooks/${hook.id}/resend_failed`, form({ csrf, since: "2020-01-01" }))
        assert.include((await request(base, jar, resendTheirs.location!)).text, "There is no such object")
        assert.include((await request(base, second.jar, "/dashboard/webhooks")).text, "hooks.other.example")
        const log = await request(base, second.jar, `/dashboard/webhooks/${hook.id}`)
        assert.strictEqual(log.status, 200)
        assert.include(log.text, "Nothing was sent to this endpoint yet.")

        // only operators have the users page; a merchant's form changes nothing
        assert.strictEqual((await request(base, jar, "/dashboard/users")).status, 404)
        const sneaky = await request(base, jar, "/dashboard/users", form({ csrf, email: "sneaky@shop.example", role: "operator", password: PASSWORD }))
        assert.strictEqual(sneaky.status, 404)

        // an operator chooses the account
        const operator = await signIn(base, ops.email)
        assert.include((await request(base, operator.jar, "/dashboard/sessions")).text, "Choose an account")
        const chosen = await request(base, operator.jar, `/dashboard/sessions?account=${accountB}`)
        assert.include(chosen.text, theirs.id)
        assert.notInclude(chosen.text, mine.id)

        // and creates users; a bad one is refused with the reason, and nothing is made
        const users = await request(base, operator.jar, "/dashboard/users")
        assert.strictEqual(users.status, 200)
        assert.notInclude(users.text, "sneaky@shop.example")
        const opsCsrf = hidden(users.text, "csrf")!
        const short = await request(base, operator.jar, "/dashboard/users", form({ csrf: opsCsrf, email: "new@shop.example", role: "merchant", account: accountB, password: "short" }))
        assert.strictEqual(short.status, 400)
        assert.include(short.text, "Invalid password")
        const created = await request(base, operator.jar, "/dashboard/users", form({ csrf: opsCsrf, email: "new@shop.example", role: "merchant", account: accountB, password: PASSWORD }))
        assert.strictEqual(created.status, 303)
        assert.include((await request(base, operator.jar, created.location!)).text, "Created new@shop.example")
        const newcomer = await signIn(base, "new@shop.example")
        assert.include((await request(base, newcomer.jar, "/dashboard/sessions")).text, theirs.id)
      })
    }))

  it.effect("API keys: a merchant rolls one of its keys (the new one shown once, the old one stopping at once) and revokes one; never another account's", () =>
    Effect.gen(function*() {
      const { a, accountA, base, server } = yield* setUp
      const accounts = yield* Accounts
      const spare = (yield* accounts.createKey(accountA, false)).secret
      const spareHash = yield* hashSecret(spare)
      const theirs = yield* hashSecret(server.keys.otherTest)
      yield* Effect.promise(async () => {
        const status = async (key: string) => (await fetch(`${base}/v1/checkout/sessions?limit=1`, { headers: { authorization: `Bearer ${key}` } })).status
        const { jar } = await signIn(base, a.email)
        const page = await request(base, jar, "/dashboard/keys")
        assert.include(page.text, `sk_test_…${spare.slice(-4)}`)
        assert.notInclude(page.text, spare)
        assert.notInclude(page.text, theirs)
        const csrf = hidden(page.text, "csrf")!

        // another account's key, named by its hash: refused, and it keeps working
        const foreign = await request(base, jar, "/dashboard/keys/roll", form({ csrf, key: theirs, expires_in: "0" }))
        assert.strictEqual(foreign.status, 303)
        assert.strictEqual(await status(server.keys.otherTest), 200)
        assert.strictEqual((await request(base, jar, "/dashboard/keys/revoke", form({ csrf, key: theirs }))).status, 303)
        assert.strictEqual(await status(server.keys.otherTest), 200)
        // a grace the page does not offer is refused
        assert.strictEqual((await request(base, jar, "/dashboard/keys/roll", form({ csrf, key: spareHash, expires_in: "999999999" }))).status, 303)
        assert.strictEqual(await status(spare), 200)
        // without the form's token: 403, nothing done
        assert.strictEqual((await request(base, jar, "/dashboard/keys/roll", form({ key: spareHash, expires_in: "0" }))).status, 403)
        assert.strictEqual(await status(spare), 200)

        const rolled = await request(base, jar, "/dashboard/keys/roll", form({ csrf, key: spareHash, expires_in: "0" }))
        assert.strictEqual(rolled.status, 200)
        const fresh = rolled.text.match(/<code id="fresh-key">(sk_test_\w+)<\/code>/)![1]!
        assert.strictEqual(await status(spare), 401)
        assert.strictEqual(await status(fresh), 200)
        assert.include((await request(base, jar, "/dashboard/keys")).text, "Stopped working")

        const revoked = await request(base, jar, "/dashboard/keys/revoke", form({ csrf, key: sha256(fresh) }))
        assert.strictEqual(revoked.status, 303)
        assert.include((await request(base, jar, revoked.location!)).text, "The key was revoked")
        assert.strictEqual(await status(fresh), 401)
      })
    }))

  it.effect("pages speak Spanish to a Spanish browser", () =>
    Effect.gen(function*() {
      const { base } = yield* setUp
      const page = yield* Effect.promise(() => request(base, new Jar(), "/dashboard/login", { headers: { "accept-language": "es-CL,es;q=0.9" } }))
      assert.include(page.text, `<html lang="es">`)
      assert.include(page.text, "Contraseña")
    }))
})
