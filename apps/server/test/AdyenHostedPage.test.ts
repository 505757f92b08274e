/**
 * The hosted page of a live session whose account takes payments through Adyen with a client key, in
 * Chromium: the page loads Adyen Web's card component (bundled, served by Till) in place of its own card
 * fields, the component asks Adyen for its secured fields with the account's client key, and, as this
 * machine cannot reach Adyen (the test blocks every other origin), the page tells the shopper the card
 * form could not load and sends no payment. Typing into the real secured fields and paying with the
 * token they make cannot be covered offline; the server side of that token is AdyenAcceptance.test.ts.
 */
import { assert, describe, it } from "@effect/vitest"
import { launchChromium } from "@till/http/testing/Browser"
import { freshDataDir, printChildrenOnFailure, runTill, serveTill, START_MS, stopTill } from "./support.ts"

const TEST_KEY = "sk_test_adyenhostedpage1"
const API_KEY = "AQEyhmfxK4PIadyenHostedPageSecretKey0123456789"
const CLIENT_KEY = "test_TILLHOSTEDPAGECLIENTKEY0123456789"

const call = async (base: string, key: string, method: string, path: string, params?: Record<string, string>) => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}` },
    ...(params === undefined ? {} : { body: new URLSearchParams(params) })
  })
  return { status: response.status, json: await response.json() as any }
}

describe("the hosted page with Adyen Web (Chromium)", () => {
  printChildrenOnFailure()

  it("loads Adyen's card component in place of its card fields, and says so when Adyen cannot be reached", { timeout: 4 * START_MS }, async () => {
    const dataDir = freshDataDir()
    const env = { TILL_DATA_DIR: dataDir }
    const server = await serveTill({
      ...env,
      TILL_SECRET_KEY: TEST_KEY,
      TILL_ENCRYPTION_KEY: "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
    })
    const browser = await launchChromium()
    try {
      const created = await runTill(["accounts", "create", "--name", "Adyen page", "--json"], env)
      assert.strictEqual(created.code, 0, created.stderr)
      const liveKey: string = JSON.parse(created.stdout).secret_keys.live
      const settings = await call(server.url, liveKey, "POST", "/v1/account/processor_settings", {
        processor: "adyen",
        "credentials[api_key]": API_KEY,
        "credentials[hmac_key]": "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056",
        "options[merchant_account]": "TillMerchantECOM",
        "options[environment]": "test",
        "options[client_key]": CLIENT_KEY
      })
      assert.strictEqual(settings.status, 200, JSON.stringify(settings.json))
      const session = await call(server.url, liveKey, "POST", "/v1/checkout/sessions", { amount: "2500", currency: "eur" })
      assert.strictEqual(session.status, 200, JSON.stringify(session.json))

      const context = await browser.newContext()
      const page = await context.newPage()
      const origin = new URL(session.json.url).origin
      const elsewhere: Array<string> = []
      // nothing leaves the machine: Adyen's hosts are recorded and refused
      await page.route((url) => url.origin !== origin, (route) => {
        elsewhere.push(route.request().url())
        return route.abort("blockedbyclient")
      })
      const payments: Array<string> = []
      page.on("request", (request) => {
        if (request.method() === "POST" && request.url().endsWith("/payments")) payments.push(request.postData() ?? "")
      })
      const displays: Array<any> = []
      page.on("response", async (response) => {
        if (response.url().endsWith("/display")) displays.push(await response.json().catch(() => null))
      })
      const pageErrors: Array<string> = []
      page.on("pageerror", (e) => pageErrors.push(e.message))

      const shell = await page.goto(session.json.url)
      assert.include(shell!.headers()["content-security-policy"], "frame-src 'self' https://checkoutshopper-test.adyen.com")

      // the component in place of the card fields, asking Adyen for its secured fields with the client key
      await page.locator("#processor-card .adyen-checkout__card-input").waitFor({ timeout: 30_000 })
      assert.isTrue(await page.locator("#card-fields").isHidden())
      assert.isTrue(await page.locator("#number").isHidden())
      const frame = await page.locator("#processor-card iframe").first().getAttribute("src")
      assert.match(frame ?? "", /^https:\/\/checkoutshopper-test\.adyen\.com\/checkoutshopper\/securedfields\//)
      assert.include(frame ?? "", CLIENT_KEY)
      assert.isTrue(elsewhere.some((u) => u.startsWith("https://checkoutshopper-test.adyen.com/")))

      // the display names the component, with Till's addresses of its files, and nothing secret
      const display = displays.find((d) => d?.client_component !== undefined)
      assert.deepStrictEqual(display.client_component, {
        processor: "adyen",
        script: "/c/assets/adyen-card.js",
        stylesheet: "/c/assets/adyen-card.css",
        config: { clientKey: CLIENT_KEY, environment: "test" }
      })
      assert.notInclude(JSON.stringify(displays), API_KEY)

      // Adyen's fields cannot load here: the shopper is told, and paying sends nothing
      await page.locator("#form-alert", { hasText: "The card form could not load" }).waitFor({ timeout: 30_000 })
      await page.locator("#name").fill("Ada Lovelace")
      await page.locator("#pay").click()
      await page.waitForTimeout(500)
      assert.deepStrictEqual(payments, [])
      assert.deepStrictEqual(pageErrors, [])
      await context.close()
    } finally {
      await browser.close()
      await stopTill(server)
    }
  })
})
