/**
 * The statistics and the report: medians, per-round ratios and their spread, written as the "HTTP" section
 * of docs/benchmarks.md, and the headline figures for the runner's summary (bench/run.ts).
 */
import { readFileSync, writeFileSync } from "node:fs"
import { availableParallelism } from "node:os"
import { describeWrites, type Run } from "./Load.ts"
import { type ProfileSummary, STAGES } from "./Profiles.ts"
import { CONNECTIONS, docPath, type EndpointName, ROUNDS, SECONDS, SEED, type ServerName, TILL_MODE, WARMUP_SECONDS } from "./Settings.ts"
import type { Stage } from "./Stages.ts"

/** The median of `xs` (NaN when empty). */
export const median = (xs: ReadonlyArray<number>) => {
  if (xs.length === 0) return Number.NaN
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}
/** A whole number with thousands separators. */
export const int = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString("en-US") : "–")
/** `x` with `d` decimals. */
export const fixed = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "–")
const ms = (x: number) => (!Number.isFinite(x) ? "–" : Number.isInteger(x) ? String(x) : x.toFixed(1))

/** Every server, in the order the report shows them. */
export const SERVER_NAMES: ReadonlyArray<ServerName> = ["Till", "bare", "same SQL"]
/** Every measured request. */
export const ENDPOINTS: ReadonlyArray<EndpointName> = ["create", "create + key", "retrieve"]
/** Which servers each request is measured on (the same-SQL baseline has no idempotency to compare). */
export const SERVERS_OF: Record<EndpointName, ReadonlyArray<ServerName>> = {
  create: ["Till", "bare", "same SQL"],
  "create + key": ["Till", "bare"],
  retrieve: ["Till", "bare", "same SQL"]
}
/** The runs profiled with `--cpu-prof`, in the report's column order. */
export const PROFILED: ReadonlyArray<readonly [ServerName, EndpointName]> = [
  ["Till", "create"],
  ["Till", "create + key"],
  ["bare", "create"],
  ["same SQL", "create"],
  ["Till", "retrieve"],
  ["bare", "retrieve"]
]

/** Everything the report is written from. */
export interface ReportInput {
  readonly date: string
  readonly machine: string
  readonly pgVersion: string
  readonly loadBefore: ReadonlyArray<number>
  readonly loadAfter: ReadonlyArray<number>
  readonly runs: ReadonlyArray<Run>
  /** RSS (MiB) of each server right after each of its runs. */
  readonly memory: ReadonlyArray<{ readonly server: ServerName; readonly endpoint: EndpointName; readonly rss: number }>
  /** Peak RSS (MiB, `VmHWM`) of each server from the end of its start-up to the end of the measured runs. */
  readonly peaks: Record<ServerName, number>
  /** Whether the same-SQL baseline still sends Till's statements. */
  readonly sameSql: boolean
  readonly profiles: ReadonlyArray<{ server: ServerName; endpoint: EndpointName; summary: ProfileSummary }>
  readonly stages: ReadonlyArray<Stage>
  readonly shapes: { readonly Till: string; readonly bare: string }
  /** Rows per create: Till's, and the same-SQL baseline's (under `bare` for history's sake). */
  readonly writes: { readonly Till: Map<string, number>; readonly bare: Map<string, number> }
}

/** A ratio between two servers' runs, round by round. */
export interface Ratio {
  readonly label: string
  readonly median: number
  readonly min: number
  readonly max: number
  readonly rounds: ReadonlyArray<number>
}

const runOf = (c: ReportInput, round: number, s: ServerName, e: EndpointName) => c.runs.find((r) => r.round === round && r.server === s && r.endpoint === e)
const runsOf = (c: ReportInput, s: ServerName, e: EndpointName) => c.runs.filter((r) => r.server === s && r.endpoint === e)
const totalCpu = (r: Run) => (r.cpu.server + r.cpu.postgres + r.cpu.loadgen) / Math.max(1, r.requests)

/** `f(a) / f(b)` in each round where both ran. */
const ratio = (c: ReportInput, label: string, a: readonly [ServerName, EndpointName], b: readonly [ServerName, EndpointName], f: (r: Run) => number): Ratio => {
  const rounds: Array<number> = []
  for (let i = 1; i <= ROUNDS; i++) {
    const x = runOf(c, i, ...a)
    const y = runOf(c, i, ...b)
    if (x !== undefined && y !== undefined) rounds.push(f(x) / f(y))
  }
  return { label, median: median(rounds), min: Math.min(...rounds), max: Math.max(...rounds), rounds }
}

