/**
 * The production topology of docs/operations.md on one machine: HAProxy terminating TLS in front of
 * three `till serve` processes (without workers, TILL_WORKER=false), two `till worker` processes, and
 * a PostgreSQL database of their own. Every piece is a Debian package or this repository's build:
 * `apt-get install haproxy openssl postgresql`, then `npm run build`.
 *
 *   npm run topology                       # on the machine's PostgreSQL (postgres://postgres@127.0.0.1:5432/postgres)
 *   TOPOLOGY_DATABASE_URL=postgres://… TOPOLOGY_PORT=41600 npm run topology
 *
 * It creates a dedicated database `till_topology_<random>` on that server, runs `till migrate` once,
 * starts everything, prints the HTTPS address and the pids, and on Ctrl-C stops each process it
 * started (by pid) and drops the database. apps/server/test/Topology.test.ts starts it, kills a server
 * under load, and checks that nothing acknowledged is lost.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import pg from "pg"
import { NODE_FLAGS } from "@till/server/NodeFlags"

const MAIN = join(import.meta.dirname, "..", "apps", "server", "dist", "main.js")

/** A process the topology started. */
export interface Process {
  readonly name: string
  readonly child: ChildProcess
  readonly output: { text: string }
  readonly exited: Promise<void>
}

/** A `till serve` behind the proxy. */
export interface Server extends Process {
  readonly port: number
  readonly url: string
}

/** The running topology. */
export interface Topology {
  /** The HTTPS address of the proxy: where clients go. */
  readonly url: string
  /** The proxy's self-signed certificate, for clients to trust. */
  readonly ca: string
  readonly secretKey: string
  readonly databaseUrl: string
  readonly proxy: Process
  readonly servers: ReadonlyArray<Server>
  readonly workers: ReadonlyArray<Process>
  /** Stops every process by pid (SIGTERM, then SIGKILL after 20 s) and drops the database. */
  readonly stop: () => Promise<void>
}

/** What to start. */
export interface Options {
  /** A PostgreSQL server where the topology may create (and drop) its database. */
  readonly serverUrl: string
  /** The proxy's port; 0 picks a free one. */
  readonly port?: number
  readonly servers?: number
  readonly workers?: number
  /** How long one `till` may take to start (a loaded 2-core machine was measured past 60 s). */
  readonly startMs?: number
  readonly secretKey?: string
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })

const requireTool = (tool: string, pkg: string) => {
  try {
    execFileSync("sh", ["-c", `command -v ${tool}`], { stdio: "ignore" })
  } catch {
    throw new Error(`${tool} not found: install Debian's ${pkg} (apt-get update && apt-get install -y ${pkg}; .ci/run does)`)
  }
}

const start = (name: string, command: string, args: ReadonlyArray<string>, env: Record<string, string>): Process => {
  const child = spawn(command, [...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] })
  const output = { text: "" }
  child.stdout!.on("data", (d) => (output.text += String(d)))
  child.stderr!.on("data", (d) => (output.text += String(d)))
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()))
  return { name, child, output, exited }
}

