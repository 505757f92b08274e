/**
 * The topology of docs/operations.md, as ops/topology.ts starts it from Debian packages: HAProxy with
 * TLS in front of three `till serve` processes, two `till worker` processes, one PostgreSQL database.
 * Under create load through the proxy, one server is killed with SIGKILL: every session acknowledged
 * with a 200 is retrievable afterwards, and the other servers keep answering; the workers (the servers
 * run none) deliver a paid session's webhook.
 */
import { assert, describe, it } from "@effect/vitest"
import { postgresUrl } from "@till/postgres/testing"
import { createServer } from "node:http"
import { Agent, request } from "node:https"
import { startTopology, type Topology } from "../../../ops/topology.ts"

interface Reply {
  readonly status: number
  readonly json: any
}

/** One HTTPS call through the proxy, trusting its self-signed certificate; a connection error is status 0. */
const call = (topology: Topology, agent: Agent, method: string, path: string, body?: string, idempotencyKey?: string) =>
  new Promise<Reply>((resolve) => {
    const req = request(`${topology.url}${path}`, {
      method,
      agent,
      headers: {
        authorization: `Bearer ${topology.secretKey}`,
        ...(body === undefined ? {} : { "content-type": "application/x-www-form-urlencoded" }),
        ...(idempotencyKey === undefined ? {} : { "idempotency-key": idempotencyKey })
      },
      timeout: 30_000
    }, (response) => {
      let text = ""
      response.on("data", (d) => (text += String(d)))
      response.on("end", () => {
        let json: unknown = undefined
        try {
          json = JSON.parse(text)
        } catch {
          json = text
        }
        resolve({ status: response.statusCode ?? 0, json })
      })
      response.on("error", () => resolve({ status: 0, json: null }))
    })
    req.on("error", () => resolve({ status: 0, json: null }))
    req.on("timeout", () => req.destroy())
    req.end(body)
  })

const waitUntil = async (what: string, ok: () => boolean, ms: number) => {
  const deadline = Date.now() + ms
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe("the production topology on one machine", () => {
  // Needs the PostgreSQL of the suite (TILL_TEST_DATABASE_URL) and Debian's haproxy: without haproxy it fails, saying what to install.
  it.runIf(postgresUrl !== undefined)(
    "a server killed under load loses nothing acknowledged, and the others keep answering",
    { timeout: 600_000 },
    async () => {
      const topology = await startTopology({ serverUrl: postgresUrl!, servers: 3, workers: 2 })
      const agent = new Agent({ ca: topology.ca, keepAlive: true, maxSockets: 8 })
      try {
        const acknowledged = new Map<string, number>()
        const statuses = new Map<number, number>()
        let afterKill = 0
        let killed = false
        let running = true
        let sequence = 0
        const loop = async () => {
          while (running) {
            const n = sequence++
            const amount = 100 + n
            const reply = await call(topology, agent, "POST", "/v1/checkout/sessions", `amount=${amount}&currency=usd`, `topology-${n}`)
            statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1)
            if (reply.status === 200) {
              acknowledged.set(reply.json.id, amount)
              if (killed) afterKill++
            }
          }
        }
        const loops = Array.from({ length: 8 }, loop)

        // every server has taken creates before one dies
        await waitUntil("60 creates", () => acknowledged.size >= 60, 240_000)
        const victim = topology.servers[0]!
        victim.child.kill("SIGKILL")
        killed = true
        await victim.exited

        await waitUntil("120 creates after the kill", () => afterKill >= 120, 240_000)
        running = false
        await Promise.all(loops)

        // nothing acknowledged is lost: each 200 names a session that reads back, with its amount
        const missing: Array<string> = []
        for (const [id, amount] of acknowledged) {
          const reply = await call(topology, agent, "GET", `/v1/checkout/sessions/${id}`)
          if (reply.status !== 200 || reply.json.amount_total !== amount) missing.push(`${id}: ${reply.status} ${JSON.stringify(reply.json).slice(0, 200)}`)
        }
        assert.deepStrictEqual(missing, [])
        // the list agrees: as many sessions as acknowledged, or more (a create the client never heard back from)
        const all = new Set<string>()
        let after: string | undefined
        for (;;) {
          const page = await call(topology, agent, "GET", `/v1/checkout/sessions?limit=100${after === undefined ? "" : `&starting_after=${after}`}`)
          assert.strictEqual(page.status, 200)
          for (const session of page.json.data) all.add(session.id)
          if (!page.json.has_more) break
          after = page.json.data.at(-1).id
        }
        for (const id of acknowledged.keys()) assert.isTrue(all.has(id), `${id} is not listed`)

        // the workers deliver: a paid session's checkout.session.completed reaches a local receiver
        const received: Array<string> = []
        const receiver = createServer((req, res) => {
          let body = ""
          req.on("data", (d) => (body += String(d)))
          req.on("end", () => {
            received.push(JSON.parse(body).type)
            res.end()
          })
        })
        await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve))
        try {
          const port = (receiver.address() as { port: number }).port
          const endpoint = await call(topology, agent, "POST", "/v1/webhook_endpoints", `url=http://127.0.0.1:${port}/hook&enabled_events[0]=checkout.session.completed`)
          assert.strictEqual(endpoint.status, 200, JSON.stringify(endpoint.json))
          const [paid] = [...acknowledged.keys()]
          const payment = await call(topology, agent, "POST", `/v1/checkout/sessions/${paid}/payments`, "payment_method=pm_card_visa")
          assert.strictEqual(payment.status, 200, JSON.stringify(payment.json))
          await waitUntil("the webhook", () => received.includes("checkout.session.completed"), 60_000)
        } finally {
          receiver.close()
        }

        // the survivors answer directly too, and the workers still run
        for (const server of topology.servers.slice(1)) {
          assert.strictEqual((await fetch(`${server.url}/readyz`)).status, 200, server.name)
        }
        for (const worker of topology.workers) assert.isNull(worker.child.exitCode, worker.name)
        // what the clients saw: 200s, and only gateway errors or dropped connections while the proxy noticed the death
        for (const status of statuses.keys()) assert.include([0, 200, 502, 503], status, JSON.stringify([...statuses]))
        console.log(`topology: ${acknowledged.size} creates acknowledged (${afterKill} after the kill); statuses ${JSON.stringify([...statuses])}`)
      } finally {
        agent.destroy()
        await topology.stop()
      }
    }
  )
})
