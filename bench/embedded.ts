/**
 * Embedded benchmark: `till serve` on embedded PGlite (`TILL_DATA_DIR`, no `DATABASE_URL`) beside `till serve`
 * on PostgreSQL, both with the worker on, as users run them:
 *
 *   cold start   spawn to the first successful create, on an empty data directory / a fresh database
 *                (migrations, the default account, the worker's queue set-up included)
 *   warm start   the same, started a second time on the same data
 *   create       req/s, p50, p99 at BENCH_CONNECTIONS (32), the two servers alternating over the rounds
 *   memory       peak RSS (`VmHWM` from /proc) of each server during its cold start, then over its load (the
 *                peak reset after start-up), and RSS after it
 *
 *   npm run bench:embedded   # or: npx node --conditions=@till/source bench/embedded.ts
 *
 * Environment: TILL_BENCH_DATABASE_URL (as the other benchmarks), BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (4),
 * BENCH_ROUNDS (3), BENCH_CONNECTIONS (32), BENCH_QUICK (1: a smoke run). Writes its section to
 * BENCH_SECTION_FILE and its figures to BENCH_RESULT_FILE when the runner (bench/run.ts) asks.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { loadavg, tmpdir } from "node:os"
import { join } from "node:path"
import { createBenchDatabase } from "./BenchDatabase.ts"
import { load } from "./http/Load.ts"
import { children, memoryOf, resetPeak, type Server, startServer, TILL_MAIN } from "./http/Processes.ts"
import { fixed, int, median } from "./http/Report.ts"
import { AUTH, CONNECTIONS, CREATE_BODY, KEY, log, RESULT_FILE, root, ROUNDS, SECONDS, SECTION_FILE, WARMUP_SECONDS } from "./http/Settings.ts"

// The PGlite template `npm run build` makes: a new embedded data directory is copied from it instead of initdb.
const TEMPLATE = join(root, "packages", "postgres", "dist", "pglite-template.tar.gz")

type Backend = "PostgreSQL" | "PGlite"

/** Starts `till serve` and answers it with the ms from spawn to its first successful create. */
const startTimed = async (env: Record<string, string | undefined>): Promise<{ server: Server; startMs: number }> => {
  const server = await startServer("Till", TILL_MAIN, {
    TILL_SECRET_KEY: KEY,
    TILL_RATE_LIMIT_PER_SECOND: "0",
    TILL_CLIENT_RATE_LIMIT_PER_SECOND: "0",
    ...env
  }, [], ["serve"])
  for (;;) {
    const res = await fetch(`${server.base}/v1/checkout/sessions`, {
      method: "POST",
      headers: { authorization: AUTH, "content-type": "application/x-www-form-urlencoded" },
      body: CREATE_BODY
    }).catch(() => undefined)
    if (res !== undefined) await res.arrayBuffer()
    if (res?.status === 200) return { server, startMs: performance.now() - server.spawnedAt }
    if (performance.now() - server.spawnedAt > 120_000) throw new Error(`no successful create within 120 s (last status ${res?.status})`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

interface Measured {
  readonly backend: Backend
  readonly round: number
  readonly rps: number
  readonly p50: number
  readonly p99: number
  readonly failures: number
}

const main = async () => {
  const loadBefore = loadavg()
  const database = await createBenchDatabase()
  const dataDir = mkdtempSync(join(tmpdir(), "till-bench-embedded-"))
  const envOf: Record<Backend, Record<string, string | undefined>> = {
    PostgreSQL: { DATABASE_URL: database.url, TILL_DATA_DIR: undefined },
    PGlite: { DATABASE_URL: undefined, TILL_DATA_DIR: dataDir }
  }
  const backends: ReadonlyArray<Backend> = ["PostgreSQL", "PGlite"]
  const running = new Map<Backend, Server>()
  try {
    const cold = {} as Record<Backend, number>
    const startPeak = {} as Record<Backend, number>
    let peaksReset = true
    for (const b of backends) {
      const { server, startMs } = await startTimed(envOf[b])
      cold[b] = startMs
      running.set(b, server)
      // the start-up's peak (PGlite's initdb) apart from the load's
      startPeak[b] = memoryOf(server.pid).peak
      peaksReset &&= resetPeak(server.pid)
      log(`embedded: ${b} cold start ${startMs.toFixed(0)} ms, peak RSS ${startPeak[b].toFixed(0)} MiB`)
    }
    for (const b of backends) await load(running.get(b)!, "create", WARMUP_SECONDS, [])
    const runs: Array<Measured> = []
    const rss = {} as Record<Backend, Array<number>>
    for (let round = 1; round <= ROUNDS; round++) {
      for (const b of round % 2 === 1 ? backends : [...backends].reverse()) {
        const r = await load(running.get(b)!, "create", SECONDS, [])
        const m = { backend: b, round, rps: r["2xx"] / r.duration, p50: r.latency.p50, p99: r.latency.p99, failures: r.errors + r.timeouts + r.non2xx }
        runs.push(m)
        ;(rss[b] ??= []).push(memoryOf(running.get(b)!.pid).rss)
        log(`embedded round ${round} ${b}: ${m.rps.toFixed(0)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms`)
      }
    }
    const peak = Object.fromEntries(backends.map((b) => [b, memoryOf(running.get(b)!.pid).peak])) as Record<Backend, number>
    for (const b of backends) {
      await running.get(b)!.stop()
      running.delete(b)
    }
    const warm = {} as Record<Backend, number>
    for (const b of backends) {
      const { server, startMs } = await startTimed(envOf[b])
      warm[b] = startMs
      log(`embedded: ${b} warm start ${startMs.toFixed(0)} ms`)
      await server.stop()
    }
    const loadAfter = loadavg()

    const of = (b: Backend) => runs.filter((r) => r.backend === b)
    const perRound = Array.from({ length: ROUNDS }, (_, i) => {
      const x = runs.find((r) => r.round === i + 1 && r.backend === "PGlite")!
      const y = runs.find((r) => r.round === i + 1 && r.backend === "PostgreSQL")!
      return x.rps / y.rps
    })
    const ratio = { median: median(perRound), min: Math.min(...perRound), max: Math.max(...perRound) }
    const L = [
      "## Embedded (PGlite), memory and start-up",
      "",
      "**What it measures.** `till serve` on embedded PGlite (`TILL_DATA_DIR`, no `DATABASE_URL`) beside `till serve` on",
      "PostgreSQL (its baseline), both with the worker on: start-up time, create throughput and memory. *Cold start* is",
      "spawn to the first successful create on an empty data directory or a fresh database (migrations, the default",
      "account and the queue's set-up included); *warm start* the same, started again on the same data.",
      existsSync(TEMPLATE)
        ? "The cold start on PGlite copies the PGlite template that `npm run build` made (`packages/postgres/dist/pglite-template.tar.gz`), as an installation does."
        : "**There was no PGlite template** (`npm run build` makes it; `npm run bench` runs it first): the cold start on PGlite ran initdb.",
      "",
      `**Method.** \`bench/embedded.ts\`: both servers started, warmed up ${WARMUP_SECONDS} s, then ${ROUNDS} round(s) of ${SECONDS} s of creates`,
      `at ${CONNECTIONS} connections, the two alternating; RSS from \`/proc/<pid>/status\`: the peak during the cold start`,
      `(\`VmHWM\` when the first create answered), then ${peaksReset ? "the peak over the warm-up and the load (\`VmHWM\` reset after start-up)" : "the peak since start (this kernel did not let \`VmHWM\` be reset)"}, and RSS after each load. Load average ${loadBefore.map((x) => x.toFixed(1)).join(" / ")} before, ${loadAfter.map((x) => x.toFixed(1)).join(" / ")} after.`,
      "",
      "```sh",
      "npm run bench:embedded   # BENCH_SECONDS, BENCH_WARMUP_SECONDS, BENCH_ROUNDS, BENCH_CONNECTIONS as bench:http",
      "```",
      "",
      "| `till serve` on | cold start ms | warm start ms | create req/s (median) | range | p50 ms | p99 ms | failures | peak RSS in cold start MiB | peak RSS under load MiB | RSS after load MiB |",
      "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
      ...backends.map((b) => {
        const rs = of(b)
        const rates = rs.map((r) => r.rps)
        return `| ${b} | ${int(cold[b])} | ${int(warm[b])} | ${int(median(rates))} | ${int(Math.min(...rates))}–${int(Math.max(...rates))} | ${
          median(rs.map((r) => r.p50))
        } | ${median(rs.map((r) => r.p99))} | ${rs.reduce((n, r) => n + r.failures, 0)} | ${int(startPeak[b])} | ${int(peak[b])} | ${int(median(rss[b] ?? []))} |`
      }),
      "",
      `Create on PGlite / on PostgreSQL (per round): **${fixed(ratio.median, 2)}** (spread ${fixed(ratio.min, 2)}–${fixed(ratio.max, 2)}; rounds ${
        perRound.map((x) => fixed(x, 2)).join(", ")
      }).`,
      ""
    ]
    const section = L.join("\n")
    if (SECTION_FILE !== undefined) writeFileSync(SECTION_FILE, section)
    if (RESULT_FILE !== undefined) {
      const cell = (b: Backend) => `${int(median(of(b).map((r) => r.rps)))} req/s, p99 ${median(of(b).map((r) => r.p99))} ms`
      const summary = [
        { figure: "create, `till serve` on PGlite vs on PostgreSQL", till: cell("PGlite"), baseline: cell("PostgreSQL"), ratio: `**${fixed(ratio.median, 2)}** (${fixed(ratio.min, 2)}–${fixed(ratio.max, 2)})`, goal: "≥ 0.5" },
        { figure: "peak RSS under load, PGlite vs PostgreSQL", till: `${int(peak.PGlite)} MiB`, baseline: `${int(peak.PostgreSQL)} MiB`, goal: "≤ 400 MB embedded" },
        { figure: "peak RSS during the cold start, PGlite vs PostgreSQL", till: `${int(startPeak.PGlite)} MiB`, baseline: `${int(startPeak.PostgreSQL)} MiB` },
        { figure: "cold start to first create, PGlite vs PostgreSQL", till: `${int(cold.PGlite)} ms`, baseline: `${int(cold.PostgreSQL)} ms`, goal: "≤ 3 s embedded" },
        { figure: "warm start to first create, PGlite vs PostgreSQL", till: `${int(warm.PGlite)} ms`, baseline: `${int(warm.PostgreSQL)} ms` }
      ]
      writeFileSync(RESULT_FILE, JSON.stringify({ summary, cold, warm, startPeak, peak, ratio, runs }, null, 2))
    }
    console.log(section)
  } finally {
    for (const s of running.values()) await s.stop().catch(() => {})
    for (const child of children) child.kill("SIGKILL")
    rmSync(dataDir, { recursive: true, force: true })
    await database.drop()
  }
}

await main()
