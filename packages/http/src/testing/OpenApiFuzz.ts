/**
 * Fuzzing every route of the served `/openapi.json`: for each path and method of the document, a
 * fixed number of requests drawn from the operation's own parameter schemas, valid-ish and hostile
 * (wrong types, huge strings, deep nesting, unknown keys, NUL bytes and lone surrogates in values,
 * keys and path ids, `__proto__` keys, bad JSON, wrong content types), under each kind of
 * credential (none, a bad key, a secret key, a client secret). No answer may be a 5xx; every answer
 * carries a `Request-Id`; every error is a Stripe error envelope `{ error: { type, message } }`.
 *
 * The requests are drawn with a fixed seed, so a run is repeatable and a failure reproduces. All of
 * them are sent before the verdict, which lists every distinct failure (operation, status and the
 * request's ingredients) with one example, instead of stopping at the first. Reusable like the
 * Stripe suite: any layer that provides `SuiteServer` (in memory here, PGlite and PostgreSQL in
 * apps/server, where NUL bytes reach the database).
 */
import { assert, layer } from "@effect/vitest"
import { Effect, type Layer } from "effect"
import fc from "fast-check"
import { START_TIMEOUT, SuiteServer } from "./stripe/SuiteServer.ts"
import { bearer, CREATE_FORM, FORM, type Reply, send } from "./Fetch.ts"

/** The seed every run draws its requests with. Changing it changes which requests are sent, nothing else. */
export const SEED = 20_261_129

const ERROR_TYPES = new Set(["invalid_request_error", "authentication_error", "card_error", "idempotency_error", "rate_limit_error", "api_error"])

// ---------------------------------------------------------------------------------------------
// Values from the document's schemas

type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [k: string]: Json }

/** The part of JSON Schema that the document's parameter schemas use. */
interface Schema {
  readonly type?: string
  readonly enum?: ReadonlyArray<Json>
  readonly anyOf?: ReadonlyArray<Schema>
  readonly properties?: Readonly<Record<string, Schema>>
  readonly required?: ReadonlyArray<string>
  readonly items?: Schema
  readonly maxItems?: number
  readonly pattern?: string
}

/** Values that get a request past the first checks, by parameter name: what valid-ish means here. */
const PLAUSIBLE: Record<string, ReadonlyArray<Json>> = {
  currency: ["usd", "eur", "clp"],
  unit_amount: [1200, "1200", 0],
  amount: [1500, "1500"],
  quantity: [1, 2, "3"],
  name: ["T-shirt", "Ada Lovelace"],
  url: ["https://shop.example/hooks"],
  success_url: ["https://shop.example/ok?session={CHECKOUT_SESSION_ID}"],
  cancel_url: ["https://shop.example/cancel"],
  return_url: ["https://shop.example/back"],
  payment_method: ["pm_card_visa", "pm_card_chargeDeclined"],
  type: ["card", "checkout.session.completed"],
  number: ["4242424242424242", "4000000000000002"],
  exp_month: [12, "12"],
  exp_year: [2034, "2034"],
  cvc: ["123"],
  count: [3, "3"],
  mode: ["payment"],
  status: ["open", "complete", "expired"],
  limit: [1, "3", 100],
  expand: [["line_items"], ["payment_intent"], ["data.line_items"]],
  enabled_events: [["*"], ["checkout.session.completed"]],
  active: [false, true, "false"],
  locale: ["es", "pt-BR", "auto"],
  metadata: [{ order: "42" }]
}

const LINE_ITEMS: Json = [{ price_data: { currency: "usd", unit_amount: 1200, product_data: { name: "T-shirt", description: "Cotton" } }, quantity: 1 }]

/**
 * Requests known to succeed, by operation: a hostile value has to get past validation to reach the
 * store, and a generated value rarely does. An operation missing here still gets generated ones.
 */
