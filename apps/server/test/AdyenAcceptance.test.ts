/**
 * Live payments through the Adyen connector, end to end through Till's API: `till serve` with an
 * account whose live mode is configured for Adyen (credentials sealed with TILL_ENCRYPTION_KEY), the
 * connector pointed at a Prism mock of Adyen's published Checkout v71 document (through a proxy that
 * chooses the mock's answers and can lose one). Every request the connector sends is validated by
 * the mock against the document. A live session is paid with an Adyen Web token; another one's
 * answer is lost, and the worker's reconciliation completes it exactly once, before and after
 * Adyen's AUTHORISATION notification arrives for it. The API key is in no log line and in no
 * database file in clear.
 */
import { assert, describe, it } from "@effect/vitest"
import { AdyenNotifications } from "@till/processor-adyen"
import { CHECKOUT_DOCUMENT, startPreferProxy, startPrism } from "@till/processor-adyen/testing"
import { readdirSync, readFileSync, statSync } from "node:fs"
import { join } from "node:path"
import { freshDataDir, printChildrenOnFailure, runTill, serveTill, START_MS, stopTill } from "./support.ts"

const TEST_KEY = "sk_test_adyenacceptance1"
const API_KEY = "AQEyhmfxK4PIadyenAcceptanceSecretKey0123456789"
const HMAC_KEY = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056"
const PRISM_PORT = 46520
const PROXY_PORT = 46521

const token = JSON.stringify({
  type: "scheme",
  encryptedCardNumber: "adyenjs_0_1_25$T3uQ0XfJx7n2N1uUQ8dC3VbL0wz+acceptance==",
  encryptedExpiryMonth: "adyenjs_0_1_25$bW9udGg=",
  encryptedExpiryYear: "adyenjs_0_1_25$eWVhcg==",
  encryptedSecurityCode: "adyenjs_0_1_25$Y3Zj"
})

