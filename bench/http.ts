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
 * This file is the run; the rest is under bench/http/: Settings (environment, key, body), Processes (the
 * servers as children), Cpu (/proc), Load (autocannon, seeding, smoke and write checks), Sql (Till's
 * statements, for the baseline), Profiles (`--cpu-prof`), Stages (timings alone), Report (the doc section).
 * The servers themselves are bench/http-till.ts and bench/http-baseline.ts.
 *
 *   cd /work/main && npx node --conditions=@till/source bench/http.ts      (npm run bench:http)
 *
 * Environment: TILL_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres; a database
 * `till_bench_<random>` is created under it and dropped at the end), BENCH_CONNECTIONS (32),
 * BENCH_SECONDS (10 per measured run), BENCH_WARMUP_SECONDS (4), BENCH_ROUNDS (3), BENCH_SEED (2000
 * sessions to retrieve), BENCH_PROFILE (1; 0 skips the profiles), BENCH_WRITE_DOC (1; 0 leaves the doc alone).
 */
import { availableParallelism, cpus, loadavg, totalmem } from "node:os"
import pg from "pg"
import { adminUrl, createBenchDatabase, serverVersion } from "./BenchDatabase.ts"
import { SQL as BASELINE_SQL } from "./http-baseline.ts"
import * as Cpu from "./http/Cpu.ts"
import { describeWrites, load, measure, type Run, seed, smoke, writesPerCreate } from "./http/Load.ts"
import { children, type Server, startServer } from "./http/Processes.ts"
import { profiled } from "./http/Profiles.ts"
import { fixed, int, median, report, type ReportInput, writeDoc } from "./http/Report.ts"
import {
  BUDGET_MS,
  docPath,
  type EndpointName,
  KEY,
  log,
  POOL,
  PROFILE,
  ROUNDS,
  SECONDS,
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
          const run = await measure(cpuMeter, round, byName[s], e, ids)
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
