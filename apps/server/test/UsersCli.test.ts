/**
 * `till users create` as a real process, through a running server's admin route and on the database
 * with no server; the user it made signs in to that server's dashboard, and an API key does not.
 */
import { assert, describe, it } from "@effect/vitest"
import { freshDataDir, printChildrenOnFailure, runTill, serveTill, START_MS, stopTill } from "./support.ts"

const KEY = "sk_test_userscli12345"
const PASSWORD = "a long enough password"

/** Signs in through the form, as a browser would; answers the final status and the login cookie, if any. */
const signIn = async (base: string, email: string, password: string) => {
  const page = await fetch(`${base}/dashboard/login`)
  const nonce = page.headers.getSetCookie().find((c) => c.startsWith("till_dashboard_login="))!.split(";")[0]!
  const csrf = (await page.text()).match(/name="csrf" value="([^"]*)"/)![1]!
  const reply = await fetch(`${base}/dashboard/login`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: nonce, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrf, email, password }).toString()
  })
  const login = reply.headers.getSetCookie().find((c) => c.startsWith("till_dashboard=dsess_"))?.split(";")[0]
  return { status: reply.status, login }
}

describe("till users create", () => {
  printChildrenOnFailure()

  it("creates merchant and operator users who sign in to the dashboard; refuses a bad one in one line", { timeout: 4 * START_MS }, async () => {
    const dataDir = freshDataDir()
    const env = { TILL_DATA_DIR: dataDir }
    const server = await serveTill({ ...env, TILL_SECRET_KEY: KEY })
    try {
      const account = JSON.parse((await runTill(["accounts", "list", "--json"], env)).stdout).data[0].id as string

      // the password from the environment, never from a flag
      const merchant = await runTill(["users", "create", "--email", "Ana@Shop.example", "--account", account], { ...env, TILL_USER_PASSWORD: PASSWORD })
      assert.strictEqual(merchant.code, 0, merchant.stderr)
      assert.match(merchant.stdout, new RegExp(`^Created merchant ana@shop\\.example \\(dusr_\\w+\\) for ${account}\\.`))
      assert.notInclude(merchant.stdout, PASSWORD)

      // without one, a password is made up and printed once
      const operator = await runTill(["users", "create", "--email", "ops@till.example", "--role", "operator", "--json"], env)
      assert.strictEqual(operator.code, 0, operator.stderr)
      const made = JSON.parse(operator.stdout) as { user: { role: string; account: null }; password: string }
      assert.deepStrictEqual([made.user.role, made.user.account], ["operator", null])
      assert.match(made.password, /^[0-9A-Za-z]{24}$/)

      const ana = await signIn(server.url, "ana@shop.example", PASSWORD)
      assert.strictEqual(ana.status, 303)
      assert.isDefined(ana.login)
      const page = await fetch(`${server.url}/dashboard/sessions`, { headers: { cookie: ana.login! } })
      assert.strictEqual(page.status, 200)
      assert.include(await page.text(), "Signed in as ana@shop.example")
      assert.strictEqual((await signIn(server.url, "ops@till.example", made.password)).status, 303)
      assert.strictEqual((await signIn(server.url, "ana@shop.example", "not the password")).status, 401)
      const withKey = await fetch(`${server.url}/dashboard/sessions`, { headers: { authorization: `Bearer ${KEY}` }, redirect: "manual" })
      assert.strictEqual(withKey.status, 303)

      const taken = await runTill(["users", "create", "--email", "ana@shop.example", "--account", account], env)
      assert.strictEqual(taken.code, 1)
      assert.match(taken.stderr.trim(), /^email: A user with email ana@shop\.example already exists\.$/)
      const noAccount = await runTill(["users", "create", "--email", "bo@shop.example", "--account", "acct_missing"], env)
      assert.strictEqual(noAccount.stderr.trim(), "no such account: acct_missing")
    } finally {
      await stopTill(server)
    }
    // with no server, the command opens the database itself
    const offline = await runTill(["users", "create", "--email", "late@shop.example", "--role", "operator"], env)
    assert.strictEqual(offline.code, 0, offline.stderr)
    assert.match(offline.stdout, /Password \(shown this once\): \w{24}/)
  })
})
