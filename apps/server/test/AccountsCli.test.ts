/**
 * `till accounts` and `till keys` as real processes: on the embedded database while a server holds it
 * (they go through its loopback admin route, authenticated by the token file it writes) and with no
 * server (they open the database); and key roll and revoke over the API.
 */
import { assert, describe, it } from "@effect/vitest"
import { existsSync, readFileSync, statSync } from "node:fs"
import { freshDataDir, printChildrenOnFailure, runTill, serveTill, START_MS, stopTill } from "./support.ts"

const KEY = "sk_test_accountscli1"

const status = async (base: string, key: string) =>
  (await fetch(`${base}/v1/checkout/sessions?limit=1`, { headers: { authorization: `Bearer ${key}` } })).status

const post = async (base: string, key: string, path: string, params: Record<string, string>) => {
  const response = await fetch(`${base}${path}`, { method: "POST", headers: { authorization: `Bearer ${key}` }, body: new URLSearchParams(params) })
  return { status: response.status, json: await response.json() as any }
}

describe("till accounts and till keys", () => {
  printChildrenOnFailure()

  it("while a server holds the embedded database, they run through it: create, list, keys create, roll, revoke", { timeout: 4 * START_MS }, async () => {
    const dataDir = freshDataDir()
    const env = { TILL_DATA_DIR: dataDir }
    const server = await serveTill({ ...env, TILL_SECRET_KEY: KEY })
    try {
      // the token file: beside the data directory, readable by its owner only
      assert.strictEqual(statSync(`${dataDir}.admin`).mode & 0o777, 0o600)

      const summary = await runTill(["accounts", "create", "--name", "Acme"], env)
      assert.strictEqual(summary.code, 0, summary.stderr)
      assert.match(summary.stdout, /^Created account acct_\w+ \(Acme\)/)
      const testKey = summary.stdout.match(/test secret key: (sk_test_\w+)/)![1]!
      assert.match(summary.stdout, /live secret key: sk_live_\w+/)
      assert.strictEqual(await status(server.url, testKey), 200)

      const json = await runTill(["accounts", "create", "--name", "Beta", "--json"], env)
      assert.strictEqual(json.code, 0, json.stderr)
      const beta = JSON.parse(json.stdout)
      assert.strictEqual(beta.account.name, "Beta")

      const list = await runTill(["accounts", "list", "--json"], env)
      assert.strictEqual(list.code, 0, list.stderr)
      assert.deepStrictEqual(JSON.parse(list.stdout).data.map((a: any) => a.name), ["default", "Acme", "Beta"])
      const lines = await runTill(["accounts", "list"], env)
      assert.strictEqual(lines.stdout.trim().split("\n").length, 3)
      assert.include(lines.stdout, beta.account.id)

      const created = await runTill(["keys", "create", "--account", beta.account.id, "--json"], env)
      assert.strictEqual(created.code, 0, created.stderr)
      const betaKey = JSON.parse(created.stdout).secret as string
      assert.match(betaKey, /^sk_test_/)
      assert.strictEqual(await status(server.url, betaKey), 200)

      // rolled with 3 s of grace: the old key works, then not; the new one works
      const rolled = await runTill(["keys", "roll", betaKey, "--expires-in", "3s", "--json"], env)
      assert.strictEqual(rolled.code, 0, rolled.stderr)
      const newKey = JSON.parse(rolled.stdout).secret as string
      assert.strictEqual(await status(server.url, betaKey), 200)
      assert.strictEqual(await status(server.url, newKey), 200)
      await new Promise((r) => setTimeout(r, 3_500))
      assert.strictEqual(await status(server.url, betaKey), 401)
      assert.strictEqual(await status(server.url, newKey), 200)

      // revoked: stops at once, though the server had it in its key cache a moment ago
      const revoked = await runTill(["keys", "revoke", newKey], env)
      assert.strictEqual(revoked.code, 0, revoked.stderr)
      assert.strictEqual(await status(server.url, newKey), 401)
      const again = await runTill(["keys", "revoke", newKey], env)
      assert.strictEqual(again.code, 1)
      assert.strictEqual(again.stderr.trim(), `no such key: sk_test_…${newKey.slice(-4)}`)

      // the admin route wants the token, from this machine
      const handle = JSON.parse(readFileSync(`${dataDir}.admin`, "utf8"))
      const wrong = await fetch(`${handle.url}/till/admin/accounts.list`, { method: "POST", headers: { authorization: "Bearer nope" }, body: "{}" })
      assert.strictEqual(wrong.status, 401)
      const right = await fetch(`${handle.url}/till/admin/accounts.list`, { method: "POST", headers: { authorization: `Bearer ${handle.token}` }, body: "{}" })
      assert.strictEqual(right.status, 200)

      // over the API: a key rolls itself, or revokes another of its account and mode, never one of another account
      const api = await post(server.url, testKey, "/v1/api_keys/roll", { expires_in: "60" })
      assert.strictEqual(api.status, 200, JSON.stringify(api.json))
      assert.strictEqual(await status(server.url, testKey), 200, "the old key works during its grace")
      const foreign = await post(server.url, api.json.secret, "/v1/api_keys/revoke", { key: KEY })
      assert.strictEqual(foreign.status, 400)
      assert.strictEqual(foreign.json.error.param, "key")
      assert.strictEqual(await status(server.url, KEY), 200)
      const own = await post(server.url, api.json.secret, "/v1/api_keys/revoke", { key: testKey })
      assert.strictEqual(own.status, 200, JSON.stringify(own.json))
      assert.strictEqual(await status(server.url, testKey), 401)
      const tooLong = await post(server.url, api.json.secret, "/v1/api_keys/roll", { expires_in: "604801" })
      assert.strictEqual(tooLong.json.error.param, "expires_in")
    } finally {
      await stopTill(server)
    }
    // the server removed its token file with its lock; now the commands open the database themselves
    assert.isFalse(existsSync(`${dataDir}.admin`))
    const offline = await runTill(["accounts", "list"], env)
    assert.strictEqual(offline.code, 0, offline.stderr)
    assert.strictEqual(offline.stdout.trim().split("\n").length, 3)
  })
})
