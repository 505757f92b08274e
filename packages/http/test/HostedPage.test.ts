/**
 * The hosted page over a real port, without a browser: what the server sends (headers, a shell
 * with no session data, assets), the page's formatted amounts, and the payment methods endpoint.
 */
import { assert, layer } from "@effect/vitest"
import { Effect } from "effect"
import { SuiteServer } from "../src/testing/stripe/SuiteServer.ts"
import { bearer, CREATE_FORM, FORM, type Reply, send } from "../src/testing/Fetch.ts"
import { inMemory } from "../src/testing/TestServer.ts"

/** The headers every page must carry. */
const assertPageHeaders = (reply: Reply) => {
  assert.match(reply.headers.get("content-type") ?? "", /^text\/html; charset=utf-8/)
  const csp = reply.headers.get("content-security-policy") ?? ""
  for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'"]) {
    assert.include(csp, directive)
  }
  assert.notInclude(csp, "unsafe-inline")
  assert.notInclude(csp, "unsafe-eval")
  // no processor's hosts: these pages' sessions are on the test processor, which loads no component
  assert.notInclude(csp, "frame-src")
  assert.notInclude(csp, "adyen")
  assert.include(csp, "connect-src 'self';")
  assert.strictEqual(reply.headers.get("referrer-policy"), "no-referrer")
  assert.strictEqual(reply.headers.get("x-content-type-options"), "nosniff")
  assert.strictEqual(reply.headers.get("cache-control"), "no-store")
  assert.strictEqual(reply.headers.get("x-frame-options"), "DENY")
  assert.match(reply.headers.get("request-id") ?? "", /^req_/)
}

const create = (url: string, key: string, body: string) =>
  send(`${url}/v1/checkout/sessions`, { method: "POST", headers: { ...bearer(key), ...FORM }, body }).pipe(
    Effect.tap((reply) => Effect.sync(() => assert.strictEqual(reply.status, 200, reply.text))),
    Effect.map((reply) => reply.json as { id: string; client_secret: string; url: string })
  )

