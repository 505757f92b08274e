/**
 * Property-based fuzzing over a real port: random and mutated bodies to every POST endpoint (and
 * random query strings to the GET ones) must never produce a 5xx, and every answer must be JSON
 * with a request id; every error must be a Stripe error envelope.
 */
import { assert, layer } from "@effect/vitest"
import { Effect } from "effect"
import fc from "fast-check"
import { SuiteServer } from "./stripe/SuiteServer.ts"
import { bearer, CREATE_FORM, FORM, send } from "./support/Fetch.ts"
import { inMemory } from "./support/TestServer.ts"

const ERROR_TYPES = new Set(["invalid_request_error", "authentication_error", "card_error", "idempotency_error", "rate_limit_error", "api_error"])

/** Parameter names the endpoints know, in bracket form, so mutations reach deep into decoding. */
const KNOWN_KEYS = [
  "mode",
  "line_items[0][price_data][currency]",
  "line_items[0][price_data][unit_amount]",
  "line_items[0][price_data][product_data][name]",
  "line_items[0][price_data][product_data][description]",
  "line_items[0][quantity]",
  "line_items[1][quantity]",
  "line_items[][quantity]",
  "amount",
  "currency",
  "success_url",
  "cancel_url",
  "return_url",
  "expires_at",
  "metadata[order]",
  "metadata",
  "customer",
  "customer_email",
  "client_reference_id",
  "locale",
  "payment_method_types[0]",
  "payment_method_options[card][installments][enabled]",
  "payment_method_options[card][installments][plans][0][count]",
  "payment_method_options[card][installments][plans][0][rate]",
  "payment_description",
  "country",
  "business_profile[category]",
  "business_profile[tax_id]",
  "expand[]",
  "expand[0]",
  "payment_method",
  "payment_method_data[type]",
  "payment_method_data[card][number]",
  "payment_method_data[card][exp_month]",
  "payment_method_data[card][exp_year]",
  "payment_method_data[card][cvc]",
  "payment_method_data[billing_details][name]",
  "installments[count]",
  "limit",
  "starting_after",
  "ending_before",
  "status",
  "created[gte]",
  "created[lt]",
  "type"
]

const INTERESTING_VALUES = [
  "", "0", "-1", "1", "2", "1.5", "1e309", "NaN", "Infinity", "true", "false", "null", "usd", "USD", "clp", "xxx",
  "payment", "https://shop.example/ok", "javascript:alert(1)", "pm_card_visa", "pm_card_chargeDeclined", "card",
  "4242424242424242", "4000000000000002", "4000000000000119", "99999999999999999999", "100000000", "__proto__",
  "constructor", "line_items", "payment_intent", "data.line_items", "%", "%ZZ", "[", "]", "a".repeat(600), "\u0000", "😀"
]

const segment = fc.oneof(fc.constantFrom("0", "1", "", "price_data", "card", "__proto__", "constructor", "999", "x"), fc.string({ maxLength: 8 }))
const bracketKey = fc.tuple(fc.oneof(fc.constantFrom(...KNOWN_KEYS.map((k) => k.split("[")[0]!)), fc.string({ maxLength: 10 })), fc.array(segment, { maxLength: 12 }))
  .map(([base, segs]) => base + segs.map((s) => `[${s}]`).join(""))
const key = fc.oneof(fc.constantFrom(...KNOWN_KEYS), bracketKey, fc.string({ maxLength: 20 }))
const value = fc.oneof(
  fc.constantFrom(...INTERESTING_VALUES),
  fc.string({ maxLength: 40 }),
  fc.integer().map(String),
  fc.double().map(String)
)
const encode = (s: string, raw: boolean) => (raw ? s : encodeURIComponent(s))
const pairs = fc.array(fc.tuple(key, value, fc.boolean()), { maxLength: 25 })
  .map((ps) => ps.map(([k, v, raw]) => `${encode(k, raw)}=${encode(v, raw)}`).join("&"))

const PAY_FORM = [
  "payment_method_data[type]=card",
  "payment_method_data[card][number]=4242424242424242",
  "payment_method_data[card][exp_month]=12",
  "payment_method_data[card][exp_year]=2034",
  "payment_method_data[card][cvc]=123"
].join("&")

