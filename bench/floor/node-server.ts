/**
 * The floor of the HTTP floor benchmark (bench/floor.ts): `node:http` answering `GET /healthz` with the
 * same small JSON body Till answers, and nothing else.
 *
 *   node bench/floor/node-server.ts   (started by bench/floor.ts; environment: PORT)
 */
import { createServer } from "node:http"

const port = Number(process.env["PORT"] ?? 4345)
const BODY = JSON.stringify({ status: "ok" })

createServer((req, res) => {
  if (req.method === "GET" && req.url === "/healthz") {
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(BODY) })
    res.end(BODY)
    return
  }
  res.writeHead(404).end()
}).listen(port, () => process.stdout.write(`listening on ${port}\n`))
