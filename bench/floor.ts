/**
 * The HTTP floor: what a request costs before any of Till's work, so the HTTP benchmark's ratios can be read
 * against what the stack allows. Three servers answer `GET /healthz` with `{"status":"ok"}`, alternating in
 * the same run:
 *
 *   node:http     bench/floor/node-server.ts: the least a Node server can do
 *   Effect HTTP   bench/floor/effect-server.ts: `HttpRouter.serve` over `NodeHttpServer`, one route, nothing else
 *   till serve    `apps/server/src/main.ts serve` (worker on): its `/healthz` goes through Till's router and
 *                 global middleware (CORS, fallback, admission) but touches no database
 *
 * For each: req/s, p99, server CPU per request (from /proc), RSS at rest and at peak; the ratios per round;
 * then the Effect and Till servers once more under `--cpu-prof`, charged to libraries as the HTTP benchmark does.
 *
 *   npm run bench:floor   (or BENCH_ONLY=floor npm run bench)
 *   # BENCH_CONNECTIONS (32), BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (4), BENCH_ROUNDS (3), BENCH_PROFILE (1), BENCH_QUICK
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { loadavg, tmpdir } from "node:os"
import { join } from "node:path"
import { autocannon } from "./Autocannon.ts"
import { createBenchDatabase } from "./BenchDatabase.ts"
import { cpuTimesOf } from "./http/Cpu.ts"
import { children, memoryOf, type Server, startServer, TILL_MAIN } from "./http/Processes.ts"
import { type CpuProfile, summarize } from "./http/Profiles.ts"
import { fixed, int, median } from "./http/Report.ts"
import { CONNECTIONS, KEY, log, PROFILE, RESULT_FILE, ROUNDS, SECONDS, SECTION_FILE, WARMUP_SECONDS } from "./http/Settings.ts"

type Name = "node:http" | "Effect HTTP" | "till serve"
const NAMES: ReadonlyArray<Name> = ["node:http", "Effect HTTP", "till serve"]

interface Run {
  readonly round: number
  readonly server: Name
  readonly rps: number
  readonly p99: number
  readonly non2xx: number
  /** Server CPU per answered request, µs (user, system). */
  readonly user: number
  readonly system: number
}

const hit = (server: Server<Name>, seconds: number) =>
  autocannon({ url: `${server.base}/healthz`, connections: CONNECTIONS, duration: seconds, timeout: 10 })

const measure = async (round: number, server: Server<Name>): Promise<Run> => {
  const before = cpuTimesOf(server.pid)
  const r = await hit(server, SECONDS)
  const after = cpuTimesOf(server.pid)
  const answered = Math.max(1, r["2xx"])
  return {
    round,
    server: server.name,
    rps: r["2xx"] / r.duration,
    p99: r.latency.p99,
    non2xx: r.non2xx + r.errors,
    user: ((after.user - before.user) * 1000) / answered,
    system: ((after.system - before.system) * 1000) / answered
  }
}