/** A valid body with a few random changes: values swapped, keys dropped, duplicated, renamed or added. */
const mutationOf = (valid: string) =>
  fc.tuple(
    fc.array(fc.tuple(fc.nat(), fc.constantFrom("drop", "value", "dup", "add", "rename")), { maxLength: 3 }),
    fc.array(value, { minLength: 3, maxLength: 3 }),
    fc.array(key, { minLength: 3, maxLength: 3 })
  ).map(([ops, values, keys]) => {
    const params = valid.split("&").map((p) => p.split("=") as [string, string])
    ops.forEach(([at, op], i) => {
      const j = at % Math.max(1, params.length)
      const v = values[i]!
      const k = keys[i]!
      if (op === "drop") params.splice(j, 1)
      else if (op === "value" && params[j]) params[j] = [params[j]![0], v]
      else if (op === "dup" && params[j]) params.push([params[j]![0], v])
      else if (op === "add") params.push([k, v])
      else if (op === "rename" && params[j]) params[j] = [k, params[j]![1]]
    })
    return params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&")
  })

const mutated = fc.oneof(mutationOf(CREATE_FORM), mutationOf(PAY_FORM), mutationOf("metadata[a]=1&expand[]=line_items"))

const json = fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v))
/** Valid-looking JSON objects with random leaves, so decoding goes past the top level. */
const jsonCreate = fc.record({
  line_items: fc.array(fc.record({
    price_data: fc.record({ currency: fc.jsonValue(), unit_amount: fc.jsonValue(), product_data: fc.record({ name: fc.jsonValue() }) }),
    quantity: fc.jsonValue()
  }, { requiredKeys: [] }), { maxLength: 3 }),
  metadata: fc.dictionary(fc.string({ maxLength: 45 }), fc.jsonValue(), { maxKeys: 5 }),
  expires_at: fc.jsonValue(),
  payment_method: fc.jsonValue(),
  expand: fc.jsonValue()
}, { requiredKeys: [] }).map((v) => JSON.stringify(v))

const contentType = fc.constantFrom<string | undefined>(
  "application/x-www-form-urlencoded",
  "application/json",
  "application/json; charset=utf-8",
  undefined,
  "text/plain",
  "multipart/form-data; boundary=x"
)

const body = fc.oneof(
  { weight: 2, arbitrary: pairs.map((b) => ({ body: b, type: fc.constant("application/x-www-form-urlencoded") })) },
  { weight: 4, arbitrary: mutated.map((b) => ({ body: b, type: fc.constant("application/x-www-form-urlencoded") })) },
  { weight: 1, arbitrary: json.map((b) => ({ body: b, type: fc.constant("application/json") })) },
  { weight: 2, arbitrary: jsonCreate.map((b) => ({ body: b, type: fc.constant("application/json") })) },
  { weight: 1, arbitrary: fc.oneof(pairs, json, fc.string({ maxLength: 200 })).map((b) => ({ body: b, type: contentType })) }
).chain(({ body, type }) => type.map((t) => ({ body, contentType: t })))

/** Checks one answer: never a 5xx, always JSON with a request id, errors as Stripe envelopes. */
const check = (label: string, reply: { status: number; text: string; json: any; headers: Headers }) => {
  assert.isBelow(reply.status, 500, `${label} -> ${reply.status} ${reply.text.slice(0, 300)}`)
  assert.match(reply.headers.get("request-id") ?? "", /^req_/, label)
  assert.isDefined(reply.json, `${label}: not JSON: ${reply.text.slice(0, 200)}`)
  if (reply.status >= 400) {
    assert.isTrue(ERROR_TYPES.has(reply.json.error?.type), `${label}: ${reply.text.slice(0, 300)}`)
    assert.isString(reply.json.error.message, label)
  }
}

