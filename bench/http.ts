/**
 * HTTP benchmark: Till's API (the same layers as `till serve`, in its own process) against a bare
 * `node:http` + `pg` server doing the same SQL (bench/http-baseline.ts, in its own process), both on a
 * fresh PostgreSQL database, loaded by autocannon from this process over loopback, in the same run:
 *
 *   create    POST /v1/checkout/sessions         form body with one line item
 *   retrieve  GET  /v1/checkout/sessions/:id     ids of sessions created before the clock starts
 *
 * Then it explains the difference: CPU seconds of each process per request (server, PostgreSQL, the
 * load generator) from /proc, a CPU profile of each server under the same load (`--cpu-prof`), and the
 * cost of each stage of Till's create measured alone. Prints the results and writes them as the "HTTP"
 * section of docs/benchmarks.md (replacing it).
 *
 *   cd /work/main && npx node --conditions=@till/source bench/http.ts      (npm run bench:http)
 *
 * Environment: TILL_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres; a database
 * `till_bench_<random>` is created under it and dropped at the end), BENCH_CONNECTIONS (32),
 * BENCH_SECONDS (10 per measured run), BENCH_WARMUP_SECONDS (4), BENCH_ROUNDS (3), BENCH_SEED (2000
 * sessions to retrieve), BENCH_PROFILE (1; 0 skips the profiles), BENCH_WRITE_DOC (1; 0 leaves the doc alone).
 */
import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { createServer } from "node:net"
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { createRequire } from "node:module"
import { Context, Effect, Layer, Result, Schema } from "effect"
import { createQueryId, Kysely, PostgresDialect, sql } from "kysely"
import pg from "pg"
import { AccountRepository, Ids, SessionMachine, SessionRepository, SessionState, Validation } from "@till/core"
import { parseForm } from "@till/http/BodyParser"
import { CreateSessionBody } from "@till/http/Requests"
import { AccountRepositoryPg, Db, SessionRepositoryPg } from "@till/postgres"
import { insertStatement } from "@till/postgres/SessionWrites"
import { NoOutbox } from "@till/postgres/testing"
import { adminUrl, createBenchDatabase, serverVersion } from "./BenchDatabase.ts"
import { SQL as BASELINE_SQL } from "./http-baseline.ts"

const CONNECTIONS = Number(process.env["BENCH_CONNECTIONS"] ?? 32)
const SECONDS = Number(process.env["BENCH_SECONDS"] ?? 10)
const WARMUP_SECONDS = Number(process.env["BENCH_WARMUP_SECONDS"] ?? 4)
const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 3)
const SEED = Number(process.env["BENCH_SEED"] ?? 2000)
const PROFILE = process.env["BENCH_PROFILE"] !== "0"
const WRITE_DOC = process.env["BENCH_WRITE_DOC"] !== "0"
/** `layers` (default): the API from the server's layers alone (bench/http-till.ts); `serve`: `till serve` itself. */
const TILL_MODE = process.env["BENCH_TILL"] === "serve" ? "serve" : "layers"
/** Till's default pool size (`till serve` does not take another); the baseline gets the same. */
const POOL = 10
/** The whole run is bounded: past this, children are killed, the database dropped, and the process exits 1. */
const BUDGET_MS = 30 * 60_000

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const docPath = join(root, "docs", "benchmarks.md")
const KEY = `sk_test_bench${Ids.randomBase62(12)}`
const AUTH = `Bearer ${KEY}`
const CREATE_BODY = [
  "mode=payment",
  "line_items%5B0%5D%5Bprice_data%5D%5Bcurrency%5D=usd",
  "line_items%5B0%5D%5Bprice_data%5D%5Bunit_amount%5D=1200",
  "line_items%5B0%5D%5Bprice_data%5D%5Bproduct_data%5D%5Bname%5D=T-shirt",
  "line_items%5B0%5D%5Bquantity%5D=2",
  "success_url=https%3A%2F%2Fexample.com%2Fthanks"
].join("&")

/** The part of autocannon 9 used here (it ships no types, and `@types/autocannon` is not installed). */
interface LoadOptions {
  readonly url: string
  readonly method?: "GET" | "POST"
  readonly headers?: Record<string, string>
  readonly body?: string
  readonly requests?: ReadonlyArray<{ readonly method: "GET" | "POST"; readonly setupRequest: (request: { path: string }) => { path: string } }>
  readonly connections: number
  readonly duration: number
  readonly timeout: number
}
interface Histogram {
  readonly average: number
  readonly total: number
  readonly p50: number
  readonly p99: number
}
interface LoadResult {
  readonly duration: number
  readonly errors: number
  readonly timeouts: number
  readonly non2xx: number
  readonly "2xx": number
  readonly latency: Histogram
  readonly requests: Histogram
  readonly throughput: Histogram
}
const autocannon = createRequire(import.meta.url)("autocannon") as (options: LoadOptions) => Promise<LoadResult>

type ServerName = "Till" | "bare"
type EndpointName = "create" | "retrieve"
const log = (line: string) => process.stderr.write(`${line}\n`)

// ---------------------------------------------------------------------------------------------
// Processes: the two servers, and CPU time from /proc
// ---------------------------------------------------------------------------------------------

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer()
    s.once("error", reject)
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })

interface Server {
  readonly name: ServerName
  readonly base: string
  readonly pid: number
  readonly stop: () => Promise<void>
}

const children = new Set<ChildProcess>()