const profiled = async (start: (nodeArgs: ReadonlyArray<string>) => Promise<Server<Name>>) => {
  const dir = mkdtempSync(join(tmpdir(), "till-bench-floor-prof-"))
  try {
    const server = await start(["--cpu-prof", `--cpu-prof-dir=${dir}`, "--cpu-prof-interval=200"])
    await hit(server, WARMUP_SECONDS)
    const from = Number(process.hrtime.bigint() / 1000n)
    await hit(server, SECONDS)
    const to = Number(process.hrtime.bigint() / 1000n)
    await server.stop()
    const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"))
    if (file === undefined) throw new Error(`no profile written for ${server.name}`)
    return summarize(JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile, from, to)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const db = await createBenchDatabase()
const servers: Array<Server<Name>> = []
const loadBefore = loadavg()
try {
  const tillEnv = {
    DATABASE_URL: db.url,
    TILL_SECRET_KEY: KEY,
    TILL_RATE_LIMIT_PER_SECOND: "0",
    TILL_CLIENT_RATE_LIMIT_PER_SECOND: "0"
  }
  const starts: Record<Name, (nodeArgs?: ReadonlyArray<string>) => Promise<Server<Name>>> = {
    "node:http": (nodeArgs = []) => startServer<Name>("node:http", "bench/floor/node-server.ts", {}, nodeArgs),
    "Effect HTTP": (nodeArgs = []) => startServer<Name>("Effect HTTP", "bench/floor/effect-server.ts", {}, nodeArgs),
    "till serve": (nodeArgs = []) => startServer<Name>("till serve", TILL_MAIN, tillEnv, nodeArgs, ["serve"])
  }
  for (const name of NAMES) servers.push(await starts[name]())
  await new Promise((resolve) => setTimeout(resolve, 2000))
  const atRest = Object.fromEntries(servers.map((s) => [s.name, memoryOf(s.pid).rss])) as Record<Name, number>
  for (const s of servers) await hit(s, WARMUP_SECONDS)
  const runs: Array<Run> = []
  for (let round = 1; round <= ROUNDS; round++) {
    const order = servers.map((_, i) => servers[(i + round - 1) % servers.length]!)
    for (const s of order) {
      const run = await measure(round, s)
      runs.push(run)
      log(`round ${round} ${s.name}: ${int(run.rps)} req/s, p99 ${run.p99} ms, ${fixed(run.user + run.system)} µs CPU/req`)
    }
  }
  const peaks = Object.fromEntries(servers.map((s) => [s.name, memoryOf(s.pid).peak])) as Record<Name, number>
  for (const s of servers) await s.stop()
  servers.length = 0

  const profiles = PROFILE
    ? { "Effect HTTP": await profiled(starts["Effect HTTP"]), "till serve": await profiled(starts["till serve"]) }
    : undefined

  // 4. the report
  const of = (name: Name) => runs.filter((r) => r.server === name)
  const cpu = (r: Run) => r.user + r.system
  const perRound = (a: Name, b: Name, f: (r: Run) => number) =>
    Array.from({ length: ROUNDS }, (_, i) => {
      const x = runs.find((r) => r.round === i + 1 && r.server === a)
      const y = runs.find((r) => r.round === i + 1 && r.server === b)
      return x !== undefined && y !== undefined ? f(x) / f(y) : Number.NaN
    })
  const ratioRow = (label: string, xs: ReadonlyArray<number>) =>
    `| ${label} | **${fixed(median(xs), 2)}** | ${fixed(Math.min(...xs), 2)}–${fixed(Math.max(...xs), 2)} | ${xs.map((x) => fixed(x, 2)).join(", ")} |`
  const rpsRatio = (a: Name, b: Name) => perRound(a, b, (r) => r.rps)
  const costRatio = (a: Name, b: Name) => perRound(b, a, cpu) // a's req/s per CPU over b's: b's CPU / a's CPU
  const L: Array<string> = []
  L.push(
    "## HTTP floor",
    "",
    "**What it measures.** What a request costs before any of Till's own work, so the HTTP benchmark's ratios can be read",
    "against what the stack allows. Three servers answer `GET /healthz` with `{\"status\":\"ok\"}`, alternating in the same run:",
    "",
    "| server | what it is |",
    "|---|---|",
    "| node:http | `bench/floor/node-server.ts`: `node:http` alone, the least a Node server can do |",
    "| Effect HTTP | `bench/floor/effect-server.ts`: Effect's `HttpRouter.serve` over `NodeHttpServer` (what `till serve` uses), one route, no middleware |",
    "| till serve | `till serve` with its worker; `/healthz` passes Till's router and global middleware (CORS, fallback, admission, request id) and touches no database |",
    "",
    `**Method.** ${ROUNDS} round(s) of ${SECONDS} s per server after ${WARMUP_SECONDS} s of warm-up, autocannon at ${CONNECTIONS} connections over`,
    "loopback in this process, the order rotated each round. CPU per request is the server's user + system time from `/proc` over the",
    "answered requests; RSS from `/proc/<pid>/status` (at rest: 2 s after start, before any load; peak: `VmHWM` at the end).",
    "",
    `Load average (1/5/15 min) ${loadBefore.map((x) => x.toFixed(1)).join(" / ")} before, ${loadavg().map((x) => x.toFixed(1)).join(" / ")} after.`,
    "",
    "| server | req/s (median) | range | p99 ms | errors / non-2xx | server CPU µs/req (user + system) | RSS at rest MiB | peak RSS MiB |",
    "|---|---:|---:|---:|---:|---:|---:|---:|"
  )
  for (const name of NAMES) {
    const rs = of(name)
    L.push(
      `| ${name} | ${int(median(rs.map((r) => r.rps)))} | ${int(Math.min(...rs.map((r) => r.rps)))}–${int(Math.max(...rs.map((r) => r.rps)))} | ${
        median(rs.map((r) => r.p99))
      } | ${rs.reduce((n, r) => n + r.non2xx, 0)} | ${fixed(median(rs.map(cpu)))} (${fixed(median(rs.map((r) => r.user)))} + ${fixed(median(rs.map((r) => r.system)))}) | ${
        int(atRest[name])
      } | ${int(peaks[name])} |`
    )
  }
  L.push(
    "",
    "| ratio (per round, same run) | median | spread (min–max) | rounds |",
    "|---|---:|---:|---|",
    ratioRow("Effect HTTP / node:http (req/s)", rpsRatio("Effect HTTP", "node:http")),
    ratioRow("till serve / Effect HTTP (req/s)", rpsRatio("till serve", "Effect HTTP")),
    ratioRow("till serve / node:http (req/s)", rpsRatio("till serve", "node:http")),
    ratioRow("Effect HTTP / node:http (CPU cost: node's µs/req over Effect's)", costRatio("Effect HTTP", "node:http")),
    ratioRow("till serve / node:http (CPU cost: node's µs/req over Till's)", costRatio("till serve", "node:http")),
    ""
  )
  if (profiles !== undefined) {
    L.push(
      "Each of the two Effect servers once more under `--cpu-prof` (200 µs), the warm-up left out, samples charged to the innermost",
      "library or application frame as in the HTTP benchmark's profile summaries (socket writes left out). Share of busy time:",
      "",
      "| charged to | Effect HTTP | till serve |",
      "|---|---:|---:|"
    )
    const share = (name: "Effect HTTP" | "till serve", owner: string) => {
      const p = profiles[name]
      const ms = p.owners.find(([o]) => o === owner)?.[1] ?? 0
      return `${fixed((100 * ms) / Math.max(p.busyMs, 1e-9))} %`
    }
    const owners = [...new Set([...profiles["Effect HTTP"].owners, ...profiles["till serve"].owners].map(([o]) => o))]
    for (const o of owners) L.push(`| ${o} | ${share("Effect HTTP", o)} | ${share("till serve", o)} |`)
    L.push("")
    for (const name of ["Effect HTTP", "till serve"] as const) {
      const p = profiles[name]
      L.push(`- **${name}**, top 10 functions (self time): ${
        p.top.map(([f, ms]) => `\`${f}\` ${fixed((100 * ms) / Math.max(p.busyMs, 1e-9))} %`).join("; ")
      }.`)
    }
    L.push("")
  }
  const section = L.join("\n")
  process.stdout.write(`${section}\n`)
  const m = (name: Name, f: (r: Run) => number) => median(of(name).map(f))
  const summary = [
    {
      figure: "floor: `GET /healthz`, Effect HTTP alone vs node:http",
      till: `${int(m("Effect HTTP", (r) => r.rps))} req/s, ${fixed(m("Effect HTTP", cpu))} µs CPU`,
      baseline: `${int(m("node:http", (r) => r.rps))} req/s, ${fixed(m("node:http", cpu))} µs CPU`,
      ratio: fixed(median(rpsRatio("Effect HTTP", "node:http")), 2)
    },
    {
      figure: "floor: `GET /healthz`, `till serve` vs node:http",
      till: `${int(m("till serve", (r) => r.rps))} req/s, ${fixed(m("till serve", cpu))} µs CPU`,
      baseline: `${int(m("node:http", (r) => r.rps))} req/s, ${fixed(m("node:http", cpu))} µs CPU`,
      ratio: fixed(median(rpsRatio("till serve", "node:http")), 2)
    },
    {
      figure: "floor: RSS at rest, `till serve` vs Effect HTTP vs node:http",
      till: `${int(atRest["till serve"])} MiB`,
      baseline: `${int(atRest["Effect HTTP"])} / ${int(atRest["node:http"])} MiB`
    }
  ]
  if (SECTION_FILE !== undefined) writeFileSync(SECTION_FILE, section)
  if (RESULT_FILE !== undefined) writeFileSync(RESULT_FILE, JSON.stringify({ summary, runs }))
} finally {
  for (const s of servers) await s.stop().catch(() => {})
  for (const c of children) c.kill("SIGKILL")
  await db.drop()
}