const waitFor = async (process: Process, what: string, ok: () => boolean | Promise<boolean>, ms: number) => {
  const deadline = Date.now() + ms
  while (!(await ok())) {
    if (process.child.exitCode !== null || process.child.signalCode !== null) {
      throw new Error(`${process.name} exited before ${what}:\n${process.output.text.slice(-4000)}`)
    }
    if (Date.now() > deadline) throw new Error(`${process.name}: timed out waiting for ${what}:\n${process.output.text.slice(-4000)}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** Stops a process by its pid: SIGTERM, and SIGKILL if it has not exited after `ms`. */
export const stopProcess = async (p: Process, ms = 20_000) => {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return
  p.child.kill("SIGTERM")
  const timer = setTimeout(() => p.child.kill("SIGKILL"), ms)
  await p.exited
  clearTimeout(timer)
}

/** The HAProxy configuration: TLS in front, round robin over the servers, each checked on /readyz. */
export const haproxyConfig = (port: number, pem: string, servers: ReadonlyArray<{ readonly port: number }>) =>
  `global
  maxconn 4096

defaults
  mode http
  timeout connect 2s
  timeout client 30s
  timeout server 30s
  option httplog
  # a request that never reached a server (connection refused) is safe to send to another one;
  # one that did is not retried here: the client retries it with its Idempotency-Key
  retries 2
  option redispatch
  retry-on conn-failure

frontend https
  bind 127.0.0.1:${port} ssl crt ${pem}
  http-request set-header X-Forwarded-Proto https
  default_backend till

backend till
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
  default-server inter 1s fall 2 rise 2
${servers.map((s, i) => `  server till${i + 1} 127.0.0.1:${s.port} check`).join("\n")}
`

/** Starts the topology; fails (stopping what it started) if a piece does not come up. */
export const startTopology = async (options: Options): Promise<Topology> => {
  requireTool("haproxy", "haproxy")
  requireTool("openssl", "openssl")
  const startMs = options.startMs ?? 180_000
  const secretKey = options.secretKey ?? "sk_test_topology123456"
  const dir = mkdtempSync(join(tmpdir(), "till-topology-"))
  const name = `till_topology_${Math.random().toString(36).slice(2, 10)}`
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: options.serverUrl })
    await client.connect()
    try {
      await client.query(statement)
    } finally {
      await client.end()
    }
  }
  await admin(`create database ${name}`)
  const database = new URL(options.serverUrl)
  database.pathname = `/${name}`
  const databaseUrl = database.toString()

  const processes: Array<Process> = []
  const stop = async () => {
    await Promise.all(processes.map((p) => stopProcess(p)))
    await admin(`drop database if exists ${name} with (force)`).catch(() => undefined)
    rmSync(dir, { recursive: true, force: true })
  }

  try {
    // a self-signed certificate for 127.0.0.1 and localhost; a real deployment brings its own
    const pem = join(dir, "till.pem")
    execFileSync("openssl", [
      "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
      "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
      "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")
    ], { stdio: "ignore" })
    const ca = readFileSync(join(dir, "cert.pem"), "utf8")
    writeFileSync(pem, ca + readFileSync(join(dir, "key.pem"), "utf8"))

    const port = options.port === undefined || options.port === 0 ? await freePort() : options.port
    const url = `https://127.0.0.1:${port}`
    const common = { DATABASE_URL: databaseUrl, TILL_SECRET_KEY: secretKey, TILL_PUBLIC_URL: url, TILL_DB_POOL_SIZE: "5" }

    // the schema once, before any server: servers also migrate at start, which then finds nothing to do
    const migrate = start("till migrate", process.execPath, [...NODE_FLAGS, MAIN, "migrate"], common)
    processes.push(migrate)
    await migrate.exited
    if (migrate.child.exitCode !== 0) throw new Error(`till migrate failed:\n${migrate.output.text}`)

    const servers: Array<Server> = []
    for (let i = 0; i < (options.servers ?? 3); i++) {
      const serverPort = await freePort()
      const server = start(`till serve #${i + 1}`, process.execPath, [...NODE_FLAGS, MAIN, "serve"], { ...common, PORT: String(serverPort), TILL_WORKER: "false" })
      processes.push(server)
      servers.push(Object.assign(server, { port: serverPort, url: `http://127.0.0.1:${serverPort}` }))
    }
    const workers: Array<Process> = []
    for (let i = 0; i < (options.workers ?? 2); i++) {
      const worker = start(`till worker #${i + 1}`, process.execPath, [...NODE_FLAGS, MAIN, "worker"], common)
      processes.push(worker)
      workers.push(worker)
    }
    await Promise.all([
      ...servers.map((s) => waitFor(s, "listening", () => s.output.text.includes("listening"), startMs)),
      ...workers.map((w) => waitFor(w, "running", () => w.output.text.includes("worker running"), startMs))
    ])

    const config = join(dir, "haproxy.cfg")
    writeFileSync(config, haproxyConfig(port, pem, servers))
    const proxy = start("haproxy", "haproxy", ["-db", "-f", config], {})
    processes.push(proxy)
    const healthy = async () => {
      try {
        const response = await fetch(`${servers[0]!.url}/readyz`)
        return response.status === 200 && (await probe(url, ca))
      } catch {
        return false
      }
    }
    await waitFor(proxy, "answering over TLS", healthy, 30_000)
    return { url, ca, secretKey, databaseUrl, proxy, servers, workers, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

/** Whether the proxy answers /healthz over TLS with the given CA. */
const probe = async (url: string, ca: string): Promise<boolean> => {
  const https = await import("node:https")
  return new Promise((resolve) => {
    const request = https.get(`${url}/healthz`, { ca }, (response) => {
      response.resume()
      resolve(response.statusCode === 200)
    })
    request.on("error", () => resolve(false))
  })
}

// `node ops/topology.ts`: start it and keep it up until Ctrl-C
if (import.meta.main) {
  const topology = await startTopology({
    serverUrl: process.env.TOPOLOGY_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
    port: Number(process.env.TOPOLOGY_PORT ?? 41600)
  })
  console.log(`Till behind HAProxy at ${topology.url} (self-signed: curl -k), key ${topology.secretKey}`)
  console.log(`database ${topology.databaseUrl}`)
  for (const p of [topology.proxy, ...topology.servers, ...topology.workers]) console.log(`  ${p.name}: pid ${p.child.pid}`)
  console.log("Ctrl-C stops everything and drops the database.")
  let stopping = false
  const shutdown = () => {
    if (stopping) return
    stopping = true
    topology.stop().then(() => process.exit(0))
  }
  process.on("SIGINT", shutdown)
  process.on("SIGTERM", shutdown)
}
