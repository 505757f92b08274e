/**
 * The receipt page: a paid session's charge links to it (`receipt_url`), it opens with no credential
 * but its address, in the session's language, and says what was bought and paid; a wrong or partial
 * address, or a payment only held, opens nothing.
 */
import { assert, layer } from "@effect/vitest"
import { Effect } from "effect"
import { SuiteServer } from "../src/testing/stripe/SuiteServer.ts"
import { bearer, FORM, send } from "../src/testing/Fetch.ts"
import { inMemory } from "../src/testing/TestServer.ts"

const SHIRTS = [
  "line_items[0][price_data][currency]=usd",
  "line_items[0][price_data][unit_amount]=1200",
  "line_items[0][price_data][product_data][name]=T-shirt",
  "line_items[0][quantity]=2",
  "line_items[1][price_data][currency]=usd",
  "line_items[1][price_data][unit_amount]=550",
  "line_items[1][price_data][product_data][name]=Socks",
  "line_items[1][quantity]=1"
].join("&")

/** The page's visible text, tags dropped and spaces folded. */
const textOf = (html: string) => html.replace(/<[^>]*>/g, " ").replace(/&amp;/g, "&").replace(/\s+/g, " ")

layer(inMemory, { excludeTestServices: true, timeout: "30 seconds" })("receipts", (it) => {
  const post = (url: string, key: string, path: string, body: string) =>
    send(`${url}${path}`, { method: "POST", headers: { ...bearer(key), ...FORM }, body }).pipe(
      Effect.tap((reply) => Effect.sync(() => assert.strictEqual(reply.status, 200, `${path}: ${reply.text}`))),
      Effect.map((reply) => reply.json)
    )

  it.effect("a paid session's charge links to its receipt page, which needs no key and shows the items, totals, card and merchant", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      const session = yield* post(url, keys.test, "/v1/checkout/sessions", `mode=payment&${SHIRTS}&customer_email=ada@example.com`)
      const intent = yield* post(url, keys.test, `/v1/checkout/sessions/${session.id}/payments`, "payment_method=pm_card_visa")
      const charge = (yield* send(`${url}/v1/charges/${intent.latest_charge}`, { headers: bearer(keys.test) })).json
      assert.match(charge.receipt_url, new RegExp(`^${url}/receipts/${charge.id}/[A-Za-z0-9]{20,}$`))

      const page = yield* send(charge.receipt_url)
      assert.strictEqual(page.status, 200, page.text)
      assert.match(page.headers.get("content-type") ?? "", /^text\/html/)
      assert.strictEqual(page.headers.get("referrer-policy"), "no-referrer")
      assert.notInclude(page.text, "<script")
      const text = textOf(page.text)
      for (const part of ["Receipt from suite", "Amount paid $29.50", "Visa ending in 4242", "T-shirt", "Qty 2", "$24.00", "Socks", "$5.50", "Total $29.50", charge.id, "Test mode"]) {
        assert.include(text, part)
      }
      // the hosted page's data links the paid session to it
      const display = yield* send(`${url}/c/pay/${session.id}/display`, { headers: bearer(session.client_secret) })
      assert.strictEqual(display.json.receipt_url, charge.receipt_url)

      // a refund shows on it
      yield* post(url, keys.test, "/v1/refunds", `payment_intent=${intent.id}&amount=550`)
      assert.include(textOf((yield* send(charge.receipt_url)).text), "Refunded $5.50")

      // any other address opens nothing, and says so without telling which part was wrong
      const secret = charge.receipt_url.split("/").pop()!
      // the last character changed (to one it is not), then one dropped
      const changed = `${secret.slice(0, -1)}${secret.endsWith("x") ? "y" : "x"}`
      for (const wrong of [`${charge.id}/${changed}`, `${charge.id}/${secret.slice(1)}`, `ch_test_nope/${secret}`, `${session.id}/${secret}`]) {
        const missing = yield* send(`${url}/receipts/${wrong}`)
        assert.strictEqual(missing.status, 404, wrong)
        assert.include(missing.text, "Receipt not found")
      }
      assert.strictEqual((yield* send(`${url}/receipts/${charge.id}/`)).status, 404)
    }))

  it.effect("speaks the session's language, with its discount, tax and installment plan", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      const rate = yield* post(url, keys.test, "/v1/tax_rates", "display_name=IVA&percentage=19&inclusive=true")
      const session = yield* post(url, keys.test, "/v1/checkout/sessions", [
        "mode=payment&locale=es&country=CL",
        "line_items[0][price_data][currency]=clp",
        "line_items[0][price_data][unit_amount]=45000",
        "line_items[0][price_data][product_data][name]=Polera",
        "line_items[0][quantity]=1",
        `line_items[0][tax_rates][0]=${rate.id}`,
        "payment_method_options[card][installments][plans][0][count]=6",
        "payment_method_options[card][installments][plans][0][rate]=5.07"
      ].join("&"))
      const intent = yield* post(url, session.client_secret, `/v1/checkout/sessions/${session.id}/payments`, "payment_method=pm_card_mastercard&installments[count]=6")
      const charge = (yield* send(`${url}/v1/charges/${intent.latest_charge}`, { headers: bearer(keys.test) })).json
      const text = textOf((yield* send(charge.receipt_url, { headers: { "accept-language": "en-US" } })).text).replace(/\u00a0/g, " ")
      for (const part of [
        "Recibo de suite",
        "Mastercard terminada en 4444",
        "Impuestos $7.185",
        "Total $45.000",
        "6 cuotas de $7.880 (la última de $7.882) · total $47.282",
        "Interés de las cuotas $2.282",
        "Monto cobrado $47.282",
        "Monto pagado $47.282"
      ]) assert.include(text, part)
    }))

  it.effect("a payment only held has no receipt until it is captured", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      const session = yield* post(url, keys.test, "/v1/checkout/sessions", `mode=payment&${SHIRTS}&payment_intent_data[capture_method]=manual`)
      const intent = yield* post(url, keys.test, `/v1/checkout/sessions/${session.id}/payments`, "payment_method=pm_card_visa")
      const charge = (yield* send(`${url}/v1/charges/${intent.latest_charge}`, { headers: bearer(keys.test) })).json
      assert.strictEqual((yield* send(charge.receipt_url)).status, 404)
      assert.isNull((yield* send(`${url}/c/pay/${session.id}/display`, { headers: bearer(session.client_secret) })).json.receipt_url)
      yield* post(url, keys.test, `/v1/payment_intents/${intent.id}/capture`, "")
      assert.strictEqual((yield* send(charge.receipt_url)).status, 200)
    }))

  // last: it sets the suite account's public details, which the tests above do not expect
  it.effect("names the merchant and its support contacts as the account's public details give them", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      yield* post(url, keys.test, "/v1/account", [
        "business_profile[name]=Lamps %26 Co",
        "business_profile[support_email]=help@lamps.example",
        "business_profile[support_phone]=%2B56912345678",
        "business_profile[support_url]=https://lamps.example/help"
      ].join("&"))
      const session = yield* post(url, keys.test, "/v1/checkout/sessions", `mode=payment&${SHIRTS}`)
      const intent = yield* post(url, keys.test, `/v1/checkout/sessions/${session.id}/payments`, "payment_method=pm_card_visa")
      const charge = (yield* send(`${url}/v1/charges/${intent.latest_charge}`, { headers: bearer(keys.test) })).json
      const text = textOf((yield* send(charge.receipt_url)).text)
      for (const part of ["Receipt from Lamps & Co", "help@lamps.example", "+56912345678", "https://lamps.example/help"]) assert.include(text, part)
    }))
})