const VALID: Record<string, ReadonlyArray<Json>> = {
  "POST /v1/checkout/sessions": [{
    line_items: LINE_ITEMS,
    customer: "cus_123",
    customer_email: "buyer@example.com",
    client_reference_id: "order-42",
    success_url: "https://shop.example/ok",
    cancel_url: "https://shop.example/cancel",
    payment_description: "Order 42",
    metadata: { order: "42" },
    business_profile: { category: "retail", tax_id: "76.123.456-7" }
  }],
  "GET /v1/checkout/sessions": [
    { customer: "cus_123", client_reference_id: "order-42", payment_intent: "pi_123", payment_link: "plink_123", customer_details: { email: "buyer@example.com" } },
    { starting_after: "cs_test_123", limit: 3 },
    { ending_before: "cs_test_123" }
  ],
  "POST /v1/checkout/sessions/{id}": [{ metadata: { order: "42", note: "gift" } }],
  "GET /v1/checkout/sessions/{id}/line_items": [{ starting_after: "li_123" }, { ending_before: "li_123" }],
  "POST /v1/checkout/sessions/{id}/payments": [
    { payment_method: "pm_card_visa" },
    {
      payment_method_data: {
        type: "card",
        card: { number: "4242424242424242", exp_month: 12, exp_year: 2034, cvc: "123", name: "Ada Lovelace" },
        billing_details: { name: "Ada Lovelace", email: "ada@example.com" }
      }
    }
  ],
  "POST /v1/payment_links": [{ line_items: LINE_ITEMS, metadata: { campaign: "spring" }, success_url: "https://shop.example/ok" }],
  "GET /v1/payment_links": [{ starting_after: "plink_123" }, { ending_before: "plink_123" }],
  "POST /v1/payment_links/{id}": [{ active: true, metadata: { campaign: "spring" } }],
  "GET /v1/events": [{ type: "checkout.session.completed", limit: 3 }, { starting_after: "evt_123" }, { ending_before: "evt_123" }],
  "POST /v1/webhook_endpoints": [{ url: "https://shop.example/hooks", enabled_events: ["*"], description: "Orders", metadata: { team: "shop" } }],
  "GET /v1/webhook_endpoints": [{ starting_after: "we_123" }, { ending_before: "we_123" }],
  "POST /v1/webhook_endpoints/{id}": [{ url: "https://shop.example/hooks2", enabled_events: ["checkout.session.completed"], description: "Orders" }]
}

const scalar: fc.Arbitrary<Json> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.constantFrom<Json>("", "0", "-1", "1.5", "1e309", "NaN", "Infinity", true, false, null, "null", "[]", "%", "%ZZ", "😀")
)

/** A value the schema describes, mostly; a named parameter gets a plausible value most of the time. */
const valueOf = (schema: Schema, name: string | undefined, depth: number): fc.Arbitrary<Json> => {
  const plausible = name === undefined ? undefined : PLAUSIBLE[name]
  const generic = genericOf(schema, depth)
  return plausible === undefined ? generic : fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...plausible) }, { weight: 1, arbitrary: generic })
}

const genericOf = (schema: Schema, depth: number): fc.Arbitrary<Json> => {
  if (schema.enum !== undefined && schema.enum.length > 0) return fc.constantFrom(...schema.enum)
  if (schema.anyOf !== undefined && schema.anyOf.length > 0) return fc.oneof(...schema.anyOf.map((s) => genericOf(s, depth)))
  if (depth > 6) return scalar
  switch (schema.type) {
    case "object": {
      const properties = Object.entries(schema.properties ?? {})
      if (properties.length === 0) return fc.dictionary(fc.string({ maxLength: 8 }), scalar, { maxKeys: 3 })
      const required = new Set(schema.required ?? [])
      return fc.record(
        Object.fromEntries(properties.map(([key, s]) => [key, valueOf(s, key, depth + 1)])),
        { requiredKeys: properties.map(([key]) => key).filter((key) => required.has(key)) }
      ) as fc.Arbitrary<Json>
    }
    case "array":
      return fc.array(valueOf(schema.items ?? {}, undefined, depth + 1), { maxLength: Math.min(3, schema.maxItems ?? 3) })
    case "number":
    case "integer":
      return fc.oneof(fc.integer({ min: -10, max: 100_000 }), fc.double({ noNaN: true }))
    case "boolean":
      return fc.boolean()
    case "string":
      return schema.pattern !== undefined ? fc.integer({ min: 0, max: 100_000 }).map(String) : fc.string({ maxLength: 20 })
    default:
      return scalar
  }
}

