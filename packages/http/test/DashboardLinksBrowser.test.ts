/**
 * A payment link's dashboard page in Chromium: the QR code is drawn, the Copy button (the dashboard's
 * one script, a served file) appears and copies the link's URL, with no Content-Security-Policy violation.
 */
import { assert, describe, layer } from "@effect/vitest"
import { DashboardAuth } from "@till/core"
import { Effect, Layer } from "effect"
import { Browser } from "../src/testing/Browser.ts"
import { accountOfKey, withDashboard } from "../src/testing/DashboardServer.ts"
import { SuiteServer } from "../src/testing/stripe/SuiteServer.ts"
import { api, PASSWORD } from "./support/DashboardClient.ts"

describe("browser: a payment link's dashboard page in Chromium", () => {
  layer(Layer.merge(withDashboard, Browser.layer), { excludeTestServices: true, timeout: "90 seconds" })("links", (it) => {
    it.effect("draws the QR code, and the Copy button copies the link's URL; no policy violation", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const browser = yield* Browser
        const auth = yield* DashboardAuth
        const user = yield* auth.createUser({ email: "copy@shop.example", password: PASSWORD, role: "merchant", account: yield* accountOfKey(server.keys.test) })
        yield* Effect.promise(async () => {
          const product = (await api(server.url, server.keys.test, "POST", "/v1/products", { name: "Teapot" })).json
          const price = (await api(server.url, server.keys.test, "POST", "/v1/prices", { product: product.id, unit_amount: "2500", currency: "usd" })).json
          const link = (await api(server.url, server.keys.test, "POST", "/v1/payment_links", { "line_items[0][price]": price.id, "line_items[0][quantity]": "1" })).json
          const context = await browser.newContext({ locale: "en-US", viewport: { width: 390, height: 844 } })
          try {
            await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url })
            const page = await context.newPage()
            const violations: Array<string> = []
            page.on("console", (message) => {
              if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text())
            })
            await page.goto(`${server.url}/dashboard/login`)
            await page.fill("#email", user.email)
            await page.fill("#password", PASSWORD)
            await Promise.all([page.waitForURL(/\/dashboard\/sessions/), page.click("button[type=submit]")])
            await page.goto(`${server.url}/dashboard/payment_links/${link.id}`)
            const qr = page.locator("svg.qr")
            await qr.waitFor({ state: "visible" })
            const box = await qr.boundingBox()
            assert.isAbove(box!.width, 100)
            const copy = page.getByRole("button", { name: "Copy" })
            await copy.waitFor({ state: "visible" })
            await copy.click()
            await page.getByRole("button", { name: "Copied" }).waitFor({ state: "visible" })
            assert.strictEqual(await page.evaluate(() => navigator.clipboard.readText()), link.url)
            assert.deepStrictEqual(violations, [])
          } finally {
            await context.close()
          }
        })
      }))
  })
})
