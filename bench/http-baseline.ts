/**
 * The baseline of the HTTP benchmark (bench/http.ts): a bare `node:http` + `pg` server answering the
 * two requests the benchmark sends, with the same SQL Till sends for them. It is what one would write
 * by hand with no framework, and it is deliberately minimal:
 *
 *   POST /v1/checkout/sessions      the secret key's scope (its SHA-256 looked up in `api_keys` with Till's
 *                                   statement, remembered for 5 s per key as Till's Accounts remembers it, so
 *                                   nearly no request sends it), the form body read (1 MiB limit) and parsed
 *                                   with `qs` (bracket notation, as Till parses it), a minimal check of the
 *                                   fields it uses, the session and line-item documents built by hand, and
 *                                   Till's own insert statement (one statement, data-modifying CTEs: the
 *                                   session row and its line items, atomic); the session as JSON.
 *   GET /v1/checkout/sessions/:id   the same key lookup, Till's own select (the row, its payment intent,
 *                                   its line items aggregated), a scope check (account and mode), an
 *                                   open session past `expires_at` shown as expired; the session as JSON.
 *
 * So a create or a retrieve sends one statement, as Till's does. The statements are prepared by name on
 * each connection, as Till prepares its own (packages/postgres/src/Prepared.ts).
 *
 * It does not: decode the parameters strictly (unknown parameters, metadata, installments, other modes,
 * `expand`, JSON bodies are not handled), honour `Idempotency-Key`, check client secrets, produce
 * Stripe's error envelope beyond a status and a message, or decode the stored row with a schema.
 *
 *   node --conditions=@till/source bench/http-baseline.ts   (started by bench/http.ts)
 *
 * Environment: DATABASE_URL, PORT, POOL (10, Till's default), TILL_PUBLIC_URL.
 */
import { createHash, randomBytes } from "node:crypto"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import pg from "pg"
import qs from "qs"

// made when run as a server (not when bench/http.ts imports SQL from here)
let pool: pg.Pool
const port = Number(process.env["PORT"] ?? 4343)
const publicUrl = process.env["TILL_PUBLIC_URL"] ?? `http://127.0.0.1:${port}`

/** The statements Till sends (bench/http.ts checks, before it measures, that they are still Till's). */
export const SQL = {
  keyLookup: `select "account", "livemode", "expires_at", "permissions" from "api_keys" where "secret_hash" = $1`,
  insert:
    `with s as (insert into checkout_sessions ("id", "account", "livemode", "status", "created", "expires_at", "customer", "customer_details_email", "payment_intent", "payment_link", "client_reference_id", "attempt_id", "attempt_started_at", "version", "recovered_from", "doc") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)), li as (insert into checkout_session_line_items (session_id, position, doc) values ($17, $18, $19)) select 1 as written`,
  select:
    `select "s"."id", "s"."account", "s"."livemode", "s"."status", "s"."created", "s"."expires_at", "s"."customer", "s"."payment_intent", "s"."payment_link", "s"."client_reference_id", "s"."attempt_id", "s"."attempt_started_at", "s"."version", "s"."recovered_from", "s"."doc", "p"."doc" as "intent", coalesce((select json_agg(li.doc order by li.position) from checkout_session_line_items li where li.session_id = s.id), '[]'::json) as "line_items" from "checkout_sessions" as "s" left join "payment_intents" as "p" on "p"."session_id" = "s"."id" where "s"."id" = $1`
} as const

/** The version stamp of Till's stored documents (`DOCUMENT_VERSION` in @till/postgres Documents.ts). */
const DOCUMENT_VERSION = 2

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
/** 33 base62 characters, the length of Till's ids (slightly biased: `b % 62`; fine for a baseline). */
const random62 = (n = 33) => {
  let out = ""
  for (const b of randomBytes(n)) out += ALPHABET[b % 62]
  return out
}

let counter = 0
const requestPrefix = `req_${random62(12)}`

const send = (res: ServerResponse, status: number, body: string) => {
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    "request-id": requestPrefix + (++counter).toString(36).padStart(8, "0")
  })
  res.end(body)
}
const fail = (res: ServerResponse, status: number, message: string) =>
  send(res, status, JSON.stringify({ error: { type: status === 401 ? "authentication_error" : "invalid_request_error", message } }))