// ---------------------------------------------------------------------------------------------
// Hostile changes to a value, each named so that a failure says what caused it

/** Sets `key` as an own, enumerable property, as JSON.parse would, `__proto__` included. */
const withKey = (target: Record<string, unknown>, key: string, value: unknown) =>
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })

const addKey = (v: Json, key: string, value: Json): Json => {
  const target: Record<string, unknown> = {}
  if (v !== null && typeof v === "object" && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) withKey(target, k, x)
  return withKey(target, key, value) as Json
}

const nest = (depth: number, array: boolean): Json => {
  let v: Json = "x"
  for (let i = 0; i < depth; i++) v = array ? [v] : { a: v }
  return v
}

/**
 * `inUrl`: the value goes into a query string. Node answers a request line over 16 KiB with a bare
 * 431 before any application code runs, so sizes there stay under that.
 */
const MUTATIONS = {
  "wrong type": (_: Json, pick: number): Json => [123, "text", true, null, [], {}, [1, "a"], { x: "1" }, -1.5][pick % 9]!,
  "huge string": (_: Json, pick: number, inUrl: boolean): Json => "x".repeat(inUrl ? 2_500 : pick % 2 === 0 ? 10_000 : 300_000),
  // deeper still is a whole-body encoding ("deep JSON", "deep brackets"): JSON.stringify itself gives up not far past this
  "deep nesting": (_: Json, pick: number, inUrl: boolean): Json => nest(inUrl ? 30 : pick % 3 === 0 ? 500 : 40, pick % 2 === 0),
  "NUL in value": (v: Json): Json => (typeof v === "string" ? `${v}\u0000x` : "a\u0000b"),
  "lone surrogate in value": (v: Json, pick: number): Json => `${typeof v === "string" ? v : ""}${pick % 2 === 0 ? "\ud800" : "x\udfff"}`,
  "unknown key": (v: Json): Json => addKey(v, "zz_unknown", "1"),
  "bracket key": (v: Json, pick: number): Json => addKey(v, ["[", "]", "a]b[", "[0]", "", "999999999", "-1"][pick % 7]!, "1"),
  "NUL in key": (v: Json): Json => addKey(v, "a\u0000b", "1"),
  "lone surrogate in key": (v: Json): Json => addKey(v, "k\ud800", "1"),
  "__proto__ key": (v: Json, pick: number): Json => addKey(v, "__proto__", pick % 2 === 0 ? { polluted: "yes" } : "x"),
  "constructor key": (v: Json): Json => addKey(v, "constructor", { prototype: { polluted: "yes" } })
} as const
type Mutation = keyof typeof MUTATIONS

/** The places in a value (paths to them), down to a depth that a deep-nesting change may exceed by far. */
const placesOf = (v: Json, at: ReadonlyArray<string | number> = []): Array<ReadonlyArray<string | number>> => {
  const here = [at]
  if (at.length >= 12) return here
  if (Array.isArray(v)) return here.concat(...v.map((x, i) => placesOf(x, [...at, i])))
  if (v !== null && typeof v === "object") return here.concat(...Object.entries(v).map(([k, x]) => placesOf(x, [...at, k])))
  return here
}

const replaceAt = (v: Json, path: ReadonlyArray<string | number>, f: (old: Json) => Json): Json => {
  if (path.length === 0) return f(v)
  const [head, ...rest] = path
  if (Array.isArray(v)) return v.map((x, i) => (i === head ? replaceAt(x, rest, f) : x))
  const copy: Record<string, unknown> = {}
  for (const [k, x] of Object.entries(v as Record<string, Json>)) withKey(copy, k, k === head ? replaceAt(x, rest, f) : x)
  return copy as Json
}