/** Starts `script` under Node 24 with the source condition; resolves once stdout matches `ready`. */
const startServer = async (
  name: ServerName,
  script: string,
  env: Record<string, string>,
  nodeArgs: ReadonlyArray<string> = [],
  args: ReadonlyArray<string> = []
): Promise<Server> => {
  const port = await freePort()
  const child = spawn(process.execPath, ["--conditions=@till/source", ...nodeArgs, join(root, script), ...args], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), TILL_PUBLIC_URL: `http://127.0.0.1:${port}` },
    stdio: ["ignore", "pipe", "pipe"]
  })
  children.add(child)
  let output = ""
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()))
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start in 60 s:\n${output}`)), 60_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (/listening/i.test(output)) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout!.on("data", onData)
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()))
    child.once("exit", (code) => {
      clearTimeout(timer)
      reject(new Error(`${name} exited with ${code} before listening:\n${output}`))
    })
  })
  return {
    name,
    base: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: async () => {
      child.kill("SIGTERM")
      const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 20_000).unref())
      if ((await Promise.race([exited, timeout])) === "timeout") {
        child.kill("SIGKILL")
        await exited
      }
      children.delete(child)
    }
  }
}

const CLK_TCK = 100
/** User and system CPU of a process, in ms (0 once it is gone). */
const cpuTimesOf = (pid: number): { readonly user: number; readonly system: number } => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    return { user: (Number(fields[11]) * 1000) / CLK_TCK, system: (Number(fields[12]) * 1000) / CLK_TCK }
  } catch {
    return { user: 0, system: 0 }
  }
}
const cpuMsOf = (pid: number): number => {
  const t = cpuTimesOf(pid)
  return t.user + t.system
}

/**
 * The PostgreSQL processes working for this benchmark: the backends connected to its database, and the
 * server-wide writers (WAL writer, checkpointer, background writer). Backends of other databases (other
 * jobs on the same server) are left out.
 */
let monitor: pg.Client | undefined
const postgresPids = async (database: string): Promise<Array<number>> => {
  const { rows } = await monitor!.query(
    `select pid from pg_stat_activity where datname = $1 or backend_type in ('walwriter', 'checkpointer', 'background writer')`,
    [database]
  )
  return rows.map((r) => Number(r.pid))
}

/** CPU ms of those processes, by pid. */
const postgresCpu = async (database: string): Promise<Map<number, number>> =>
  new Map((await postgresPids(database)).map((pid) => [pid, cpuMsOf(pid)]))

/** Busy and total CPU ms of the whole machine, all cores. */
const machineCpu = () => {
  const [, ...values] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/)
  const [user, nice, system, idle, iowait, irq, softirq, steal] = values.map(Number) as Array<number>
  const busy = user! + nice! + system! + irq! + softirq! + steal!
  return { busy: (busy * 1000) / CLK_TCK, total: ((busy + idle! + iowait!) * 1000) / CLK_TCK }
}

interface CpuSnapshot {
  readonly server: { readonly user: number; readonly system: number }
  readonly postgres: Map<number, number>
  readonly self: NodeJS.CpuUsage
  readonly machine: { busy: number; total: number }
}

const snapshot = async (pid: number, database: string): Promise<CpuSnapshot> => ({
  server: cpuTimesOf(pid),
  postgres: await postgresCpu(database),
  self: process.cpuUsage(),
  machine: machineCpu()
})

const cpuSince = async (pid: number, database: string, start: CpuSnapshot) => {
  const end = await snapshot(pid, database)
  let postgres = 0
  // a backend that starts during the run counts from 0; one that ends during it is missed (a loaded pool keeps its own)
  for (const [p, ms] of end.postgres) postgres += ms - (start.postgres.get(p) ?? 0)
  const self = process.cpuUsage(start.self)
  return {
    server: end.server.user + end.server.system - start.server.user - start.server.system,
    serverUser: end.server.user - start.server.user,
    serverSystem: end.server.system - start.server.system,
    postgres,
    loadgen: (self.user + self.system) / 1000,
    busy: end.machine.busy - start.machine.busy,
    total: end.machine.total - start.machine.total
  }
}

// ---------------------------------------------------------------------------------------------
// Load
// ---------------------------------------------------------------------------------------------

interface Run {
  readonly round: number
  readonly server: ServerName
  readonly endpoint: EndpointName
  readonly rps: number
  readonly requests: number
  readonly p50: number
  readonly p99: number
  readonly errors: number
  readonly non2xx: number
  readonly bytesPerResponse: number
  readonly cpu: Awaited<ReturnType<typeof cpuSince>>
}

const load = (server: Server, endpoint: EndpointName, seconds: number, ids: ReadonlyArray<string>) => {
  let next = 0
  const options: Omit<LoadOptions, "connections" | "duration" | "timeout"> = endpoint === "create"
    ? {
      url: `${server.base}/v1/checkout/sessions`,
      method: "POST",
      headers: { authorization: AUTH, "content-type": "application/x-www-form-urlencoded" },
      body: CREATE_BODY
    }
    : {
      url: `${server.base}/v1/checkout/sessions`,
      headers: { authorization: AUTH },
      requests: [{
        method: "GET",
        setupRequest: (request) => ({ ...request, path: `/v1/checkout/sessions/${ids[next++ % ids.length]}` })
      }]
    }
  return autocannon({ ...options, connections: CONNECTIONS, duration: seconds, timeout: 10 })
}

const measure = async (database: string, round: number, server: Server, endpoint: EndpointName, ids: ReadonlyArray<string>): Promise<Run> => {
  const start = await snapshot(server.pid, database)
  const r = await load(server, endpoint, SECONDS, ids)
  const cpu = await cpuSince(server.pid, database, start)
  const ok = r["2xx"]
  return {
    round,
    server: server.name,
    endpoint,
    rps: ok / r.duration,
    requests: ok,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    bytesPerResponse: r.throughput.total / Math.max(1, r.requests.total),
    cpu
  }
}

/** Creates `n` sessions through `server` (16 at a time) and answers their ids. */
const seed = async (server: Server, n: number): Promise<Array<string>> => {
  const ids: Array<string> = []
  let made = 0
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (made < n) {
      made++
      const res = await fetch(`${server.base}/v1/checkout/sessions`, {
        method: "POST",
        headers: { authorization: AUTH, "content-type": "application/x-www-form-urlencoded" },
        body: CREATE_BODY
      })
      const body = await res.json() as { id?: string }
      if (res.status !== 200 || body.id === undefined) throw new Error(`seeding failed: ${res.status} ${JSON.stringify(body)}`)
      ids.push(body.id)
    }
  }))
  return ids
}

/** One create and one retrieve on `server`, checked: the same status, the same shape of answer. */
const smoke = async (server: Server, id: string) => {
  const created = await fetch(`${server.base}/v1/checkout/sessions`, {
    method: "POST",
    headers: { authorization: AUTH, "content-type": "application/x-www-form-urlencoded" },
    body: CREATE_BODY
  })
  const c = await created.json() as Record<string, unknown>
  const got = await fetch(`${server.base}/v1/checkout/sessions/${id}`, { headers: { authorization: AUTH } })
  const g = await got.json() as Record<string, unknown>
  const bad = await fetch(`${server.base}/v1/checkout/sessions/${id}`, { headers: { authorization: "Bearer sk_test_notakey123456" } })
  if (created.status !== 200 || c["amount_total"] !== 2400 || got.status !== 200 || g["id"] !== id || bad.status !== 401) {
    throw new Error(`${server.name} answers unexpectedly: ${created.status} ${got.status} ${bad.status} ${JSON.stringify(c).slice(0, 300)}`)
  }
  return Object.keys(c).join(",")
}

/** Exact row counts of every table of the database, by `schema.table`. */
const rowCounts = async (url: string): Promise<Map<string, number>> => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    // ordinary tables and partitions (relkind r), not partitioned parents, so no row is counted twice
    const { rows: tables } = await client.query(
      `select n.nspname as table_schema, c.relname as table_name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.relkind = 'r' and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%' order by 1, 2`
    )
    const out = new Map<string, number>()
    for (const t of tables) {
      const name = `${t.table_schema}.${t.table_name}`
      const { rows } = await client.query(`select count(*)::int as n from "${t.table_schema}"."${t.table_name}"`)
      out.set(name, rows[0].n)
    }
    return out
  } finally {
    await client.end()
  }
}

/** Rows each table gains per create through `server` (over `n` creates, one at a time); tables that gain none are left out. */
const writesPerCreate = async (url: string, server: Server, n: number): Promise<Map<string, number>> => {
  const before = await rowCounts(url)
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${server.base}/v1/checkout/sessions`, {
      method: "POST",
      headers: { authorization: AUTH, "content-type": "application/x-www-form-urlencoded" },
      body: CREATE_BODY
    })
    await res.arrayBuffer()
  }
  // anything a server does in the background because of the creates (a queue) gets a moment to happen
  await new Promise((resolve) => setTimeout(resolve, 2000))
  const after = await rowCounts(url)
  const out = new Map<string, number>()
  for (const [table, count] of after) {
    const delta = (count - (before.get(table) ?? 0)) / n
    if (delta !== 0) out.set(table, delta)
  }
  return out
}

const describeWrites = (w: Map<string, number>) => [...w].map(([t, d]) => `\`${t.replace(/^public\./, "")}\` ${Number.isInteger(d) ? d : d.toFixed(2)}`).join(", ")

// ---------------------------------------------------------------------------------------------
// The SQL: the baseline must send exactly what Till sends
// ---------------------------------------------------------------------------------------------

