/**
 * The input rule on the wire (SPEC section 5): NUL bytes, lone surrogates and undecodable escapes in
 * any parameter are a 400 naming it, in a path id a 404, and prototype names are unknown parameters;
 * never a 500. Reusable like the Stripe suite: in memory here, over PGlite and PostgreSQL in
 * apps/server, where PostgreSQL's refusal of NUL in `text` is what turned these into 500s.
 */
import { assert, layer } from "@effect/vitest"
import { Effect, type Layer } from "effect"
import { bearer, CREATE_FORM, FORM, JSON_TYPE, type Reply, send } from "../Fetch.ts"
import { SuiteServer } from "./SuiteServer.ts"

/** A 400 `invalid_request_error` naming `param`, with `code`, and a request id. */
export const assertRefused = (reply: Reply, param: string, code = "parameter_invalid") => {
  assert.strictEqual(reply.status, 400, reply.text)
  assert.strictEqual(reply.json.error.type, "invalid_request_error")
  assert.strictEqual(reply.json.error.code, code, reply.text)
  assert.strictEqual(reply.json.error.param, param, reply.text)
  assert.match(reply.headers.get("request-id") ?? "", /^req_/)
}

/** A 404 `resource_missing` for the id (or token) in the path. */
const assertMissing = (reply: Reply, what: string, param = "id") => {
  assert.strictEqual(reply.status, 404, `${what}: ${reply.text}`)
  assert.strictEqual(reply.json.error.type, "invalid_request_error", what)
  assert.strictEqual(reply.json.error.code, "resource_missing", what)
  assert.strictEqual(reply.json.error.param, param, what)
}