const AT_STRINGS: ReadonlySet<Mutation> = new Set(["huge string", "NUL in value", "lone surrogate in value"])
const AT_OBJECTS: ReadonlySet<Mutation> = new Set(["unknown key", "bracket key", "NUL in key", "lone surrogate in key", "__proto__ key", "constructor key"])

/**
 * Applies a mutation at one of the places it fits (a string for a value change, an object for a key),
 * or anywhere if none fits; answers the new value and the mutation's name with where it went.
 */
const mutate = (v: Json, mutation: Mutation, where: number, pick: number, inUrl: boolean): { value: Json; label: string } => {
  const all = placesOf(v)
  const fits = all.filter((path) => {
    const x = path.reduce<any>((node, k) => node[k], v)
    return AT_STRINGS.has(mutation) ? typeof x === "string" : AT_OBJECTS.has(mutation) ? x !== null && typeof x === "object" && !Array.isArray(x) : true
  })
  const place = (fits.length > 0 ? fits : all)[where % (fits.length > 0 ? fits : all).length]!
  const at = place.map((k, i) => (i === 0 ? String(k) : `[${k}]`)).join("")
  return { value: replaceAt(v, place, (old) => MUTATIONS[mutation](old, pick, inUrl)), label: at === "" ? mutation : `${mutation} at ${at}` }
}

// ---------------------------------------------------------------------------------------------
// Encodings

/** Percent-encoding as encodeURIComponent does it, except that a lone surrogate becomes its WTF-8 bytes (what a sloppy client sends) instead of a throw. */
const pct = (s: string): string => {
  let out = ""
  for (const ch of s) {
    const c = ch.charCodeAt(0)
    if (ch.length === 1 && c >= 0xd800 && c <= 0xdfff) {
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join("")
    } else out += encodeURIComponent(ch)
  }
  return out
}

/** Bracket notation, as Stripe's clients send it: `line_items[0][quantity]=1`. */
const bracketPairs = (v: Json, prefix = "", out: Array<[string, string]> = []): Array<[string, string]> => {
  if (Array.isArray(v)) v.forEach((x, i) => bracketPairs(x, `${prefix}[${i}]`, out))
  else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) bracketPairs(x, prefix === "" ? k : `${prefix}[${k}]`, out)
  else if (prefix !== "") out.push([prefix, v === null ? "" : String(v)])
  return out
}

const formOf = (v: Json): string =>
  bracketPairs(v).map(([k, x]) => `${pct(k).replaceAll("%5B", "[").replaceAll("%5D", "]")}=${pct(x)}`).join("&")

type Encoding =
  | "form"
  | "json"
  | "json as form"
  | "form as json"
  | "text/plain"
  | "multipart"
  | "no content type"
  | "bad JSON"
  | "invalid UTF-8 body"
  | "deep JSON"
  | "deep brackets"
  | "oversized"

/** What to send for a value: the body (lone surrogates in JSON come out as `\ud800` escapes) and its content type. */
const bodyOf = (encoding: Encoding, value: Json): { body: string | Uint8Array<ArrayBuffer>; contentType: string | undefined } => {
  switch (encoding) {
    case "form":
      return { body: formOf(value), contentType: FORM["content-type"] }
    case "json":
      return { body: JSON.stringify(value), contentType: "application/json" }
    case "json as form":
      return { body: JSON.stringify(value), contentType: FORM["content-type"] }
    case "form as json":
      return { body: formOf(value), contentType: "application/json; charset=utf-8" }
    case "text/plain":
      return { body: formOf(value), contentType: "text/plain" }
    case "multipart":
      return { body: `--x\r\ncontent-disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n`, contentType: "multipart/form-data; boundary=x" }
    case "no content type":
      return { body: formOf(value), contentType: undefined }
    case "bad JSON": {
      const text = JSON.stringify(value)
      return { body: text.length > 2 ? text.slice(0, -1) : "{\"a\":", contentType: "application/json" }
    }
    case "invalid UTF-8 body":
      return { body: new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0x80, 0x22, 0x7d]), contentType: "application/json" }
    case "deep JSON":
      return { body: `{"metadata":${"[".repeat(100_000)}${"]".repeat(100_000)}}`, contentType: "application/json" }
    case "deep brackets":
      return { body: `metadata${"[a]".repeat(5_000)}=1&line_items${"[0]".repeat(5_000)}=1`, contentType: FORM["content-type"] }
    case "oversized":
      return { body: `metadata[a]=${"x".repeat(1_100_000)}`, contentType: FORM["content-type"] }
  }
}