/** The statements Till's repositories send for a key lookup, a one-item insert and a find by id. */
const tillStatements = async (url: string) => {
  const captured: Array<string> = []
  const pool = new pg.Pool({ connectionString: url, max: 1 })
  const kysely = new Kysely<any>({ dialect: new PostgresDialect({ pool }), log: (e) => void captured.push(e.query.sql) })
  const made = SessionMachine.create({
    account: "acct_sqlcheck",
    livemode: false,
    params: {
      line_items: [{ price_data: { currency: "usd", unit_amount: 1200, product_data: { name: "T-shirt" } }, quantity: 2 }],
      success_url: "https://example.com/thanks"
    },
    id: "cs_test_sqlcheck",
    client_secret: "cs_test_sqlcheck_secret_x",
    payment_link: null,
    now: 1_000_000
  })
  if (Result.isFailure(made)) throw made.failure
  // on the fresh database, before the migrations: every statement fails, and is captured all the same
  await Effect.runPromise(Effect.scoped(Effect.gen(function*() {
    const ctx = yield* Layer.build(Layer.mergeAll(SessionRepositoryPg.layer, AccountRepositoryPg.layer).pipe(
      Layer.provide(Layer.succeed(Db, Db.of({ kysely, backend: "postgres", pglite: null }))),
      Layer.provide(NoOutbox.layer)
    ))
    yield* Effect.exit(Context.get(ctx, AccountRepository).findScopeByKeyHash("0"))
    yield* Effect.exit(Context.get(ctx, SessionRepository).insert(made.success.state, []))
    yield* Effect.exit(Context.get(ctx, SessionRepository).findById("cs_test_sqlcheck"))
  })))
  await kysely.destroy()
  return captured
}

// ---------------------------------------------------------------------------------------------
// Where the time goes: CPU profiles and stages
// ---------------------------------------------------------------------------------------------

interface ProfileNode {
  readonly id: number
  readonly callFrame: { readonly functionName: string; readonly url: string }
  readonly children?: ReadonlyArray<number>
}
interface CpuProfile {
  readonly startTime: number
  readonly nodes: ReadonlyArray<ProfileNode>
  readonly samples: ReadonlyArray<number>
  readonly timeDeltas: ReadonlyArray<number>
}

type Frame = ProfileNode["callFrame"]

const KYSELY_BUILD = /\/kysely\/dist\/(?:esm\/|cjs\/)?(operation-node|parser|query-builder|query-compiler|raw-builder|util|expression|dynamic|query-creator)/

/** Where a frame's code lives. */
const categoryOf = ({ functionName: f, url }: Frame): string => {
  if (f === "(idle)") return "idle"
  if (f === "(garbage collector)") return "garbage collection"
  if (f === "(program)" || f === "(root)") return "V8 / native (unattributed)"
  if (url === "") return "native bindings (other)"
  if (url.includes("/node_modules/qs/") || url.includes("/side-channel")) return "qs (form parsing)"
  if (url.includes("/node_modules/kysely/")) return KYSELY_BUILD.test(url) ? "Kysely: building + compiling statements" : "Kysely: executing (executor, driver glue)"
  if (/\/node_modules\/(pg|pg-protocol|pg-pool|pg-types|postgres-[a-z]+|pgpass|pg-connection-string)\//.test(url)) return "pg driver"
  if (url.includes("/node_modules/effect/dist/")) {
    const file = url.slice(url.indexOf("/node_modules/effect/dist/") + "/node_modules/effect/dist/".length)
    if (/^(Schema|SchemaAST|SchemaParser|SchemaIssue|SchemaGetter|SchemaTransformation)\.js|^schema\/|^internal\/schema/.test(file)) return "Effect Schema"
    if (file.startsWith("http/") || file.startsWith("http-api/")) return "Effect HTTP (router, request, response)"
    return "Effect runtime (fibers, services, tracing)"
  }
  if (url.includes("/node_modules/@effect/platform-node")) return "Effect HTTP (router, request, response)"
  if (url.includes("/node_modules/")) return "other libraries"
  if (url.includes("/packages/core/")) return "Till core (use case, state machine, ids)"
  if (url.includes("/packages/http/")) return "Till HTTP adapter"
  if (url.includes("/packages/postgres/")) return "Till postgres adapter"
  if (url.includes("/bench/")) return "baseline's own code"
  if (/^node:(_http|internal\/http|http)/.test(url)) return "node:http (parsing, headers)"
  if (/^node:(net|stream|internal\/stream|internal\/streams|internal\/net|internal\/stream_base)/.test(url)) return "node:net + streams"
  if (url.startsWith("node:")) return "node (other)"
  return "other"
}

/** The native calls that write to a socket: their time is the syscall (on loopback, the TCP stack too). */
const SOCKET_WRITES = new Set(["writev", "writeBuffer", "writeUtf8String", "writeLatin1String", "writeAsciiString", "writeUcs2String"])
const SOCKET_OWNER = "socket writes"
/** Categories that own the natives and node internals they call. */
const UNOWNED = new Set([
  "native bindings (other)",
  "V8 / native (unattributed)",
  "node:http (parsing, headers)",
  "node:net + streams",
  "node (other)",
  "garbage collection",
  "idle"
])

/**
 * Who a sample's time is charged to: socket writes are their own line; otherwise the innermost frame of
 * a library or of the application (so JSON.stringify, crypto and node's internals count for whoever called
 * them); node itself only when no such frame is on the stack (reading sockets, parsing requests).
 */
const ownerOf = (stack: ReadonlyArray<Frame>): string => {
  const leaf = stack[0]!
  if (leaf.url === "" && SOCKET_WRITES.has(leaf.functionName)) return SOCKET_OWNER
  for (const frame of stack) {
    const category = categoryOf(frame)
    if (!UNOWNED.has(category)) return category
  }
  return categoryOf(leaf)
}

/** Stages a sample is inside, by any frame on its stack (so a stage includes what it calls). */
const STAGES: ReadonlyArray<readonly [string, (frame: Frame) => boolean]> = [
  ["form parsing (`qs`)", (f) => f.url.includes("/node_modules/qs/")],
  ["Effect Schema (decoding)", (f) => categoryOf(f) === "Effect Schema"],
  ["ids (`Ids.randomBase62`: getRandomValues + BigInt)", (f) => f.functionName === "randomBase62"],
  ["Kysely building + compiling statements", (f) => KYSELY_BUILD.test(f.url)],
  ["pg driver (protocol, parsing rows)", (f) => categoryOf(f) === "pg driver"]
]

interface ProfileSummary {
  /** Non-idle sampled time, socket writes left out (see `socketMs`). */
  readonly busyMs: number
  /** Sampled time in socket writes: the syscall, and time spent preempted in it (sampling is by wall clock). */
  readonly socketMs: number
  readonly owners: ReadonlyArray<readonly [string, number]>
  readonly stages: ReadonlyArray<readonly [string, number]>
  readonly top: ReadonlyArray<readonly [string, number]>
}

/** Summarizes the samples taken between `from` and `to` (µs, the monotonic clock `process.hrtime` reads). */
const summarize = (profile: CpuProfile, from: number, to: number): ProfileSummary => {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const stackOf = new Map<number, Array<Frame>>()
  const stack = (id: number) => {
    let frames = stackOf.get(id)
    if (frames === undefined) {
      frames = []
      for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) frames.push(byId.get(n)!.callFrame)
      stackOf.set(id, frames)
    }
    return frames
  }
  const owners = new Map<string, number>()
  const stages = new Map<string, number>()
  const functions = new Map<string, number>()
  const add = (m: Map<string, number>, k: string, dt: number) => m.set(k, (m.get(k) ?? 0) + dt)
  let busy = 0
  let socket = 0
  let at = profile.startTime
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0
    if (at < from || at > to) return
    const frames = stack(id)
    const leaf = frames[0]!
    if (leaf.functionName === "(idle)") return
    const dt = (profile.timeDeltas[i] ?? 0) / 1000
    const owner = ownerOf(frames)
    if (owner === SOCKET_OWNER) {
      socket += dt
      return
    }
    busy += dt
    add(owners, owner, dt)
    const where = leaf.url.replace(/^.*\/node_modules\//, "").replace(/^.*\/(packages|bench)\//, "$1/").replace(/^file:\/\//, "")
    add(functions, `${leaf.functionName || "(anonymous)"}${where === "" ? "" : ` ${where}`}`, dt)
    for (const [stage, matches] of STAGES) if (frames.some(matches)) add(stages, stage, dt)
  })
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1])
  return { busyMs: busy, socketMs: socket, owners: sorted(owners), stages: sorted(stages), top: sorted(functions).slice(0, 10) }
}

