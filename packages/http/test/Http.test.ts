/**
 * Wire-level behaviour over a real port, with raw requests: what the Stripe client never sends
 * but a careful user (or an attacker) might.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Accounts, IdempotencyStore, nowSeconds } from "@till/core"
import { Effect, Layer, Option } from "effect"
import { parseForm } from "../src/BodyParser.ts"
import * as Idempotency from "../src/Idempotency.ts"
import { Readiness } from "../src/Readiness.ts"
import { SuiteServer } from "../src/testing/stripe/SuiteServer.ts"
import { bearer, CREATE_FORM, FORM, JSON_TYPE, type Reply, send } from "../src/testing/Fetch.ts"
import { inMemory, inMemoryWith } from "../src/testing/TestServer.ts"
import { HostedPageBase } from "../src/HostedPageBase.ts"

const ERROR_TYPES = ["invalid_request_error", "authentication_error", "card_error", "idempotency_error", "rate_limit_error", "api_error"]

/** A Stripe error reply: the status, an error type Stripe knows, a message, and the request id. */
const assertError = (reply: Reply, status: number, type: string, extra: { code?: string; param?: string } = {}) => {
  assert.strictEqual(reply.status, status, reply.text)
  assert.include(ERROR_TYPES, reply.json?.error?.type)
  assert.strictEqual(reply.json.error.type, type)
  assert.isString(reply.json.error.message)
  if (extra.code !== undefined) assert.strictEqual(reply.json.error.code, extra.code)
  if (extra.param !== undefined) assert.strictEqual(reply.json.error.param, extra.param)
  assert.match(reply.headers.get("request-id") ?? "", /^req_[0-9A-Za-z]{20,}$/)
  assert.match(reply.headers.get("content-type") ?? "", /^application\/json/)
}

const create = (url: string, key: string, body = CREATE_FORM, headers: Record<string, string> = {}) =>
  send(`${url}/v1/checkout/sessions`, { method: "POST", headers: { ...bearer(key), ...FORM, ...headers }, body })