// ---------------------------------------------------------------------------------------------
// Requests

/** One operation of the document: its method, path template, query and body schemas. */
export interface Operation {
  readonly method: string
  readonly path: string
  readonly query: Schema | undefined
  readonly body: Schema | undefined
}

/** Every path and method of an OpenAPI document. */
export const operationsOf = (spec: { readonly paths: Record<string, Record<string, any>> }): Array<Operation> =>
  Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => {
      const query: Array<{ name: string; schema: Schema; required?: boolean }> = (op.parameters ?? []).filter((p: { in: string }) => p.in === "query")
      return {
        method: method.toUpperCase(),
        path,
        query: query.length === 0 ? undefined : {
          type: "object",
          properties: Object.fromEntries(query.map((p) => [p.name, p.schema])),
          required: query.filter((p) => p.required === true).map((p) => p.name)
        },
        body: op.requestBody?.content?.["application/json"]?.schema
      }
    })
  )

type Auth = "none" | "bad key" | "malformed" | "secret key" | "live key" | "other account" | "client secret" | "other client secret"

type PathId = "real" | "unknown" | "NUL" | "lone surrogate" | "overlong NUL" | "invalid UTF-8" | "bad escape" | "huge" | "__proto__" | "constructor" | "emoji"

/** Ids put into a path instead of a real one. */
const PATH_IDS: Record<Exclude<PathId, "real">, string> = {
  unknown: "zz_nothing_here",
  NUL: "cs_test_a%00b",
  "lone surrogate": "cs_test_%ED%A0%80",
  "overlong NUL": "cs_test_%C0%80",
  "invalid UTF-8": "%FF%FE",
  "bad escape": "cs_%ZZ%",
  huge: "x".repeat(6_000),
  // computed, or the literal would set the object's prototype instead of adding the key
  ["__proto__"]: "__proto__",
  constructor: "constructor",
  emoji: "%F0%9F%98%80"
}

interface Draw {
  readonly auth: Auth
  readonly pathId: PathId
  /** The value before any mutation, and the mutations with where and how to apply them. */
  readonly base: Json
  readonly mutations: ReadonlyArray<readonly [Mutation, number, number]>
  readonly encoding: Encoding
  readonly idempotencyKey: string | undefined
}

const HOSTILE_ENCODINGS: ReadonlyArray<Encoding> = [
  "json as form",
  "form as json",
  "text/plain",
  "multipart",
  "no content type",
  "bad JSON",
  "invalid UTF-8 body",
  "deep JSON",
  "deep brackets"
]
const OTHER_AUTHS: ReadonlyArray<Auth> = ["none", "bad key", "malformed", "other account", "client secret", "other client secret", "live key"]

