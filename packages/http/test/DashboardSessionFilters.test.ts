/**
 * The sessions list's currency and amount filters over HTTP (the dashboard's only: the API's list
 * keeps its parameters), with amounts typed in major units and kept across pages.
 */
import { assert, layer } from "@effect/vitest"
import { DashboardAuth } from "@till/core"
import { Effect } from "effect"
import { accountOfKey, withDashboard } from "../src/testing/DashboardServer.ts"
import { SuiteServer } from "../src/testing/stripe/SuiteServer.ts"
import { majorUnits, minorUnits } from "../src/dashboard/Amounts.ts"
import { api, createSession, PASSWORD, request, signIn } from "./support/DashboardClient.ts"

const priced = (currency: string, amount: number) => ({
  "line_items[0][price_data][currency]": currency,
  "line_items[0][price_data][unit_amount]": String(amount)
})

layer(withDashboard, { excludeTestServices: true, timeout: "60 seconds" })("the sessions list by currency and amount", (it) => {
  it.effect("filters by currency and by an amount range in major units, pages keep the filters, bad input says why", () =>
    Effect.gen(function*() {
      const server = yield* SuiteServer
      const base = server.url
      const tag = Math.random().toString(36).slice(2, 8)
      const account = yield* accountOfKey(server.keys.test)
      const ana = yield* (yield* DashboardAuth).createUser({ email: `ana-${tag}@shop.example`, password: PASSWORD, role: "merchant", account })
      yield* Effect.promise(async () => {
        const ref = `filters-${tag}`
        const cheap = await createSession(base, server.keys.test, { ...priced("usd", 1500), client_reference_id: ref })
        const dear = await createSession(base, server.keys.test, { ...priced("usd", 2500), client_reference_id: ref })
        const dearer = await createSession(base, server.keys.test, { ...priced("usd", 2550), client_reference_id: ref })
        const euro = await createSession(base, server.keys.test, { ...priced("eur", 2500), client_reference_id: ref })
        const yen = await createSession(base, server.keys.test, { ...priced("jpy", 2500), client_reference_id: ref })
        const jar = await signIn(base, ana.email)
        const list = (query: string, language = "en") =>
          request(base, jar, `/dashboard/sessions?reference=${ref}&${query}`, { headers: { "accept-language": language } }).then((r) => r.text)
        const shown = (html: string) => [cheap, dear, dearer, euro, yen].filter((s) => html.includes(s.id)).map((s) => s.id)

        assert.deepStrictEqual(shown(await list("currency=usd")), [cheap.id, dear.id, dearer.id])
        assert.deepStrictEqual(shown(await list("currency=eur")), [euro.id])
        assert.deepStrictEqual(shown(await list("currency=usd&min=20")), [dear.id, dearer.id])
        assert.deepStrictEqual(shown(await list("currency=usd&min=15&max=25.00")), [cheap.id, dear.id])
        assert.deepStrictEqual(shown(await list("currency=usd&min=25.5")), [dearer.id])
        assert.deepStrictEqual(shown(await list("currency=usd&min=20%2C00", "es")), [dear.id, dearer.id])
        // yen has no minor unit: 2500 is 2500
        assert.deepStrictEqual(shown(await list("currency=jpy&min=2500&max=2500")), [yen.id])
        // the form shows what was asked
        const form = await list("currency=usd&min=20")
        assert.match(form, /<option value="usd" selected>USD<\/option>/)
        assert.match(form, /id="f-min" name="min" type="text" value="20"/)

        // bad input: said, and nothing listed
        const noCurrency = await list("min=20")
        assert.include(noCurrency, "Choose a currency to filter by amount")
        assert.deepStrictEqual(shown(noCurrency), [])
        assert.include(await list("currency=usd&min=twenty"), "“twenty” is not an amount in USD: write a number such as 12.50.")
        assert.include(await list("currency=usd&min=1.005"), "is not an amount in USD")
        assert.include(await list("currency=jpy&min=12.5"), "write a number such as 1250")
        assert.include(await list("currency=xyz"), "“xyz” is not a currency")
        assert.include(await list("currency=usd&min=x", "es"), "no es un importe en USD")

        // a page after a cursor keeps the filters, and its link to newer ones carries them
        const page = await request(base, jar, `/dashboard/sessions?reference=${ref}&currency=usd&min=20&starting_after=${dearer.id}`)
        assert.deepStrictEqual(shown(page.text), [dear.id])
        const newer = page.text.match(/rel="prev" href="([^"]+)"/)?.[1]?.replace(/&amp;/g, "&")
        assert.isDefined(newer)
        assert.include(newer!, "currency=usd")
        assert.include(newer!, "min=20")
        assert.include(newer!, `ending_before=${dear.id}`)

        // the API's list is unchanged: these are not its parameters
        const apiList = await api(base, server.keys.test, "GET", `/v1/checkout/sessions?currency=usd`)
        assert.strictEqual(apiList.status, 400, JSON.stringify(apiList.json))
        assert.strictEqual(apiList.json.error.param, "currency")
      })
    }))

  it("reads major units in a currency's minor units, and writes them back", () => {
    assert.strictEqual(minorUnits("12.50", "usd"), 1250)
    assert.strictEqual(minorUnits("12,5", "eur"), 1250)
    assert.strictEqual(minorUnits("12", "usd"), 1200)
    assert.strictEqual(minorUnits("1250", "jpy"), 1250)
    assert.strictEqual(minorUnits("1.234", "kwd"), 1234)
    assert.isUndefined(minorUnits("12.5", "jpy"))
    assert.isUndefined(minorUnits("-1", "usd"))
    assert.isUndefined(minorUnits("1e3", "usd"))
    assert.isUndefined(minorUnits("", "usd"))
    assert.strictEqual(majorUnits(1250, "usd"), "12.50")
    assert.strictEqual(majorUnits(5, "usd"), "0.05")
    assert.strictEqual(majorUnits(1250, "jpy"), "1250")
    assert.strictEqual(majorUnits(1234, "kwd"), "1.234")
  })
})