layer(inMemory, { excludeTestServices: true, timeout: "30 seconds" })("HTTP wire", (it) => {
  it.effect("answers unknown paths 404 and other methods 405, as Stripe errors with a request id", () =>
    Effect.gen(function*() {
      const { url } = yield* SuiteServer
      assertError(yield* send(`${url}/v1/subscriptions`), 404, "invalid_request_error")
      assertError(yield* send(`${url}/`), 404, "invalid_request_error")
      const wrong = yield* send(`${url}/v1/checkout/sessions`, { method: "DELETE" })
      assertError(wrong, 405, "invalid_request_error")
      assert.strictEqual(wrong.headers.get("allow"), "GET, POST")
      assertError(yield* send(`${url}/v1/events/evt_1`, { method: "POST" }), 405, "invalid_request_error")
      assertError(yield* send(`${url}/openapi.json`, { method: "POST" }), 405, "invalid_request_error")
    }))

  it.effect("authenticates Bearer and Basic keys; anything else is a 401", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      const list = (headers: Record<string, string>) => send(`${url}/v1/checkout/sessions`, { headers })
      assert.strictEqual((yield* list(bearer(keys.test))).status, 200)
      assert.strictEqual((yield* list({ authorization: `bearer ${keys.test}` })).status, 200)
      assert.strictEqual((yield* list({ authorization: `Basic ${btoa(`${keys.test}:`)}` })).status, 200)
      assert.strictEqual((yield* list({ authorization: `Basic ${btoa(keys.test)}` })).status, 200)
      const none = yield* list({})
      assertError(none, 401, "authentication_error")
      assert.include(none.json.error.message, "You did not provide an API key")
      for (const authorization of ["Bearer", "Bearer ", "Token abc", `Basic ${btoa(":password")}`, "Basic !!!", "Bearer sk_test_nope"]) {
        assertError(yield* list({ authorization }), 401, "authentication_error")
      }
      const wrong = yield* list(bearer(`${keys.test}x`))
      assert.notInclude(wrong.json.error.message, keys.test.slice(8, -4))
    }))

  it.effect("takes JSON and form bodies alike, and a POST with no body", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      const json = yield* send(`${url}/v1/checkout/sessions`, {
        method: "POST",
        headers: { ...bearer(keys.test), ...JSON_TYPE },
        body: JSON.stringify({
          line_items: [{ price_data: { currency: "USD", unit_amount: 1050, product_data: { name: "Book" } }, quantity: 2 }],
          metadata: { n: 7, flag: true },
          expand: ["line_items"]
        })
      })
      assert.strictEqual(json.status, 200, json.text)
      assert.strictEqual(json.json.amount_total, 2100)
      assert.strictEqual(json.json.currency, "usd")
      assert.deepStrictEqual(json.json.metadata, { n: "7", flag: "true" })
      assert.strictEqual(json.json.line_items.object, "list")
      const expire = yield* send(`${url}/v1/checkout/sessions/${json.json.id}/expire`, { method: "POST", headers: bearer(keys.test) })
      assert.strictEqual(expire.status, 200, expire.text)
      assert.strictEqual(expire.json.status, "expired")
      const emptyJson = yield* send(`${url}/v1/checkout/sessions/${json.json.id}`, { method: "POST", headers: { ...bearer(keys.test), ...JSON_TYPE }, body: "" })
      assert.strictEqual(emptyJson.status, 200, emptyJson.text)
      const amount = yield* create(url, keys.test, "amount=5000&currency=clp&payment_description=Order%2042")
      assert.strictEqual(amount.status, 200, amount.text)
      assert.strictEqual(amount.json.amount_total, 5000)
    }))

  it.effect("reads GET parameters from bracket query strings, with or without a form content type", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      const ref = `ref_q${Date.now()}`
      const made = yield* create(url, keys.test, `${CREATE_FORM}&client_reference_id=${ref}`)
      const t = made.json.created
      const query = `client_reference_id=${ref}&created[gte]=${t - 5}&created[lte]=${t + 5}&limit=1&expand[]=data.line_items&expand[]=data.payment_intent`
      for (const headers of [bearer(keys.test), { ...bearer(keys.test), ...FORM }]) {
        const page = yield* send(`${url}/v1/checkout/sessions?${query}`, { headers })
        assert.strictEqual(page.status, 200, page.text)
        assert.deepStrictEqual(page.json.data.map((s: { id: string }) => s.id), [made.json.id])
        assert.strictEqual(page.json.data[0].line_items.data.length, 1)
      }
      const exact = yield* send(`${url}/v1/checkout/sessions?client_reference_id=${ref}&created=${t}`, { headers: bearer(keys.test) })
      assert.lengthOf(exact.json.data, 1)
      const single = yield* send(`${url}/v1/checkout/sessions/${made.json.id}?expand=line_items`, { headers: bearer(keys.test) })
      assert.strictEqual(single.json.line_items.object, "list")
    }))

  it.effect("rejects bad parameters with the bracket path, including unknown ones and bad expansions", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      assertError(yield* create(url, keys.test, CREATE_FORM.replace("quantity]=1", "quantity]=abc")), 400, "invalid_request_error", {
        code: "parameter_invalid",
        param: "line_items[0][quantity]"
      })
      assertError(yield* create(url, keys.test, `${CREATE_FORM}&colour=red`), 400, "invalid_request_error", { code: "parameter_unknown", param: "colour" })
      assertError(yield* create(url, keys.test, `${CREATE_FORM}&toString=x`), 400, "invalid_request_error", { code: "parameter_unknown", param: "toString" })
      assertError(yield* create(url, keys.test, `${CREATE_FORM}&line_items[0][price_data][nope]=1`), 400, "invalid_request_error", {
        code: "parameter_unknown",
        param: "line_items[0][price_data][nope]"
      })
      assertError(yield* create(url, keys.test, `${CREATE_FORM}&expand[]=line_items&expand[]=invoice`), 400, "invalid_request_error", {
        param: "expand[1]"
      })
      assertError(yield* send(`${url}/v1/checkout/sessions?limit=0`, { headers: bearer(keys.test) }), 400, "invalid_request_error", { param: "limit" })
      assertError(yield* send(`${url}/v1/checkout/sessions?colour=red`, { headers: bearer(keys.test) }), 400, "invalid_request_error", {
        code: "parameter_unknown",
        param: "colour"
      })
      assertError(yield* send(`${url}/v1/checkout/sessions?created[gte]=soon`, { headers: bearer(keys.test) }), 400, "invalid_request_error", {
        param: "created[gte]"
      })
      assertError(yield* send(`${url}/v1/checkout/sessions?expand[]=line_items`, { headers: bearer(keys.test) }), 400, "invalid_request_error", {
        param: "expand[0]"
      })
      assertError(yield* create(url, keys.test, "mode=subscription"), 400, "invalid_request_error", { param: "mode" })
      assertError(yield* create(url, keys.test, `${CREATE_FORM}${"&a[b][c][d][e][f][g][h][i][j][k][l]=1"}`), 400, "invalid_request_error")
      const both = yield* send(`${url}/v1/checkout/sessions?customer=a`, { method: "POST", headers: { ...bearer(keys.test), ...FORM }, body: `${CREATE_FORM}&customer=b` })
      assertError(both, 400, "invalid_request_error")
    }))

  it.effect("answers malformed, unsupported and oversized bodies with 400, 415 and 413", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      const post = (body: BodyInit, headers: Record<string, string>) =>
        send(`${url}/v1/checkout/sessions`, { method: "POST", headers: { ...bearer(keys.test), ...headers }, body, duplex: "half" } as RequestInit)
      assertError(yield* post("{\"line_items\":", JSON_TYPE), 400, "invalid_request_error")
      assertError(yield* post("[1,2]", JSON_TYPE), 400, "invalid_request_error")
      assertError(yield* post("null", JSON_TYPE), 400, "invalid_request_error")
      assertError(yield* post("hello", { "content-type": "text/plain" }), 415, "invalid_request_error")
      const big = `${CREATE_FORM}&metadata[x]=${"a".repeat(1024 * 1024)}`
      assertError(yield* post(big, FORM), 413, "invalid_request_error")
      // no Content-Length: the limit still holds while reading
      const chunks = [new TextEncoder().encode(big.slice(0, 600_000)), new TextEncoder().encode(big.slice(600_000))]
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (const c of chunks) controller.enqueue(c)
          controller.close()
        }
      })
      assertError(yield* post(stream, FORM), 413, "invalid_request_error")
      // just under the limit is fine as far as size goes (the metadata value itself is too long)
      const under = `${CREATE_FORM}&metadata[x]=${"a".repeat(1000)}`
      assertError(yield* post(under, FORM), 400, "invalid_request_error", { param: "metadata" })
    }))

  it.effect("replays idempotent POSTs per account, ignores keys on GET, and answers 409 while the key is in use", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      const key = `k-${Date.now()}`
      const a = yield* create(url, keys.test, CREATE_FORM, { "idempotency-key": key })
      const b = yield* create(url, keys.test, CREATE_FORM, { "idempotency-key": key })
      assert.strictEqual(b.status, 200)
      assert.strictEqual(b.text, a.text)
      assert.strictEqual(b.headers.get("idempotent-replayed"), "true")
      assert.strictEqual(b.headers.get("idempotency-key"), key)
      assert.notStrictEqual(b.headers.get("request-id"), a.headers.get("request-id"))
      // the same parameters as JSON are the same request
      const asJson = yield* send(`${url}/v1/checkout/sessions`, {
        method: "POST",
        headers: { ...bearer(keys.test), ...JSON_TYPE, "idempotency-key": key },
        body: JSON.stringify({ line_items: [{ price_data: { currency: "usd", unit_amount: 1200, product_data: { name: "T-shirt" } }, quantity: 1 }] })
      })
      assert.strictEqual(asJson.json.id, a.json.id)
      // another account's key space is its own
      const other = yield* create(url, keys.otherTest, CREATE_FORM, { "idempotency-key": key })
      assert.notStrictEqual(other.json.id, a.json.id)
      assert.isNull(other.headers.get("idempotent-replayed"))
      assertError(yield* create(url, keys.test, `${CREATE_FORM}&customer=x`, { "idempotency-key": key }), 400, "idempotency_error")
      assertError(yield* create(url, keys.test, CREATE_FORM, { "idempotency-key": "x".repeat(256) }), 400, "invalid_request_error")
      assert.strictEqual((yield* create(url, keys.test, CREATE_FORM, { "idempotency-key": "x".repeat(255) })).status, 200)
      const get1 = yield* send(`${url}/v1/checkout/sessions?limit=1`, { headers: { ...bearer(keys.test), "idempotency-key": key } })
      assert.strictEqual(get1.status, 200)
      assert.isNull(get1.headers.get("idempotent-replayed"))

      // a request still running holds its key
      const store = yield* IdempotencyStore
      const scope = Option.getOrThrow(yield* Accounts.use((accounts) => accounts.authenticate(keys.test)))
      const held = `held-${Date.now()}`
      const fingerprint = yield* Idempotency.fingerprint("POST", "/v1/checkout/sessions", yield* parseForm(CREATE_FORM))
      const begun = yield* store.begin({ account: scope.account, livemode: scope.livemode, key: held }, fingerprint, yield* nowSeconds)
      assert.strictEqual(begun._tag, "Started")
      assertError(yield* create(url, keys.test, CREATE_FORM, { "idempotency-key": held }), 409, "invalid_request_error", { code: "idempotency_key_in_use" })
      assertError(yield* create(url, keys.test, `${CREATE_FORM}&customer=y`, { "idempotency-key": held }), 400, "idempotency_error")
    }))

  it.effect("under concurrency: one key creates one session, and one session takes one payment", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      const ref = `race${Date.now()}`
      const key = `race-${Date.now()}`
      const replies = yield* Effect.all(
        Array.from({ length: 12 }, () => create(url, keys.test, `${CREATE_FORM}&client_reference_id=${ref}`, { "idempotency-key": key })),
        { concurrency: "unbounded" }
      )
      const ids = new Set<string>()
      for (const r of replies) {
        if (r.status === 200) ids.add(r.json.id)
        else assertError(r, 409, "invalid_request_error", { code: "idempotency_key_in_use" })
      }
      assert.strictEqual(ids.size, 1)
      const listed = yield* send(`${url}/v1/checkout/sessions?client_reference_id=${ref}`, { headers: bearer(keys.test) })
      assert.deepStrictEqual(listed.json.data.map((s: { id: string }) => s.id), [...ids])

      const s = (yield* create(url, keys.test)).json
      const payments = yield* Effect.all(
        Array.from({ length: 12 }, () =>
          send(`${url}/v1/checkout/sessions/${s.id}/payments`, { method: "POST", headers: { ...bearer(keys.test), ...FORM }, body: "payment_method=pm_card_visa" })
        ),
        { concurrency: "unbounded" }
      )
      assert.lengthOf(payments.filter((r) => r.status === 200), 1)
      for (const r of payments.filter((r) => r.status !== 200)) {
        assert.include([400, 409], r.status, r.text)
        assert.include(["payment_in_progress", "checkout_session_not_open"], r.json.error.code)
      }
      const events = yield* send(`${url}/v1/events?type=payment_intent.succeeded&limit=100`, { headers: bearer(keys.test) })
      assert.lengthOf(events.json.data.filter((e: { data: { object: { checkout_session: string } } }) => e.data.object.checkout_session === s.id), 1)
    }))

  it.effect("keeps client secrets to their own session and their own routes", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      const s = (yield* create(url, keys.test)).json
      const other = (yield* create(url, keys.test)).json
      const asClient = bearer(s.client_secret)
      assert.strictEqual((yield* send(`${url}/v1/checkout/sessions/${s.id}`, { headers: asClient })).status, 200)
      assert.strictEqual((yield* send(`${url}/v1/checkout/sessions/${s.id}/line_items`, { headers: asClient })).status, 200)
      assertError(yield* send(`${url}/v1/checkout/sessions/${other.id}`, { headers: asClient }), 401, "authentication_error")
      assertError(yield* send(`${url}/v1/checkout/sessions/${s.id}`, { headers: bearer(`${s.client_secret}x`) }), 401, "authentication_error")
      assertError(yield* send(`${url}/v1/checkout/sessions`, { headers: asClient }), 401, "authentication_error")
      assertError(yield* send(`${url}/v1/events`, { headers: asClient }), 401, "authentication_error")
      assertError(yield* send(`${url}/v1/checkout/sessions/${s.id}/expire`, { method: "POST", headers: asClient }), 401, "authentication_error")
      const forged = `cs_test_doesnotexist_secret_abc`
      assertError(yield* send(`${url}/v1/checkout/sessions/cs_test_doesnotexist`, { headers: bearer(forged) }), 404, "invalid_request_error", {
        code: "resource_missing"
      })
      const paid = yield* send(`${url}/v1/checkout/sessions/${s.id}/payments`, { method: "POST", headers: { ...asClient, ...FORM }, body: "payment_method=pm_card_visa" })
      assert.strictEqual(paid.status, 200, paid.text)
      assertError(yield* send(`${url}/v1/payment_intents/${paid.json.id}`, { headers: asClient }), 401, "authentication_error")
      assert.strictEqual((yield* send(`${url}/v1/payment_intents/${paid.json.id}`, { headers: bearer(keys.test) })).json.status, "succeeded")
      assertError(yield* send(`${url}/v1/payment_intents/${paid.json.id}`, { headers: bearer(keys.otherTest) }), 404, "invalid_request_error", {
        code: "resource_missing",
        param: "id"
      })
    }))

  it.effect("maps payment outcomes: 402 for declines with the payment intent, 400 for unknown tokens, 409 never for sequential calls", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      const s = (yield* create(url, keys.test)).json
      const payments = (body: string) =>
        send(`${url}/v1/checkout/sessions/${s.id}/payments`, { method: "POST", headers: { ...bearer(keys.test), ...FORM }, body })
      const declined = yield* payments("payment_method=pm_card_chargeDeclinedInsufficientFunds")
      assertError(declined, 402, "card_error", { code: "card_declined" })
      assert.strictEqual(declined.json.error.decline_code, "insufficient_funds")
      assert.strictEqual(declined.json.error.payment_intent.object, "payment_intent")
      assert.strictEqual(declined.json.error.payment_intent.last_payment_error.decline_code, "insufficient_funds")
      assertError(yield* payments("payment_method=pm_card_unknown"), 400, "invalid_request_error", { param: "payment_method" })
      assertError(yield* payments(""), 400, "invalid_request_error", { code: "parameter_missing", param: "payment_method" })
      assertError(
        yield* payments("payment_method_data[type]=card&payment_method_data[card][number]=4242424242424242&payment_method_data[card][exp_month]=13&payment_method_data[card][exp_year]=2030"),
        400,
        "invalid_request_error",
        { param: "payment_method_data[card][exp_month]" }
      )
      const ok = yield* payments("payment_method=pm_card_visa")
      assert.strictEqual(ok.status, 200, ok.text)
      assertError(yield* payments("payment_method=pm_card_visa"), 400, "invalid_request_error", { code: "checkout_session_not_open" })
    }))

  it.effect("serves the contract: /openapi.json (OpenAPI 3.1), /docs without the network, /healthz and /readyz", () =>
    Effect.gen(function*() {
      const { url } = yield* SuiteServer
      const spec = yield* send(`${url}/openapi.json`)
      assert.strictEqual(spec.status, 200)
      assert.strictEqual(spec.json.openapi, "3.1.0")
      assert.match(spec.headers.get("request-id") ?? "", /^req_/)
      for (const path of ["/v1/checkout/sessions", "/v1/checkout/sessions/{id}", "/v1/checkout/sessions/{id}/payments", "/v1/payment_intents/{id}", "/v1/events"]) {
        assert.property(spec.json.paths, path)
      }
      assert.sameMembers(Object.keys(spec.json.paths["/v1/checkout/sessions"].post.requestBody.content), [
        "application/json",
        "application/x-www-form-urlencoded"
      ])
      const docs = yield* send(`${url}/docs`)
      assert.strictEqual(docs.status, 200)
      assert.match(docs.headers.get("content-type") ?? "", /text\/html/)
      // Scalar's script comes from this server, as its own cacheable route: no script is fetched from elsewhere
      const sources = [...docs.text.matchAll(/<script[^>]*\bsrc="([^"]*)"/gi)].map((m) => m[1])
      assert.deepStrictEqual(sources, ["/docs/scalar.js"])
      assert.include(docs.text, "createApiReference")
      const script = yield* send(`${url}/docs/scalar.js`)
      assert.strictEqual(script.status, 200)
      assert.match(script.headers.get("content-type") ?? "", /text\/javascript/)
      assert.match(script.headers.get("cache-control") ?? "", /max-age=\d+/)
      assert.include(script.text, "createApiReference")
      const health = yield* send(`${url}/healthz`)
      assert.deepStrictEqual([health.status, health.json], [200, { status: "ok" }])
      assert.match(health.headers.get("request-id") ?? "", /^req_/)
      assert.deepStrictEqual((yield* send(`${url}/readyz`)).json, { status: "ok" })
    }))
})