/** Random requests of one operation: mostly the right credential and a real id, so that most get as far as decoding. */
const randomDraws = (op: Operation): fc.Arbitrary<Draw> => {
  const input = op.body ?? op.query
  return fc.record({
    auth: fc.oneof({ weight: 6, arbitrary: fc.constant<Auth>("secret key") }, { weight: 4, arbitrary: fc.constantFrom(...OTHER_AUTHS) }),
    pathId: op.path.includes("{")
      ? fc.oneof({ weight: 6, arbitrary: fc.constant<PathId>("real") }, { weight: 4, arbitrary: fc.constantFrom(...(Object.keys(PATH_IDS) as Array<PathId>)) })
      : fc.constant<PathId>("real"),
    base: input === undefined ? fc.constant<Json>({}) : valueOf(input, undefined, 0),
    mutations: fc.array(fc.tuple(fc.constantFrom(...(Object.keys(MUTATIONS) as Array<Mutation>)), fc.nat(), fc.nat()), { maxLength: 2 }),
    encoding: op.body === undefined ? fc.constant<Encoding>("form") : fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom<Encoding>("form", "json") },
      { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_ENCODINGS) },
      { weight: 1, arbitrary: fc.constant<Encoding>("oversized") }
    ),
    idempotencyKey: op.method === "POST"
      ? fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom("k-1", "k-2", "x".repeat(300), " ") })
      : fc.constant(undefined)
  })
}

/**
 * The requests of one operation: `random` drawn ones, and before them a checklist that gives every
 * hostile ingredient (each path id, credential, encoding and mutation) at least one request of its
 * own, on an otherwise valid-ish request, so none depends on the luck of the draw.
 */
const drawsOf = (op: Operation, random: number, seed: number): Array<Draw> => {
  const drawn = fc.sample(randomDraws(op), { seed, numRuns: Math.max(random, 1) })
  const valid = VALID[`${op.method} ${op.path}`] ?? []
  let next = 0
  // alternately a known-valid request and a generated one, alternately as a form and as JSON
  const plain = (base?: Json): Draw => {
    const i = next++
    const d = drawn[i % drawn.length]!
    return {
      ...d,
      base: base ?? (valid.length > 0 && i % 2 === 0 ? valid[(i / 2) % valid.length]! : d.base),
      auth: "secret key",
      pathId: "real",
      mutations: [],
      encoding: op.body === undefined || Math.floor(i / 2) % 2 === 0 ? "form" : "json",
      idempotencyKey: undefined
    }
  }
  // a NUL byte or a lone surrogate fails only where the value reaches a text column: try each string of a request in turn
  const inEachString = (m: Mutation, carrier: Draw): Array<Draw> =>
    placesOf(carrier.base).filter((path) => typeof path.reduce<any>((node, k) => node[k], carrier.base) === "string")
      .map((_, i) => ({ ...carrier, mutations: [[m, i, 0] as const] }))
  const checklist: Array<Draw> = [
    ...(op.path.includes("{") ? (Object.keys(PATH_IDS) as Array<PathId>).map((pathId) => ({ ...plain(), pathId })) : []),
    ...OTHER_AUTHS.map((auth) => ({ ...plain(), auth })),
    ...(op.body === undefined ? [] : [...HOSTILE_ENCODINGS, "oversized" as const].map((encoding) => ({ ...plain(), encoding }))),
    ...(Object.keys(MUTATIONS) as Array<Mutation>).map((m, i) => ({ ...plain(), mutations: [[m, seed + i * 7, seed + i] as const] })),
    ...[...valid.map(plain), plain()].flatMap((carrier) => [
      ...inEachString("NUL in value", carrier),
      ...inEachString("lone surrogate in value", carrier)
    ])
  ]
  return [...checklist, ...drawn.slice(0, random)]
}

const authHeader = (auth: Auth, keys: SuiteServer["Service"]["keys"], clientSecret: string): Record<string, string> => {
  switch (auth) {
    case "none":
      return {}
    case "bad key":
      return bearer("sk_test_thisKeyDoesNotExist0000")
    case "malformed":
      return { authorization: "Basic %%%not-base64" }
    case "secret key":
      return bearer(keys.test)
    case "live key":
      return bearer(keys.live)
    case "other account":
      return bearer(keys.otherTest)
    case "client secret":
      return bearer(clientSecret)
    case "other client secret":
      return bearer("cs_test_a1B2c3_secret_notThisSessionsSecret")
  }
}