const call = async (base: string, key: string, method: string, path: string, params?: Record<string, string>) => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}` },
    ...(params === undefined ? {} : { body: new URLSearchParams(params) })
  })
  return { status: response.status, json: await response.json() as any }
}

/** Every file under a directory, as bytes. */
const filesUnder = (dir: string): Array<string> =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })

describe("live payments through the Adyen connector (Prism mock of Adyen's Checkout v71 document)", () => {
  printChildrenOnFailure()

  it("a live session is paid through the API; a lost answer is reconciled and completes its session exactly once; a 3-D Secure redirect completes on return; a refund after a restart", { timeout: 4 * START_MS }, async () => {
    const prism = await startPrism(CHECKOUT_DOCUMENT, PRISM_PORT)
    const proxy = await startPreferProxy(prism.url, PROXY_PORT)
    const dataDir = freshDataDir()
    const env = { TILL_DATA_DIR: dataDir }
    let server: Awaited<ReturnType<typeof serveTill>> | null = null
    try {
      server = await serveTill({
        ...env,
        TILL_SECRET_KEY: TEST_KEY,
        TILL_ENCRYPTION_KEY: "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
        TILL_PROCESSOR_ALLOW_BASE_URL: "true",
        // Till gives the processor half of this to answer: on a loaded machine Prism takes a few seconds
        TILL_PAYMENT_RECONCILE_SECONDS: "10",
        TILL_EXPIRY_SWEEP_SECONDS: "1"
      })
      const base = server.url
      // Prism compiles a validator on an operation's first request (seconds on a loaded machine): warm it up
      await fetch(`${prism.url}/payments`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })
      const created = await runTill(["accounts", "create", "--name", "Adyen shop", "--json"], env)
      assert.strictEqual(created.code, 0, created.stderr)
      const account = JSON.parse(created.stdout)
      const liveKey: string = account.secret_keys.live
      assert.match(liveKey, /^sk_live_/)

      const settings = await call(base, liveKey, "POST", "/v1/account/processor_settings", {
        processor: "adyen",
        "credentials[api_key]": API_KEY,
        "credentials[hmac_key]": HMAC_KEY,
        "options[merchant_account]": "TillMerchantECOM",
        "options[base_url]": proxy.url
      })
      assert.strictEqual(settings.status, 200, JSON.stringify(settings.json))
      assert.notInclude(JSON.stringify(settings.json), API_KEY)

      // 1. approve: the token goes to Adyen's /payments, the session completes
      proxy.prefer((path) => (path === "/payments" ? "example=till-authorised" : null))
      const session = await call(base, liveKey, "POST", "/v1/checkout/sessions", { amount: "2500", currency: "eur" })
      assert.strictEqual(session.status, 200, JSON.stringify(session.json))
      assert.strictEqual(session.json.livemode, true)
      const paid = await call(base, liveKey, "POST", `/v1/checkout/sessions/${session.json.id}/payments`, {
        "processor_token[processor]": "adyen",
        "processor_token[data]": token
      })
      assert.strictEqual(paid.status, 200, JSON.stringify(paid.json))
      const read = await call(base, liveKey, "GET", `/v1/checkout/sessions/${session.json.id}?expand[]=payment_intent`)
      assert.strictEqual(read.json.status, "complete")
      assert.strictEqual(read.json.payment_intent.status, "succeeded")
      assert.deepInclude(read.json.payment_intent.payment_method_details.card, { brand: "visa", last4: "1111", exp_month: 3, exp_year: 2030 })
      const first = proxy.seen[0]!
      assert.strictEqual(first.path, "/payments")
      assert.strictEqual(JSON.parse(first.body).metadata.till_payment_intent, read.json.payment_intent.id)

      // 2. the answer is lost: the payment cannot say, the worker asks Adyen (same idempotency key) and completes it once
      proxy.loseNext("/payments", 1)
      const second = await call(base, liveKey, "POST", "/v1/checkout/sessions", { amount: "1800", currency: "eur" })
      const lost = await call(base, liveKey, "POST", `/v1/checkout/sessions/${second.json.id}/payments`, {
        "processor_token[processor]": "adyen",
        "processor_token[data]": token
      })
      assert.include([500, 503], lost.status, JSON.stringify(lost.json))
      const started = Date.now()
      let status = ""
      while (status !== "complete" && Date.now() - started < 90_000) {
        status = (await call(base, liveKey, "GET", `/v1/checkout/sessions/${second.json.id}`)).json.status
        if (status !== "complete") await new Promise((r) => setTimeout(r, 250))
      }
      assert.strictEqual(status, "complete")
      const attempt = JSON.parse(proxy.seen.find((s) => s.lost)!.body).reference as string
      const probe = proxy.seen.filter((s) => s.path === "/payments" && JSON.parse(s.body).reference === attempt && JSON.parse(s.body).amount.value === 0)
      assert.isAtLeast(probe.length, 1, "reconciliation re-sent /payments under the attempt's key")

      // Adyen's AUTHORISATION notification for the same attempt arrives late: accepted, recorded nothing new
      const intent = (await call(base, liveKey, "GET", `/v1/checkout/sessions/${second.json.id}?expand[]=payment_intent`)).json.payment_intent
      const item = AdyenNotifications.sign({
        additionalData: { "metadata.till_payment_intent": intent.id, cardSummary: "1111", expiryDate: "3/2030", paymentMethod: "visa" },
        amount: { currency: "EUR", value: 1800 },
        eventCode: "AUTHORISATION",
        merchantAccountCode: "TillMerchantECOM",
        merchantReference: attempt,
        pspReference: "993617895215577D",
        success: "true"
      }, HMAC_KEY)
      const notified = await fetch(`${base}/v1/processor_notifications/adyen/${account.account.id}/live`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ live: "true", notificationItems: [{ NotificationRequestItem: item }] })
      })
      assert.strictEqual(notified.status, 200)
      assert.strictEqual(await notified.text(), "[accepted]")
      const forged = await fetch(`${base}/v1/processor_notifications/adyen/${account.account.id}/live`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ live: "true", notificationItems: [{ NotificationRequestItem: { ...item, additionalData: { ...item.additionalData, hmacSignature: "AAAA" } } }] })
      })
      assert.strictEqual(forged.status, 400)

      const events = await call(base, liveKey, "GET", "/v1/events?limit=100")
      const completed = events.json.data.filter((e: any) => e.type === "checkout.session.completed" && e.data.object.id === second.json.id)
      assert.strictEqual(completed.length, 1, "checkout.session.completed once")
      const succeeded = events.json.data.filter((e: any) => e.type === "payment_intent.succeeded" && e.data.object.id === intent.id)
      assert.strictEqual(succeeded.length, 1, "payment_intent.succeeded once")

      // 3. 3-D Secure: Adyen asks for a redirect, the intent waits with next_action; the shopper's return completes it
      proxy.prefer((path) => (path === "/payments" ? "example=card-3d-secure-redirect" : path === "/payments/details" ? "example=till-authorised" : null))
      const third = await call(base, liveKey, "POST", "/v1/checkout/sessions", { amount: "990", currency: "eur" })
      const returnUrl = `${base}/c/pay/${third.json.id}/action_return`
      const challenged = await call(base, liveKey, "POST", `/v1/checkout/sessions/${third.json.id}/payments`, {
        "processor_token[processor]": "adyen",
        "processor_token[data]": token,
        return_url: returnUrl
      })
      assert.strictEqual(challenged.status, 200, JSON.stringify(challenged.json))
      const waiting = await call(base, liveKey, "GET", `/v1/checkout/sessions/${third.json.id}?expand[]=payment_intent`)
      assert.strictEqual(waiting.json.status, "open")
      assert.strictEqual(waiting.json.payment_intent.status, "requires_action")
      assert.deepStrictEqual(waiting.json.payment_intent.next_action, {
        type: "redirect_to_url",
        redirect_to_url: { url: "https://checkoutshopper-test.adyen.com/checkoutshopper/threeDS/redirect...", return_url: returnUrl }
      })
      const back = await fetch(`${returnUrl}?redirectResult=X6XtfGC3%21Y...`, { redirect: "manual" })
      assert.strictEqual(back.status, 303)
      const done = await call(base, liveKey, "GET", `/v1/checkout/sessions/${third.json.id}?expand[]=payment_intent`)
      assert.strictEqual(done.json.status, "complete")
      assert.strictEqual(done.json.payment_intent.status, "succeeded")
      assert.strictEqual(done.json.payment_intent.next_action, null)
      const details = proxy.seen.filter((s) => s.path === "/payments/details")
      assert.strictEqual(details.length, 1)
      assert.deepStrictEqual(JSON.parse(details[0]!.body), { details: { redirectResult: "X6XtfGC3!Y..." } })

      // every request the connector sent was valid against Adyen's document
      assert.deepStrictEqual(proxy.seen.filter((s) => s.violations !== null).map((s) => `${s.path}: ${s.violations}`), [])

      // 4. after a restart, a refund of the first payment still finds Adyen's pspReference (kept in the database)
      const logs = () => server!.output.stdout + server!.output.stderr
      let output = logs()
      await stopTill(server)
      server = await serveTill({
        ...env,
        TILL_SECRET_KEY: TEST_KEY,
        TILL_ENCRYPTION_KEY: "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
        TILL_PROCESSOR_ALLOW_BASE_URL: "true",
        TILL_PAYMENT_RECONCILE_SECONDS: "10",
        TILL_EXPIRY_SWEEP_SECONDS: "1"
      })
      proxy.prefer((path) => (path.endsWith("/refunds") ? "code=201" : null))
      const refund = await call(server.url, liveKey, "POST", "/v1/refunds", { payment_intent: read.json.payment_intent.id, amount: "1000" })
      assert.strictEqual(refund.status, 200, JSON.stringify(refund.json))
      assert.strictEqual(refund.json.status, "pending")
      const refundCall = proxy.seen.at(-1)!
      assert.strictEqual(refundCall.path, "/payments/993617895215577D/refunds")
      assert.deepStrictEqual(JSON.parse(refundCall.body), { merchantAccount: "TillMerchantECOM", amount: { currency: "EUR", value: 1000 }, reference: refund.json.id })
      const refunded = AdyenNotifications.sign({
        additionalData: {},
        amount: { currency: "EUR", value: 1000 },
        eventCode: "REFUND",
        merchantAccountCode: "TillMerchantECOM",
        merchantReference: refund.json.id,
        originalReference: "993617895215577D",
        pspReference: "993617894906488A",
        success: "true"
      }, HMAC_KEY)
      const refundNotified = await fetch(`${server.url}/v1/processor_notifications/adyen/${account.account.id}/live`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ live: "true", notificationItems: [{ NotificationRequestItem: refunded }] })
      })
      assert.strictEqual(await refundNotified.text(), "[accepted]")
      assert.strictEqual((await call(server.url, liveKey, "GET", `/v1/refunds/${refund.json.id}`)).json.status, "succeeded")
      assert.deepStrictEqual(proxy.seen.filter((s) => s.violations !== null).map((s) => `${s.path}: ${s.violations}`), [])

      // the API key: in no log line, in no database file in clear
      output += logs()
      assert.notInclude(output, API_KEY)
      await stopTill(server)
      server = null
      const holding = filesUnder(dataDir).filter((path) => readFileSync(path).includes(API_KEY))
      assert.deepStrictEqual(holding, [])
    } finally {
      if (server !== null) await stopTill(server)
      await proxy.close()
      await prism.stop()
    }
  })
})
