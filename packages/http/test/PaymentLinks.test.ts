/**
 * Payment links on the wire: minting by token with no credential (what the customer sees of the
 * session), and `GET /l/:token`, the link's public address.
 */
import { assert, it, layer } from "@effect/vitest"
import { Accounts } from "@till/core"
import * as Testing from "@till/core/testing"
import { Context, Effect, Layer } from "effect"
import { HttpServer } from "effect/http"
import * as HttpApp from "../src/HttpApp.ts"
import { CUSTOMER_SESSION_FIELDS } from "../src/Responses.ts"
import { SuiteServer } from "../src/testing/stripe/SuiteServer.ts"
import { bearer, CREATE_FORM, FORM, send } from "../src/testing/Fetch.ts"
import { inMemory, serverLayer, urlOf } from "../src/testing/TestServer.ts"
import { HostedPageBase } from "../src/HostedPageBase.ts"

const createLink = (url: string, key: string, body: string) =>
  send(`${url}/v1/payment_links`, { method: "POST", headers: { ...bearer(key), ...FORM }, body }).pipe(
    Effect.tap((reply) => Effect.sync(() => assert.strictEqual(reply.status, 200, reply.text))),
    Effect.map((reply) => reply.json as { id: string; token: string; url: string })
  )

const mint = (url: string, token: string, init: RequestInit = {}) =>
  send(`${url}/v1/payment_links/token/${token}/checkout_sessions`, { method: "POST", ...init })

layer(inMemory, { excludeTestServices: true, timeout: "30 seconds" })("payment links on the wire", (it) => {
  it.effect("mints a session for anyone holding the token, showing what the customer pays and nothing of the merchant's", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      const link = yield* createLink(url, keys.test, [
        CREATE_FORM,
        "metadata[internal]=margin-42",
        "business_profile[tax_id]=76.123.456-7",
        `success_url=${encodeURIComponent("https://shop.example/ok")}`
      ].join("&"))
      const minted = yield* mint(url, link.token)
      assert.strictEqual(minted.status, 200, minted.text)
      assert.sameMembers(Object.keys(minted.json), [...CUSTOMER_SESSION_FIELDS, "line_items"])
      assert.notInclude(minted.text, "margin-42")
      assert.notInclude(minted.text, "76.123.456-7")
      const s = minted.json
      assert.strictEqual(s.status, "open")
      assert.strictEqual(s.amount_total, 1200)
      assert.strictEqual(s.payment_link, link.id)
      assert.strictEqual(s.line_items.data[0].description, "T-shirt")
      assert.strictEqual(s.url, `${url}/c/pay/${s.id}#${encodeURIComponent(s.client_secret)}`)

      // the merchant still sees everything, and the customer can pay with the secret
      const full = yield* send(`${url}/v1/checkout/sessions/${s.id}`, { headers: bearer(keys.test) })
      assert.deepStrictEqual(full.json.metadata, { internal: "margin-42" })
      const paid = yield* send(`${url}/v1/checkout/sessions/${s.id}/payments`, {
        method: "POST",
        headers: { ...bearer(s.client_secret), ...FORM },
        body: "payment_method=pm_card_visa"
      })
      assert.strictEqual(paid.status, 200, paid.text)

      // every call mints anew: an idempotency key means nothing without an account
      const again = yield* mint(url, link.token, { headers: { "idempotency-key": "same" } })
      const third = yield* mint(url, link.token, { headers: { "idempotency-key": "same" } })
      assert.notStrictEqual(again.json.id, third.json.id)
      assert.isNull(third.headers.get("idempotent-replayed"))
    }))

  it.effect("refuses parameters, unknown tokens and links that take no payments, as Stripe errors", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      const link = yield* createLink(url, keys.test, "amount=5000&currency=clp")
      const withParam = yield* mint(url, link.token, { headers: FORM, body: "amount=1" })
      assert.strictEqual(withParam.status, 400)
      assert.strictEqual(withParam.json.error.code, "parameter_unknown")
      const unknown = yield* mint(url, "nope")
      assert.strictEqual(unknown.status, 404)
      assert.deepStrictEqual(
        { code: unknown.json.error.code, param: unknown.json.error.param },
        { code: "resource_missing", param: "token" }
      )
      assert.match(unknown.headers.get("request-id") ?? "", /^req_/)
      assert.strictEqual((yield* send(`${url}/v1/payment_links/token/${link.token}/checkout_sessions`)).status, 405)

      yield* send(`${url}/v1/payment_links/${link.id}`, { method: "POST", headers: { ...bearer(keys.test), ...FORM }, body: "active=false" })
      const inactive = yield* mint(url, link.token)
      assert.strictEqual(inactive.status, 400)
      assert.deepStrictEqual(
        { type: inactive.json.error.type, code: inactive.json.error.code, message: inactive.json.error.message },
        { type: "invalid_request_error", code: "payment_link_inactive", message: "This payment link has been deactivated." }
      )
    }))

  it.effect("GET /l/:token answers 303 to a fresh session's page, and a page saying why when it cannot", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      const link = yield* createLink(url, keys.test, CREATE_FORM)
      assert.strictEqual(link.url, `${url}/l/${link.token}`)
      const first = yield* send(link.url, { redirect: "manual" })
      const second = yield* send(link.url, { redirect: "manual" })
      assert.strictEqual(first.status, 303)
      assert.strictEqual(first.headers.get("cache-control"), "no-store")
      assert.strictEqual(first.headers.get("referrer-policy"), "no-referrer")
      const locations = [first, second].map((r) => r.headers.get("location") ?? "")
      for (const location of locations) assert.match(location, new RegExp(`^${url}/c/pay/cs_test_\\w+#cs_test_\\w+_secret_\\w+$`))
      assert.notStrictEqual(locations[0], locations[1])
      const listed = yield* send(`${url}/v1/checkout/sessions?payment_link=${link.id}`, { headers: bearer(keys.test) })
      assert.lengthOf(listed.json.data, 2)

      const unknown = yield* send(`${url}/l/nope`, { redirect: "manual", headers: { "accept-language": "pt-BR" } })
      assert.strictEqual(unknown.status, 404)
      assert.include(unknown.text, "Link de pagamento não encontrado")
      assert.strictEqual(unknown.headers.get("cache-control"), "no-store")
      assert.include(unknown.headers.get("content-security-policy") ?? "", "default-src 'self'")
      const stylesheet = new URL(/<link rel="stylesheet" href="([^"]+)"/.exec(unknown.text)![1]!, `${url}/l/nope`).href
      assert.strictEqual((yield* send(stylesheet)).status, 200)

      yield* send(`${url}/v1/payment_links/${link.id}`, { method: "POST", headers: { ...bearer(keys.test), ...FORM }, body: "active=false" })
      const off = yield* send(link.url, { redirect: "manual" })
      assert.strictEqual(off.status, 410)
      assert.match(off.headers.get("content-type") ?? "", /^text\/html/)
      assert.include(off.text, "This payment link is no longer active")
      assert.isNull(off.headers.get("location"))
    }))

  it.effect("an expired link says so on its page and on the API", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      const expiresAt = Math.floor(Date.now() / 1000) + 1
      const link = yield* createLink(url, keys.test, `${CREATE_FORM}&expires_at=${expiresAt}`)
      assert.strictEqual((yield* send(link.url, { redirect: "manual" })).status, 303)
      yield* Effect.sleep(Math.max(0, expiresAt * 1000 - Date.now()) + 50)
      const page = yield* send(link.url, { redirect: "manual", headers: { "accept-language": "es" } })
      assert.strictEqual(page.status, 410)
      assert.include(page.text, "Este enlace de pago ha vencido")
      const api = yield* mint(url, link.token)
      assert.strictEqual(api.status, 400)
      assert.strictEqual(api.json.error.code, "payment_link_expired")
    }))
})

