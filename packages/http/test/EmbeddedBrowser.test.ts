/**
 * Embedded checkout and recovery links in a real browser (Debian's Chromium through playwright-core).
 * The merchant's page is served by a second HTTP server, on another origin than Till's (`localhost`
 * and its own port, where Till is on `127.0.0.1`): it includes Till's `/c/embed.js` and mounts the
 * session by its client secret, as a shop would. Where Chromium is absent these fail, saying how to
 * install it (see src/testing/Browser.ts).
 */
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { createServer, type Server as NodeServer } from "node:http"
import type { AddressInfo } from "node:net"
import type { Frame, Page } from "playwright-core"
import { Browser } from "../src/testing/Browser.ts"
import { bearer, FORM, send } from "../src/testing/Fetch.ts"
import { SuiteServer } from "../src/testing/stripe/SuiteServer.ts"
import { inMemory } from "../src/testing/TestServer.ts"

type Server = SuiteServer["Service"]

const CART = [
  "line_items[0][price_data][currency]=usd",
  "line_items[0][price_data][unit_amount]=1200",
  "line_items[0][price_data][product_data][name]=Ceramic mug",
  "line_items[0][quantity]=2",
  "line_items[1][price_data][currency]=usd",
  "line_items[1][price_data][unit_amount]=350",
  "line_items[1][price_data][product_data][name]=Wool socks",
  "line_items[1][quantity]=1"
].join("&")

const BUDGET = 60_000

/** The merchant's web server: pages by path, set by each test; anything else is a plain "Thanks" page. */
interface Shop {
  /** `http://localhost:<port>`: the origin the shop's pages are served from. */
  readonly origin: string
  /** `http://127.0.0.1:<port>`: the same server under another origin, one Till does not allow. */
  readonly otherOrigin: string
  readonly pages: Map<string, string>
}

const shopServer = Effect.acquireRelease(
  Effect.promise(() =>
    new Promise<{ server: NodeServer; shop: Shop }>((resolve) => {
      const pages = new Map<string, string>()
      const server = createServer((request, response) => {
        const path = new URL(request.url ?? "/", "http://shop").pathname
        response.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" })
        response.end(pages.get(path) ?? "<!doctype html><title>Shop</title><h1>Thanks</h1>")
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        resolve({ server, shop: { origin: `http://localhost:${port}`, otherOrigin: `http://127.0.0.1:${port}`, pages } })
      })
    })
  ),
  ({ server }) => Effect.promise(() => new Promise<void>((resolve) => server.close(() => resolve())))
).pipe(Effect.map(({ shop }) => shop))

/**
 * A shop page that mounts the checkout of `clientSecret` with Till's embed script, recording what the
 * script tells it (`onReady`, `onComplete`) in the page's `data-` attributes.
 */