const rps = (r: Run) => r.rps
const inverseCpu = (r: Run) => 1 / totalCpu(r)

/** The ratios the report and the summary give, the headline first. */
export const ratios = (c: ReportInput): ReadonlyArray<Ratio> => [
  ratio(c, "create: Till / bare (req/s) — the headline", ["Till", "create"], ["bare", "create"], rps),
  ratio(c, "create + key: Till / bare (req/s)", ["Till", "create + key"], ["bare", "create + key"], rps),
  ratio(c, "retrieve: Till / bare (req/s)", ["Till", "retrieve"], ["bare", "retrieve"], rps),
  ratio(c, "create: Till / same SQL (req/s)", ["Till", "create"], ["same SQL", "create"], rps),
  ratio(c, "retrieve: Till / same SQL (req/s)", ["Till", "retrieve"], ["same SQL", "retrieve"], rps),
  ratio(c, "create + key / create, Till (req/s)", ["Till", "create + key"], ["Till", "create"], rps),
  ratio(c, "create: CPU cost, bare's / Till's (server + PostgreSQL + load generator per request)", ["Till", "create"], ["bare", "create"], inverseCpu),
  ratio(c, "retrieve: CPU cost, bare's / Till's", ["Till", "retrieve"], ["bare", "retrieve"], inverseCpu)
]

/** One line of the runner's summary table (bench/run.ts): a figure, Till's value, its baseline's, their ratio, the goal. */
export interface SummaryRow {
  readonly figure: string
  readonly till: string
  readonly baseline?: string
  readonly ratio?: string
  readonly goal?: string
}

const summaryRows = (c: ReportInput): Array<SummaryRow> => {
  const rs = ratios(c)
  const cell = (s: ServerName, e: EndpointName) => {
    const runs = runsOf(c, s, e)
    return runs.length === 0 ? "–" : `${int(median(runs.map(rps)))} req/s, p99 ${ms(median(runs.map((r) => r.p99)))} ms`
  }
  const spread = (r: Ratio) => `**${fixed(r.median, 2)}** (${fixed(r.min, 2)}–${fixed(r.max, 2)})`
  const till = TILL_MODE === "serve" ? "`till serve`" : "Till (layers only)"
  return [
    { figure: `create, ${till} vs bare JSONB insert`, till: cell("Till", "create"), baseline: cell("bare", "create"), ratio: spread(rs[0]!), goal: "≥ 0.5, p99 ≤ 20 ms" },
    { figure: `create with Idempotency-Key, ${till} vs bare`, till: cell("Till", "create + key"), baseline: cell("bare", "create + key"), ratio: spread(rs[1]!), goal: "≥ 0.4" },
    { figure: `retrieve, ${till} vs bare SELECT`, till: cell("Till", "retrieve"), baseline: cell("bare", "retrieve"), ratio: spread(rs[2]!), goal: "≥ 0.8" },
    { figure: `create, ${till} vs same SQL, no queue`, till: cell("Till", "create"), baseline: cell("same SQL", "create"), ratio: spread(rs[3]!) },
    { figure: `retrieve, ${till} vs same SQL`, till: cell("Till", "retrieve"), baseline: cell("same SQL", "retrieve"), ratio: spread(rs[4]!) },
    { figure: `peak RSS under load, ${till} on PostgreSQL vs bare`, till: `${int(c.peaks.Till)} MiB`, baseline: `${int(c.peaks.bare)} MiB`, goal: "≤ 250 MB" }
  ]
}

/** The figures the runner's summary takes from this benchmark. */
export const figures = (c: ReportInput) => ({
  summary: summaryRows(c),
  mode: TILL_MODE,
  rounds: ROUNDS,
  seconds: SECONDS,
  connections: CONNECTIONS,
  servers: Object.fromEntries(ENDPOINTS.map((e) => [
    e,
    Object.fromEntries(SERVERS_OF[e].map((s) => {
      const rs = runsOf(c, s, e)
      return [s, { rps: median(rs.map(rps)), p50: median(rs.map((r) => r.p50)), p99: median(rs.map((r) => r.p99)), errors: rs.reduce((n, r) => n + r.errors + r.non2xx, 0) }]
    }))
  ])),
  ratios: ratios(c),
  peakRssMiB: c.peaks
})

