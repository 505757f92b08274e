/**
 * List benchmark: one page of `GET /v1/checkout/sessions` for every filter, at 10 k and at 1 M sessions,
 * served by `till serve` (HTTP only: `TILL_WORKER=false`, so no sweep changes the rows under the
 * measurement). A page should cost the same at any size: the figure is the p99 at the large size over the p99
 * at the small one, per filter.
 *
 * Seeding is bulk SQL in the benchmark's own database, shaped exactly as Till writes rows: four template
 * sessions (open, open but past its deadline, expired, complete with its payment intent) are written by
 * Till's own `insertStatement` (from states made by the core's state machine), then copied set-based with
 * `generate_series`, each copy with its own id, times, customer, email, payment intent, payment link and
 * reference (the template's id replaced inside its documents). 1/8 of the sessions are open but past their
 * deadline, which read as expired, so `status=expired` has to find them among the open ones.
 *
 *   npm run bench:list   # or: npx node --conditions=@till/source bench/list.ts
 *
 * Environment: TILL_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres; a database
 * `till_bench_<random>` is created under it and dropped at the end), BENCH_LIST_SMALL (10000),
 * BENCH_LIST_LARGE (1000000), BENCH_LIST_SEED_SECONDS (600: seeding stops at this budget and the size reached
 * is reported), BENCH_LIST_SECONDS (5 per filter and size), BENCH_LIST_CONNECTIONS (8), BENCH_QUICK (1: 2,000
 * and 20,000 sessions, 1 s per filter). Writes its section to BENCH_SECTION_FILE and its figures to
 * BENCH_RESULT_FILE when the runner (bench/run.ts) asks; otherwise prints it.
 */
import { writeFileSync } from "node:fs"
import { loadavg } from "node:os"
import pg from "pg"
import { autocannon } from "./Autocannon.ts"
import { createBenchDatabase } from "./BenchDatabase.ts"
import { CHUNK, sessionSeeder } from "./SessionSeed.ts"
import { children, startServer, TILL_MAIN } from "./http/Processes.ts"
import { AUTH, KEY, log, QUICK, RESULT_FILE, SECTION_FILE } from "./http/Settings.ts"

const knob = (name: string, full: number, quick: number) => Number(process.env[name] ?? (QUICK ? quick : full))
const SMALL = knob("BENCH_LIST_SMALL", 10_000, 2_000)
const LARGE = knob("BENCH_LIST_LARGE", 1_000_000, 20_000)
const SEED_SECONDS = knob("BENCH_LIST_SEED_SECONDS", 600, 120)
const SECONDS = knob("BENCH_LIST_SECONDS", 5, 1)
const CONNECTIONS = knob("BENCH_LIST_CONNECTIONS", 8, 8)


/** Every filter a session list takes, with a value that matches some sessions at any size. */
const FILTERS: ReadonlyArray<readonly [string, (base: number, size: number) => string]> = [
  ["none", () => ""],
  ["status=open", () => "status=open"],
  ["status=complete", () => "status=complete"],
  ["status=expired", () => "status=expired"],
  ["created[gte] (newer half)", (base, size) => `created%5Bgte%5D=${base + Math.floor(size / 2)}`],
  ["customer", () => "customer=cus_bench7"],
  ["customer_details[email]", () => "customer_details%5Bemail%5D=buyer7%40example.com"],
  ["payment_intent", () => "payment_intent=pi_bench7"],
  ["payment_link", () => "payment_link=plink_bench10"],
  ["client_reference_id", () => "client_reference_id=order-7"]
]

interface Measured {
  readonly filter: string
  readonly size: number
  readonly rps: number
  readonly p50: number
  readonly p99: number
  readonly failures: number
}

