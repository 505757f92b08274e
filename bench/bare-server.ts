/**
 * The headline baseline of the HTTP benchmark (bench/http.ts): the least a server can do for a create and a
 * retrieve on PostgreSQL. A bare `node:http` + `pg` server that stores one ~1 KB JSONB row per create and
 * reads it back by id; no framework, no validation beyond the fields it uses, no queue, no key lookup (it
 * only checks that a Bearer key is present), no idempotency (an `Idempotency-Key` header is ignored).
 *
 *   POST /v1/checkout/sessions      form body read and parsed with `URLSearchParams`; one
 *                                   `insert into bare_sessions (id, doc)` of a ~1 KB JSON document; the
 *                                   document as JSON.
 *   GET /v1/checkout/sessions/:id   `select doc from bare_sessions where id = $1`; the document as JSON.
 *
 * It makes its table (`bare_sessions`, in the benchmark's own database) on start-up.
 *
 *   node bench/bare-server.ts   (started by bench/http.ts; environment: DATABASE_URL, PORT, POOL)
 */
import { randomBytes } from "node:crypto"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import pg from "pg"

const port = Number(process.env["PORT"] ?? 4344)
const pool = new pg.Pool({ connectionString: process.env["DATABASE_URL"], max: Number(process.env["POOL"] ?? 10) })
pool.on("error", () => {})

const PREFIX = "/v1/checkout/sessions"
// a fixed kilobyte of description, so every row is ~1 KB of JSONB like the baseline
const PADDING = "x".repeat(560)

const send = (res: ServerResponse, status: number, body: string) => {
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) })
  res.end(body)
}

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => resolve(Buffer.concat(chunks).toString()))
    req.on("error", reject)
  })

const create = async (req: IncomingMessage, res: ServerResponse) => {
  const form = new URLSearchParams(await readBody(req))
  const unit = Number(form.get("line_items[0][price_data][unit_amount]") ?? 0)
  const quantity = Number(form.get("line_items[0][quantity]") ?? 1)
  const id = `cs_test_${randomBytes(24).toString("base64url")}`
  const now = Math.floor(Date.now() / 1000)
  const doc = JSON.stringify({
    id,
    object: "checkout.session",
    mode: form.get("mode"),
    status: "open",
    payment_status: "unpaid",
    created: now,
    expires_at: now + 86_400,
    amount_total: unit * quantity,
    currency: form.get("line_items[0][price_data][currency]"),
    success_url: form.get("success_url"),
    line_items: [{ name: form.get("line_items[0][price_data][product_data][name]"), unit_amount: unit, quantity }],
    client_secret: `${id}_secret_${randomBytes(24).toString("base64url")}`,
    description: PADDING
  })
  await pool.query("insert into bare_sessions (id, doc) values ($1, $2)", [id, doc])
  send(res, 200, doc)
}

const retrieve = async (res: ServerResponse, id: string) => {
  const { rows } = await pool.query("select doc from bare_sessions where id = $1", [id])
  if (rows[0] === undefined) return send(res, 404, `{"error":{"message":"No such checkout.session"}}`)
  send(res, 200, JSON.stringify(rows[0].doc))
}

const handle = async (req: IncomingMessage, res: ServerResponse) => {
  if (!(req.headers.authorization ?? "").startsWith("Bearer ")) return send(res, 401, `{"error":{"message":"no key"}}`)
  const path = req.url ?? "/"
  if (req.method === "POST" && path === PREFIX) return create(req, res)
  if (req.method === "GET" && path.startsWith(`${PREFIX}/`)) return retrieve(res, path.slice(PREFIX.length + 1))
  send(res, 404, `{"error":{"message":"Unrecognized request URL"}}`)
}

await pool.query("create table if not exists bare_sessions (id text primary key, doc jsonb not null)")
const server = createServer((req, res) => {
  handle(req, res).catch(() => {
    if (!res.headersSent) send(res, 500, `{"error":{"message":"internal error"}}`)
  })
})
server.listen(port, "127.0.0.1", () => console.log(`bare server listening on ${port}`))
const stop = () => {
  server.close()
  server.closeAllConnections()
  pool.end().then(() => process.exit(0), () => process.exit(0))
}
process.on("SIGTERM", stop)
process.on("SIGINT", stop)