/** The suite, registered as a describe block running against `server`. */
export const safeInputSuite = (name: string, server: Layer.Layer<SuiteServer, unknown>) =>
  layer(server, { excludeTestServices: true, timeout: "60 seconds" })(name, (it) => {
    it.effect("answers the browser pages and the public mint route 404 for an id with a NUL byte", () =>
      Effect.gen(function*() {
        const { keys, url } = yield* SuiteServer
        const page = yield* send(`${url}/c/pay/%00`)
        assert.strictEqual(page.status, 404, page.text)
        assert.match(page.headers.get("content-type") ?? "", /^text\/html/)
        const link = yield* send(`${url}/l/%00`, { redirect: "manual" })
        assert.strictEqual(link.status, 404, link.text)
        assert.match(link.headers.get("content-type") ?? "", /^text\/html/)
        assertMissing(yield* send(`${url}/v1/payment_links/token/%00/checkout_sessions`, { method: "POST" }), "mint", "token")

        // a real id with a NUL after it is not that id
        const made = yield* send(`${url}/v1/checkout/sessions`, { method: "POST", headers: { ...bearer(keys.test), ...FORM }, body: CREATE_FORM })
        assert.strictEqual((yield* send(`${url}/c/pay/${made.json.id}%00`)).status, 404)
        assertMissing(yield* send(`${url}/v1/checkout/sessions/${made.json.id}%00`, { headers: bearer(keys.test) }), "session + NUL")
      }))

    it.effect("answers every route by id 404 resource_missing for an id with a NUL byte", () =>
      Effect.gen(function*() {
        const { keys, url } = yield* SuiteServer
        const get = (path: string) => send(`${url}${path}`, { headers: bearer(keys.test) })
        const post = (path: string, body = "") => send(`${url}${path}`, { method: "POST", headers: { ...bearer(keys.test), ...FORM }, body })
        for (
          const path of [
            "/v1/checkout/sessions/%00",
            "/v1/checkout/sessions/cs_test_%00/line_items",
            "/v1/checkout/sessions/%00/payment_methods",
            "/v1/payment_intents/pi_%00",
            "/v1/payment_links/%00",
            "/v1/events/evt_%00",
            "/v1/events/%00/deliveries",
            "/v1/webhook_endpoints/%00",
            "/v1/webhook_deliveries/%00/attempts"
          ]
        ) assertMissing(yield* get(path), `GET ${path}`)
        assertMissing(yield* post("/v1/checkout/sessions/%00", "metadata[a]=b"), "update")
        assertMissing(yield* post("/v1/checkout/sessions/%00/expire"), "expire")
        assertMissing(yield* post("/v1/checkout/sessions/%00/refresh_client_secret"), "refresh")
        assertMissing(yield* post("/v1/checkout/sessions/%00/payments", "payment_method=pm_card_visa"), "pay")
        assertMissing(yield* post("/v1/payment_links/%00", "active=false"), "link update")
        assertMissing(yield* post("/v1/webhook_endpoints/%00", "disabled=true"), "endpoint update")
        assertMissing(yield* send(`${url}/v1/webhook_endpoints/%00`, { method: "DELETE", headers: bearer(keys.test) }), "endpoint delete")
        // an escape that is not UTF-8 cannot be routed at all: still a 404, never a 500
        const undecodable = yield* get("/v1/checkout/sessions/cs_%ED%A0%80")
        assert.strictEqual(undecodable.status, 404, undecodable.text)
      }))

    it.effect("refuses NUL bytes and lone surrogates in create parameters, form and JSON, naming the parameter", () =>
      Effect.gen(function*() {
        const { keys, url } = yield* SuiteServer
        const form = (extra: string) =>
          send(`${url}/v1/checkout/sessions`, { method: "POST", headers: { ...bearer(keys.test), ...FORM }, body: `${CREATE_FORM}&${extra}` })
        const json = (extra: Record<string, unknown>) =>
          send(`${url}/v1/checkout/sessions`, {
            method: "POST",
            headers: { ...bearer(keys.test), ...JSON_TYPE },
            body: JSON.stringify({ amount: 1000, currency: "usd", ...extra })
          })
        for (const param of ["customer_email", "client_reference_id", "customer", "payment_description"]) {
          assertRefused(yield* form(`${param}=a%00b`), param)
          assertRefused(yield* json({ [param]: "a\u0000b" }), param)
          assertRefused(yield* json({ [param]: "a\ud800b" }), param)
          assertRefused(yield* json({ [param]: "\udc00" }), param)
        }
        assertRefused(yield* form("metadata[order]=%00"), "metadata[order]")
        assertRefused(yield* form("metadata[a%00b]=1"), "metadata[a\u0000b]")
        assertRefused(yield* json({ metadata: { ["k\ud83d"]: "v" } }), "metadata[k\ud83d]")
        const named = yield* send(`${url}/v1/checkout/sessions`, {
          method: "POST",
          headers: { ...bearer(keys.test), ...FORM },
          body: CREATE_FORM.replace("name]=T-shirt", "name]=T-%00shirt")
        })
        assertRefused(named, "line_items[0][price_data][product_data][name]")
        // escapes that are not UTF-8, in a value and in a name
        assertRefused(yield* form("client_reference_id=%ED%A0%80"), "client_reference_id")
        assertRefused(yield* form("client_reference_id=%FF"), "client_reference_id")
        assertRefused(yield* form("%FF=1"), "%FF")
        // bytes that are not UTF-8 in a raw body are refused, not read as U+FFFD
        const raw = yield* send(`${url}/v1/checkout/sessions`, {
          method: "POST",
          headers: { ...bearer(keys.test), ...FORM },
          body: new Uint8Array([...new TextEncoder().encode(`${CREATE_FORM}&client_reference_id=`), 0xff, 0xfe])
        })
        assert.strictEqual(raw.status, 400, raw.text)
        assert.strictEqual(raw.json.error.type, "invalid_request_error")
        // a surrogate pair is a character like any other
        const emoji = yield* json({ client_reference_id: "order-\ud83d\ude00" })
        assert.strictEqual(emoji.status, 200, emoji.text)
        assert.strictEqual(emoji.json.client_reference_id, "order-😀")
      }))

    it.effect("refuses NUL bytes and lone surrogates in list filters and in payments", () =>
      Effect.gen(function*() {
        const { keys, url } = yield* SuiteServer
        const list = (path: string, query: string) => send(`${url}${path}?${query}`, { headers: bearer(keys.test) })
        for (const param of ["customer", "payment_intent", "payment_link", "client_reference_id", "starting_after", "ending_before"]) {
          assertRefused(yield* list("/v1/checkout/sessions", `${param}=x%00`), param)
        }
        assertRefused(yield* list("/v1/checkout/sessions", "customer_details[email]=a%00@b.co"), "customer_details[email]")
        assertRefused(yield* list("/v1/checkout/sessions", "customer=%ED%A0%80"), "customer")
        assertRefused(yield* list("/v1/events", "type=checkout.session.completed%00"), "type")
        assertRefused(yield* list("/v1/events", "starting_after=evt_%00"), "starting_after")
        assertRefused(yield* list("/v1/payment_links", "starting_after=plink_%00"), "starting_after")
        assertRefused(yield* list("/v1/webhook_endpoints", "ending_before=we_%00"), "ending_before")
        assertRefused(yield* list("/v1/checkout/sessions", "%00=1"), "\u0000")

        const made = yield* send(`${url}/v1/checkout/sessions`, { method: "POST", headers: { ...bearer(keys.test), ...FORM }, body: CREATE_FORM })
        const pay = (body: string) =>
          send(`${url}/v1/checkout/sessions/${made.json.id}/payments`, { method: "POST", headers: { ...bearer(made.json.client_secret), ...FORM }, body })
        assertRefused(yield* pay("payment_method=pm_card_visa%00"), "payment_method")
        assertRefused(
          yield* pay("payment_method_data[type]=card&payment_method_data[card][number]=4242424242424242%00&payment_method_data[card][exp_month]=12&payment_method_data[card][exp_year]=2040&payment_method_data[card][cvc]=123"),
          "payment_method_data[card][number]"
        )
        assert.strictEqual((yield* pay("payment_method=pm_card_visa")).status, 200)
      }))

    it.effect("refuses __proto__, constructor and prototype as parameter names at any depth, and nothing is polluted", () =>
      Effect.gen(function*() {
        const { keys, url } = yield* SuiteServer
        const form = (body: string) => send(`${url}/v1/checkout/sessions`, { method: "POST", headers: { ...bearer(keys.test), ...FORM }, body })
        const json = (body: string) => send(`${url}/v1/checkout/sessions`, { method: "POST", headers: { ...bearer(keys.test), ...JSON_TYPE }, body })
        assertRefused(yield* form(`${CREATE_FORM}&__proto__[polluted]=1`), "__proto__", "parameter_unknown")
        assertRefused(yield* form(`${CREATE_FORM}&__proto__=1`), "__proto__", "parameter_unknown")
        assertRefused(yield* form(`${CREATE_FORM}&metadata[__proto__][polluted]=1`), "metadata[__proto__]", "parameter_unknown")
        assertRefused(yield* form(`${CREATE_FORM}&metadata%5B__proto__%5D=1`), "metadata[__proto__]", "parameter_unknown")
        assertRefused(yield* form(`${CREATE_FORM}&constructor[prototype][polluted]=1`), "constructor", "parameter_unknown")
        assertRefused(yield* form(`${CREATE_FORM}&metadata[constructor]=1`), "metadata[constructor]", "parameter_unknown")
        assertRefused(yield* form(`${CREATE_FORM}&line_items[0][prototype]=1`), "line_items[0][prototype]", "parameter_unknown")
        const query = yield* send(`${url}/v1/checkout/sessions?__proto__[polluted]=1`, { headers: bearer(keys.test) })
        assertRefused(query, "__proto__", "parameter_unknown")
        assertRefused(yield* json(`{"amount":1000,"currency":"usd","__proto__":{"polluted":"1"}}`), "__proto__", "parameter_unknown")
        assertRefused(yield* json(`{"amount":1000,"currency":"usd","metadata":{"__proto__":{"polluted":"1"}}}`), "metadata[__proto__]", "parameter_unknown")
        assertRefused(
          yield* json(`{"line_items":[{"quantity":1,"price_data":{"constructor":{"prototype":{"polluted":"1"}}}}]}`),
          "line_items[0][price_data][constructor]",
          "parameter_unknown"
        )
        assert.isUndefined((Object.prototype as Record<string, unknown>)["polluted"])
        assert.isUndefined(({} as Record<string, unknown>)["polluted"])
      }))
  })
