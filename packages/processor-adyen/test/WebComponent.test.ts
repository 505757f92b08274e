/**
 * The Adyen card component's bundle in Chromium. Adyen Web's secured fields are iframes served by
 * Adyen, which this machine cannot reach (and the test blocks, to be deterministic): what is shown
 * here is that the bundle loads, that the component mounts and asks Adyen for its secured fields
 * with the account's client key, and that their failure to load is reported to the page instead
 * of leaving a form that never works. Typing a card into the real fields, and the encrypted
 * token they produce, cannot be covered offline: the server side of that token is tested in
 * Contract.test.ts with encrypted-looking data against the mock.
 */
import { createServer, type Server } from "node:http"
import { existsSync } from "node:fs"
import { chromium, type Browser } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as WebBundle from "../src/WebBundle.ts"

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"
const CLIENT_KEY = "test_TILLCONTRACTCLIENTKEY0123456789AB"

let server: Server
let origin = ""
let browser: Browser

beforeAll(async () => {
  const [script, css] = await Promise.all([WebBundle.bundle(), WebBundle.stylesheet()])
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="stylesheet" href="/adyen.css"></head>
<body><form id="pay"><div id="card"></div></form><script src="/adyen.js"></script></body></html>`
  server = createServer((req, res) => {
    const [type, body] = req.url === "/adyen.js" ? ["text/javascript", script] : req.url === "/adyen.css" ? ["text/css", css] : ["text/html", page]
    res.writeHead(200, { "content-type": `${type}; charset=utf-8` }).end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`)
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] })
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await new Promise((resolve) => server?.close(resolve))
})

describe("Adyen Web card component (bundle in Chromium)", () => {
  it("the bundle loads, the component mounts and asks Adyen for its secured fields, and their failure is reported", async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const adyenRequests: Array<string> = []
    // nothing leaves the machine: every request to another origin is recorded and refused
    await page.route((url) => !url.href.startsWith(origin), (route) => {
      adyenRequests.push(route.request().url())
      return route.abort("blockedbyclient")
    })
    const pageErrors: Array<string> = []
    page.on("pageerror", (e) => pageErrors.push(e.message))
    await page.goto(origin)
    expect(await page.evaluate(() => window.TillAdyen?.version)).toBe("adyen-web 6.45.2")

    const result = await page.evaluate(async (clientKey) => {
      const failures: Array<string> = []
      let ready = false
      const mounted = await window.TillAdyen!.mount(
        document.getElementById("card")!,
        { clientKey, environment: "test", locale: "en-US", amount: { value: 2500, currency: "EUR" }, loadTimeoutMs: 3000 },
        { onReady: () => void (ready = true), onFailure: (reason) => void failures.push(reason) }
      )
      await new Promise((r) => setTimeout(r, 4000))
      return {
        ready,
        failures,
        failure: mounted.failure(),
        valid: mounted.isValid(),
        token: mounted.token(),
        cardInput: document.querySelector("#card .adyen-checkout__card-input") !== null,
        iframes: Array.from(document.querySelectorAll("#card iframe")).map((f) => (f as HTMLIFrameElement).src)
      }
    }, CLIENT_KEY)

    expect(pageErrors).toEqual([])
    // mounted: Adyen Web drew the card form and put its first secured-field iframe in it (the others
    // follow once that one has loaded, which it cannot here)
    expect(result.cardInput).toBe(true)
    expect(result.iframes.length).toBeGreaterThanOrEqual(1)
    for (const src of result.iframes) expect(src).toMatch(/^https:\/\/checkoutshopper-test\.adyen\.com\/checkoutshopper\/securedfields\//)
    expect(result.iframes[0]).toContain(CLIENT_KEY)
    expect(adyenRequests.some((u) => u.startsWith("https://checkoutshopper-test.adyen.com/checkoutshopper/securedfields/"))).toBe(true)
    // the fields could not load: the page is told, once, and no token can be taken
    expect(result.ready).toBe(false)
    expect(result.failures).toEqual(["Adyen's secured card fields did not load"])
    expect(result.failure).toBe("Adyen's secured card fields did not load")
    expect(result.valid).toBe(false)
    expect(result.token).toBeNull()
    await context.close()
  }, 60_000)
})
