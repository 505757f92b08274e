/**
 * A branded hosted page in Chromium: the merchant's name, logo, colour (with the text colour chosen
 * for contrast), tab title and footer links, under the page's own Content-Security-Policy; and the
 * page stays under 60 KB.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { join } from "node:path"
import { Browser, SCREENSHOT_DIR } from "../src/testing/Browser.ts"
import { bearer, FORM, send } from "../src/testing/Fetch.ts"
import { PNG_1X1 } from "../src/testing/stripe/BrandingSuite.ts"
import { SuiteServer } from "../src/testing/stripe/SuiteServer.ts"
import { inMemory } from "../src/testing/TestServer.ts"

type Server = SuiteServer["Service"]

const CART = "line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=1200&line_items[0][price_data][product_data][name]=Ceramic mug&line_items[0][quantity]=1"

const post = (server: Server, path: string, body: string) =>
  Effect.runPromise(send(`${server.url}${path}`, { method: "POST", headers: { ...bearer(server.keys.test), ...FORM }, body })).then((reply) => {
    assert.strictEqual(reply.status, 200, reply.text)
    return reply.json as Record<string, any>
  })

const uploadLogo = async (server: Server) => {
  const form = new FormData()
  form.set("purpose", "business_logo")
  form.set("file", new Blob([PNG_1X1], { type: "image/png" }), "logo.png")
  const reply = await fetch(`${server.url}/v1/files`, { method: "POST", headers: bearer(server.keys.test), body: form })
  assert.strictEqual(reply.status, 200)
  return (await reply.json()) as { id: string }
}

describe("browser: a branded hosted page in Chromium", () => {
  layer(Layer.merge(inMemory, Browser.layer), { excludeTestServices: true, timeout: "60 seconds" })("branding", (it) => {
    it.effect("shows the merchant's name, logo, colour, title and footer links; the text on the colour reaches 4.5:1; no policy violation", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const browser = yield* Browser
        yield* Effect.promise(async () => {
          const logo = await uploadLogo(server)
          const q = (s: string) => encodeURIComponent(s)
          await post(server, "/v1/account", [
            `business_profile[name]=${q("Acme Coffee")}`,
            `business_profile[terms_of_service_url]=${q("https://acme.test/terms")}`,
            `business_profile[privacy_policy_url]=${q("https://acme.test/privacy")}`,
            `settings[branding][logo]=${logo.id}`,
            `settings[branding][primary_color]=${q("#0A7C3E")}`
          ].join("&"))
          const session = await post(server, "/v1/checkout/sessions", CART)

          const context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 800 } })
          try {
            const page = await context.newPage()
            const violations: Array<string> = []
            page.on("console", (message) => {
              if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text())
            })
            await page.goto(session.url)
            await page.locator("#checkout").waitFor({ state: "visible" })
            assert.strictEqual(await page.title(), "Pay Acme Coffee")
            assert.strictEqual(await page.locator("#merchant-name").innerText(), "Acme Coffee")
            const image = page.locator("#merchant-logo")
            assert.isTrue(await image.isVisible())
            // the image loaded (same origin, allowed by img-src 'self'): its natural size is the PNG's
            assert.strictEqual(await image.evaluate((el) => (el as HTMLImageElement).naturalWidth), 1)
            const pay = page.locator("#pay")
            assert.strictEqual(await pay.evaluate((el) => getComputedStyle(el).backgroundColor), "rgb(10, 124, 62)")
            assert.strictEqual(await pay.evaluate((el) => getComputedStyle(el).color), "rgb(255, 255, 255)")
            assert.strictEqual(await page.locator("#terms-link").getAttribute("href"), "https://acme.test/terms")
            assert.strictEqual(await page.locator("#privacy-link").getAttribute("href"), "https://acme.test/privacy")
            assert.isTrue(await page.locator("#merchant-footer").isVisible())
            assert.deepStrictEqual(violations, [])
            if (SCREENSHOT_DIR !== undefined) await page.screenshot({ path: join(SCREENSHOT_DIR, "checkout-branded.png"), fullPage: true })

            // a light colour gets the page's dark text, not white
            await post(server, "/v1/account", `settings[branding][primary_color]=${q("#FFD700")}`)
            const light = await post(server, "/v1/checkout/sessions", CART)
            await page.goto(light.url)
            await page.locator("#checkout").waitFor({ state: "visible" })
            assert.strictEqual(await pay.evaluate((el) => getComputedStyle(el).backgroundColor), "rgb(255, 215, 0)")
            assert.strictEqual(await pay.evaluate((el) => getComputedStyle(el).color), "rgb(26, 31, 54)")
          } finally {
            await context.close()
          }

          // HTML, script and style (the logo aside, the merchant's own) stay under 60 KB
          const html = await (await fetch(`${server.url}/c/pay/${session.id}`)).text()
          const assets = [...html.matchAll(/(?:href|src)="\.\.\/assets\/([^"]+)"/g)].map((m) => m[1]!)
          assert.lengthOf(assets, 2)
          let bytes = Buffer.byteLength(html)
          for (const asset of assets) bytes += (await (await fetch(`${server.url}/c/assets/${asset}`)).arrayBuffer()).byteLength
          assert.isBelow(bytes, 60 * 1024)
        })
      }))
  })
})