const shopPage = (till: string, clientSecret: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Shop checkout</title>
<script src="${till}/c/embed.js"></script></head>
<body><h1>Pay for your order</h1><div id="checkout"></div>
<script>
  TillCheckout.initEmbeddedCheckout({
    fetchClientSecret: async () => ${JSON.stringify(clientSecret)},
    onReady: () => { document.body.dataset.ready = "yes" },
    onComplete: (event) => { document.body.dataset.completed = event.sessionId }
  }).then((checkout) => checkout.mount("#checkout"))
</script></body></html>`

const call = (server: Server, path: string, body: string, key = server.keys.test) =>
  Effect.runPromise(send(`${server.url}${path}`, { method: "POST", headers: { ...bearer(key), ...FORM }, body })).then((reply) => {
    assert.strictEqual(reply.status, 200, reply.text)
    return reply.json
  })

const readSession = (server: Server, id: string) =>
  Effect.runPromise(send(`${server.url}/v1/checkout/sessions/${id}`, { headers: bearer(server.keys.test) })).then((r) => r.json)

const openPage = Effect.acquireRelease(
  Effect.gen(function*() {
    const browser = yield* Browser
    return yield* Effect.promise(async () => (await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 900 } })).newPage())
  }),
  (page) => Effect.promise(() => page.context().close())
)

const steps = (f: () => Promise<void>) => Effect.promise(f)

/** The checkout's frame once its page has loaded in the iframe. */
const checkoutFrame = async (page: Page): Promise<Frame> => {
  const handle = await page.locator("#checkout iframe").elementHandle()
  const frame = await handle!.contentFrame()
  await frame!.locator("#checkout").waitFor({ state: "visible" })
  return frame!
}

const payInFrame = async (frame: Frame) => {
  await frame.locator("#email").fill("ada@example.com")
  await frame.locator("#number").fill("4242 4242 4242 4242")
  await frame.locator("#expiry").fill("12 / 34")
  await frame.locator("#cvc").fill("123")
  await frame.locator("#name").fill("Ada Lovelace")
  await frame.locator("#pay").click()
}

describe("browser: embedded checkout and recovery links in Chromium", () => {
  layer(Layer.merge(inMemory, Browser.layer), { excludeTestServices: true, timeout: "60 seconds" })("embedded", (it) => {
    it.effect("a page on another origin mounts the checkout; paying takes the top page to return_url with the session id", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const shop = yield* shopServer
        const page = yield* openPage
        yield* steps(async () => {
          await call(server, "/v1/embed_settings", `allowed_origins[]=${encodeURIComponent(shop.origin)}`)
          const s = await call(server, "/v1/checkout/sessions", `${CART}&ui_mode=embedded&return_url=${encodeURIComponent(`${shop.origin}/back?session={CHECKOUT_SESSION_ID}`)}`)
          assert.isNull(s.url)
          shop.pages.set("/checkout", shopPage(server.url, s.client_secret))
          await page.goto(`${shop.origin}/checkout`)
          const frame = await checkoutFrame(page)
          // Till's page, in Till's origin, framed by the shop
          assert.strictEqual(new URL(frame.url()).origin, server.url)
          assert.strictEqual(new URL(frame.url()).pathname, `/c/embed/${s.id}`)
          assert.notInclude(frame.url(), s.client_secret)
          const text = await frame.locator("main").innerText()
          assert.include(text, "Ceramic mug")
          assert.include(text, "$27.50")
          assert.isTrue(await frame.locator("#cancel").isHidden())
          await page.locator("body[data-ready=yes]").waitFor({ state: "attached" })
          // the embed script sized the iframe to the page it shows
          await page.waitForFunction(() => document.querySelector<HTMLIFrameElement>("#checkout iframe")!.style.height !== "640px")

          await payInFrame(frame)
          await page.waitForURL(`${shop.origin}/back?session=${s.id}`)
          const paid = await readSession(server, s.id)
          assert.deepStrictEqual([paid.status, paid.payment_status, paid.ui_mode], ["complete", "paid", "embedded_page"])
        })
      }), BUDGET)

    it.effect("with redirect_on_completion=never the top page stays and the embed script's onComplete gets the session id", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const shop = yield* shopServer
        const page = yield* openPage
        yield* steps(async () => {
          await call(server, "/v1/embed_settings", `allowed_origins[]=${encodeURIComponent(shop.origin)}`)
          const s = await call(server, "/v1/checkout/sessions", `${CART}&ui_mode=embedded_page&redirect_on_completion=never`)
          shop.pages.set("/never", shopPage(server.url, s.client_secret))
          // what the page hears from Till's frame, in order
          await page.addInitScript(() => {
            const heard: Array<string> = []
            ;(window as unknown as { heard: Array<string> }).heard = heard
            window.addEventListener("message", (e) => heard.push(`${e.origin} ${(e.data as { type?: string }).type}`))
          })
          await page.goto(`${shop.origin}/never`)
          const frame = await checkoutFrame(page)

          // a message that is not from Till's frame is ignored, even one shaped like Till's
          await page.evaluate((id) => window.postMessage({ source: "till-checkout", type: "redirect", session_id: id, url: "https://evil.example/" }, "*"), s.id)
          await page.evaluate((id) => window.postMessage({ source: "till-checkout", type: "complete", session_id: id }, "*"), s.id)

          await payInFrame(frame)
          await page.locator(`body[data-completed="${s.id}"]`).waitFor({ state: "attached" })
          assert.strictEqual(page.url(), `${shop.origin}/never`)
          assert.strictEqual(await frame.locator("#state-title").innerText(), "Payment received")
          assert.include(await frame.locator("#state-body").innerText(), "$27.50")
          assert.strictEqual((await readSession(server, s.id)).status, "complete")
          // Till's frame spoke from Till's origin only; "complete" once (the forged one was the page's own)
          const heard = await page.evaluate(() => (window as unknown as { heard: Array<string> }).heard)
          const fromTill = heard.filter((h) => h.startsWith(`${server.url} `)).map((h) => h.slice(server.url.length + 1))
          assert.includeMembers(fromTill, ["ready", "resize", "complete"])
          assert.notInclude(fromTill, "redirect")
          assert.strictEqual(fromTill.filter((t) => t === "complete").length, 1)
        })
      }), BUDGET)

    it.effect("a page on an origin the account does not allow cannot frame the checkout", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const shop = yield* shopServer
        const page = yield* openPage
        yield* steps(async () => {
          await call(server, "/v1/embed_settings", `allowed_origins[]=${encodeURIComponent(shop.origin)}`)
          const s = await call(server, "/v1/checkout/sessions", `${CART}&ui_mode=embedded_page&redirect_on_completion=never`)
          shop.pages.set("/elsewhere", shopPage(server.url, s.client_secret))
          const refusals: Array<string> = []
          page.on("console", (message) => {
            if (message.text().includes("frame-ancestors")) refusals.push(message.text())
          })
          // the same shop server, under an origin the account did not allow
          await page.goto(`${shop.otherOrigin}/elsewhere`)
          await page.locator("#checkout iframe").waitFor({ state: "attached" })
          await page.waitForTimeout(1500)
          const frame = await (await page.locator("#checkout iframe").elementHandle())!.contentFrame()
          assert.strictEqual(await frame!.locator("#pay").count(), 0)
          assert.notStrictEqual(new URL(frame!.url()).origin, server.url)
          assert.isUndefined(await page.evaluate(() => document.body.dataset.ready))
          assert.isAbove(refusals.length, 0)
          assert.strictEqual((await readSession(server, s.id)).status, "open")
        })
      }), BUDGET)

    it.effect("without the embed script, the documented messages work; the frame talks to its parent only, not to a sibling posing as it", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const shop = yield* shopServer
        const page = yield* openPage
        yield* steps(async () => {
          await call(server, "/v1/embed_settings", `allowed_origins[]=${encodeURIComponent(shop.origin)}`)
          const s = await call(server, "/v1/checkout/sessions", `${CART}&ui_mode=embedded_page&redirect_on_completion=never`)
          // a frame of another origin on the same page, which keeps telling Till's frame it is its parent
          shop.pages.set("/sibling", `<!doctype html><script>
            setInterval(() => { try { parent.frames[0].postMessage({ source: "till-checkout", type: "init" }, "*") } catch {} }, 20)
            addEventListener("message", (e) => { if (e.data && e.data.type === "complete") parent.postMessage("sibling heard complete", "*") })
          </script>`)
          // the shop's own code, by docs/embedded.md: answer Till's "ready" (late, so the sibling speaks first), then wait for "complete"
          shop.pages.set("/own", `<!doctype html><title>Own</title><body>
            <iframe id="till" title="Checkout" style="width:100%;height:700px;border:0"
              src="${server.url}/c/embed/${s.id}#${encodeURIComponent(s.client_secret)}"></iframe>
            <iframe id="sibling" src="${shop.otherOrigin}/sibling"></iframe>
            <script>
              const till = document.getElementById("till")
              addEventListener("message", (e) => {
                if (e.data === "sibling heard complete") document.body.dataset.leak = "yes"
                if (e.source !== till.contentWindow || e.origin !== ${JSON.stringify(server.url)}) return
                if (e.data.type === "ready") setTimeout(() => till.contentWindow.postMessage({ source: "till-checkout", type: "init" }, e.origin), 500)
                if (e.data.type === "complete") document.body.dataset.completed = e.data.session_id
              })
            </script></body>`)
          await page.goto(`${shop.origin}/own`)
          const frame = (await (await page.locator("#till").elementHandle())!.contentFrame())!
          await frame.locator("#checkout").waitFor({ state: "visible" })
          await page.waitForTimeout(700)
          await payInFrame(frame)
          await page.locator(`body[data-completed="${s.id}"]`).waitFor({ state: "attached" })
          await page.waitForTimeout(300)
          assert.isUndefined(await page.evaluate(() => document.body.dataset.leak))
        })
      }), BUDGET)

    it.effect("an expired session's recovery link opens a new session with the same items, which the customer pays", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const shop = yield* shopServer
        const page = yield* openPage
        yield* steps(async () => {
          const original = await call(server, "/v1/checkout/sessions", `${CART}&success_url=${encodeURIComponent(`${shop.origin}/thanks?session={CHECKOUT_SESSION_ID}`)}&after_expiration[recovery][enabled]=true`)
          const expired = await call(server, `/v1/checkout/sessions/${original.id}/expire`, "")
          const link: string = expired.after_expiration.recovery.url

          await page.goto(link)
          await page.locator("#checkout").waitFor({ state: "visible" })
          const landed = new URL(page.url())
          assert.match(landed.pathname, /^\/c\/pay\/cs_test_/)
          assert.strictEqual(landed.hash, "")
          const copyId = landed.pathname.split("/").pop()!
          assert.notStrictEqual(copyId, original.id)
          const text = await page.locator("main").innerText()
          assert.include(text, "Ceramic mug")
          assert.include(text, "Wool socks")
          assert.include(text, "$27.50")
          const copy = await readSession(server, copyId)
          assert.strictEqual(copy.recovered_from, original.id)

          // opened again (another tab), the same session
          const again = await page.context().newPage()
          await again.goto(link)
          await again.locator("#checkout").waitFor({ state: "visible" })
          assert.strictEqual(new URL(again.url()).pathname, landed.pathname)
          await again.close()

          await page.locator("#email").fill("ada@example.com")
          await page.locator("#number").fill("4242 4242 4242 4242")
          await page.locator("#expiry").fill("12 / 34")
          await page.locator("#cvc").fill("123")
          await page.locator("#name").fill("Ada Lovelace")
          await page.locator("#pay").click()
          await page.waitForURL(`${shop.origin}/thanks?session=${copyId}`)
          assert.strictEqual((await readSession(server, copyId)).status, "complete")

          // paid: the link now says so
          await page.goto(link)
          assert.strictEqual(await page.locator("h1").innerText(), "This order is already paid")
        })
      }), BUDGET)
  })
})
