/**
 * The hosted page of a live session whose account takes payments through Adyen with a client key, in
 * Chromium: the page loads Adyen Web's card component (bundled, served by Till) in place of its own card
 * fields, the component asks Adyen for its secured fields with the account's client key, and, as this
 * machine cannot reach Adyen (the test blocks every other origin), the page tells the shopper the card
 * form could not load and sends no payment. Typing into the real secured fields and paying with the
 * token they make cannot be covered offline; the server side of that token is AdyenAcceptance.test.ts.
 *
 * The second test replaces the component's script with a stub that hands the page an encrypted-looking
 * token (what the real fields would make), and follows the rest for real: the page pays with the token,
 * Till's connector sends it to a Prism mock of Adyen's Checkout v71 document, and the session completes;
 * then a 3-D Secure redirect is followed by the browser and Adyen's return (played by the test) completes
 * the attempt through /payments/details.
 */
import { assert, describe, it } from "@effect/vitest"
import { launchChromium } from "@till/http/testing/Browser"
import { CHECKOUT_DOCUMENT, startPreferProxy, startPrism } from "@till/processor-adyen/testing"
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
      const policy = shell!.headers()["content-security-policy"]!
      // Adyen's test host only (the account's environment), for the frames, calls and images of its fields
      for (const directive of ["frame-src", "connect-src"]) assert.include(policy, `${directive} 'self' https://checkoutshopper-test.adyen.com;`)
      assert.include(policy, "img-src 'self' data: https://checkoutshopper-test.adyen.com;")
      assert.notInclude(policy, "checkoutshopper-live")

      // the same server's page of an account on the test processor keeps the strict policy: no Adyen host
      const other = await call(server.url, TEST_KEY, "POST", "/v1/checkout/sessions", { amount: "2500", currency: "eur" })
      assert.strictEqual(other.status, 200, JSON.stringify(other.json))
      const strict = (await fetch(other.json.url)).headers.get("content-security-policy") ?? ""
      assert.include(strict, "script-src 'self'")
      assert.notInclude(strict, "adyen")
      assert.notInclude(strict, "frame-src")
      // the component's files come from the connector, through Till's asset route
      const served = await fetch(`${origin}/c/assets/adyen-card.js`)
      assert.strictEqual(served.status, 200)
      assert.match(served.headers.get("content-type") ?? "", /^text\/javascript/)
      assert.include(await served.text(), "TillAdyen")

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
      await page.locator("#email").fill("ada@example.com")
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

  it("with a stub in place of Adyen Web's fields, the page pays with the token, follows 3-D Secure, and the sessions complete against the mock", { timeout: 4 * START_MS }, async () => {
    const prism = await startPrism(CHECKOUT_DOCUMENT, 46530)
    const proxy = await startPreferProxy(prism.url, 46531)
    const dataDir = freshDataDir()
    const env = { TILL_DATA_DIR: dataDir }
    const server = await serveTill({
      ...env,
      TILL_SECRET_KEY: TEST_KEY,
      TILL_ENCRYPTION_KEY: "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
      TILL_PROCESSOR_ALLOW_BASE_URL: "true",
      TILL_PAYMENT_RECONCILE_SECONDS: "10"
    })
    const browser = await launchChromium()
    try {
      await fetch(`${prism.url}/payments`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })
      const created = await runTill(["accounts", "create", "--name", "Adyen page 2", "--json"], env)
      assert.strictEqual(created.code, 0, created.stderr)
      const liveKey: string = JSON.parse(created.stdout).secret_keys.live
      const settings = await call(server.url, liveKey, "POST", "/v1/account/processor_settings", {
        processor: "adyen",
        "credentials[api_key]": API_KEY,
        "credentials[hmac_key]": "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056",
        "options[merchant_account]": "TillMerchantECOM",
        "options[client_key]": CLIENT_KEY,
        "options[base_url]": proxy.url
      })
      assert.strictEqual(settings.status, 200, JSON.stringify(settings.json))

      const first = await call(server.url, liveKey, "POST", "/v1/checkout/sessions", { amount: "2500", currency: "eur" })
      const context = await browser.newContext()
      // the page's origin, as the session's url names it
      const origin = new URL(first.json.url).origin
      // the component's script: a stub handing over what Adyen Web's fields would (every card field encrypted)
      await context.route("**/c/assets/adyen-card.js", (route) =>
        route.fulfill({
          contentType: "text/javascript",
          body: `window.TillAdyen = { version: "stub", mount: async (container) => {
            container.textContent = "Adyen card (stub)"
            const token = JSON.stringify({ type: "scheme", encryptedCardNumber: "adyenjs_0_1_25$c3R1Yg==", encryptedExpiryMonth: "adyenjs_0_1_25$MDM=",
              encryptedExpiryYear: "adyenjs_0_1_25$MjAzMA==", encryptedSecurityCode: "adyenjs_0_1_25$NzM3", brand: "visa" })
            return { token: () => token, showValidation: () => {}, isValid: () => true, failure: () => null, unmount: () => {} }
          } }`
        }))
      // Adyen's 3-D Secure page, played by the test: it sends the shopper back to Till's return URL with a redirectResult
      let returnUrl = ""
      await context.route((url) => url.origin !== origin && !url.href.startsWith(proxy.url), (route) => {
        if (route.request().url().startsWith("https://checkoutshopper-test.adyen.com/checkoutshopper/threeDS/")) {
          return route.fulfill({ status: 302, headers: { location: `${returnUrl}?redirectResult=X6XtfGC3%21Y...` } })
        }
        return route.abort("blockedbyclient")
      })

      // 1. approved: the page's payment carries the token, the session completes
      proxy.prefer((path) => (path === "/payments" ? "example=till-authorised" : null))
      const page = await context.newPage()
      const posted: Array<string> = []
      page.on("request", (request) => {
        if (request.method() === "POST" && request.url().endsWith("/payments")) posted.push(request.postData() ?? "")
      })
      await page.goto(first.json.url)
      await page.locator("#processor-card", { hasText: "Adyen card (stub)" }).waitFor({ timeout: 30_000 })
      await page.locator("#email").fill("ada@example.com")
      await page.locator("#name").fill("Ada Lovelace")
      await page.locator("#pay").click()
      await page.getByText("Payment received").waitFor({ timeout: 30_000 })
      assert.strictEqual(posted.length, 1)
      const params = new URLSearchParams(posted[0]!)
      assert.strictEqual(params.get("processor_token[processor]"), "adyen")
      assert.isNull(params.get("payment_method_data[card][number]"))
      const read = await call(server.url, liveKey, "GET", `/v1/checkout/sessions/${first.json.id}?expand[]=payment_intent`)
      assert.strictEqual(read.json.status, "complete")
      assert.strictEqual(read.json.payment_intent.status, "succeeded")
      const sent = JSON.parse(proxy.seen.find((s) => s.path === "/payments")!.body)
      assert.strictEqual(sent.paymentMethod.encryptedCardNumber, "adyenjs_0_1_25$c3R1Yg==")
      assert.strictEqual(sent.reference.startsWith("pa_"), true)

      // 2. 3-D Secure: the page follows Adyen's redirect, Adyen sends the shopper back, Till completes the attempt
      proxy.prefer((path) => (path === "/payments" ? "example=card-3d-secure-redirect" : path === "/payments/details" ? "example=till-authorised" : null))
      const second = await call(server.url, liveKey, "POST", "/v1/checkout/sessions", { amount: "990", currency: "eur" })
      returnUrl = `${origin}/c/pay/${second.json.id}/action_return`
      const challenged = await context.newPage()
      await challenged.goto(second.json.url)
      await challenged.locator("#processor-card", { hasText: "Adyen card (stub)" }).waitFor({ timeout: 30_000 })
      await challenged.locator("#email").fill("ada@example.com")
      await challenged.locator("#name").fill("Ada Lovelace")
      const toAdyen = challenged.waitForRequest((r) => r.url().startsWith("https://checkoutshopper-test.adyen.com/checkoutshopper/threeDS/"), { timeout: 30_000 })
      await challenged.locator("#pay").click()
      // off to "Adyen", back through the return URL, and on the session's page again, now paid
      await toAdyen
      await challenged.getByText("This checkout is already paid").waitFor({ timeout: 30_000 })
      assert.strictEqual(challenged.url(), `${origin}/c/pay/${second.json.id}`)
      const done = await call(server.url, liveKey, "GET", `/v1/checkout/sessions/${second.json.id}?expand[]=payment_intent`)
      assert.strictEqual(done.json.status, "complete")
      assert.strictEqual(done.json.payment_intent.status, "succeeded")
      assert.deepStrictEqual(JSON.parse(proxy.seen.find((s) => s.path === "/payments/details")!.body), { details: { redirectResult: "X6XtfGC3!Y..." } })

      // every request the connector sent was valid against Adyen's document
      assert.deepStrictEqual(proxy.seen.filter((s) => s.violations !== null).map((s) => `${s.path}: ${s.violations}`), [])
      await context.close()
    } finally {
      await browser.close()
      await stopTill(server)
      await proxy.close()
      await prism.stop()
    }
  })
})