const main = async () => {
  const loadBefore = loadavg()
  const database = await createBenchDatabase()
  const client = new pg.Client({ connectionString: database.url })
  // dropping the database (also when stopped from outside) ends this connection under it
  client.on("error", () => {})
  let server: Awaited<ReturnType<typeof startServer>> | undefined
  try {
    server = await startServer("Till", TILL_MAIN, {
      DATABASE_URL: database.url,
      TILL_SECRET_KEY: KEY,
      TILL_WORKER: "false",
      TILL_RATE_LIMIT_PER_SECOND: "0"
    }, [], ["serve"])
    await client.connect()
    const account = (await client.query("select account from api_keys limit 1")).rows[0].account as string
    const now = Math.floor(Date.now() / 1000)
    const base = now - LARGE - 3600
    const { seeded, seedTo } = await sessionSeeder({ client, databaseUrl: database.url, account, base, now, budgetSeconds: SEED_SECONDS, label: "list" })
    const measure = async (size: number): Promise<Array<Measured>> => {
      const out: Array<Measured> = []
      for (const [filter, query] of FILTERS) {
        const q = query(base, size)
        const url = `${server!.base}/v1/checkout/sessions${q === "" ? "" : `?${q}`}`
        const check = await fetch(url, { headers: { authorization: AUTH } })
        const page = await check.json() as { data?: Array<unknown> }
        if (check.status !== 200 || (page.data?.length ?? 0) === 0) log(`list: ${filter} answers ${check.status} with ${page.data?.length ?? 0} sessions`)
        await autocannon({ url, headers: { authorization: AUTH }, connections: CONNECTIONS, duration: 1, timeout: 10 }) // warm
        const r = await autocannon({ url, headers: { authorization: AUTH }, connections: CONNECTIONS, duration: SECONDS, timeout: 10 })
        const m = { filter, size, rps: r["2xx"] / r.duration, p50: r.latency.p50, p99: r.latency.p99, failures: r.errors + r.timeouts + r.non2xx }
        log(`list ${size}: ${filter}: ${m.rps.toFixed(0)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms${m.failures > 0 ? `, ${m.failures} failures` : ""}`)
        out.push(m)
      }
      return out
    }
    await seedTo(SMALL)
    const smallSeconds = seeded.seconds
    const small = await measure(seeded.size)
    const smallSize = seeded.size
    await seedTo(LARGE)
    const large = await measure(seeded.size)
    const largeSize = seeded.size
    const loadAfter = loadavg()

    const n = (x: number) => x.toLocaleString("en-US")
    const ratios = FILTERS.map(([f]) => {
      const a = small.find((m) => m.filter === f)!
      const b = large.find((m) => m.filter === f)!
      return { filter: f, p99Ratio: b.p99 / Math.max(1, a.p99), rpsRatio: b.rps / Math.max(1e-9, a.rps) }
    })
    const worst = ratios.reduce((w, r) => (r.p99Ratio > w.p99Ratio ? r : w))
    const L: Array<string> = []
    L.push(
      "## Lists",
      "",
      "**What it measures.** One page (10 sessions, newest first) of `GET /v1/checkout/sessions` for every filter, at",
      `${n(smallSize)} and at ${n(largeSize)} sessions of one account, served by \`till serve\` (\`TILL_WORKER=false\`, so no sweep`,
      "changes rows during the measurement). A page should cost the same at any size; the figure is p99 at the large size",
      "over p99 at the small one (the small size is the baseline).",
      "",
      "**Method.** `bench/list.ts` seeds the benchmark's database by bulk SQL shaped exactly as Till writes rows: four",
      "template sessions written by Till's own `insertStatement` (open; open past its deadline, which reads as expired;",
      "expired; complete with its payment intent), copied set-based with `generate_series` in chunks of",
      `${n(CHUNK)}, each copy with its own id, times, customer, email, payment intent, payment link and reference, then \`analyze\`.`,
      `Each filter gets 1 s of warm-up and ${SECONDS} s of autocannon at ${CONNECTIONS} connections. Load average`,
      `${loadBefore.map((x) => x.toFixed(1)).join(" / ")} before, ${loadAfter.map((x) => x.toFixed(1)).join(" / ")} after.`,
      "",
      "```sh",
      "npm run bench:list   # or: npx node --conditions=@till/source bench/list.ts",
      "# BENCH_LIST_SMALL (10000), BENCH_LIST_LARGE (1000000), BENCH_LIST_SEED_SECONDS (600), BENCH_LIST_SECONDS (5),",
      "# BENCH_LIST_CONNECTIONS (8)",
      "```",
      "",
      `**Seeding:** ${n(smallSize)} sessions in ${smallSeconds.toFixed(1)} s; ${n(largeSize)} in ${seeded.seconds.toFixed(1)} s in all${
        largeSize < LARGE ? ` (**stopped at the ${SEED_SECONDS} s budget**, short of ${n(LARGE)})` : ""
      }.`,
      "",
      `| filter | req/s at ${n(smallSize)} | p50 ms | p99 ms | req/s at ${n(largeSize)} | p50 ms | p99 ms | p99 ratio (large / small) |`,
      "|---|---:|---:|---:|---:|---:|---:|---:|"
    )
    for (const [f] of FILTERS) {
      const a = small.find((m) => m.filter === f)!
      const b = large.find((m) => m.filter === f)!
      const r = ratios.find((x) => x.filter === f)!
      L.push(`| ${f} | ${n(Math.round(a.rps))} | ${a.p50} | ${a.p99} | ${n(Math.round(b.rps))} | ${b.p50} | ${b.p99} | **${r.p99Ratio.toFixed(2)}** |`)
    }
    const failures = [...small, ...large].reduce((s, m) => s + m.failures, 0)
    L.push("", `Worst p99 ratio: **${worst.p99Ratio.toFixed(2)}** (${worst.filter}).${failures > 0 ? ` **${failures} requests failed.**` : ""}`, "")
    const section = L.join("\n")
    if (SECTION_FILE !== undefined) writeFileSync(SECTION_FILE, section)
    if (RESULT_FILE !== undefined) {
      const summary = [{
        figure: `list page p99, ${n(largeSize)} vs ${n(smallSize)} sessions, worst filter (${worst.filter})`,
        till: `${large.find((m) => m.filter === worst.filter)!.p99} ms`,
        baseline: `${small.find((m) => m.filter === worst.filter)!.p99} ms`,
        ratio: `**${worst.p99Ratio.toFixed(2)}**`,
        goal: "≤ 1.5"
      }, {
        figure: "list page p99, status=expired",
        till: `${large.find((m) => m.filter === "status=expired")!.p99} ms`,
        baseline: `${small.find((m) => m.filter === "status=expired")!.p99} ms`,
        ratio: ratios.find((r) => r.filter === "status=expired")!.p99Ratio.toFixed(2),
        goal: "≤ 1.5"
      }, { figure: `list seeding, ${n(largeSize)} sessions`, till: `${seeded.seconds.toFixed(1)} s` }]
      writeFileSync(RESULT_FILE, JSON.stringify({ summary, smallSize, largeSize, seedSeconds: seeded.seconds, worst, ratios, small, large }, null, 2))
    }
    console.log(section)
  } finally {
    await server?.stop().catch(() => {})
    for (const child of children) child.kill("SIGKILL")
    await client.end().catch(() => {})
    await database.drop()
  }
}

await main()
