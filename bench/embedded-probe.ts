/**
 * CPU per create of `till serve` on embedded PGlite, for work on a machine shared with other jobs (where req/s
 * means little): starts `till serve` on a fresh PGlite data directory (and, given PROBE_DATABASE_URL, a second one
 * on that PostgreSQL database), sends a fixed number of creates per round, the servers alternating, and prints
 * each one's CPU ms per create from /proc (PGlite runs in the server's process, so its CPU is the database's too;
 * on PostgreSQL the backends' CPU is added). With `PROBE_PROFILE=1` the PGlite server runs under `--cpu-prof`
 * and the probe prints the owners and top functions of its creates (bench/http/Profiles.ts).
 *
 *   nice -n 10 npx node --conditions=@till/source bench/embedded-probe.ts
 *
 * Environment: PROBE_REQUESTS (3000 per round), PROBE_ROUNDS (3), PROBE_CONNECTIONS (32, as bench:embedded),
 * PROBE_PORT (a free one; the PostgreSQL server takes the next), PROBE_DATABASE_URL (none: PGlite alone),
 * PROBE_PROFILE (0), PROBE_KEEP (1 keeps the profile for bench/probe-self.ts and bench/probe-inclusive.ts),
 * PROBE_BASE_ROOT (another checkout, with its node_modules: its `till serve` on PGlite is measured too, alternating
 * with this one's, for before/after pairs on a loaded machine), PROBE_SECONDS (each round runs this long instead of
 * PROBE_REQUESTS creates, so req/s and the per-round PGlite / PostgreSQL ratio mean what bench:embedded's do).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { loadavg, tmpdir } from "node:os"
import { join, relative } from "node:path"
import { NODE_FLAGS } from "@till/server/NodeFlags"
import pg from "pg"
import { autocannon, type LoadOptions } from "./Autocannon.ts"
import * as Cpu from "./http/Cpu.ts"
import { children, type Server, startServer, TILL_MAIN } from "./http/Processes.ts"
import { type CpuProfile, summarize } from "./http/Profiles.ts"
import { AUTH, CREATE_BODY, KEY, log, root } from "./http/Settings.ts"

const REQUESTS = Number(process.env["PROBE_REQUESTS"] ?? 3000)
const ROUNDS = Number(process.env["PROBE_ROUNDS"] ?? 3)
const CONNECTIONS = Number(process.env["PROBE_CONNECTIONS"] ?? 32)
const PORT = process.env["PROBE_PORT"]
const DATABASE_URL = process.env["PROBE_DATABASE_URL"]
const PROFILE = process.env["PROBE_PROFILE"] === "1"
const BASE_ROOT = process.env["PROBE_BASE_ROOT"]
const SECONDS = process.env["PROBE_SECONDS"] === undefined ? undefined : Number(process.env["PROBE_SECONDS"])

type Backend = "PGlite" | "PGlite (base)" | "PostgreSQL"

const creates = (server: Server, amount: number, seconds?: number) =>
  autocannon({
    url: `${server.base}/v1/checkout/sessions`,
    method: "POST",
    headers: { authorization: AUTH, "content-type": "application/x-www-form-urlencoded" },
    body: CREATE_BODY,
    connections: CONNECTIONS,
    // a fixed number of requests (autocannon ignores `duration` when `amount` is set), or a fixed duration
    ...(seconds === undefined ? { amount } : { duration: seconds }),
    timeout: 10
  } as unknown as LoadOptions)

const main = async () => {
  const dir = mkdtempSync(join(tmpdir(), "till-embedded-probe-"))
  const dataDir = join(dir, "data")
  const monitor = DATABASE_URL === undefined ? undefined : new pg.Client({ connectionString: DATABASE_URL })
  await monitor?.connect()
  const meter = Cpu.meter(monitor!, DATABASE_URL === undefined ? "" : new URL(DATABASE_URL).pathname.slice(1))
  const env = { TILL_SECRET_KEY: KEY, TILL_RATE_LIMIT_PER_SECOND: "0", TILL_CLIENT_RATE_LIMIT_PER_SECOND: "0" }
  const servers = new Map<Backend, Server>()
  try {
    servers.set(
      "PGlite",
      await startServer(
        "Till",
        TILL_MAIN,
        { ...env, DATABASE_URL: undefined, TILL_DATA_DIR: dataDir, PORT },
        PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${dir}`, "--cpu-prof-interval=200"] : [],
        ["serve"]
      )
    )
    if (BASE_ROOT !== undefined) {
      const port = PORT === undefined ? undefined : String(Number(PORT) + 2)
      // started through a path relative to this checkout, with the flags `till serve` gets
      const main = relative(root, join(BASE_ROOT, TILL_MAIN))
      servers.set(
        "PGlite (base)",
        await startServer("Till", main, { ...env, DATABASE_URL: undefined, TILL_DATA_DIR: join(dir, "base-data"), PORT: port }, NODE_FLAGS, ["serve"])
      )
    }
    if (DATABASE_URL !== undefined) {
      const port = PORT === undefined ? undefined : String(Number(PORT) + 1)
      servers.set("PostgreSQL", await startServer("Till", TILL_MAIN, { ...env, DATABASE_URL, TILL_DATA_DIR: undefined, PORT: port }, [], ["serve"]))
    }
    const backends = [...servers.keys()]
    for (const b of backends) await creates(servers.get(b)!, Math.min(2000, REQUESTS))
    const load0 = loadavg()
    const windows: Array<{ kind: string; from: number; to: number }> = []
    const results = new Map<Backend, Array<{ cpuMs: number; serverMs: number; rps: number }>>()
    for (let round = 0; round < ROUNDS; round++) {
      for (const b of round % 2 === 0 ? backends : [...backends].reverse()) {
        const server = servers.get(b)!
        const start = await meter.snapshot(server.pid).catch(() => undefined) ?? { server: Cpu.cpuTimesOf(server.pid) }
        const from = Number(process.hrtime.bigint() / 1000n)
        const r = await creates(server, REQUESTS, SECONDS)
        const to = Number(process.hrtime.bigint() / 1000n)
        const n = r["2xx"]
        if (SECONDS === undefined && n !== REQUESTS) log(`${b}: only ${n} of ${REQUESTS} answered 2xx (non-2xx ${r.non2xx}, errors ${r.errors})`)
        // PGlite runs in the server's process, so its CPU is the database's too; PostgreSQL's backends are added
        const now = Cpu.cpuTimesOf(server.pid)
        const serverCpu = now.user + now.system - start.server.user - start.server.system
        const cpu = b === "PostgreSQL" ? serverCpu + (await meter.since(server.pid, start as Cpu.CpuSnapshot)).postgres : serverCpu
        if (b === "PGlite") windows.push({ kind: "create", from, to })
        // autocannon ends a fixed amount at its next one-second tick, so req/s means something only with PROBE_SECONDS
        const m = { cpuMs: cpu / n, serverMs: serverCpu / n, rps: SECONDS === undefined ? n / ((to - from) / 1e6) : n / r.duration }
        results.set(b, [...(results.get(b) ?? []), m])
        log(`round ${round + 1} ${b}: ${m.cpuMs.toFixed(3)} CPU ms/create (server process ${m.serverMs.toFixed(3)}), ${m.rps.toFixed(0)} req/s`)
      }
    }
    const median = (xs: Array<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
    console.log(`\n${SECONDS === undefined ? `${REQUESTS} creates` : `${SECONDS} s of creates`} per round and server, ${ROUNDS} rounds, ${CONNECTIONS} connections${PROFILE ? ", PGlite under --cpu-prof" : ""}; load average ${load0.map((x) => x.toFixed(1)).join(" / ")} at the start`)
    console.log("server | CPU ms/create (median; all) | of it the server process | creates per CPU-second | req/s (median; all)")
    for (const [b, list] of results) {
      const cpu = median(list.map((l) => l.cpuMs))
      console.log(
        `${b} | ${cpu.toFixed(3)} (${list.map((l) => l.cpuMs.toFixed(3)).join(", ")}) | ${median(list.map((l) => l.serverMs)).toFixed(3)} | ${(1000 / cpu).toFixed(0)} | ${
          median(list.map((l) => l.rps)).toFixed(0)
        } (${list.map((l) => l.rps.toFixed(0)).join(", ")})`
      )
    }
    const pg = results.get("PostgreSQL")
    if (pg !== undefined && SECONDS !== undefined) {
      for (const b of ["PGlite", "PGlite (base)"] as const) {
        const ratios = (results.get(b) ?? []).map((l, i) => l.rps / pg[i]!.rps)
        if (ratios.length > 0) console.log(`${b} / PostgreSQL req/s per round: ${median(ratios).toFixed(2)} (${ratios.map((x) => x.toFixed(2)).join(", ")})`)
      }
    }
    for (const s of servers.values()) await s.stop()
    servers.clear()
    if (PROFILE) {
      writeFileSync(join(dir, "windows.json"), JSON.stringify(windows))
      const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"))!
      const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile
      const parts = windows.map((w) => summarize(profile, w.from, w.to))
      const merge = (pick: (s: (typeof parts)[number]) => ReadonlyArray<readonly [string, number]>) => {
        const m = new Map<string, number>()
        for (const p of parts) for (const [k, v] of pick(p)) m.set(k, (m.get(k) ?? 0) + v)
        return [...m].sort((a, b) => b[1] - a[1])
      }
      const busy = parts.reduce((a, p) => a + p.busyMs, 0)
      console.log(`\n## PGlite create: ${busy.toFixed(0)} ms busy sampled`)
      for (const [k, v] of merge((p) => p.owners)) console.log(`  ${(100 * v / busy).toFixed(1).padStart(5)} %  ${k}`)
      console.log("  top functions (self):")
      for (const [k, v] of merge((p) => p.top).slice(0, 15)) console.log(`  ${(100 * v / busy).toFixed(1).padStart(5)} %  ${k}`)
    }
  } finally {
    for (const s of servers.values()) await s.stop().catch(() => {})
    for (const child of children) child.kill("SIGKILL")
    await monitor?.end().catch(() => {})
    if (process.env["PROBE_KEEP"] === "1") log(`profile and windows kept in ${dir}`)
    else rmSync(dir, { recursive: true, force: true })
  }
}

await main()
