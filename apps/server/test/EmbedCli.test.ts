/**
 * Embedded checkout and recovery links through a real `till serve` on the embedded database (PGlite),
 * with `till embed` as a real process: the allowed origins it sets are what the embedded page's
 * `frame-ancestors` says, and a recovery link opens one session, stored with where it came from.
 */
import { assert, describe, it } from "@effect/vitest"
import { freePort, freshDataDir, printChildrenOnFailure, runTill, START_MS, startTill, stopTill, upOrKilled } from "./support.ts"

const KEY = "sk_test_embedcli12345"

const api = (port: number) => ({ TILL_API_BASE: `http://127.0.0.1:${port}`, TILL_API_KEY: KEY })

const post = async (port: number, path: string, body: string) => {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/x-www-form-urlencoded" },
    body
  })
  const json = await response.json() as any
  assert.strictEqual(response.status, 200, JSON.stringify(json))
  return json
}

const CART = "line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=1200&line_items[0][price_data][product_data][name]=Mug&line_items[0][quantity]=1"

describe("till embed and recovery links, against till serve on PGlite", () => {
  printChildrenOnFailure()

  it("sets the origins that frame embedded pages, and a recovery link opens one stored copy", { timeout: 4 * START_MS }, async () => {
    const port = await freePort()
    const till = startTill(["serve"], { TILL_DATA_DIR: freshDataDir(), TILL_SECRET_KEY: KEY, PORT: String(port) })
    await upOrKilled(till, "listening", () => till.output.stdout.includes("listening"))
    try {
      const shown = await runTill(["embed", "show"], api(port))
      assert.strictEqual(shown.code, 0, shown.stderr)
      assert.include(shown.stdout, "No origin may embed this account's test-mode checkouts.")

      const allowed = await runTill(["embed", "allow", "https://Shop.example/", "http://localhost:3000"], api(port))
      assert.strictEqual(allowed.code, 0, allowed.stderr)
      assert.include(allowed.stdout, "  https://shop.example\n  http://localhost:3000")
      const bad = await runTill(["embed", "allow", "https://shop.example/checkout"], api(port))
      assert.notStrictEqual(bad.code, 0)
      assert.include(bad.stderr + bad.stdout, "allowed_origins")

      const session = await post(port, "/v1/checkout/sessions", `${CART}&ui_mode=embedded_page&redirect_on_completion=never`)
      const csp = async () => (await fetch(`http://127.0.0.1:${port}/c/embed/${session.id}`)).headers.get("content-security-policy") ?? ""
      assert.include(await csp(), "frame-ancestors https://shop.example http://localhost:3000")

      const disallowed = await runTill(["embed", "disallow", "http://localhost:3000", "--json"], api(port))
      assert.strictEqual(disallowed.code, 0, disallowed.stderr)
      assert.deepStrictEqual(JSON.parse(disallowed.stdout).allowed_origins, ["https://shop.example"])
      assert.match(await csp(), /frame-ancestors https:\/\/shop\.example$/)
      const cleared = await runTill(["embed", "set"], api(port))
      assert.strictEqual(cleared.code, 0, cleared.stderr)
      assert.include(await csp(), "frame-ancestors 'none'")

      // recovery: the link of an expired session opens one copy, found again by its recovered_from column
      const original = await post(port, "/v1/checkout/sessions", `${CART}&after_expiration[recovery][enabled]=true`)
      const expired = await post(port, `/v1/checkout/sessions/${original.id}/expire`, "")
      const link: string = expired.after_expiration.recovery.url
      assert.isTrue(link.startsWith(`http://localhost:${port}/c/recover/`) || link.startsWith(`http://127.0.0.1:${port}/c/recover/`), link)
      const path = new URL(link).pathname
      const first = await fetch(`http://127.0.0.1:${port}${path}`, { redirect: "manual" })
      assert.strictEqual(first.status, 303)
      const second = await fetch(`http://127.0.0.1:${port}${path}`, { redirect: "manual" })
      assert.strictEqual(second.headers.get("location"), first.headers.get("location"))
      const copyId = /\/c\/pay\/([^#]+)#/.exec(first.headers.get("location")!)![1]!
      const copy = await (await fetch(`http://127.0.0.1:${port}/v1/checkout/sessions/${copyId}`, { headers: { authorization: `Bearer ${KEY}` } })).json() as any
      assert.deepStrictEqual([copy.recovered_from, copy.status, copy.amount_total], [original.id, "open", 1200])
    } finally {
      await stopTill(till)
    }
  })
})