interface Scope {
  readonly account: string
  readonly livemode: boolean
}

/** How long a key's scope is remembered, as Till's Accounts remembers it (`KEY_CACHE_SECONDS`). */
const KEY_CACHE_MS = 5_000
const known = new Map<string, { readonly scope: Scope | undefined; readonly until: number }>()

/** The scope of the secret key (Bearer, or the Basic user name), by the SHA-256 of the key; remembered for 5 s. */
const authenticate = async (authorization: string | undefined): Promise<Scope | undefined> => {
  if (authorization === undefined) return undefined
  let key: string
  if (authorization.startsWith("Bearer ")) key = authorization.slice(7)
  else if (authorization.startsWith("Basic ")) key = Buffer.from(authorization.slice(6), "base64").toString().split(":")[0]!
  else return undefined
  if (!key.startsWith("sk_test_") && !key.startsWith("sk_live_")) return undefined
  const now = Date.now()
  const hit = known.get(key)
  if (hit !== undefined && now < hit.until) return hit.scope
  const hash = createHash("sha256").update(key).digest("hex")
  const { rows } = await pool.query({ name: "key_lookup", text: SQL.keyLookup, values: [hash] })
  const row = rows[0]
  // an expired key, or a restricted one (this baseline serves full keys only), grants nothing
  const scope = row === undefined || (row.expires_at !== null && now >= Number(row.expires_at) * 1000) || row.permissions !== null
    ? undefined
    : { account: row.account as string, livemode: row.livemode as boolean }
  if (scope !== undefined) known.set(key, { scope, until: now + KEY_CACHE_MS })
  return scope
}

const readBody = (req: IncomingMessage): Promise<string | undefined> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    let size = 0
    req.on("data", (c: Buffer) => {
      size += c.length
      if (size > 1024 * 1024) {
        resolve(undefined)
        req.destroy()
      } else chunks.push(c)
    })
    req.on("end", () => resolve(Buffer.concat(chunks).toString()))
    req.on("error", reject)
  })

const QS = { depth: 10, arrayLimit: 1000, parameterLimit: 10_000, plainObjects: true, allowPrototypes: true } as const

const isInt = (v: unknown, min: number): v is string => typeof v === "string" && /^\d+$/.test(v) && Number(v) >= min

