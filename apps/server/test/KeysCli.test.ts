/**
 * `till keys create --restricted` as a real process: a restricted key (rk_…) with the permissions given,
 * made on the embedded database, which then works on the calls those allow and is refused the rest with
 * Stripe's 403; a malformed or unknown permission fails the command naming it.
 */
import { assert, describe, it } from "@effect/vitest"
import { freshDataDir, printChildrenOnFailure, runTill, serveTill, START_MS, stopTill } from "./support.ts"

const call = async (base: string, key: string, method: string, path: string) => {
  const response = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${key}` }, ...(method === "POST" ? { body: new URLSearchParams({ name: "Teapot" }) } : {}) })
  return { status: response.status, json: await response.json() as any }
}

describe("till keys create --restricted", () => {
  printChildrenOnFailure()

  it("makes a restricted key that works only as its permissions say; refuses malformed permissions", { timeout: 4 * START_MS }, async () => {
    const env = { TILL_DATA_DIR: freshDataDir() }
    const made = await runTill(["accounts", "create", "--name", "Shop", "--json"], env)
    assert.strictEqual(made.code, 0, made.stderr)
    const account = JSON.parse(made.stdout).account.id as string

    const created = await runTill(["keys", "create", "--account", account, "--restricted", "product=read,customer=write"], env)
    assert.strictEqual(created.code, 0, created.stderr)
    assert.match(created.stdout, /^Created a restricted test key for acct_\w+ \(shown this once\): rk_test_\w+/)
    const rk = created.stdout.match(/(rk_test_\w+)/)![1]!
    const json = await runTill(["keys", "create", "--account", account, "--live", "--restricted", "event=read", "--json"], env)
    assert.strictEqual(json.code, 0, json.stderr)
    assert.match(JSON.parse(json.stdout).secret, /^rk_live_/)
    assert.deepStrictEqual(JSON.parse(json.stdout).permissions, { event: "read" })

    for (const [flag, message] of [
      ["product", "--restricted takes resource=access pairs"],
      ["payouts=read", "--restricted: Unknown resource payouts"],
      ["product=admin", "--restricted: Invalid permissions[product]"],
      ["product=none", "--restricted: A restricted key needs at least one permission"]
    ] as const) {
      const refused = await runTill(["keys", "create", "--account", account, "--restricted", flag], env)
      assert.strictEqual(refused.code, 1, flag)
      assert.include(refused.stderr, message, flag)
    }

    const server = await serveTill(env)
    try {
      assert.strictEqual((await call(server.url, rk, "GET", "/v1/products")).status, 200)
      assert.strictEqual((await call(server.url, rk, "GET", "/v1/customers")).status, 200)
      const refused = await call(server.url, rk, "POST", "/v1/products")
      assert.strictEqual(refused.status, 403)
      assert.strictEqual(refused.json.error.type, "invalid_request_error")
      assert.include(refused.json.error.message, "'rak_product_write'")
      assert.strictEqual((await call(server.url, rk, "GET", "/v1/checkout/sessions")).status, 403)
    } finally {
      await stopTill(server)
    }
  })
})