describe("what the server plugs in", () => {
  const secret = "internal detail: connection string postgres://user:hunter2@db"
  const dying = Layer.succeed(IdempotencyStore, IdempotencyStore.of({
    begin: () => Effect.die(new Error(secret)),
    complete: () => Effect.void,
    release: () => Effect.void,
    purgeExpired: () => Effect.succeed(0)
  }))

  layer(inMemoryWith(dying), { excludeTestServices: true })("a defect", (it) => {
    it.effect("is a 500 api_error that names the request id and nothing internal", () =>
      Effect.gen(function*() {
        const { keys, url } = yield* SuiteServer
        const reply = yield* send(`${url}/v1/customers`, {
          method: "POST",
          headers: { ...bearer(keys.test), "content-type": "application/x-www-form-urlencoded", "idempotency-key": "k1" },
          body: "name=Ada"
        })
        assertError(reply, 500, "api_error")
        const requestId = reply.headers.get("request-id")!
        assert.include(reply.json.error.message, requestId)
        assert.notInclude(reply.text, "hunter2")
        assert.notInclude(reply.text, "Error")
        // the same server keeps serving
        assert.strictEqual((yield* create(url, keys.test)).status, 200)
      }))

    it.effect("a session create with a key claims it in its own write, never through the store's claim", () =>
      Effect.gen(function*() {
        const { keys, url } = yield* SuiteServer
        const first = yield* create(url, keys.test, CREATE_FORM, { "idempotency-key": "k2" })
        assert.strictEqual(first.status, 200)
        assert.strictEqual(first.headers.get("idempotency-key"), "k2")
      }))
  })

  layer(inMemoryWith(Layer.succeed(Readiness, { check: Effect.fail("database down") })), { excludeTestServices: true })("a failing readiness check", (it) => {
    it.effect("makes /readyz a 503 while /healthz stays 200", () =>
      Effect.gen(function*() {
        const { url } = yield* SuiteServer
        assertError(yield* send(`${url}/readyz`), 503, "api_error")
        assert.strictEqual((yield* send(`${url}/healthz`)).status, 200)
      }))
  })

  layer(inMemoryWith(Layer.succeed(HostedPageBase, "https://pay.example.com/")), { excludeTestServices: true })("a public URL", (it) => {
    it.effect("is where sessions' hosted pages live", () =>
      Effect.gen(function*() {
        const { keys, url } = yield* SuiteServer
        const s = yield* create(url, keys.test)
        assert.match(s.json.url, new RegExp(`^https://pay\\.example\\.com/c/pay/${s.json.id}#`))
      }))
  })
})
