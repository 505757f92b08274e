/**
 * HTTP benchmark: `till serve` (worker on, as users run it; `BENCH_TILL=layers` for the API alone) against
 * two baselines, each in its own process on the same fresh PostgreSQL database, loaded by autocannon from
 * this process over loopback, alternating in the same run:
 *
 *   bare      bench/bare-server.ts: node:http + pg storing one ~1 KB JSONB row per create (the headline's baseline)
 *   same SQL  bench/http-baseline.ts: node:http + pg sending Till's own statements, no queue
 *
 *   create         POST /v1/checkout/sessions         form body with one line item
 *   create + key   the same with a new `Idempotency-Key` header on every request (bare ignores it)
 *   retrieve       GET  /v1/checkout/sessions/:id     ids of sessions created before the clock starts
 *
 * Then it explains the difference: CPU seconds of each process per request (server, PostgreSQL, the
 * load generator) from /proc, a CPU profile of each server under the same load (`--cpu-prof`), and the
 * cost of each stage of Till's create measured alone. Prints the results and writes them as the "HTTP"
 * section of docs/benchmarks.md (replacing it), or, under the runner (bench/run.ts), to BENCH_SECTION_FILE with
 * the headline figures as JSON in BENCH_RESULT_FILE. Peak RSS of each server comes from /proc.
 *
 * This file is the run; the rest is under bench/http/: Settings (environment, key, body), Processes (the
 * servers as children), Cpu (/proc), Load (autocannon, seeding, smoke and write checks), Sql (Till's
 * statements, for the baseline), Profiles (`--cpu-prof`), Stages (timings alone), Report (the doc section).
 * The servers themselves are apps/server (`till serve`), bench/bare-server.ts, bench/http-baseline.ts and
 * bench/http-till.ts (`BENCH_TILL=layers`).
 *
 *   cd /work/main && npx node --conditions=@till/source bench/http.ts      (npm run bench:http)
 *
 * Environment: TILL_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres; a database
 * `till_bench_<random>` is created under it and dropped at the end), BENCH_CONNECTIONS (32),
 * BENCH_SECONDS (10 per measured run), BENCH_WARMUP_SECONDS (4), BENCH_ROUNDS (3), BENCH_SEED (2000
 * sessions to retrieve), BENCH_PROFILE (1; 0 skips the profiles), BENCH_WRITE_DOC (1; 0 leaves the doc alone),
 * BENCH_QUICK (1 shrinks everything: a smoke run).
 */
import { writeFileSync } from "node:fs"
import { availableParallelism, cpus, loadavg, totalmem } from "node:os"
import pg from "pg"
import { adminUrl, createBenchDatabase, serverVersion } from "./BenchDatabase.ts"
import { SQL as BASELINE_SQL } from "./http-baseline.ts"
import * as Cpu from "./http/Cpu.ts"
import { describeWrites, load, measure, type Run, seed, smoke, writesPerCreate } from "./http/Load.ts"
import { children, memoryOf, resetPeak, type Server, startServer, TILL_MAIN } from "./http/Processes.ts"
import { profiled } from "./http/Profiles.ts"
import { ENDPOINTS, figures, PROFILED, report, type ReportInput, SERVER_NAMES, SERVERS_OF, writeDoc } from "./http/Report.ts"
import {
  BUDGET_MS,
  docPath,
  type EndpointName,
  KEY,
  log,
  POOL,
  PROFILE,
  RESULT_FILE,
  ROUNDS,
  SECTION_FILE,
  SEED,
  type ServerName,
  TILL_MODE,
  WARMUP_SECONDS,
  WRITE_DOC
} from "./http/Settings.ts"
import { tillStatements } from "./http/Sql.ts"
import { stageCosts } from "./http/Stages.ts"

