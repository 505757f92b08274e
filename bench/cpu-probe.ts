/**
 * CPU per request of `till serve`, for work on a machine shared with other jobs (where req/s means nothing):
 * starts `till serve` on a fresh PostgreSQL database, sends a fixed number of requests of each kind at low
 * concurrency, and prints the server's CPU µs per request (from /proc), PostgreSQL's, and the transactions
 * per request (`pg_stat_database.xact_commit`, one per statement outside a transaction). With
 * `PROBE_PROFILE=1` the server runs under `--cpu-prof` and the probe prints each kind's owners and top
 * functions by share of busy time (see bench/http/Profiles.ts).
 *
 *   nice -n 10 npx node --conditions=@till/source bench/cpu-probe.ts
 *
 * Environment: PROBE_REQUESTS (3000 per kind and round), PROBE_ROUNDS (3), PROBE_CONNECTIONS (8),
 * PROBE_KINDS (create,create + key,retrieve,healthz), PROBE_PROFILE (0), plus TILL_BENCH_DATABASE_URL.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import pg from "pg"
import { autocannon, type LoadOptions } from "./Autocannon.ts"
import { adminUrl, createBenchDatabase } from "./BenchDatabase.ts"
import * as Cpu from "./http/Cpu.ts"
import { seed } from "./http/Load.ts"
import { children, memoryOf, startServer, TILL_MAIN } from "./http/Processes.ts"
import { type CpuProfile, printByKind } from "./http/Profiles.ts"
import { AUTH, CREATE_BODY, KEY, log } from "./http/Settings.ts"

const REQUESTS = Number(process.env["PROBE_REQUESTS"] ?? 3000)
const ROUNDS = Number(process.env["PROBE_ROUNDS"] ?? 3)
const CONNECTIONS = Number(process.env["PROBE_CONNECTIONS"] ?? 8)
const PROFILE = process.env["PROBE_PROFILE"] === "1"
const KINDS = (process.env["PROBE_KINDS"] ?? "create,create + key,retrieve,healthz").split(",")

let keys = 0
const prefix = `probe-${Date.now().toString(36)}`
const options = (base: string, kind: string, ids: ReadonlyArray<string>): Omit<LoadOptions, "connections" | "duration" | "timeout"> => {
  let next = 0
  const create = {
    url: `${base}/v1/checkout/sessions`,
    method: "POST",
    headers: { authorization: AUTH, "content-type": "application/x-www-form-urlencoded" },
    body: CREATE_BODY
  } as const
  if (kind === "create") return create
  if (kind === "create + key") {
    return {
      ...create,
      requests: [{ method: "POST", setupRequest: (r) => ({ ...r, headers: { ...r.headers, "idempotency-key": `${prefix}-${keys++}` } }) }]
    }
  }
  if (kind === "healthz") return { url: `${base}/healthz` }
  return {
    url: `${base}/v1/checkout/sessions`,
    headers: { authorization: AUTH },
    requests: [{ method: "GET", setupRequest: (r) => ({ ...r, path: `/v1/checkout/sessions/${ids[next++ % ids.length]}` }) }]
  }
}
const run = (base: string, kind: string, ids: ReadonlyArray<string>, amount: number) =>
  autocannon({ ...options(base, kind, ids), connections: CONNECTIONS, amount, timeout: 10 } as LoadOptions & { amount: number })

const main = async () => {
  const database = await createBenchDatabase()
  const monitor = new pg.Client({ connectionString: adminUrl })
  await monitor.connect()
  const meter = Cpu.meter(monitor, database.name)
  const dir = mkdtempSync(join(tmpdir(), "till-probe-"))
  const env = {
    DATABASE_URL: database.url,
    PROBE_QUERY_FILE: join(dir, "queries.json"),
    TILL_SECRET_KEY: KEY,
    TILL_RATE_LIMIT_PER_SECOND: "0",
    TILL_CLIENT_RATE_LIMIT_PER_SECOND: "0"
  }
  const queryFile = join(dir, "queries.json")
  const nodeArgs = [
    "--import",
    join(import.meta.dirname, "probe-count-queries.mjs"),
    ...(process.env["PROBE_GC"] === "1" ? ["--expose-gc"] : []),
    ...(process.env["PROBE_NODE_ARGS"] ?? "").split(" ").filter((a) => a !== ""),
    ...(PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${dir}`, "--cpu-prof-interval=100"] : [])
  ]
  try {
    const server = await startServer("Till", TILL_MAIN, env, nodeArgs, ["serve"])
    const ids = await seed(server, 500)
    // statements the server sent, by text (bench/probe-count-queries.mjs writes them on SIGUSR2)
    const statements = async (): Promise<Map<string, number>> => {
      process.kill(server.pid, "SIGUSR2")
      await new Promise((resolve) => setTimeout(resolve, 300))
      return new Map(JSON.parse(readFileSync(queryFile, "utf8")) as Array<[string, number]>)
    }
    const gcOf = (): Record<string, number> | undefined => {
      try {
        return JSON.parse(readFileSync(queryFile + ".gc", "utf8")) as Record<string, number>
      } catch {
        return undefined
      }
    }
    const contexts = (): Record<string, unknown> | undefined => {
      try {
        return JSON.parse(readFileSync(queryFile + ".ctx", "utf8")) as Record<string, unknown>
      } catch {
        return undefined
      }
    }
    const memory = async (when: string) => {
      process.kill(server.pid, "SIGUSR2")
      await new Promise((resolve) => setTimeout(resolve, 300))
      try {
        log(`memory ${when}: ${readFileSync(queryFile + ".mem", "utf8")}`)
      } catch {
        // the preload did not write it
      }
    }
    await memory("after start and seeding")
    for (const kind of KINDS) await run(server.base, kind, ids, Math.min(2000, REQUESTS))
    const windows: Array<{ kind: string; from: number; to: number }> = []
    const statementsOf = new Map<string, Map<string, number>>()
    const results = new Map<string, Array<{ server: number; pg: number; xact: number }>>()
    for (let round = 0; round < ROUNDS; round++) {
      for (const kind of KINDS) {
        const q0 = await statements()
        const g0 = gcOf()
        const c0 = contexts()
        const start = await meter.snapshot(server.pid)
        const from = Number(process.hrtime.bigint() / 1000n)
        const r = await run(server.base, kind, ids, REQUESTS)
        const to = Number(process.hrtime.bigint() / 1000n)
        const use = await meter.since(server.pid, start)
        const q1 = await statements()
        const g1 = gcOf()
        if (g0 !== undefined && g1 !== undefined) {
          const per = (k: string) => (((g1[k] ?? 0) - (g0[k] ?? 0)) * 1000 / r["2xx"]).toFixed(1)
          log(`${kind} round ${round + 1}: GC on the main thread µs/request: minor ${per("minor")}, major ${per("major")}, incremental ${per("incremental")}`)
        }
        const c1 = contexts()
        if (c0 !== undefined && c1 !== undefined && round === 0) {
          const d = (k: string) => ((c1[k] as number) - (c0[k] as number)) / r["2xx"]
          log(`${kind}: context adds ${d("adds").toFixed(2)}, copies ${d("copies").toFixed(2)} (${d("copied").toFixed(0)} entries), flattens ${d("flats").toFixed(2)} (${d("flatCopied").toFixed(0)} entries) per request`)
          const k0 = new Map(c0["keys"] as Array<[string, number]>)
          log(`  keys added: ${(c1["keys"] as Array<[string, number]>).map(([k, n]) => [k, (n - (k0.get(k) ?? 0)) / r["2xx"]] as const).filter(([, n]) => n > 0.01).map(([k, n]) => `${k} ${n.toFixed(2)}`).join(", ")}`)
        }
        const perRequest = new Map<string, number>()
        for (const [text, c] of q1) if (c - (q0.get(text) ?? 0) > 0) perRequest.set(text, (c - (q0.get(text) ?? 0)) / r["2xx"])
        if (round === 0) statementsOf.set(kind, perRequest)
        const n = r["2xx"]
        if (n !== REQUESTS) log(`${kind}: only ${n} of ${REQUESTS} answered 2xx (non-2xx ${r.non2xx}, errors ${r.errors})`)
        windows.push({ kind, from, to })
        const list = results.get(kind) ?? []
        list.push({ server: (use.server * 1000) / n, pg: (use.postgres * 1000) / n, xact: [...perRequest.values()].reduce((a, b) => a + b, 0) })
        results.set(kind, list)
      }
    }
    const median = (xs: Array<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
    console.log(`\n${REQUESTS} requests per kind and round, ${ROUNDS} rounds, ${CONNECTIONS} connections${PROFILE ? ", under --cpu-prof" : ""}`)
    console.log(`kind | server µs/req (median; all) | PostgreSQL µs/req | statements/req`)
    for (const [kind, list] of results) {
      console.log(
        `${kind} | ${median(list.map((l) => l.server)).toFixed(0)} (${list.map((l) => l.server.toFixed(0)).join(", ")}) | ` +
          `${median(list.map((l) => l.pg)).toFixed(0)} | ${median(list.map((l) => l.xact)).toFixed(2)}`
      )
    }
    for (const [kind, m] of statementsOf) {
      console.log(`statements of ${kind} (per request, first round):`)
      for (const [text, c] of [...m].sort((a, b) => b[1] - a[1])) console.log(`  ${c.toFixed(3)}  ${text}`)
    }
    await memory("after the runs")
    console.log(`RSS now ${memoryOf(server.pid).rss.toFixed(0)} MiB, peak ${memoryOf(server.pid).peak.toFixed(0)} MiB`)
    await server.stop()
    if (PROFILE) {
      writeFileSync(join(dir, "windows.json"), JSON.stringify(windows))
      const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"))!
      const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile
      printByKind(profile, windows)
    }
  } finally {
    for (const child of children) child.kill("SIGKILL")
    await monitor.end().catch(() => {})
    await database.drop()
    if (process.env["PROBE_KEEP"] === "1") log(`profile and windows kept in ${dir}`)
    else rmSync(dir, { recursive: true, force: true })
  }
}

await main()