/** What is wrong with an answer, if anything. */
const problemOf = (reply: Reply): string | undefined => {
  if (reply.status >= 500) return `${reply.status}`
  if (!/^req_/.test(reply.headers.get("request-id") ?? "")) return `${reply.status} without a Request-Id`
  if (reply.status >= 400) {
    if (reply.json === undefined) return `${reply.status} not JSON`
    if (!ERROR_TYPES.has(reply.json?.error?.type) || typeof reply.json.error.message !== "string") return `${reply.status} not a Stripe error envelope`
  }
  return undefined
}

// ---------------------------------------------------------------------------------------------
// The resources routes act on

interface Resource {
  readonly id: string
  /** A session's client secret; for other resources, the shared session's. */
  readonly clientSecret: string
}

const resources = async (url: string, keys: SuiteServer["Service"]["keys"]) => {
  const post = async (path: string, body: string) => {
    const reply = await Effect.runPromise(send(`${url}${path}`, { method: "POST", headers: { ...bearer(keys.test), ...FORM }, body }))
    assert.strictEqual(reply.status, 200, `setting up ${path}: ${reply.text.slice(0, 300)}`)
    return reply.json
  }
  const get = async (path: string) => (await Effect.runPromise(send(`${url}${path}`, { headers: bearer(keys.test) }))).json

  const shared = await post("/v1/checkout/sessions", CREATE_FORM)
  const paid = await post("/v1/checkout/sessions", CREATE_FORM)
  const intent = await post(`/v1/checkout/sessions/${paid.id}/payments`, "payment_method=pm_card_visa")
  const endpointBody = "url=https%3A%2F%2Fshop.example%2Fhooks&enabled_events[]=*"
  const endpoint = await post("/v1/webhook_endpoints", endpointBody)
  const event = (await get("/v1/events?limit=1")).data[0]?.id ?? "evt_none"
  const delivery = (await get(`/v1/events/${event}/deliveries`))?.data?.[0]?.id ?? "whdel_none"
  const link = await post("/v1/payment_links", CREATE_FORM)
  const of = (id: string): Resource => ({ id, clientSecret: shared.client_secret })

  /** A new resource of the kind a path is about, for a request that may change it. */
  const fresh = async (template: string): Promise<Resource> => {
    if (template.startsWith("/v1/checkout/sessions/")) {
      const s = await post("/v1/checkout/sessions", CREATE_FORM)
      return { id: s.id, clientSecret: s.client_secret }
    }
    if (template.startsWith("/v1/payment_links/{")) return of((await post("/v1/payment_links", CREATE_FORM)).id)
    if (template.startsWith("/v1/webhook_endpoints/")) return of((await post("/v1/webhook_endpoints", endpointBody)).id)
    return existing(template)
  }

  /** The shared resource a path is about; one that is not there for a route this suite does not know yet. */
  const existing = (template: string): Resource => {
    if (template.startsWith("/v1/checkout/sessions/")) return { id: shared.id, clientSecret: shared.client_secret }
    if (template.startsWith("/v1/payment_links/token/")) return of(link.token)
    if (template.startsWith("/v1/payment_links/")) return of(link.id)
    if (template.startsWith("/v1/payment_intents/")) return of(intent.id)
    if (template.startsWith("/v1/events/")) return of(event)
    if (template.startsWith("/v1/webhook_endpoints/")) return of(endpoint.id)
    if (template.startsWith("/v1/webhook_deliveries/")) return of(delivery)
    return of("zz_nothing_here")
  }

  return { fresh, existing, sharedClientSecret: shared.client_secret as string }
}

// ---------------------------------------------------------------------------------------------

/** How much fuzzing: random requests per operation (on top of the checklist), and the test's budget in milliseconds. */
export interface FuzzOptions {
  readonly random: number
  readonly budget: number
}

