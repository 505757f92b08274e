/**
 * CORS (SPEC section 5): the client-secret routes answer preflights and carry
 * `Access-Control-Allow-Origin` on every response, errors included; secret-key routes and the pages
 * answer no CORS at all, and OPTIONS elsewhere still gets the fallback's 404 or 405. Then the same in
 * Chromium, from a page on another origin.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Context, Effect, Layer } from "effect"
import { createServer, type Server } from "node:http"
import * as Cors from "../src/Cors.ts"
import { SuiteServer } from "../src/testing/stripe/SuiteServer.ts"
import { Browser } from "../src/testing/Browser.ts"
import { bearer, CREATE_FORM, FORM, type Reply, send } from "../src/testing/Fetch.ts"
import { inMemory } from "../src/testing/TestServer.ts"

const ORIGIN = "https://shop.example"

const newSession = (url: string, key: string) =>
  send(`${url}/v1/checkout/sessions`, { method: "POST", headers: { ...bearer(key), ...FORM }, body: CREATE_FORM }).pipe(
    Effect.map((reply) => reply.json as { id: string; client_secret: string })
  )

const preflight = (url: string, method: string, headers = "authorization, content-type, idempotency-key") =>
  send(url, { method: "OPTIONS", headers: { origin: ORIGIN, "access-control-request-method": method, "access-control-request-headers": headers } })

const assertOpen = (reply: Reply, what: string) => {
  assert.strictEqual(reply.headers.get("access-control-allow-origin"), "*", what)
  assert.strictEqual(reply.headers.get("access-control-expose-headers"), Cors.EXPOSE_HEADERS, what)
}

const assertClosed = (reply: Reply, what: string) => {
  for (const header of ["access-control-allow-origin", "access-control-allow-methods", "access-control-allow-headers"]) {
    assert.isNull(reply.headers.get(header), `${what}: ${header}`)
  }
}

layer(inMemory, { excludeTestServices: true, timeout: "30 seconds" })("CORS on the wire", (it) => {
  it.effect("answers the preflight of every client-secret route, for its own methods", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      const s = yield* newSession(url, keys.test)
      for (
        const [path, method] of [
          [`/v1/checkout/sessions/${s.id}`, "GET"],
          [`/v1/checkout/sessions/${s.id}/line_items`, "GET"],
          [`/v1/checkout/sessions/${s.id}/payment_methods`, "GET"],
          [`/v1/checkout/sessions/${s.id}/payments`, "POST"]
        ] as const
      ) {
        const reply = yield* preflight(`${url}${path}`, method)
        assert.strictEqual(reply.status, 204, `${method} ${path}: ${reply.text}`)
        assertOpen(reply, path)
        assert.strictEqual(reply.headers.get("access-control-allow-methods"), method, path)
        assert.strictEqual(reply.headers.get("access-control-allow-headers"), "authorization, content-type, idempotency-key, stripe-version")
        assert.strictEqual(reply.headers.get("access-control-max-age"), "7200")
        assert.match(reply.headers.get("request-id") ?? "", /^req_/)
        assert.strictEqual(reply.text, "")
      }
    }))

  it.effect("opens every answer of a client-secret route to other origins, errors included", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      const s = yield* newSession(url, keys.test)
      const asBrowser = { ...bearer(s.client_secret), origin: ORIGIN }
      const read = yield* send(`${url}/v1/checkout/sessions/${s.id}`, { headers: asBrowser })
      assert.strictEqual(read.status, 200)
      assertOpen(read, "retrieve")
      const paid = yield* send(`${url}/v1/checkout/sessions/${s.id}/payments`, {
        method: "POST",
        headers: { ...asBrowser, ...FORM, "idempotency-key": `cors-${Date.now()}` },
        body: "payment_method=pm_card_visa"
      })
      assert.strictEqual(paid.status, 200, paid.text)
      assertOpen(paid, "pay")
      const wrongSecret = yield* send(`${url}/v1/checkout/sessions/${s.id}/line_items`, { headers: { ...bearer(`${s.client_secret}x`), origin: ORIGIN } })
      assert.strictEqual(wrongSecret.status, 401)
      assertOpen(wrongSecret, "401")
      const missing = yield* send(`${url}/v1/checkout/sessions/cs_test_nope/payment_methods`, { headers: { ...bearer(keys.test), origin: ORIGIN } })
      assert.strictEqual(missing.status, 404)
      assertOpen(missing, "404")
      const invalid = yield* send(`${url}/v1/checkout/sessions/${s.id}?expand[]=nope`, { headers: asBrowser })
      assert.strictEqual(invalid.status, 400)
      assertOpen(invalid, "400")
    }))

  it.effect("keeps secret-key routes, the pages and other methods closed: no CORS headers, preflight refused by the fallback", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      const s = yield* newSession(url, keys.test)
      const created = yield* send(`${url}/v1/checkout/sessions`, { method: "POST", headers: { ...bearer(keys.test), ...FORM, origin: ORIGIN }, body: CREATE_FORM })
      assert.strictEqual(created.status, 200)
      assertClosed(created, "create")
      assertClosed(yield* send(`${url}/v1/checkout/sessions`, { headers: { ...bearer(keys.test), origin: ORIGIN } }), "list")
      assertClosed(yield* send(`${url}/v1/events`, { headers: { ...bearer(keys.test), origin: ORIGIN } }), "events")
      assertClosed(yield* send(`${url}/c/pay/${s.id}`, { headers: { origin: ORIGIN } }), "hosted page")
      assertClosed(yield* send(`${url}/c/pay/${s.id}/display`, { headers: { ...bearer(s.client_secret), origin: ORIGIN } }), "display")

      for (
        const [path, method, allow] of [
          ["/v1/checkout/sessions", "POST", "GET, POST"],
          ["/v1/checkout/sessions", "GET", "GET, POST"],
          // the session's path is a client route for GET only: updating it stays the merchant's
          [`/v1/checkout/sessions/${s.id}`, "POST", "GET, POST"],
          [`/v1/checkout/sessions/${s.id}/expire`, "POST", "POST"],
          [`/v1/webhook_endpoints/we_1`, "DELETE", "GET, POST, DELETE"],
          [`/c/pay/${s.id}/display`, "GET", "GET"]
        ] as const
      ) {
        const reply = yield* preflight(`${url}${path}`, method)
        assert.strictEqual(reply.status, 405, `${method} ${path}: ${reply.text}`)
        assert.strictEqual(reply.headers.get("allow"), allow, path)
        assertClosed(reply, `preflight ${method} ${path}`)
      }
    }))

  it.effect("leaves the fallback's 404 and 405 as they were for OPTIONS and other methods", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      const s = yield* newSession(url, keys.test)
      const unknown = yield* preflight(`${url}/v1/nothing/here`, "GET")
      assert.strictEqual(unknown.status, 404)
      assert.strictEqual(unknown.json.error.type, "invalid_request_error")
      assertClosed(unknown, "unknown path")
      // a plain OPTIONS (no preflight) on a client route: 405 naming what the path takes
      const plain = yield* send(`${url}/v1/checkout/sessions/${s.id}/payments`, { method: "OPTIONS" })
      assert.strictEqual(plain.status, 405)
      assert.strictEqual(plain.headers.get("allow"), "POST")
      // a preflight for a method the client route does not take
      const put = yield* preflight(`${url}/v1/checkout/sessions/${s.id}/payments`, "PUT")
      assert.strictEqual(put.status, 405)
      assertClosed(put, "PUT preflight")
      // another method on a client route is the fallback's 405, which is not the route's answer: no CORS
      const del = yield* send(`${url}/v1/checkout/sessions/${s.id}/payments`, { method: "DELETE", headers: { origin: ORIGIN } })
      assert.strictEqual(del.status, 405)
      assert.strictEqual(del.headers.get("allow"), "POST")
      assertClosed(del, "DELETE")
    }))
})

/** A page on another origin (another port of 127.0.0.1): a blank document to run `fetch` from. */
class MerchantPage extends Context.Service<MerchantPage, { readonly url: string }>()("till/http/test/MerchantPage") {
  static readonly layer = Layer.effect(
    MerchantPage,
    Effect.acquireRelease(
      Effect.promise(() =>
        new Promise<Server>((resolve) => {
          const server = createServer((_, response) => response.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>shop</title>"))
          server.listen(0, "127.0.0.1", () => resolve(server))
        })
      ),
      (server) => Effect.promise(() => new Promise<void>((done) => server.close(() => done())))
    ).pipe(Effect.map((server) => ({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}` })))
  )
}

describe("CORS in Chromium", () => {
  layer(Layer.mergeAll(inMemory, Browser.layer, MerchantPage.layer), { excludeTestServices: true, timeout: "60 seconds" })("a merchant's page", (it) => {
    it.effect("drives its session with the client secret from another origin, and cannot call a secret-key route", () =>
      Effect.gen(function*() {
        const { keys, url } = yield* SuiteServer
        const shop = yield* MerchantPage
        const browser = yield* Browser
        const s = yield* newSession(url, keys.test)
        const page = yield* Effect.promise(() => browser.newPage())
        yield* Effect.addFinalizer(() => Effect.promise(() => page.close()))
        yield* Effect.promise(() => page.goto(shop.url))
        const results = yield* Effect.promise(() =>
          page.evaluate(async ({ till, id, secret, key }) => {
            const attempt = async (path: string, init: RequestInit) => {
              try {
                const response = await fetch(`${till}${path}`, init)
                return {
                  status: response.status,
                  requestId: response.headers.get("request-id"),
                  replayed: response.headers.get("idempotent-replayed"),
                  body: await response.json()
                }
              } catch (e) {
                return { blocked: String(e) }
              }
            }
            const asClient = { authorization: `Bearer ${secret}` }
            const pay = () =>
              attempt(`/v1/checkout/sessions/${id}/payments`, {
                method: "POST",
                headers: { ...asClient, "content-type": "application/x-www-form-urlencoded", "idempotency-key": "shop-pay-1" },
                body: "payment_method=pm_card_visa"
              })
            return {
              read: await attempt(`/v1/checkout/sessions/${id}`, { headers: asClient }),
              methods: await attempt(`/v1/checkout/sessions/${id}/payment_methods`, { headers: asClient }),
              paid: await pay(),
              again: await pay(),
              list: await attempt("/v1/checkout/sessions", { headers: { authorization: `Bearer ${key}` } }),
              create: await attempt("/v1/checkout/sessions", {
                method: "POST",
                headers: { authorization: `Bearer ${key}`, "content-type": "application/x-www-form-urlencoded" },
                body: "amount=100&currency=usd"
              })
            }
          }, { till: url, id: s.id, secret: s.client_secret, key: keys.test }) as Promise<any>
        )
        assert.strictEqual(results.read.status, 200, JSON.stringify(results.read))
        assert.strictEqual(results.read.body.id, s.id)
        assert.match(results.read.requestId, /^req_/)
        assert.strictEqual(results.methods.status, 200)
        assert.strictEqual(results.paid.status, 200, JSON.stringify(results.paid))
        assert.strictEqual(results.paid.body.status, "succeeded")
        assert.strictEqual(results.again.replayed, "true")
        assert.match(results.list.blocked, /TypeError/)
        assert.match(results.create.blocked, /TypeError/)
        // the preflight stopped it: the create never reached the server
        const sessions = yield* send(`${url}/v1/checkout/sessions?limit=100`, { headers: bearer(keys.test) })
        assert.isFalse(sessions.json.data.some((session: { amount_total: number }) => session.amount_total === 100))
      }))
  })
})