const create = async (req: IncomingMessage, res: ServerResponse, scope: Scope) => {
  if (!(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) return fail(res, 415, "form bodies only")
  const text = await readBody(req)
  if (text === undefined) return fail(res, 413, "body too large")
  const p = qs.parse(text, QS) as Record<string, any>
  // minimal validation: what this server uses, with the right types
  if (p["mode"] !== "payment") return fail(res, 400, "mode must be payment")
  const items = p["line_items"]
  if (!Array.isArray(items) || items.length !== 1) return fail(res, 400, "one line item")
  const item = items[0]
  const price = item?.price_data
  if (
    typeof price?.currency !== "string" || !/^[a-z]{3}$/.test(price.currency) || !isInt(price.unit_amount, 0) ||
    typeof price.product_data?.name !== "string" || price.product_data.name === "" || !isInt(item.quantity, 1)
  ) return fail(res, 400, "invalid line item")
  if (p["success_url"] !== undefined && typeof p["success_url"] !== "string") return fail(res, 400, "invalid success_url")

  const now = Math.floor(Date.now() / 1000)
  const suffix = random62()
  const id = `${scope.livemode ? "cs_live_" : "cs_test_"}${suffix}`
  const secret = `${id}_secret_${random62()}`
  const unit = Number(price.unit_amount)
  const quantity = Number(item.quantity)
  const total = unit * quantity
  if (total < 50 || total > 99_999_999) return fail(res, 400, "amount out of range")
  const currency = price.currency as string
  const session = {
    id,
    object: "checkout.session",
    livemode: scope.livemode,
    mode: "payment",
    status: "open",
    payment_status: "unpaid",
    created: now,
    expires_at: now + 86_400,
    amount_subtotal: total,
    amount_total: total,
    currency,
    success_url: p["success_url"] ?? null,
    cancel_url: null,
    return_url: null,
    metadata: {},
    customer: null,
    customer_email: null,
    customer_details: null,
    client_reference_id: null,
    locale: null,
    payment_method_types: ["card"],
    payment_method_options: { card: { installments: { enabled: false, plans: [] } } },
    payment_description: null,
    country: null,
    business_profile: null,
    url: `${publicUrl}/c/pay/${id}#${encodeURIComponent(secret)}`,
    client_secret: secret,
    payment_intent: null,
    payment_link: null
  }
  const lineItem = {
    id: `li_${suffix}00`,
    object: "item",
    amount_subtotal: total,
    amount_total: total,
    amount_discount: 0,
    amount_tax: 0,
    currency,
    description: price.product_data.name,
    quantity,
    price: {
      id: `price_${suffix}00`,
      object: "price",
      currency,
      unit_amount: unit,
      product_data: { name: price.product_data.name, description: price.product_data.description ?? null }
    }
  }
  // stored as Till stores it: the columns, and a versioned document of every other field
  const { id: _id, object: _object, livemode: _livemode, status: _status, created: _created, expires_at: _expires, customer: _customer,
    client_reference_id: _ref, payment_intent: _intent, payment_link: _link, url: _url, ...rest } = session
  const doc = JSON.stringify({ v: DOCUMENT_VERSION, ...rest })
  await pool.query({
    name: "insert",
    text: SQL.insert,
    values: [
      id, scope.account, scope.livemode, "open", now, session.expires_at, null, null, null, null, null, null, null, 1, null, doc,
      id, 0, JSON.stringify({ v: DOCUMENT_VERSION, ...lineItem })
    ]
  })
  send(res, 200, JSON.stringify(session))
}

const retrieve = async (res: ServerResponse, scope: Scope, id: string) => {
  const { rows } = await pool.query({ name: "select", text: SQL.select, values: [id] })
  const row = rows[0]
  if (row === undefined || row.account !== scope.account || row.livemode !== scope.livemode) {
    return fail(res, 404, `No such checkout.session: '${id}'`)
  }
  const { v: _v, ...doc } = row.doc
  const expiresAt = Number(row.expires_at)
  const expired = row.status === "open" && expiresAt <= Math.floor(Date.now() / 1000) && row.attempt_id === null
  const session = {
    id: row.id,
    object: "checkout.session",
    livemode: row.livemode,
    status: expired ? "expired" : row.status,
    created: Number(row.created),
    expires_at: expiresAt,
    customer: row.customer,
    client_reference_id: row.client_reference_id,
    payment_intent: row.payment_intent,
    payment_link: row.payment_link,
    ...doc,
    url: row.status === "open" && !expired ? `${publicUrl}/c/pay/${row.id}#${encodeURIComponent(doc.client_secret)}` : null
  }
  send(res, 200, JSON.stringify(session))
}

const PREFIX = "/v1/checkout/sessions"

const handle = async (req: IncomingMessage, res: ServerResponse) => {
  const url = req.url ?? "/"
  const q = url.indexOf("?")
  const path = q < 0 ? url : url.slice(0, q)
  const isCreate = req.method === "POST" && path === PREFIX
  const isRetrieve = req.method === "GET" && path.startsWith(`${PREFIX}/`) && path.indexOf("/", PREFIX.length + 1) < 0
  if (!isCreate && !isRetrieve) return fail(res, 404, "Unrecognized request URL")
  const scope = await authenticate(req.headers.authorization)
  if (scope === undefined) return fail(res, 401, "Invalid API Key provided")
  if (isCreate) return create(req, res, scope)
  return retrieve(res, scope, decodeURIComponent(path.slice(PREFIX.length + 1)))
}

if (import.meta.main) {
  pool = new pg.Pool({ connectionString: process.env["DATABASE_URL"], max: Number(process.env["POOL"] ?? 10) })
  pool.on("error", () => {})
  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      console.error(e)
      if (!res.headersSent) fail(res, 500, "internal error")
    })
  })
  server.listen(port, "127.0.0.1", () => console.log(`baseline listening on ${port}`))
  const stop = () => {
    server.close()
    server.closeAllConnections()
    pool.end().then(() => process.exit(0), () => process.exit(0))
  }
  process.on("SIGTERM", stop)
  process.on("SIGINT", stop)
}