/** Runs `endpoint` against a server started with `--cpu-prof`, and summarizes the profile. */
const profiled = async (
  name: ServerName,
  start: (nodeArgs: ReadonlyArray<string>) => Promise<Server>,
  endpoint: EndpointName,
  ids: ReadonlyArray<string>
) => {
  const dir = mkdtempSync(join(tmpdir(), "till-bench-prof-"))
  try {
    const server = await start([`--cpu-prof`, `--cpu-prof-dir=${dir}`, "--cpu-prof-interval=200"])
    await load(server, endpoint, WARMUP_SECONDS, ids)
    const from = Number(process.hrtime.bigint() / 1000n)
    const r = await load(server, endpoint, SECONDS, ids)
    const to = Number(process.hrtime.bigint() / 1000n)
    await server.stop()
    const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"))
    if (file === undefined) throw new Error(`no profile written for ${name}`)
    // only the measured load: start-up and the warm-up are left out
    const summary = summarize(JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile, from, to)
    log(`profile ${name} ${endpoint}: ${(r["2xx"] / r.duration).toFixed(0)} req/s under the profiler, ${summary.busyMs.toFixed(0)} ms busy`)
    return summary
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** µs per call of `f`, the median of 5 timed batches after a warm-up. */
const perCall = (f: () => unknown, n = 5000): number => {
  for (let i = 0; i < n; i++) f()
  const batches = Array.from({ length: 5 }, () => {
    const t = performance.now()
    for (let i = 0; i < n; i++) f()
    return ((performance.now() - t) * 1000) / n
  }).sort((a, b) => a - b)
  return batches[2]!
}

/** The CPU stages of Till's create and retrieve, each timed alone in this process. */
const stageCosts = () => {
  const kysely = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ max: 1 }) }) })
  const decodeBody = Validation.decode(CreateSessionBody)
  const parsed = Effect.runSync(parseForm(CREATE_BODY))
  const params = Effect.runSync(decodeBody(parsed))
  const { expand: _expand, ...createParams } = params as typeof params & { expand?: unknown }
  const make = () => {
    const id = `cs_test_${Ids.randomBase62()}`
    const r = SessionMachine.create({
      account: "acct_stage",
      livemode: false,
      params: createParams,
      id,
      client_secret: `${id}_secret_${Ids.randomBase62()}`,
      payment_link: null,
      now: Math.floor(Date.now() / 1000)
    })
    if (Result.isFailure(r)) throw r.failure
    return r.success.state
  }
  const state = make()
  const stored = JSON.parse(JSON.stringify({
    account: state.account,
    version: state.version,
    session: state.session,
    line_items: state.line_items,
    payment_intent: null,
    attempt: null
  }))
  const decodeState = Schema.decodeUnknownSync(SessionState)
  const hashes = new Map([[KEY, "x"]])
  // the two fixed-shape lookups, as the repositories build them (checked against Till's SQL below)
  const keyLookup = (hash: string) => kysely.selectFrom("api_keys").select(["account", "livemode"]).where("secret_hash", "=", hash).compile()
  const findById = (id: string) =>
    kysely.selectFrom("checkout_sessions as s")
      .leftJoin("payment_intents as p", "p.session_id", "s.id")
      .select(["s.account", "s.version", "s.doc", "s.attempt_id", "s.attempt_started_at", "p.doc as intent"])
      .select(
        sql<unknown>`coalesce((select json_agg(li.doc order by li.position) from checkout_session_line_items li where li.session_id = s.id), '[]'::json)`
          .as("line_items")
      )
      .where("s.id", "=", id).compile()
  if (keyLookup("x").sql !== BASELINE_SQL.keyLookup || findById("x").sql !== BASELINE_SQL.select) {
    throw new Error("the stage timings' lookups are no longer Till's statements")
  }
  const precompiled = findById("")
  // one call of a named Effect.fn (span + call-site stack) and of Effect.fnUntraced, timed over 1000 calls in one fiber
  const traced = Effect.fn("bench.traced")(function*(x: number) {
    return x + 1
  })
  const untraced = Effect.fnUntraced(function*(x: number) {
    return x + 1
  })
  const thousand = (f: (x: number) => Effect.Effect<number>) =>
    Effect.gen(function*() {
      let sum = 0
      for (let i = 0; i < 1000; i++) sum += yield* f(i)
      return sum
    })
  const random24 = () => globalThis.crypto.getRandomValues(new Uint8Array(24))
  const stages: Array<Stage> = [
    { key: "qs", request: "create", stage: "form parse (`qs`, Till's options, in an Effect)", us: perCall(() => Effect.runSync(parseForm(CREATE_BODY))) },
    { key: "decode", request: "create", stage: "strict decode of the parameters (`CreateSessionBody`)", us: perCall(() => Effect.runSync(decodeBody(parsed))) },
    { key: "ids", request: "create", stage: "two ids (`Ids.randomBase62`)", us: perCall(() => Ids.randomBase62() + Ids.randomBase62()) },
    { key: "random", request: "create", stage: "… of which `getRandomValues` (24 bytes, twice)", us: perCall(() => [random24(), random24()]) },
    { key: "machine", request: "create", stage: "`SessionMachine.create` (with its two ids)", us: perCall(make) },
    { key: "insert", request: "create", stage: "insert statement: build + compile (Kysely)", us: perCall(() => insertStatement(state, []).compile(kysely)) },
    {
      key: "json",
      request: "create",
      stage: "JSON.stringify: stored session + line item + response",
      us: perCall(() => JSON.stringify(state.session) + JSON.stringify(state.line_items[0]) + JSON.stringify(state.session))
    },
    { key: "hash", request: "both", stage: "key hash (memoized after the first request: a Map lookup)", us: perCall(() => hashes.get(KEY)) },
    { key: "keyLookup", request: "both", stage: "key lookup: build + compile (Kysely; the same text every time)", us: perCall(() => keyLookup("0123abcd")) },
    { key: "fn", request: "both", stage: "one call of a named `Effect.fn` (span + call-site stack)", us: perCall(() => Effect.runSync(thousand(traced)), 50) / 1000 },
    { key: "fnUntraced", request: "both", stage: "one call of `Effect.fnUntraced`", us: perCall(() => Effect.runSync(thousand(untraced)), 50) / 1000 },
    { key: "findById", request: "retrieve", stage: "find by id: build + compile (Kysely; the same text every time)", us: perCall(() => findById("cs_test_x")) },
    {
      key: "precompiled",
      request: "retrieve",
      stage: "… the same statement compiled once, parameters swapped",
      us: perCall(() => ({ ...precompiled, parameters: ["cs_test_x"], queryId: createQueryId() }))
    },
    { key: "decodeState", request: "retrieve", stage: "decode the stored row (`SessionState` schema)", us: perCall(() => decodeState(stored)) },
    { key: "jsonRetrieve", request: "retrieve", stage: "JSON.stringify of the response", us: perCall(() => JSON.stringify(state.session)) }
  ]
  void kysely.destroy()
  return stages
}