layer(inMemory, { excludeTestServices: true, timeout: "30 seconds" })("hosted page", (it) => {
  it.effect("serves a shell with strict security headers and nothing of the session in it", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      const s = yield* create(url, keys.test, `${CREATE_FORM.replace("T-shirt", "Limited%20edition")}&metadata[internal]=margin-42`)
      const page = yield* send(`${url}/c/pay/${s.id}`)
      assert.strictEqual(page.status, 200)
      assertPageHeaders(page)
      for (const secret of [s.client_secret, s.id, "Limited edition", "margin-42", "12.00"]) assert.notInclude(page.text, secret)
      // nothing the policy would block: no inline script or style, no inline handlers
      assert.notMatch(page.text, /<script(?![^>]*\bsrc=)[^>]*>/)
      assert.notMatch(page.text, /<style|\sstyle=|\son[a-z]+=/i)
      assert.include(page.text, "<html lang=\"en\">")
      for (const id of ["number", "expiry", "cvc", "name"]) assert.match(page.text, new RegExp(`<label for="${id}"`))
      // a session's page is in its language (its locale before the browser's), with that language's script
      const spanish = yield* create(url, keys.test, `${CREATE_FORM}&locale=es`)
      const shell = yield* send(`${url}/c/pay/${spanish.id}`, { headers: { "accept-language": "pt-BR,en;q=0.5" } })
      assert.include(shell.text, "<html lang=\"es\">")
      assert.match(shell.text, /<script src="\.\.\/assets\/checkout-es-[0-9a-f]{16}\.js"/)
      assert.include((yield* send(`${url}/c/pay/${s.id}`, { headers: { "accept-language": "pt-BR,en;q=0.5" } })).text, "<html lang=\"pt\">")

      // relative asset addresses, so that Till can live under a path
      const pageUrl = `${url}/c/pay/${s.id}`
      const script = new URL(/<script src="(\.\.\/assets\/[^"]+\.js)"/.exec(page.text)![1]!, pageUrl).href
      const stylesheet = new URL(/<link rel="stylesheet" href="(\.\.\/assets\/[^"]+\.css)"/.exec(page.text)![1]!, pageUrl).href
      assert.match(script, new RegExp(`^${url}/c/assets/checkout-en-[0-9a-f]{16}\\.js$`))
      const js = yield* send(script)
      assert.strictEqual(js.status, 200)
      assert.match(js.headers.get("content-type") ?? "", /^text\/javascript/)
      assert.strictEqual(js.headers.get("cache-control"), "public, max-age=31536000, immutable")
      assert.strictEqual(js.headers.get("x-content-type-options"), "nosniff")
      // the script reads the secret from the fragment and never puts it in a URL
      assert.include(js.text, "location.hash")
      assert.include(js.text, "history.replaceState")
      assert.notMatch(js.text, /client_secret=|[?&]secret=/)
      const css = yield* send(stylesheet)
      assert.strictEqual(css.status, 200)
      assert.match(css.headers.get("content-type") ?? "", /^text\/css/)
      assert.strictEqual((yield* send(`${url}/c/assets/checkout-0000.js`)).status, 404)
      // no connector is offered here, so no processor component's file is served
      assert.strictEqual((yield* send(`${url}/c/assets/adyen-card.js`)).status, 404)
    }))

  it.effect("answers an unknown session with a 404 page in the browser's language, and other methods with 405", () =>
    Effect.gen(function*() {
      const { url } = yield* SuiteServer
      const missing = yield* send(`${url}/c/pay/cs_test_doesnotexist`, { headers: { "accept-language": "es-CL,es;q=0.9" } })
      assert.strictEqual(missing.status, 404)
      assertPageHeaders(missing)
      assert.include(missing.text, "<html lang=\"es\">")
      assert.include(missing.text, "No encontramos este pago")
      assert.notInclude(missing.text, "<script")
      const post = yield* send(`${url}/c/pay/cs_test_doesnotexist`, { method: "POST" })
      assert.strictEqual(post.status, 405)
    }))

  it.effect("formats the page's amounts on the server, in the session's locale or else the browser's", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      const display = (s: { id: string; client_secret: string }, acceptLanguage?: string) =>
        send(`${url}/c/pay/${s.id}/display`, {
          headers: { ...bearer(s.client_secret), ...(acceptLanguage === undefined ? {} : { "accept-language": acceptLanguage }) }
        })

      const usd = yield* create(url, keys.test, `${CREATE_FORM}&line_items[0][quantity]=2`.replace("line_items[0][quantity]=1&", ""))
      const en = yield* display(usd)
      assert.strictEqual(en.status, 200, en.text)
      assert.strictEqual(en.headers.get("cache-control"), "no-store")
      assert.deepStrictEqual(
        { locale: en.json.locale, language: en.json.language, total: en.json.amount_total, line: en.json.line_items[0] },
        {
          locale: "en",
          language: "en",
          total: "$24.00",
          line: { id: en.json.line_items[0].id, name: "T-shirt", description: null, quantity: 2, unit_amount: "$12.00", amount_total: "$24.00" }
        }
      )

      const clp = yield* create(url, keys.test, "amount=5000&currency=clp&locale=es")
      assert.strictEqual((yield* display(clp, "es-CL,es;q=0.9")).json.amount_total, "$5.000")
      assert.strictEqual((yield* display(clp, "en-US")).json.language, "es")
      const chile = yield* create(url, keys.test, "amount=5000&currency=clp&locale=es&country=CL")
      assert.strictEqual((yield* display(chile)).json.locale, "es-CL")

      const brl = yield* create(url, keys.test, "amount=4990&currency=brl&locale=auto")
      const pt = yield* display(brl, "pt-BR,pt;q=0.9,en;q=0.8")
      assert.strictEqual(pt.json.language, "pt")
      assert.strictEqual(pt.json.amount_total.replace(/\s/g, " "), "R$ 49,90")
      assert.strictEqual((yield* display(brl, "de-DE,fr;q=0.8")).json.language, "en")
      assert.strictEqual((yield* display(brl, "x;;;q=,*,\u00e9\u00e9,-,en-,")).json.locale, "en")

      const kwd = yield* create(url, keys.test, "amount=1234&currency=kwd")
      assert.match((yield* display(kwd, "en")).json.amount_total, /^KWD\s1\.234$/)
      const jpy = yield* create(url, keys.test, "amount=1500&currency=jpy&locale=en")
      assert.include((yield* display(jpy)).json.amount_total, "1,500")

      // the page's data takes the session's own credential, like the API's client routes
      assert.strictEqual((yield* send(`${url}/c/pay/${usd.id}/display`)).status, 401)
      assert.strictEqual((yield* send(`${url}/c/pay/${usd.id}/display`, { headers: bearer(clp.client_secret) })).status, 401)
      assert.strictEqual((yield* send(`${url}/c/pay/${usd.id}/display`, { headers: bearer(keys.test) })).status, 200)
      assert.strictEqual((yield* send(`${url}/c/pay/${usd.id}/display`, { headers: bearer(keys.otherTest) })).status, 404)
    }))

  it.effect("a paid session's page data says what was refunded of it, in part and then in full", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      const session = yield* create(url, keys.test, "amount=2750&currency=usd")
      const display = () => send(`${url}/c/pay/${session.id}/display`, { headers: bearer(session.client_secret) }).pipe(Effect.map((r) => r.json.refund))
      const post = (path: string, body: string) =>
        send(`${url}${path}`, { method: "POST", headers: { ...bearer(keys.test), ...FORM }, body }).pipe(
          Effect.tap((reply) => Effect.sync(() => assert.strictEqual(reply.status, 200, reply.text))),
          Effect.map((reply) => reply.json)
        )
      assert.isNull(yield* display())
      const intent = yield* post(`/v1/checkout/sessions/${session.id}/payments`, "payment_method=pm_card_visa")
      assert.isNull(yield* display())
      yield* post("/v1/refunds", `payment_intent=${intent.id}&amount=500`)
      assert.deepStrictEqual(yield* display(), { amount_refunded: "$5.00", amount_captured: "$27.50", full: false })
      yield* post("/v1/refunds", `payment_intent=${intent.id}`)
      assert.deepStrictEqual(yield* display(), { amount_refunded: "$27.50", amount_captured: "$27.50", full: true })
    }))

  it.effect("the page data carries the shipping options, the custom fields, the texts, the terms and the button's kind, in the page's language", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      const s = yield* create(url, keys.test, [
        "amount=2000&currency=clp&locale=es&country=CL",
        "shipping_options[0][shipping_rate_data][display_name]=Retiro",
        "shipping_options[0][shipping_rate_data][fixed_amount][amount]=0",
        "shipping_options[0][shipping_rate_data][fixed_amount][currency]=clp",
        "shipping_options[1][shipping_rate_data][display_name]=Despacho",
        "shipping_options[1][shipping_rate_data][fixed_amount][amount]=3990",
        "shipping_options[1][shipping_rate_data][fixed_amount][currency]=clp",
        "shipping_options[1][shipping_rate_data][delivery_estimate][minimum][unit]=business_day",
        "shipping_options[1][shipping_rate_data][delivery_estimate][minimum][value]=2",
        "shipping_options[1][shipping_rate_data][delivery_estimate][maximum][unit]=business_day",
        "shipping_options[1][shipping_rate_data][delivery_estimate][maximum][value]=4",
        "custom_fields[0][key]=rut&custom_fields[0][label][type]=custom&custom_fields[0][label][custom]=RUT&custom_fields[0][type]=numeric",
        "custom_fields[0][numeric][minimum_length]=8&custom_fields[0][numeric][default_value]=12345678",
        "consent_collection[terms_of_service]=required&custom_text[terms_of_service_acceptance][message]=Acepto",
        "custom_text[shipping_address][message]=Solo Chile&submit_type=donate"
      ].join("&"))
      const display = (secret: string) => send(`${url}/c/pay/${s.id}/display`, { headers: bearer(secret) }).pipe(Effect.map((r) => r.json))
      const shown = yield* display(s.client_secret)
      assert.strictEqual(shown.language, "es")
      assert.deepStrictEqual(shown.shipping_options.map((o: { name: string; amount: string | null; estimate: string | null }) => [o.name, o.amount, o.estimate]), [
        ["Retiro", null, null],
        ["Despacho", "$3.990", `${new Intl.NumberFormat("es-CL").formatRange(2, 4)} días hábiles`]
      ])
      assert.deepStrictEqual([shown.shipping_rate, shown.amount_shipping, shown.amount_total], [shown.shipping_options[0].id, null, "$2.000"])
      assert.deepStrictEqual(shown.custom_fields, [{ key: "rut", label: "RUT", type: "numeric", optional: false, minimum_length: 8, maximum_length: null, options: [], value: "12345678" }])
      assert.deepStrictEqual(shown.custom_text, { submit: null, after_submit: null, shipping_address: "Solo Chile", terms_of_service_acceptance: "Acepto" })
      assert.deepStrictEqual([shown.terms, shown.submit_type], [{ required: true, url: null }, "donate"])

      // the customer picks the other option through the client route: the totals follow
      const choose = (rate: string, authorization: Record<string, string> = bearer(s.client_secret)) =>
        send(`${url}/c/pay/${s.id}/shipping_rate`, { method: "POST", headers: { ...authorization, ...FORM }, body: `shipping_rate=${encodeURIComponent(rate)}` })
      const chosen = yield* choose(shown.shipping_options[1].id)
      assert.strictEqual(chosen.status, 200, chosen.text)
      assert.deepStrictEqual([chosen.json.shipping_rate, chosen.json.amount_shipping, chosen.json.amount_total], [shown.shipping_options[1].id, "$3.990", "$5.990"])
      const wrong = yield* choose("shr_nope")
      assert.deepStrictEqual([wrong.status, wrong.json.error.param], [400, "shipping_rate"])
      assert.strictEqual((yield* choose(shown.shipping_options[0].id, {})).status, 401)
      const session = yield* send(`${url}/v1/checkout/sessions/${s.id}`, { headers: bearer(keys.test) })
      assert.deepStrictEqual([session.json.shipping_cost.amount_total, session.json.total_details.amount_shipping, session.json.amount_total], [3990, 3990, 5990])
    }))

  it.effect("lists a session's payment methods with its installment plans, for its client secret", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      const plain = yield* create(url, keys.test, CREATE_FORM)
      const methods = yield* send(`${url}/v1/checkout/sessions/${plain.id}/payment_methods`, { headers: bearer(plain.client_secret) })
      assert.strictEqual(methods.status, 200, methods.text)
      assert.deepStrictEqual(methods.json, {
        object: "list",
        url: `/v1/checkout/sessions/${plain.id}/payment_methods`,
        has_more: false,
        data: [{
          type: "card",
          card: { brands: ["visa", "mastercard", "amex", "discover", "diners", "jcb", "unionpay"], installments: { enabled: false, plans: [] } }
        }]
      })

      const offered = yield* create(url, keys.test, [
        CREATE_FORM,
        "payment_method_options[card][installments][enabled]=true",
        "payment_method_options[card][installments][plans][0][count]=3",
        "payment_method_options[card][installments][plans][1][count]=12",
        "payment_method_options[card][installments][plans][1][rate]=2.5"
      ].join("&"))
      const withPlans = yield* send(`${url}/v1/checkout/sessions/${offered.id}/payment_methods`, { headers: bearer(keys.test) })
      assert.deepStrictEqual(withPlans.json.data[0].card.installments, {
        enabled: true,
        plans: [{ count: 3, rate: 0, interval: "month" }, { count: 12, rate: 2.5, interval: "month" }]
      })
      assert.strictEqual((yield* send(`${url}/v1/checkout/sessions/${offered.id}/payment_methods`, { headers: bearer(plain.client_secret) })).status, 401)
      assert.strictEqual((yield* send(`${url}/v1/checkout/sessions/${offered.id}/payment_methods?expand[]=x`, { headers: bearer(keys.test) })).status, 400)
      assert.strictEqual((yield* send(`${url}/v1/checkout/sessions/${offered.id}/payment_methods`, { headers: bearer(keys.otherTest) })).status, 404)
    }))

  it.effect("quotes each installment plan on the page's data, and a payment in a plan charges that plan's total and records it", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      const session = yield* create(url, keys.test, [
        "amount=45000&currency=clp&locale=es&country=CL",
        "payment_method_options[card][installments][plans][0][count]=3",
        "payment_method_options[card][installments][plans][1][count]=6",
        "payment_method_options[card][installments][plans][1][rate]=5.07"
      ].join("&"))
      const display = yield* send(`${url}/c/pay/${session.id}/display`, { headers: bearer(session.client_secret) })
      assert.deepStrictEqual(display.json.installments, [
        { count: 3, rate: 0, installment_amount: "$15.000", last_installment_amount: "$15.000", total: "$45.000" },
        // 5.07 % of 45,000 is 2,281.5, rounded half up; 47,282 in six: 7,880 and the last 7,882
        { count: 6, rate: 5.07, installment_amount: "$7.880", last_installment_amount: "$7.882", total: "$47.282" }
      ])
      const pay = (body: string) => send(`${url}/v1/checkout/sessions/${session.id}/payments`, { method: "POST", headers: { ...bearer(session.client_secret), ...FORM }, body })
      const refused = yield* pay("payment_method=pm_card_visa&installments[count]=12")
      assert.strictEqual(refused.status, 400)
      assert.strictEqual(refused.json.error.param, "installments[count]")
      const paid = yield* pay("payment_method=pm_card_visa&installments[count]=6")
      assert.strictEqual(paid.status, 200, paid.text)
      assert.deepStrictEqual([paid.json.amount, paid.json.amount_received], [47282, 47282])
      assert.deepStrictEqual(paid.json.payment_method_options.card.installments, {
        available_plans: null,
        enabled: true,
        plan: { count: 6, interval: "month", type: "fixed_count", rate: 5.07, total: 47282, installment_amount: 7880, last_installment_amount: 7882 }
      })
      const charge = yield* send(`${url}/v1/charges/${paid.json.latest_charge}`, { headers: bearer(keys.test) })
      assert.deepStrictEqual([charge.json.amount, charge.json.amount_captured], [47282, 47282])
      assert.deepStrictEqual(charge.json.payment_method_details.card.installments, { plan: { count: 6, interval: "month", type: "fixed_count" } })
      // the order's total is what the items cost; the plan's interest is the intent's
      const retrieved = yield* send(`${url}/v1/checkout/sessions/${session.id}`, { headers: bearer(keys.test) })
      assert.strictEqual(retrieved.json.amount_total, 45000)

      const inFull = yield* create(url, keys.test, "amount=45000&currency=clp&payment_method_options[card][installments][plans][0][count]=6&payment_method_options[card][installments][plans][0][rate]=5.07")
      const full = yield* send(`${url}/v1/checkout/sessions/${inFull.id}/payments`, { method: "POST", headers: { ...bearer(inFull.client_secret), ...FORM }, body: "payment_method=pm_card_visa" })
      assert.deepStrictEqual([full.json.amount, full.json.payment_method_options.card.installments], [45000, null])
    }))
})
