/**
 * The payment link pages over HTTP: the list (keyset-paged), creating a link from a price, its page
 * (the URL to copy, the QR code as inline SVG), deactivating and activating it (through the same use
 * case as the API, so a deactivated link mints no session), and another merchant seeing and doing none
 * of it.
 */
import { assert, layer } from "@effect/vitest"
import { DashboardAuth } from "@till/core"
import { Effect } from "effect"
import { accountOfKey, withDashboard } from "../src/testing/DashboardServer.ts"
import { SuiteServer } from "../src/testing/stripe/SuiteServer.ts"
import { api, form, PASSWORD, request, signInWithCsrf as signIn } from "./support/DashboardClient.ts"

layer(withDashboard, { excludeTestServices: true, timeout: "60 seconds" })("the payment link pages", (it) => {
  const setUp = Effect.gen(function*() {
    const server = yield* SuiteServer
    const auth = yield* DashboardAuth
    const tag = Math.random().toString(36).slice(2, 8)
    const a = yield* auth.createUser({ email: `la-${tag}@shop.example`, password: PASSWORD, role: "merchant", account: yield* accountOfKey(server.keys.test) })
    const b = yield* auth.createUser({ email: `lb-${tag}@other.example`, password: PASSWORD, role: "merchant", account: yield* accountOfKey(server.keys.otherTest) })
    return { server, base: server.url, a, b }
  })

  const price = async (base: string, key: string, name: string, amount: string) => {
    const product = (await api(base, key, "POST", "/v1/products", { name })).json
    return (await api(base, key, "POST", "/v1/prices", { product: product.id, unit_amount: amount, currency: "usd" })).json as { id: string }
  }

  it.effect("creates a link from a price, shows its URL and QR code, deactivates and activates it; refuses a bad quantity", () =>
    Effect.gen(function*() {
      const { a, base, server } = yield* setUp
      yield* Effect.promise(async () => {
        const teapot = await price(base, server.keys.test, "Teapot", "2500")
        const { csrf, jar } = await signIn(base, a.email)
        const list = await request(base, jar, "/dashboard/payment_links")
        assert.strictEqual(list.status, 200)
        assert.include(list.text, `value="${teapot.id}"`)
        assert.include(list.text, "Teapot · $25.00")

        const bad = await request(base, jar, "/dashboard/payment_links", form({ csrf, price: teapot.id, quantity: "0" }))
        assert.strictEqual(bad.status, 400)
        assert.include(bad.text, `role="alert"`)
        const missing = await request(base, jar, "/dashboard/payment_links", form({ csrf, price: "price_nope", quantity: "1" }))
        assert.strictEqual(missing.status, 400)
        assert.include(missing.text, "price_nope")
        assert.strictEqual((await request(base, jar, "/dashboard/payment_links", form({ price: teapot.id, quantity: "1" }))).status, 403)
        assert.lengthOf((await api(base, server.keys.test, "GET", "/v1/payment_links")).json.data, 0)

        const created = await request(base, jar, "/dashboard/payment_links", form({ csrf, price: teapot.id, quantity: "2" }))
        assert.strictEqual(created.status, 303)
        const [link] = (await api(base, server.keys.test, "GET", "/v1/payment_links")).json.data
        assert.strictEqual(link.amount_total, 5000)
        assert.strictEqual(created.location, `/dashboard/payment_links/${link.id}?done=created`)
        const page = await request(base, jar, created.location!)
        assert.include(page.text, "The payment link was created.")
        assert.include(page.text, `<input id="link-url" type="url" readonly value="${link.url}">`)
        assert.match(page.text, /<svg class="qr" role="img" aria-label="QR code of the link" xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 (\d+) \1"[^>]*><path fill="#ffffff"/)
        // no inline script: the one script is a served file, which the policy allows, and the copy button starts hidden
        assert.notMatch(page.text, /<script(?![^>]*\ssrc="\/dashboard\/assets\/dashboard-[0-9a-f]{16}\.js")/)
        assert.include(page.headers.get("content-security-policy")!, "script-src 'self'")
        assert.include(page.text, `data-copy="link-url" data-copied="Copied" hidden>Copy</button>`)
        const script = page.text.match(/<script src="(\/dashboard\/assets\/dashboard-[0-9a-f]{16}\.js)"/)![1]!
        const served = await fetch(`${base}${script}`)
        assert.strictEqual(served.headers.get("content-type"), "text/javascript; charset=utf-8")
        assert.include(await served.text(), "navigator.clipboard")
        assert.include(page.text, `Link created by ${a.email}`)
        assert.include(page.text, "$50.00")
        const listed = await request(base, jar, "/dashboard/payment_links")
        assert.include(listed.text, link.url)
        assert.include(listed.text, "Active")

        const off = await request(base, jar, `/dashboard/payment_links/${link.id}/deactivate`, form({ csrf }))
        assert.strictEqual(off.status, 303)
        const offPage = await request(base, jar, off.location!)
        assert.include(offPage.text, "The link was deactivated")
        assert.include(offPage.text, `Link deactivated by ${a.email}`)
        assert.isFalse((await api(base, server.keys.test, "GET", `/v1/payment_links/${link.id}`)).json.active)
        // in Spanish and Portuguese too
        const es = await request(base, jar, `/dashboard/payment_links/${link.id}`, { headers: { "accept-language": "es" } })
        assert.include(es.text, "Código QR del enlace")
        assert.include(es.text, "Enlaces de pago")
        const pt = await request(base, jar, `/dashboard/payment_links/${link.id}`, { headers: { "accept-language": "pt-BR" } })
        assert.include(pt.text, "QR code do link")
        assert.include(pt.text, "Catálogo")
        const on = await request(base, jar, `/dashboard/payment_links/${link.id}/activate`, form({ csrf }))
        assert.include((await request(base, jar, on.location!)).text, "The link was activated")
        assert.isTrue((await api(base, server.keys.test, "GET", `/v1/payment_links/${link.id}`)).json.active)
      })
    }))

  it.effect("pages the list 25 at a time, newest first", () =>
    Effect.gen(function*() {
      const { base, server } = yield* setUp
      const auth = yield* DashboardAuth
      const c = yield* auth.createUser({ email: `lc-${Math.random().toString(36).slice(2, 8)}@shop.example`, password: PASSWORD, role: "merchant", account: yield* accountOfKey(server.keys.test) })
      yield* Effect.promise(async () => {
        const p = await price(base, server.keys.test, "Mug", "900")
        const before = (await api(base, server.keys.test, "GET", "/v1/payment_links?limit=100")).json.data.length as number
        for (let i = 0; i < 26 - Math.min(before, 26); i++) {
          await api(base, server.keys.test, "POST", "/v1/payment_links", { "line_items[0][price]": p.id, "line_items[0][quantity]": "1" })
        }
        const { jar } = await signIn(base, c.email)
        const first = await request(base, jar, "/dashboard/payment_links")
        const firstIds = [...first.text.matchAll(/data-link="(plink_\w+)"/g)].map((m) => m[1]!)
        assert.lengthOf(firstIds, 25)
        const older = first.text.match(/<a rel="next" href="([^"]+)">Older<\/a>/)![1]!.replace(/&amp;/g, "&")
        const second = await request(base, jar, older)
        const secondIds = [...second.text.matchAll(/data-link="(plink_\w+)"/g)].map((m) => m[1]!)
        assert.isAbove(secondIds.length, 0)
        assert.deepStrictEqual(secondIds.filter((id) => firstIds.includes(id)), [])
        assert.include(second.text, `rel="prev"`)
        const all = (await api(base, server.keys.test, "GET", "/v1/payment_links?limit=100")).json.data.map((l: { id: string }) => l.id)
        assert.deepStrictEqual([...firstIds, ...secondIds], all.slice(0, firstIds.length + secondIds.length))
      })
    }))

  it.effect("another merchant sees none of the links, by any URL, and its forms change nothing", () =>
    Effect.gen(function*() {
      const { b, base, server } = yield* setUp
      yield* Effect.promise(async () => {
        const p = await price(base, server.keys.test, "Kettle", "4000")
        const link = (await api(base, server.keys.test, "POST", "/v1/payment_links", { "line_items[0][price]": p.id, "line_items[0][quantity]": "1" })).json
        const { csrf, jar } = await signIn(base, b.email)
        const list = await request(base, jar, "/dashboard/payment_links")
        assert.notInclude(list.text, link.id)
        assert.notInclude(list.text, p.id)
        assert.strictEqual((await request(base, jar, `/dashboard/payment_links/${link.id}`)).status, 404)
        const off = await request(base, jar, `/dashboard/payment_links/${link.id}/deactivate`, form({ csrf }))
        assert.include((await request(base, jar, off.location!)).text, "There is no such object")
        assert.isTrue((await api(base, server.keys.test, "GET", `/v1/payment_links/${link.id}`)).json.active)
        // the first merchant's price is not this account's: refused, nothing made
        const theirs = await request(base, jar, "/dashboard/payment_links", form({ csrf, price: p.id, quantity: "1" }))
        assert.strictEqual(theirs.status, 400)
        assert.lengthOf((await api(base, server.keys.otherTest, "GET", "/v1/payment_links")).json.data, 0)
      })
    }))
})