it.live("a link's url follows the hosted-page base it is answered under, not the one it was created under", () =>
  Effect.scoped(Effect.gen(function*() {
    // one store, served twice, each server with its own public base (as TILL_PUBLIC_URL changed between two starts)
    const stores = yield* Layer.build(Testing.layer)
    const serve = (base: string) =>
      Layer.build(serverLayer(HttpApp.layer.pipe(Layer.provide(Layer.succeed(HostedPageBase, base)), Layer.provide(Layer.succeedContext(stores)))))
        .pipe(Effect.map((context) => urlOf(Context.get(context, HttpServer.HttpServer))))
    const before = yield* serve("https://old.example")
    const after = yield* serve("https://pay.example.com/shop/")
    const { secret_keys } = yield* Context.get(stores, Accounts).create("bases")

    const link = yield* createLink(before, secret_keys.test, CREATE_FORM)
    assert.strictEqual(link.url, `https://old.example/l/${link.token}`)
    const retrieved = yield* send(`${after}/v1/payment_links/${link.id}`, { headers: bearer(secret_keys.test) })
    assert.strictEqual(retrieved.json.url, `https://pay.example.com/shop/l/${link.token}`)
    const listed = yield* send(`${after}/v1/payment_links`, { headers: bearer(secret_keys.test) })
    assert.deepStrictEqual(listed.json.data.map((l: { url: string }) => l.url), [`https://pay.example.com/shop/l/${link.token}`])
    // everything else reads the same under either base
    const again = yield* send(`${before}/v1/payment_links/${link.id}`, { headers: bearer(secret_keys.test) })
    assert.deepStrictEqual({ ...retrieved.json, url: null }, { ...again.json, url: null })
    assert.strictEqual(again.json.url, link.url)
  })), 30_000)