interface Stage {
  readonly key: string
  readonly request: "create" | "retrieve" | "both"
  readonly stage: string
  readonly us: number
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

const median = (xs: ReadonlyArray<number>) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}
const int = (x: number) => Math.round(x).toLocaleString("en-US")
const fixed = (x: number, d = 1) => x.toFixed(d)
const ms = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1))

interface ReportInput {
  readonly date: string
  readonly machine: string
  readonly pgVersion: string
  readonly loadBefore: ReadonlyArray<number>
  readonly loadAfter: ReadonlyArray<number>
  readonly runs: ReadonlyArray<Run>
  readonly profiles: ReadonlyArray<{ server: ServerName; endpoint: EndpointName; summary: ProfileSummary }>
  readonly stages: ReadonlyArray<Stage>
  readonly shapes: { readonly Till: string; readonly bare: string }
  readonly writes: { readonly Till: Map<string, number>; readonly bare: Map<string, number> }
}

const report = (c: ReportInput, earlier: ReadonlyArray<string>) => {
  const runsOf = (s: ServerName, e: EndpointName) => c.runs.filter((r) => r.server === s && r.endpoint === e)
  const ratios = (e: EndpointName) =>
    Array.from({ length: ROUNDS }, (_, i) => {
      const of = (s: ServerName) => c.runs.find((r) => r.round === i + 1 && r.server === s && r.endpoint === e)!.rps
      return of("Till") / of("bare")
    })
  const totalCpu = (r: Run) => (r.cpu.server + r.cpu.postgres + r.cpu.loadgen) / Math.max(1, r.requests)
  const costRatios = (e: EndpointName) =>
    Array.from({ length: ROUNDS }, (_, i) => {
      const of = (s: ServerName) => totalCpu(c.runs.find((r) => r.round === i + 1 && r.server === s && r.endpoint === e)!)
      return of("bare") / of("Till")
    })
  const perReq = (runs: ReadonlyArray<Run>, f: (r: Run) => number) => median(runs.map((r) => (f(r) * 1000) / Math.max(1, r.requests)))
  const endpoints: ReadonlyArray<EndpointName> = ["create", "retrieve"]
  const servers: ReadonlyArray<ServerName> = ["Till", "bare"]
  const L: Array<string> = []

  L.push("## HTTP", "")
  L.push(
    "**What it measures.** Till's HTTP API end to end, against a bare `node:http` + `pg` server that sends the same SQL",
    "for the same two requests, on the same PostgreSQL database, in the same run:",
    "",
    "| endpoint | request | SQL (both servers) |",
    "|---|---|---|",
    "| create | `POST /v1/checkout/sessions`, form body with one line item (`mode`, `line_items[0][…]`, `success_url`; 260 bytes) | key lookup by hash; one `INSERT` statement with data-modifying CTEs (session row + line item, atomic) |",
    "| retrieve | `GET /v1/checkout/sessions/:id` of sessions created before the clock starts | key lookup by hash; one `SELECT` (the row, its payment intent, its line items aggregated) |",
    "",
    ...(TILL_MODE === "serve"
      ? [
        "*Till* is `till serve` itself (`apps/server/src/main.ts serve`, run with `BENCH_TILL=serve`) in its own process,",
        "with everything `serve` runs beside the API, and its default pool of 10 connections."
      ]
      : [
        "*Till* is the API composed from the server's own layers (`AppLayer.DatabaseLayer`, `DomainLayer`, `HttpLayer`,",
        "with `TillConfig` and the start-up's default account), by `bench/http-till.ts` in its own process, listening on",
        "127.0.0.1, with its default pool of 10 connections. Nothing else runs in it (no queue, worker or expiry sweep),",
        "so a request sends exactly the repositories' SQL; `BENCH_TILL=serve` runs `till serve` itself instead."
      ]),
    "Its request runs the whole pipeline of [http.md](http.md): request id, authentication (the key's",
    "SHA-256, memoized per process, then the lookup), `qs` parsing, strict decoding with the contract's schema, the",
    "use case (ids, `SessionMachine.create`), Kysely, the response.",
    "",
    "*bare* (`bench/http-baseline.ts`, its own process, a `pg.Pool` of 10) is what one writes by hand: it hashes the",
    "key with `node:crypto` on every request and looks it up with Till's statement; it parses the body with `qs`,",
    "checks only the fields it uses (`mode`, one line item with currency, integer amount, name and quantity,",
    "`success_url` a string, the total in range), builds the session and line-item documents literally (the same",
    "fields and sizes as Till's) and sends Till's own insert; for retrieve it sends Till's own select, checks account",
    "and mode and shows an open session past `expires_at` as expired. It does **not** reject unknown parameters or",
    "handle the rest of the parameter set (metadata, installments, `expand`, JSON bodies), honour `Idempotency-Key`,",
    "accept client secrets, decode the stored row with a schema, or answer Stripe's full error envelope. Before",
    "anything is measured the benchmark checks that its three statements are character for character the ones",
    "Till's repositories send, and that both servers answer a create, a retrieve and a bad key alike",
    `(the same fields; ${int(median(runsOf("Till", "create").map((r) => r.bytesPerResponse)))} and ${int(median(runsOf("bare", "create").map((r) => r.bytesPerResponse)))} bytes per create response with headers).`,
    describeWrites(c.writes.Till) === describeWrites(c.writes.bare)
      ? `Counted exactly (20 creates through each), both write the same rows per create: ${describeWrites(c.writes.Till)}.`
      : `**Not the same work:** counted exactly (20 creates through each), Till writes ${describeWrites(c.writes.Till)} per create and the bare server ${describeWrites(c.writes.bare)}; the ratios below compare unequal work.`,
    ""
  )
  L.push(
    `**Method.** \`bench/http.ts\` creates a database \`till_bench_<random>\` (dropped at the end), starts both servers,`,
    `creates ${int(SEED)} sessions through Till for retrieve to read (round robin), warms each server and endpoint up with`,
    `${WARMUP_SECONDS} s of load, then runs ${ROUNDS} rounds of ${SECONDS} s per server and endpoint with autocannon 9 (in the`,
    `benchmark's own process) at ${CONNECTIONS} connections over loopback, swapping which server goes first from round to round.`,
    "req/s counts 2xx answers only; p50 and p99 are autocannon's (whole milliseconds); ratios are taken within a",
    "round and the median is reported. CPU time of each process during each run comes from `/proc`. Then each",
    `server is run once more under \`--cpu-prof\` for the profiles below, and the stages of Till's create are timed alone.`,
    "",
    "```sh",
    "npm run bench:http   # or: npx node --conditions=@till/source bench/http.ts",
    `# TILL_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), BENCH_CONNECTIONS (32),`,
    "# BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (4), BENCH_ROUNDS (3), BENCH_SEED (2000), BENCH_PROFILE (1)",
    "```",
    "",
    `**Machine.** ${c.machine}, PostgreSQL ${c.pgVersion} on the same host (default settings,`,
    "`synchronous_commit` on). Server, PostgreSQL and load generator share the cores, and other jobs were running:",
    `load average ${c.loadBefore.map((x) => x.toFixed(1)).join(" / ")} before, ${c.loadAfter.map((x) => x.toFixed(1)).join(" / ")} after (1/5/15 min).`,
    ""
  )
  L.push(`**Result** (${c.date}, ${ROUNDS} rounds):`, "")
  L.push("| endpoint | server | req/s (median) | range | p50 ms | p99 ms | errors / non-2xx |", "|---|---|---:|---:|---:|---:|---:|")
  for (const e of endpoints) {
    for (const s of servers) {
      const rs = runsOf(s, e)
      const rates = rs.map((r) => r.rps)
      L.push(
        `| ${e} | ${s} | ${int(median(rates))} | ${int(Math.min(...rates))}–${int(Math.max(...rates))} | ${ms(median(rs.map((r) => r.p50)))} | ${ms(median(rs.map((r) => r.p99)))} | ${
          rs.reduce((n, r) => n + r.errors, 0)
        } / ${rs.reduce((n, r) => n + r.non2xx, 0)} |`
      )
    }
  }
  L.push("", "| ratio Till / bare (median of per-round ratios) | value | per-round |", "|---|---:|---:|")
  for (const e of endpoints) {
    const rs = ratios(e)
    L.push(`| ${e}: req/s | **${fixed(median(rs), 2)}** | ${rs.map((x) => fixed(x, 2)).join(", ")} |`)
  }
  for (const e of endpoints) {
    const rs = costRatios(e)
    L.push(`| ${e}: CPU cost (bare's / Till's µs per request, server + PostgreSQL + load generator) | ${fixed(median(rs), 2)} | ${rs.map((x) => fixed(x, 2)).join(", ")} |`)
  }
  L.push(
    "",
    "The req/s ratio is the measurement; it moves with whatever else the machine runs during each 10 s run. The",
    "CPU-cost ratio is the one the CPU time alone predicts: bare's CPU per request (server + PostgreSQL + load",
    "generator, from `/proc`, see below) over Till's, which on a CPU-bound machine is the throughput ratio. It moves",
    "less from run to run, so it is the better guide when the two disagree.",
    ""
  )
  if (earlier.length > 0) {
    L.push("The last runs of this benchmark on this machine, this one included (ratios Till / bare, median of the rounds):", "", ...earlier, "")
  }

  L.push(
    "**Where the CPU goes**: CPU time per request (µs, from `/proc`, median over the rounds) of each process on the",
    "machine during each run; `other` is what the machine spent on neither the server, PostgreSQL nor the load",
    "generator (other jobs).",
    "",
    `| endpoint | server | server process (user + system) | PostgreSQL | load generator | other | machine busy (of ${availableParallelism()} cores) |`,
    "|---|---|---:|---:|---:|---:|---:|"
  )
  for (const e of endpoints) {
    for (const s of servers) {
      const rs = runsOf(s, e)
      const other = (r: Run) => r.cpu.busy - r.cpu.server - r.cpu.postgres - r.cpu.loadgen
      L.push(
        `| ${e} | ${s} | ${int(perReq(rs, (r) => r.cpu.server))} (${int(perReq(rs, (r) => r.cpu.serverUser))} + ${int(perReq(rs, (r) => r.cpu.serverSystem))}) | ${int(perReq(rs, (r) => r.cpu.postgres))} | ${int(perReq(rs, (r) => r.cpu.loadgen))} | ${
          int(perReq(rs, other))
        } | ${fixed(median(rs.map((r) => (availableParallelism() * r.cpu.busy) / Math.max(1, r.cpu.total))), 2)} |`
      )
    }
  }
  L.push("")

  const cpuOf = (s: ServerName, e: EndpointName, f: (r: Run) => number) => perReq(runsOf(s, e), f)
  const tillCreate = cpuOf("Till", "create", (r) => r.cpu.server)
  const bareCreate = cpuOf("bare", "create", (r) => r.cpu.server)
  const pgTill = cpuOf("Till", "create", (r) => r.cpu.postgres)
  const pgBare = cpuOf("bare", "create", (r) => r.cpu.postgres)
  L.push(
    `On create, Till's process spends ${int(tillCreate)} µs of CPU per request where the bare server spends ${int(bareCreate)} µs`,
    `(×${fixed(tillCreate / Math.max(bareCreate, 1e-9), 1)}) for the same SQL and the same rows. PostgreSQL spends ${int(pgTill)} µs per create in Till's runs and`,
    `${int(pgBare)} µs in the bare server's, the load generator ${int(cpuOf("Till", "create", (r) => r.cpu.loadgen))} and ${
      int(cpuOf("bare", "create", (r) => r.cpu.loadgen))
    } µs. The server's own CPU is the difference, and on`,
    `${availableParallelism()} shared cores every µs of it is taken from PostgreSQL and the load generator: hence the CPU-cost ratio above.`,
    ""
  )

  if (c.profiles.length > 0) {
    type P = ReportInput["profiles"][number]
    // Sampling is by wall clock: on a saturated machine a thread preempted inside `writev` (waking the receiver
    // on loopback often preempts the writer) keeps being sampled there. So socket writes are left out of the
    // shares, and the shares of the rest are scaled to the process's *user* CPU per request from /proc; the
    // kernel's part (socket I/O, epoll) is the system CPU from /proc.
    const userPerReq = (p: P) => cpuOf(p.server, p.endpoint, (r) => r.cpu.serverUser)
    const systemPerReq = (p: P) => cpuOf(p.server, p.endpoint, (r) => r.cpu.serverSystem)
    const shareOf = (p: P, list: "owners" | "stages", k: string) => (100 * (p.summary[list].find(([x]) => x === k)?.[1] ?? 0)) / p.summary.busyMs
    const usOf = (p: P | undefined, list: "owners" | "stages", k: string) => p === undefined ? 0 : (shareOf(p, list, k) / 100) * userPerReq(p)
    const tillC = c.profiles.find((p) => p.server === "Till" && p.endpoint === "create")
    const bareC = c.profiles.find((p) => p.server === "bare" && p.endpoint === "create")
    const header = c.profiles.map((p) => `${p.server} ${p.endpoint}`)
    L.push(
      "**Profiles.** Each server once more under `--cpu-prof` (sampled every 200 µs), same load, the warm-up left out.",
      "Each sample is charged to the innermost library or application frame on its stack, so JSON, crypto and",
      "node's internals count for whoever called them; node alone (reading sockets, parsing HTTP) only where no other",
      "frame is on the stack. V8 samples by wall clock, and on a saturated machine a thread preempted inside a",
      "socket write (on loopback, `writev` wakes the receiver, which often preempts the writer) keeps being sampled",
      `there (${c.profiles.map((p) => `${fixed((100 * p.summary.socketMs) / (p.summary.socketMs + p.summary.busyMs), 0)} %`).join(", ")} of the samples),`,
      "so those samples are left out, the shares of the rest are scaled to the process's user CPU per request",
      "measured above without the profiler, and the kernel's part is the system CPU from `/proc`. Cells: µs per",
      "request (share of user time).",
      ""
    )
    L.push(`| charged to | ${header.join(" | ")} | create: Till − bare |`)
    L.push(`|---|${header.map(() => "---:").join("|")}|---:|`)
    const owners = [...new Set(c.profiles.flatMap((p) => p.summary.owners.map(([k]) => k)))]
      .sort((a, b) => usOf(tillC, "owners", b) - usOf(tillC, "owners", a))
    for (const k of owners) {
      if (c.profiles.every((p) => shareOf(p, "owners", k) < 0.5)) continue
      L.push(`| ${k} | ${c.profiles.map((p) => `${int(usOf(p, "owners", k))} (${fixed(shareOf(p, "owners", k))} %)`).join(" | ")} | ${
        int(usOf(tillC, "owners", k) - usOf(bareC, "owners", k))
      } |`)
    }
    const both = tillC !== undefined && bareC !== undefined
    L.push(`| *user CPU (from /proc)* | ${c.profiles.map((p) => int(userPerReq(p))).join(" | ")} | ${both ? int(userPerReq(tillC) - userPerReq(bareC)) : ""} |`)
    L.push(`| *system CPU (from /proc): socket I/O, epoll, memory* | ${c.profiles.map((p) => int(systemPerReq(p))).join(" | ")} | ${both ? int(systemPerReq(tillC) - systemPerReq(bareC)) : ""} |`)
    L.push(`| **server CPU per request** | ${c.profiles.map((p) => `**${int(userPerReq(p) + systemPerReq(p))}**`).join(" | ")} | **${
      both ? int(userPerReq(tillC) + systemPerReq(tillC) - userPerReq(bareC) - systemPerReq(bareC)) : ""
    }** |`)
    L.push("", "Stages told apart on the stack, inclusive (a stage includes everything it calls), same scaling:", "")
    L.push(`| stage | ${header.join(" | ")} |`, `|---|${header.map(() => "---:").join("|")}|`)
    for (const [stage] of STAGES) L.push(`| ${stage} | ${c.profiles.map((p) => `${int(usOf(p, "stages", stage))} (${fixed(shareOf(p, "stages", stage))} %)`).join(" | ")} |`)
    for (const p of [tillC, bareC]) {
      if (p === undefined) continue
      L.push("", `Hottest functions of ${p.server}'s create (self time, share of user time): ${
        p.summary.top.map(([f, t]) => `\`${f}\` ${fixed((100 * t) / p.summary.busyMs)} %`).join("; ")
      }.`)
    }
    if (both) {
      const diffs = owners.map((k) => [k, usOf(tillC, "owners", k) - usOf(bareC, "owners", k)] as const)
        .filter(([, d]) => d > 0).sort((a, b) => b[1] - a[1])
      const extra = userPerReq(tillC) + systemPerReq(tillC) - userPerReq(bareC) - systemPerReq(bareC)
      L.push(
        "",
        `**What costs the rest, measured.** Till's create costs ${int(extra)} µs more server CPU per request than the bare one`,
        `(${int(userPerReq(tillC) - userPerReq(bareC))} µs of it user time, ${int(systemPerReq(tillC) - systemPerReq(bareC))} µs system). By the profile, the user time goes to`,
        `${diffs.slice(0, 7).map(([k, d]) => `${k} (+${int(d)} µs)`).join(", ")}.`
      )
    }
    L.push("")
  }

  L.push(
    "**Stages of Till's request, timed alone** (µs per call in one process, no concurrency, after warm-up; what a",
    "request pays for each step before the runtime, the HTTP layer and the driver add theirs):",
    "",
    "| request | stage | µs / call |",
    "|---|---|---:|"
  )
  for (const st of c.stages) L.push(`| ${st.request} | ${st.stage} | ${fixed(st.us, 1)} |`)
  L.push("")

  const us = (key: string) => c.stages.find((st) => st.key === key)?.us ?? 0
  const fnExtra = us("fn") - us("fnUntraced")
  const savings = {
    lookups: us("keyLookup"),
    insert: us("insert"),
    fn: 2 * fnExtra,
    ids: Math.max(0, us("ids") - 1)
  }
  const saved = savings.lookups + savings.insert + savings.fn + savings.ids
  const tillTotal = median(runsOf("Till", "create").map(totalCpu)) * 1000
  const bareTotal = median(runsOf("bare", "create").map(totalCpu)) * 1000
  const costNow = median(costRatios("create"))
  const costAfter = median(Array.from({ length: ROUNDS }, (_, i) => {
    const of = (s: ServerName) => totalCpu(c.runs.find((r) => r.round === i + 1 && r.server === s && r.endpoint === "create")!) * 1000
    return of("bare") / (of("Till") - saved)
  }))
  L.push(
    "**Cheap wins, not made here** (none weakens validation, authentication or the atomic write; µs per create are",
    "from the timings alone above, and under load each costs more, as the profiles show):",
    "",
    `1. *Compile the fixed-shape lookups once* (\`@till/postgres\`: \`findScopeByKeyHash\`, \`findById\`,`,
    "   `findByPaymentIntent`): their text never changes, yet Kysely builds and compiles them on every call. Compile",
    "   each once when the layer is built and run `db.executeQuery({ ...compiled, parameters: [value], queryId:",
    `   createQueryId() })\`: ${fixed(us("keyLookup"))} µs off every authenticated request and ${fixed(us("findById") - us("precompiled"))} µs more off every read.`,
    `2. *The insert's text depends only on the number of line items* (and, for updates, on the intent and the events):`,
    `   building and compiling it costs ${fixed(us("insert"))} µs per create. Caching the text by shape and filling the`,
    "   parameters directly (or at least a constant column list instead of 15 `sql.ref` nodes) removes most of it.",
    `3. *\`Effect.fnUntraced\` on the per-request use cases* (\`@till/core\`: \`Accounts.authenticate\`,`,
    "   `CheckoutSessions.create`, `retrieve`): a named `Effect.fn` makes a span and captures a call-site stack",
    `   (\`new Error()\`) on every call, ${fixed(us("fn"))} µs against ${fixed(us("fnUntraced"))} µs; two such calls per request. Keep the names where a`,
    "   tracer is installed, or make the span optional.",
    `4. *Ids*: two \`Ids.randomBase62\` per create cost ${fixed(us("ids"))} µs (${fixed(us("random"))} µs of it two \`getRandomValues\` calls, the rest`,
    "   the BigInt base conversion). Random bytes drawn from a pooled buffer (one `getRandomValues` per few KiB) and a",
    "   base-62 conversion over 32-bit limbs keep the same format for about 1 µs.",
    "",
    `Together about ${int(saved)} µs of CPU per create (more under load); against the ${int(tillTotal)} µs a create costs all three`,
    `processes now (bare: ${int(bareTotal)} µs), that would move the create CPU-cost ratio from ${fixed(costNow, 2)} to about ${fixed(costAfter, 2)}.`,
    "The rest is the framework, the Effect runtime and its HTTP server: measured separately on this kind of machine,",
    "an Effect `HttpApi` server answers a trivial in-memory GET at about 0.28 of the req/s of bare `node:http`, with",
    "the request logger off.",
    ""
  )
  return L.join("\n")
}