/** The fuzz suite, registered as a describe block running against `server`. */
export const openApiFuzz = (name: string, server: Layer.Layer<SuiteServer, unknown>, options: FuzzOptions) =>
  layer(server, { excludeTestServices: true, timeout: START_TIMEOUT })(name, (it) => {
    it.effect("every operation of /openapi.json, valid-ish and hostile requests: no 5xx, a Request-Id on every answer, every error a Stripe envelope", () =>
      Effect.gen(function*() {
        const { keys, url } = yield* SuiteServer
        const operations = operationsOf((yield* send(`${url}/openapi.json`)).json)
        // the document is the input: an empty or truncated one must not pass as "no failures"
        assert.isAtLeast(operations.length, 26, "operations in /openapi.json")

        const failures = new Map<string, { count: number; example: string }>()
        let sent = 0
        const started = Date.now()
        yield* Effect.promise(async () => {
          const fixtures = await resources(url, keys)
          for (const [index, op] of operations.entries()) {
            // a request that may change its resource gets one of its own, kept until a request succeeds on it
            let own: Resource | undefined
            const inUrl = op.body === undefined
            for (const draw of drawsOf(op, options.random, SEED + index)) {
              let value = draw.base
              const mutations: Array<string> = []
              for (const [m, where, pick] of draw.mutations) {
                const mutated = mutate(value, m, where, pick, inUrl)
                value = mutated.value
                mutations.push(mutated.label)
              }
              const changes = op.method !== "GET"
              let resource: Resource = { id: "", clientSecret: fixtures.sharedClientSecret }
              let path = op.path
              const param = op.path.match(/\{\w+\}/)?.[0]
              if (param !== undefined) {
                if (draw.pathId === "real") resource = changes ? (own ??= await fixtures.fresh(op.path)) : fixtures.existing(op.path)
                path = op.path.replace(param, draw.pathId === "real" ? resource.id : PATH_IDS[draw.pathId])
              }
              const headers: Record<string, string> = {
                ...authHeader(draw.auth, keys, resource.clientSecret),
                ...(draw.idempotencyKey === undefined ? {} : { "idempotency-key": draw.idempotencyKey })
              }
              let target = `${url}${path}`
              let body: string | Uint8Array<ArrayBuffer> | undefined
              if (inUrl) {
                const query = formOf(value)
                if (query !== "") target += `?${query}`
              } else {
                const encoded = bodyOf(draw.encoding, value)
                body = encoded.body
                if (encoded.contentType !== undefined) headers["content-type"] = encoded.contentType
              }
              // a connection closed without an answer is a failure to report like the others, not the end of the run
              const reply = await Effect.runPromise(send(target, { method: op.method, headers, ...(body === undefined ? {} : { body }) }))
                .catch((error: Error): Reply => ({ status: 0, headers: new Headers(), text: String(error.cause ?? error.message), json: undefined }))
              sent++
              if (changes && reply.status >= 200 && reply.status < 300) own = undefined
              const problem = reply.status === 0 ? "no answer" : problemOf(reply)
              if (problem === undefined) continue
              const ingredients = [
                draw.auth,
                ...(draw.pathId === "real" ? [] : [`path id: ${draw.pathId}`]),
                ...(body === undefined ? [] : [draw.encoding]),
                ...mutations,
                ...(draw.idempotencyKey === undefined ? [] : ["idempotency key"])
              ]
              const group = `${op.method} ${op.path} -> ${problem} [${ingredients.join(", ")}]`
              const shown = typeof body === "string" ? body.slice(0, 200) : body === undefined ? "" : "<bytes>"
              failures.set(group, {
                count: (failures.get(group)?.count ?? 0) + 1,
                example: failures.get(group)?.example ??
                  `${op.method} ${target.slice(url.length, url.length + 200)} ${shown} -> ${reply.status} ${reply.text.slice(0, 200)}`
              })
            }
          }
        })
        console.log(`${name}: ${sent} requests to ${operations.length} operations in ${((Date.now() - started) / 1000).toFixed(1)} s`)
        if (failures.size > 0) {
          const count = [...failures.values()].reduce((n, f) => n + f.count, 0)
          assert.fail(
            `${count} of ${sent} requests failed, in ${failures.size} ways:\n` +
              [...failures].map(([group, { count, example }]) => `${count}x ${group}\n    e.g. ${example}`).join("\n")
          )
        }
      }), options.budget)
  })