const main = async () => {
  const pgVersion = await serverVersion()
  const loadBefore = loadavg()
  const database = await createBenchDatabase()
  const dbUrl = database.url
  const monitor = new pg.Client({ connectionString: adminUrl })
  await monitor.connect()
  const cpuMeter = Cpu.meter(monitor, database.name)
  const servers: Array<Server> = []
  const watchdog = setTimeout(() => {
    log(`bench/http.ts: over its ${BUDGET_MS / 60_000} min budget, giving up`)
    for (const child of children) child.kill("SIGKILL")
    database.drop().finally(() => process.exit(1))
  }, BUDGET_MS)
  watchdog.unref()
  try {
    // 1. the same-SQL baseline's statements are Till's
    const till = await tillStatements(dbUrl)
    const norm = (s: string) => s.replace(/\s+/g, " ").trim()
    const expected = [BASELINE_SQL.keyLookup, BASELINE_SQL.insert, BASELINE_SQL.select].map(norm)
    const sameSql = till.length === 3 && till.every((s, i) => norm(s) === expected[i])
    if (!sameSql) log(`Till's SQL is no longer the same-SQL baseline's (update bench/http-baseline.ts):\n${till.join("\n\n")}`)
    else log("SQL: the same-SQL baseline sends Till's three statements")

    // 2. the servers
    // the same pool size for all, and no rate limit: the benchmark is one account going as fast as it can
    const env = {
      DATABASE_URL: dbUrl,
      TILL_SECRET_KEY: KEY,
      POOL: String(POOL),
      TILL_DB_POOL_SIZE: String(POOL),
      TILL_RATE_LIMIT_PER_SECOND: "0",
      TILL_CLIENT_RATE_LIMIT_PER_SECOND: "0"
    }
    const startTill = (nodeArgs: ReadonlyArray<string> = []) =>
      TILL_MODE === "serve"
        ? startServer("Till", TILL_MAIN, env, nodeArgs, ["serve"])
        : startServer("Till", "bench/http-till.ts", env, nodeArgs)
    const starts: Record<ServerName, (nodeArgs?: ReadonlyArray<string>) => Promise<Server>> = {
      Till: startTill,
      bare: (nodeArgs = []) => startServer("bare", "bench/bare-server.ts", env, nodeArgs),
      "same SQL": (nodeArgs = []) => startServer("same SQL", "bench/http-baseline.ts", env, nodeArgs)
    }
    const tillServer = await startTill() // migrates the database and adds the key
    servers.push(tillServer)
    const bareServer = await starts.bare()
    servers.push(bareServer)
    const sqlServer = await starts["same SQL"]()
    servers.push(sqlServer)
    const byName: Record<ServerName, Server> = { Till: tillServer, bare: bareServer, "same SQL": sqlServer }
    // the peaks reported are the load's: start-up (migrations, module loading) left out
    for (const s of servers) resetPeak(s.pid)

    // 3. sessions to retrieve (the same-SQL baseline reads Till's); Till and the same-SQL baseline answer alike
    const tillIds = await seed(tillServer, SEED)
    const ids: Record<ServerName, ReadonlyArray<string>> = { Till: tillIds, bare: await seed(bareServer, SEED), "same SQL": tillIds }
    const shapes = { Till: await smoke(tillServer, tillIds[0]!), bare: await smoke(sqlServer, tillIds[0]!) }
    if (shapes.Till !== shapes.bare) log(`Till and the same-SQL baseline answer different fields:\n${shapes.Till}\n${shapes.bare}`)
    log(`seeded ${SEED} sessions on Till and on bare`)
    const writes = { Till: await writesPerCreate(dbUrl, tillServer, 20), bare: await writesPerCreate(dbUrl, sqlServer, 20) }
    log(`rows per create: Till ${describeWrites(writes.Till)}; same SQL ${describeWrites(writes.bare)}`)

    // 4. warm up, then the rounds, each server of an endpoint right after the others, the order rotated
    for (const e of ENDPOINTS) for (const s of SERVERS_OF[e]) await load(byName[s], e, WARMUP_SECONDS, ids[s])
    const runs: Array<Run> = []
    const memory: Array<{ server: ServerName; endpoint: EndpointName; rss: number }> = []
    for (let round = 1; round <= ROUNDS; round++) {
      for (const e of ENDPOINTS) {
        const list = SERVERS_OF[e]
        const order = list.map((_, i) => list[(i + round - 1) % list.length]!)
        for (const s of order) {
          const run = await measure(cpuMeter, round, byName[s], e, ids[s])
          runs.push(run)
          memory.push({ server: s, endpoint: e, rss: memoryOf(byName[s].pid).rss })
          log(
            `round ${round} ${e} ${s}: ${run.rps.toFixed(0)} req/s, p50 ${run.p50} ms, p99 ${run.p99} ms, errors ${run.errors}, non-2xx ${run.non2xx}, ` +
              `CPU ms/req server ${(run.cpu.server / Math.max(1, run.requests)).toFixed(3)} pg ${(run.cpu.postgres / Math.max(1, run.requests)).toFixed(3)}`
          )
        }
      }
    }
    const peaks = Object.fromEntries(SERVER_NAMES.map((s) => [s, memoryOf(byName[s].pid).peak])) as Record<ServerName, number>
    log(`peak RSS: ${SERVER_NAMES.map((s) => `${s} ${peaks[s].toFixed(0)} MiB`).join(", ")}`)
    for (const s of servers.splice(0)) await s.stop()

    // 5. profiles, one server at a time
    const profiles: Array<ReportInput["profiles"][number]> = []
    if (PROFILE) {
      for (const [server, endpoint] of PROFILED) {
        try {
          const summary = await profiled(server, starts[server], endpoint, ids[server])
          profiles.push({ server, endpoint, summary })
        } catch (e) {
          log(`profile ${server} ${endpoint} failed: ${String(e)}`)
        }
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
      memory,
      peaks,
      sameSql,
      profiles,
      stages,
      shapes,
      writes
    }
    const printed = report(context)
    const results = figures(context)
    if (SECTION_FILE !== undefined) writeFileSync(SECTION_FILE, printed)
    else if (WRITE_DOC) {
      writeDoc(printed)
      log(`wrote the HTTP section of ${docPath}`)
    }
    if (RESULT_FILE !== undefined) writeFileSync(RESULT_FILE, JSON.stringify(results, null, 2))
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