/** Replaces the `## HTTP` section of the doc (or appends it); keeps the last few one-line summaries of earlier runs. */
const writeDoc = (section: (earlier: ReadonlyArray<string>) => string, summaryLine: string) => {
  const doc = readFileSync(docPath, "utf8")
  const start = doc.search(/^## HTTP\s*$/m)
  let before = doc
  let after = ""
  let earlier: Array<string> = []
  if (start >= 0) {
    const rest = doc.slice(start + 1)
    const next = rest.search(/^## /m)
    const end = next < 0 ? doc.length : start + 1 + next
    const old = doc.slice(start, end)
    earlier = old.split("\n").filter((l) => /^- \d{4}-\d\d-\d\d /.test(l))
    before = doc.slice(0, start)
    after = doc.slice(end)
  }
  const lines = [...earlier, summaryLine].slice(-6)
  const text = section(lines)
  writeFileSync(docPath, `${before.replace(/\n*$/, "\n\n")}${text.replace(/\n*$/, "\n")}${after === "" ? "" : `\n${after}`}`)
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

const main = async () => {
  const pgVersion = await serverVersion()
  const loadBefore = loadavg()
  const database = await createBenchDatabase()
  const dbUrl = database.url
  monitor = new pg.Client({ connectionString: adminUrl })
  await monitor.connect()
  const servers: Array<Server> = []
  const watchdog = setTimeout(() => {
    log(`bench/http.ts: over its ${BUDGET_MS / 60_000} min budget, giving up`)
    for (const child of children) child.kill("SIGKILL")
    database.drop().finally(() => process.exit(1))
  }, BUDGET_MS)
  watchdog.unref()
  try {
    // 1. the baseline's statements are Till's
    const till = await tillStatements(dbUrl)
    const norm = (s: string) => s.replace(/\s+/g, " ").trim()
    const expected = [BASELINE_SQL.keyLookup, BASELINE_SQL.insert, BASELINE_SQL.select].map(norm)
    if (till.length !== 3 || till.some((s, i) => norm(s) !== expected[i])) {
      throw new Error(`Till's SQL is no longer the baseline's; update bench/http-baseline.ts:\n${till.join("\n\n")}`)
    }
    log("SQL: the baseline sends Till's three statements")

    // 2. both servers
    // the same pool size as the baseline, and no rate limit: the benchmark is one account going as fast as it can
    const env = { DATABASE_URL: dbUrl, TILL_SECRET_KEY: KEY, POOL: String(POOL), TILL_DB_POOL_SIZE: String(POOL), TILL_RATE_LIMIT_PER_SECOND: "0" }
    const startTill = (nodeArgs: ReadonlyArray<string> = []) =>
      TILL_MODE === "serve"
        ? startServer("Till", "apps/server/src/main.ts", env, nodeArgs, ["serve"])
        : startServer("Till", "bench/http-till.ts", env, nodeArgs)
    const startBare = (nodeArgs: ReadonlyArray<string> = []) => startServer("bare", "bench/http-baseline.ts", env, nodeArgs)
    const tillServer = await startTill() // migrates the database and adds the key
    servers.push(tillServer)
    const bareServer = await startBare()
    servers.push(bareServer)
    const byName = { Till: tillServer, bare: bareServer }

    // 3. sessions to retrieve; both servers answer alike
    const ids = await seed(tillServer, SEED)
    const shapes = { Till: await smoke(tillServer, ids[0]!), bare: await smoke(bareServer, ids[0]!) }
    if (shapes.Till !== shapes.bare) throw new Error(`the servers answer different fields:\n${shapes.Till}\n${shapes.bare}`)
    log(`seeded ${ids.length} sessions; both servers answer alike`)
    const writes = { Till: await writesPerCreate(dbUrl, tillServer, 20), bare: await writesPerCreate(dbUrl, bareServer, 20) }
    const sameWrites = describeWrites(writes.Till) === describeWrites(writes.bare)
    log(`rows per create: Till ${describeWrites(writes.Till)}; bare ${describeWrites(writes.bare)}${sameWrites ? "" : "  <-- NOT THE SAME WORK"}`)

    // 4. warm up, then the rounds
    const endpoints: ReadonlyArray<EndpointName> = ["create", "retrieve"]
    for (const e of endpoints) for (const s of [tillServer, bareServer]) await load(s, e, WARMUP_SECONDS, ids)
    const runs: Array<Run> = []
    for (let round = 1; round <= ROUNDS; round++) {
      const order: ReadonlyArray<ServerName> = round % 2 === 1 ? ["Till", "bare"] : ["bare", "Till"]
      for (const e of endpoints) {
        for (const s of order) {
          const run = await measure(database.name, round, byName[s], e, ids)
          runs.push(run)
          log(
            `round ${round} ${e} ${s}: ${run.rps.toFixed(0)} req/s, p50 ${run.p50} ms, p99 ${run.p99} ms, errors ${run.errors}, non-2xx ${run.non2xx}, ` +
              `CPU ms/req server ${(run.cpu.server / run.requests).toFixed(3)} pg ${(run.cpu.postgres / run.requests).toFixed(3)} loadgen ${
                (run.cpu.loadgen / run.requests).toFixed(3)
              }`
          )
        }
      }
    }
    for (const s of servers.splice(0)) await s.stop()

    // 5. profiles, one server at a time
    const profiles: Array<ReportInput["profiles"][number]> = []
    if (PROFILE) {
      for (const [server, endpoint] of [["Till", "create"], ["bare", "create"], ["Till", "retrieve"], ["bare", "retrieve"]] as const) {
        const summary = await profiled(server, server === "Till" ? startTill : startBare, endpoint, ids)
        profiles.push({ server, endpoint, summary })
      }
    }

    // 6. stages alone
    const stages = stageCosts()

    const cpu = cpus()
    const context: ReportInput = {
      date: new Date().toISOString().slice(0, 10),
      machine: `${availableParallelism()} vCPU ${cpu[0]?.model.trim() ?? ""}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.versions.node}`,
      pgVersion,
      loadBefore,
      loadAfter: loadavg(),
      runs,
      profiles,
      stages,
      shapes,
      writes
    }
    const rateOf = (s: ServerName, e: EndpointName) => median(runs.filter((r) => r.server === s && r.endpoint === e).map((r) => r.rps))
    const ratioOf = (e: EndpointName) =>
      median(Array.from({ length: ROUNDS }, (_, i) => {
        const of = (s: ServerName) => runs.find((r) => r.round === i + 1 && r.server === s && r.endpoint === e)!.rps
        return of("Till") / of("bare")
      }))
    const costOf = (e: EndpointName) =>
      median(Array.from({ length: ROUNDS }, (_, i) => {
        const of = (s: ServerName) => {
          const r = runs.find((x) => x.round === i + 1 && x.server === s && x.endpoint === e)!
          return (r.cpu.server + r.cpu.postgres + r.cpu.loadgen) / Math.max(1, r.requests)
        }
        return of("bare") / of("Till")
      }))
    const summaryLine = `- ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, ${ROUNDS} × ${SECONDS} s${TILL_MODE === "serve" ? ", `till serve`" : ""}: ` +
      `create **${fixed(ratioOf("create"), 2)}** (CPU cost ${fixed(costOf("create"), 2)}; median req/s Till ${int(rateOf("Till", "create"))}, bare ${
        int(rateOf("bare", "create"))
      }), retrieve **${fixed(ratioOf("retrieve"), 2)}** (CPU cost ${fixed(costOf("retrieve"), 2)}; Till ${int(rateOf("Till", "retrieve"))}, bare ${
        int(rateOf("bare", "retrieve"))
      }); load average ${loadBefore[0]!.toFixed(1)} before`
    let printed = ""
    if (WRITE_DOC) {
      writeDoc((earlier) => (printed = report(context, earlier)), summaryLine)
      log(`wrote the HTTP section of ${docPath}`)
    } else printed = report(context, [summaryLine])
    console.log(printed)
  } finally {
    for (const s of servers) await s.stop().catch(() => {})
    for (const child of children) child.kill("SIGKILL")
    await monitor.end().catch(() => {})
    await database.drop()
    clearTimeout(watchdog)
  }
}

await main()