/** The "HTTP" section of docs/benchmarks.md. */
export const report = (c: ReportInput) => {
  const perReq = (runs: ReadonlyArray<Run>, f: (r: Run) => number) => median(runs.map((r) => (f(r) * 1000) / Math.max(1, r.requests)))
  const L: Array<string> = []
  L.push("## HTTP", "")
  L.push(
    "**What it measures.** Till's HTTP API end to end, as users run it, against two baselines on the same PostgreSQL",
    "database, alternating in the same run:",
    "",
    "| server | what it is |",
    "|---|---|",
    TILL_MODE === "serve"
      ? "| Till | `till serve` (`apps/server/src/main.ts serve`) with its in-process worker (webhook deliveries, expiry), default pool of 10, rate limits off |"
      : "| Till | the API from the server's layers alone (`bench/http-till.ts`, `BENCH_TILL=layers`): no queue, worker or sweep |",
    "| bare | `bench/bare-server.ts`: `node:http` + `pg.Pool` (10); create inserts one ~1 KB JSONB row (`bare_sessions (id, doc jsonb)`) and answers it; retrieve selects it by id. No key lookup, no validation, no idempotency: the hardware's floor for one row per request |",
    `| same SQL | \`bench/http-baseline.ts\`: \`node:http\` + \`pg.Pool\` (10) sending Till's own statements (key lookup, the session insert, the select), no queue${
      c.sameSql ? "; checked character for character against Till's before the run" : "; **its statements no longer match Till's** (the check before the run failed)"
    } |`,
    "",
    "| request | what is sent |",
    "|---|---|",
    "| create | `POST /v1/checkout/sessions`, form body with one line item (`mode`, `line_items[0][…]`, `success_url`; 260 bytes) |",
    "| create + key | the same with a new `Idempotency-Key` header on every request (Till stores the key and the response; bare ignores it) |",
    `| retrieve | \`GET /v1/checkout/sessions/:id\` of ${int(SEED)} sessions created before the clock starts, round robin |`,
    "",
    `Rows per create (20 creates, counted exactly, after 2 s for background work): Till ${describeWrites(c.writes.Till) || "–"}; same SQL ${describeWrites(c.writes.bare) || "–"}.`,
    c.shapes.Till === c.shapes.bare ? "Till and the same-SQL baseline answer with the same fields." : "Till and the same-SQL baseline answer with different fields.",
    ""
  )
  L.push(
    `**Method.** \`bench/http.ts\` creates a database \`till_bench_<random>\` (dropped at the end), starts the three servers,`,
    `seeds the sessions to retrieve, warms every server and request up with ${WARMUP_SECONDS} s of load, then runs ${ROUNDS} round(s) of ${SECONDS} s`,
    `per server and request with autocannon 9 (in the benchmark's own process) at ${CONNECTIONS} connections over loopback,`,
    "rotating which server goes first from round to round. req/s counts 2xx answers only; p50 and p99 are autocannon's",
    "(whole milliseconds). Ratios are taken within a round (the servers ran back to back); the median is the figure and",
    "the spread is the lowest and highest round. CPU time per request of each process comes from `/proc`; RSS from",
    "`/proc/<pid>/status` (`VmRSS` after each run, `VmHWM` for the peak, reset once the servers had started). Then each server runs once more under",
    "`--cpu-prof` for the profile summaries, and the stages of Till's create are timed alone.",
    "",
    "```sh",
    "npm run bench:http   # or: npx node --conditions=@till/source bench/http.ts",
    "# TILL_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), BENCH_CONNECTIONS (32),",
    "# BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (4), BENCH_ROUNDS (3), BENCH_SEED (2000), BENCH_PROFILE (1),",
    "# BENCH_TILL (serve; layers: the API alone), BENCH_QUICK (1: everything shrunk, a smoke run)",
    "```",
    "",
    `**Machine.** ${c.machine}, PostgreSQL ${c.pgVersion} on the same host. Servers, PostgreSQL and load generator share`,
    `the cores; load average ${c.loadBefore.map((x) => x.toFixed(1)).join(" / ")} before, ${c.loadAfter.map((x) => x.toFixed(1)).join(" / ")} after (1/5/15 min).`,
    ""
  )
  L.push(`**Result** (${c.date}, ${ROUNDS} round(s) of ${SECONDS} s):`, "")
  L.push(
    "| request | server | req/s (median) | range | p50 ms | p99 ms | errors / non-2xx | server CPU µs/req | PostgreSQL CPU µs/req |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|"
  )
  for (const e of ENDPOINTS) {
    for (const s of SERVERS_OF[e]) {
      const rs = runsOf(c, s, e)
      if (rs.length === 0) continue
      const rates = rs.map(rps)
      L.push(
        `| ${e} | ${s} | ${int(median(rates))} | ${int(Math.min(...rates))}–${int(Math.max(...rates))} | ${ms(median(rs.map((r) => r.p50)))} | ${
          ms(median(rs.map((r) => r.p99)))
        } | ${rs.reduce((n, r) => n + r.errors, 0)} / ${rs.reduce((n, r) => n + r.non2xx, 0)} | ${int(perReq(rs, (r) => r.cpu.server))} | ${int(perReq(rs, (r) => r.cpu.postgres))} |`
      )
    }
  }
  L.push("", "| ratio (per round, same run) | median | spread (min–max) | rounds |", "|---|---:|---:|---|")
  for (const r of ratios(c)) {
    L.push(`| ${r.label} | **${fixed(r.median, 2)}** | ${fixed(r.min, 2)}–${fixed(r.max, 2)} | ${r.rounds.map((x) => fixed(x, 2)).join(", ")} |`)
  }
  L.push(
    "",
    "The CPU-cost ratio is the throughput ratio the CPU time alone predicts on a CPU-bound machine: it moves less with",
    "other jobs than req/s does, so it is the better guide when the two disagree.",
    ""
  )
  L.push(
    "**Memory** (MiB, from `/proc`): peak RSS over the whole run, and RSS right after each request's runs (median).",
    "",
    `| server | peak RSS | ${ENDPOINTS.map((e) => `after ${e}`).join(" | ")} |`,
    `|---|---:|${ENDPOINTS.map(() => "---:").join("|")}|`
  )
  for (const s of SERVER_NAMES) {
    L.push(`| ${s} | ${int(c.peaks[s])} | ${ENDPOINTS.map((e) => int(median(c.memory.filter((m) => m.server === s && m.endpoint === e).map((m) => m.rss)))).join(" | ")} |`)
  }
  L.push("")

  L.push(
    "**Where the CPU goes**: CPU time per request (µs, from `/proc`, median over the rounds) of each process during",
    "each run; `other` is what the machine spent on neither (other jobs).",
    "",
    `| request | server | server (user + system) | PostgreSQL | load generator | other | machine busy (of ${availableParallelism()} cores) |`,
    "|---|---|---:|---:|---:|---:|---:|"
  )
  for (const e of ENDPOINTS) {
    for (const s of SERVERS_OF[e]) {
      const rs = runsOf(c, s, e)
      if (rs.length === 0) continue
      const other = (r: Run) => r.cpu.busy - r.cpu.server - r.cpu.postgres - r.cpu.loadgen
      L.push(
        `| ${e} | ${s} | ${int(perReq(rs, (r) => r.cpu.server))} (${int(perReq(rs, (r) => r.cpu.serverUser))} + ${int(perReq(rs, (r) => r.cpu.serverSystem))}) | ${
          int(perReq(rs, (r) => r.cpu.postgres))
        } | ${int(perReq(rs, (r) => r.cpu.loadgen))} | ${int(perReq(rs, other))} | ${
          fixed(median(rs.map((r) => (availableParallelism() * r.cpu.busy) / Math.max(1, r.cpu.total))), 2)
        } |`
      )
    }
  }
  L.push("")

  L.push("### Profile summaries", "")
  if (c.profiles.length === 0) L.push("Not taken in this run (`BENCH_PROFILE=0`, or every profiled run failed).", "")
  else {
    type P = ReportInput["profiles"][number]
    // Sampling is by wall clock: on a saturated machine a thread preempted inside `writev` (waking the receiver
    // on loopback often preempts the writer) keeps being sampled there. So socket writes are left out of the
    // shares, and the shares of the rest are scaled to the process's *user* CPU per request from /proc.
    const userPerReq = (p: P) => perReq(runsOf(c, p.server, p.endpoint), (r) => r.cpu.serverUser)
    const systemPerReq = (p: P) => perReq(runsOf(c, p.server, p.endpoint), (r) => r.cpu.serverSystem)
    const shareOf = (p: P, list: "owners" | "stages", k: string) => (100 * (p.summary[list].find(([x]) => x === k)?.[1] ?? 0)) / Math.max(1e-9, p.summary.busyMs)
    const usOf = (p: P, list: "owners" | "stages", k: string) => (shareOf(p, list, k) / 100) * userPerReq(p)
    const header = c.profiles.map((p) => `${p.server} ${p.endpoint}`)
    const first = c.profiles[0]!
    L.push(
      "Each server once more under `--cpu-prof` (sampled every 200 µs), same load, the warm-up left out. Each sample is",
      "charged to the innermost library or application frame on its stack (JSON, crypto and node's internals count for",
      "whoever called them). Samples inside socket writes are left out (wall-clock sampling keeps a preempted writer",
      `there: ${c.profiles.map((p) => `${fixed((100 * p.summary.socketMs) / Math.max(1e-9, p.summary.socketMs + p.summary.busyMs), 0)} %`).join(", ")} of the samples),`,
      "and the shares of the rest are scaled to the user CPU per request measured above without the profiler. Cells:",
      "µs per request (share of user time).",
      ""
    )
    L.push(`| charged to | ${header.join(" | ")} |`, `|---|${header.map(() => "---:").join("|")}|`)
    const owners = [...new Set(c.profiles.flatMap((p) => p.summary.owners.map(([k]) => k)))].sort((a, b) => usOf(first, "owners", b) - usOf(first, "owners", a))
    for (const k of owners) {
      if (c.profiles.every((p) => shareOf(p, "owners", k) < 0.5)) continue
      L.push(`| ${k} | ${c.profiles.map((p) => `${int(usOf(p, "owners", k))} (${fixed(shareOf(p, "owners", k))} %)`).join(" | ")} |`)
    }
    L.push(`| *user CPU (from /proc)* | ${c.profiles.map((p) => int(userPerReq(p))).join(" | ")} |`)
    L.push(`| *system CPU (from /proc)* | ${c.profiles.map((p) => int(systemPerReq(p))).join(" | ")} |`)
    L.push(`| **server CPU per request** | ${c.profiles.map((p) => `**${int(userPerReq(p) + systemPerReq(p))}**`).join(" | ")} |`)
    L.push("", "Stages told apart on the stack, inclusive (a stage includes everything it calls), same scaling:", "")
    L.push(`| stage | ${header.join(" | ")} |`, `|---|${header.map(() => "---:").join("|")}|`)
    for (const [stage] of STAGES) L.push(`| ${stage} | ${c.profiles.map((p) => `${int(usOf(p, "stages", stage))} (${fixed(shareOf(p, "stages", stage))} %)`).join(" | ")} |`)
    L.push("", "Top 10 functions of each profile (self time, share of user time):", "")
    for (const p of c.profiles) {
      L.push(`- **${p.server} ${p.endpoint}**: ${p.summary.top.map(([f, t]) => `\`${f}\` ${fixed((100 * t) / Math.max(1e-9, p.summary.busyMs))} %`).join("; ")}.`)
    }
    L.push("")
  }

  L.push(
    "**Stages of Till's request, timed alone** (µs per call in one process, no concurrency, after warm-up):",
    "",
    "| request | stage | µs / call |",
    "|---|---|---:|"
  )
  for (const st of c.stages) L.push(`| ${st.request} | ${st.stage} | ${fixed(st.us, 1)} |`)
  L.push("")
  return L.join("\n")
}

/** Replaces the `## HTTP` section of the doc (or appends it), when the benchmark runs alone. */
export const writeDoc = (section: string) => {
  const doc = readFileSync(docPath, "utf8")
  const start = doc.search(/^## HTTP\s*$/m)
  let before = doc
  let after = ""
  if (start >= 0) {
    const next = doc.slice(start + 1).search(/^## /m)
    const end = next < 0 ? doc.length : start + 1 + next
    before = doc.slice(0, start)
    after = doc.slice(end)
  }
  writeFileSync(docPath, `${before.replace(/\n*$/, "\n\n")}${section.replace(/\n*$/, "\n")}${after === "" ? "" : `\n${after}`}`)
}