layer(inMemory, { excludeTestServices: true, timeout: "120 seconds" })("fuzzing", (it) => {
  it.effect("no POST body, random or mutated, gets a 5xx", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      const suffix = fc.constantFrom("", "/expire", "/payments", "/refresh_client_secret")
      const link = (yield* send(`${url}/v1/payment_links`, { method: "POST", headers: { ...bearer(keys.test), ...FORM }, body: CREATE_FORM })).json
      const linkPaths = fc.constantFrom("/v1/payment_links", `/v1/payment_links/${link.id}`, `/v1/payment_links/token/${link.token}/checkout_sessions`)
      // mostly a fresh open session, so bodies get past "not open"; sometimes an id that is not there
      const target = fc.oneof(
        { weight: 1, arbitrary: fc.constant({ create: true, path: "/v1/checkout/sessions" }) },
        { weight: 1, arbitrary: linkPaths.map((path) => ({ create: true, path })) },
        { weight: 6, arbitrary: suffix.map((sfx) => ({ create: false, path: sfx })) },
        {
          weight: 1,
          arbitrary: fc.tuple(suffix, fc.string({ minLength: 1, maxLength: 30 }))
            .map(([sfx, id]) => ({ create: true, path: `/v1/checkout/sessions/${encodeURIComponent(id)}${sfx}` }))
        }
      )
      const auth = fc.constantFrom("secret", "secret", "secret", "secret", "client", "live", "none")
      const idempotency = fc.oneof(
        { weight: 6, arbitrary: fc.constant(undefined) },
        { weight: 3, arbitrary: fc.uuid() },
        { weight: 1, arbitrary: fc.string({ maxLength: 300 }).filter((s) => /^[\x21-\x7e]*$/.test(s)) }
      )
      const form = (b: string) => ({ body: b, contentType: "application/x-www-form-urlencoded" as string | undefined })
      // a valid body of the endpoint itself, mutated
      const matched = fc.oneof(
        mutationOf(CREATE_FORM).map((b) => [{ create: true, path: "/v1/checkout/sessions" }, form(b)] as const),
        mutationOf(PAY_FORM).map((b) => [{ create: false, path: "/payments" }, form(b)] as const),
        mutationOf("payment_method=pm_card_chargeDeclined").map((b) => [{ create: false, path: "/payments" }, form(b)] as const),
        mutationOf("metadata[a]=1&expand[]=line_items").map((b) => [{ create: false, path: "" }, form(b)] as const),
        mutationOf("expand[]=line_items").map((b) => [{ create: false, path: "/expire" }, form(b)] as const),
        mutationOf("expand[]=payment_intent").map((b) => [{ create: false, path: "/refresh_client_secret" }, form(b)] as const),
        mutationOf(CREATE_FORM).map((b) => [{ create: true, path: "/v1/payment_links" }, form(b)] as const),
        mutationOf("active=false&metadata[a]=1").map((b) => [{ create: true, path: `/v1/payment_links/${link.id}` }, form(b)] as const)
      )
      const request = fc.oneof(matched, fc.tuple(target, body))
      yield* Effect.promise(() =>
        fc.assert(
          fc.asyncProperty(request, auth, idempotency, async ([t, b], a, key) => {
            let path = t.path
            let clientSecret = ""
            if (!t.create) {
              const fresh = await Effect.runPromise(
                send(`${url}/v1/checkout/sessions`, { method: "POST", headers: { ...bearer(keys.test), ...FORM }, body: CREATE_FORM })
              )
              path = `/v1/checkout/sessions/${fresh.json.id}${t.path}`
              clientSecret = fresh.json.client_secret
            }
            const headers: Record<string, string> = a === "secret"
              ? bearer(keys.test)
              : a === "live"
              ? bearer(keys.live)
              : a === "client"
              ? bearer(clientSecret || "cs_test_x_secret_y")
              : {}
            if (b.contentType !== undefined) headers["content-type"] = b.contentType
            if (key !== undefined) headers["idempotency-key"] = key
            const reply = await Effect.runPromise(send(`${url}${path}`, { method: "POST", headers, body: b.body }))
            check(`POST ${path} ${JSON.stringify(b).slice(0, 300)}`, reply)
          }),
          { numRuns: 800 }
        )
      )
    }))

  it.effect("no random query string on a GET endpoint gets a 5xx", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      const created = yield* send(`${url}/v1/checkout/sessions`, { method: "POST", headers: { ...bearer(keys.test), ...FORM }, body: CREATE_FORM })
      const id = (created.json as { id: string }).id
      const path = fc.constantFrom(
        "/v1/checkout/sessions",
        `/v1/checkout/sessions/${id}`,
        `/v1/checkout/sessions/${id}/line_items`,
        "/v1/events",
        "/v1/events/evt_x",
        "/v1/payment_intents/pi_x",
        `/v1/checkout/sessions/${id}/payment_methods`,
        "/v1/payment_links",
        "/v1/payment_links/plink_x"
      )
      yield* Effect.promise(() =>
        fc.assert(
          fc.asyncProperty(path, fc.oneof(pairs, mutated), fc.boolean(), async (p, query, withForm) => {
            const headers = withForm ? { ...bearer(keys.test), ...FORM } : bearer(keys.test)
            const reply = await Effect.runPromise(send(`${url}${p}?${query}`, { headers }))
            check(`GET ${p}?${query.slice(0, 300)}`, reply)
          }),
          { numRuns: 300 }
        )
      )
    }))
})
