/**
 * A session's `url` is made from `TILL_PUBLIC_URL` when it is shown, not when it is created: a server
 * restarted behind another address hands out hosted pages at that address, old sessions included.
 */
import { assert, describe, it } from "@effect/vitest"
import { freshDataDir, printChildrenOnFailure, START_MS, serveTill, stopTill } from "./support.ts"

const KEY = "sk_test_publicurl123"

const api = (base: string, path: string, init: RequestInit = {}) =>
  fetch(`${base}${path}`, { ...init, headers: { authorization: `Bearer ${KEY}`, ...init.headers } }).then(async (res) => {
    const body = await res.json()
    assert.strictEqual(res.status, 200, JSON.stringify(body))
    return body
  })

describe("TILL_PUBLIC_URL", () => {
  printChildrenOnFailure()

  it("old sessions' url follows it from one start to the next; a paid session has none", { timeout: 3 * START_MS }, async () => {
    const dataDir = freshDataDir()
    const env = (publicUrl: string) => ({ TILL_DATA_DIR: dataDir, TILL_SECRET_KEY: KEY, TILL_PUBLIC_URL: publicUrl, TILL_WORKER: "false" })

    const first = await serveTill(env("https://old.example.com"))
    let open: { id: string; url: string; client_secret: string }
    let paid: { id: string }
    try {
      const form = { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "amount=1000&currency=usd" }
      open = await api(first.url, "/v1/checkout/sessions", form)
      paid = await api(first.url, "/v1/checkout/sessions", form)
      assert.strictEqual(open.url, `https://old.example.com/c/pay/${open.id}#${encodeURIComponent(open.client_secret)}`)
      await api(first.url, `/v1/checkout/sessions/${paid.id}/payments`, { ...form, body: "payment_method=pm_card_visa" })
    } finally {
      await stopTill(first)
    }

    const second = await serveTill(env("https://pay.example.org/shop/"))
    try {
      const again = await api(second.url, `/v1/checkout/sessions/${open.id}`)
      assert.strictEqual(again.url, `https://pay.example.org/shop/c/pay/${open.id}#${encodeURIComponent(open.client_secret)}`)
      const listed = await api(second.url, "/v1/checkout/sessions?limit=10")
      assert.strictEqual(listed.data.find((s: { id: string }) => s.id === open.id).url, again.url)
      assert.isNull((await api(second.url, `/v1/checkout/sessions/${paid.id}`)).url)
    } finally {
      await stopTill(second)
    }
  })
})
