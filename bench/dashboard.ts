/**
 * Dashboard benchmark (issue 15): the time of the dashboard's pages (the sessions list with each of its
 * filters, a session's page, the events list and an event's page) at 10 k and at 1 M sessions, served by
 * `till serve` on PostgreSQL (HTTP only: `TILL_WORKER=false`), signed in as a merchant user. A page should
 * cost the same at any size, and answer in under 100 ms (the issue's goal).
 *
 * Seeding is bench/list.ts's (bench/SessionSeed.ts: Till's own rows, copied set-based), with each
 * session's amount spread over 1.00–1,000.99 and one in four in EUR, so the currency and amount filters
 * find a share of the sessions; and one `checkout.session.expired` event per expired session, copied from
 * one Till wrote through the API (the session's id replaced inside it).
 *
 *   npm run bench:dashboard   # or: node --conditions=@till/source bench/dashboard.ts
 *
 * Environment: TILL_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres; a database
 * `till_bench_<random>` is created under it and dropped at the end), BENCH_DASHBOARD_SMALL (10000),
 * BENCH_DASHBOARD_LARGE (1000000), BENCH_SESSIONS (a shortcut: the large size, and a tenth of it as the
 * small one), BENCH_DASHBOARD_SEED_SECONDS (600), BENCH_DASHBOARD_SECONDS (5 per page and size),
 * BENCH_DASHBOARD_CONNECTIONS (8), BENCH_QUICK (1: 2,000 and 20,000 sessions, 1 s per page). Prints its
 * section; BENCH_SECTION_FILE / BENCH_RESULT_FILE as the other benchmarks; BENCH_DASHBOARD_DOC=1 also
 * writes the section into docs/dashboard.md (between its `bench:dashboard` markers).
 */
import { execFile } from "node:child_process"
import { readFileSync, writeFileSync } from "node:fs"
import { loadavg } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import pg from "pg"
import { autocannon } from "./Autocannon.ts"
import { createBenchDatabase } from "./BenchDatabase.ts"
import { children, startServer, TILL_MAIN } from "./http/Processes.ts"
import { AUTH, KEY, log, QUICK, RESULT_FILE, root, SECTION_FILE } from "./http/Settings.ts"
import { CHUNK, sessionSeeder } from "./SessionSeed.ts"

const knob = (name: string, full: number, quick: number) => Number(process.env[name] ?? (QUICK ? quick : full))
const SESSIONS = process.env["BENCH_SESSIONS"] === undefined ? undefined : Number(process.env["BENCH_SESSIONS"])
const LARGE = SESSIONS ?? knob("BENCH_DASHBOARD_LARGE", 1_000_000, 20_000)
const SMALL = SESSIONS === undefined ? knob("BENCH_DASHBOARD_SMALL", 10_000, 2_000) : Math.max(100, Math.floor(SESSIONS / 10))
const SEED_SECONDS = knob("BENCH_DASHBOARD_SEED_SECONDS", 600, 120)
const SECONDS = knob("BENCH_DASHBOARD_SECONDS", 5, 1)
const CONNECTIONS = knob("BENCH_DASHBOARD_CONNECTIONS", 8, 8)
const PASSWORD = "bench dashboard passphrase"
const DOC = join(root, "docs", "dashboard.md")
const MARK_START = "<!-- bench:dashboard start -->"
const MARK_END = "<!-- bench:dashboard end -->"

const pad = (g: number) => String(g).padStart(10, "0")
const day = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10)

/** Every page measured, with a query that finds something at any size (`base` is session 0's time). */
const PAGES: ReadonlyArray<readonly [string, (base: number, size: number) => string]> = [
  ["sessions: no filter", () => "/dashboard/sessions"],
  ["sessions: status=complete", () => "/dashboard/sessions?status=complete"],
  ["sessions: status=expired", () => "/dashboard/sessions?status=expired"],
  ["sessions: created from (newer half)", (base, size) => `/dashboard/sessions?from=${day(base + Math.floor(size / 2))}`],
  ["sessions: customer email", () => "/dashboard/sessions?email=buyer7%40example.com"],
  ["sessions: client_reference_id", () => "/dashboard/sessions?reference=order-7"],
  ["sessions: currency=eur", () => "/dashboard/sessions?currency=eur"],
  ["sessions: usd, 500.00–510.00 (1 %)", () => "/dashboard/sessions?currency=usd&min=500&max=510"],
  ["sessions: usd, from 1.00 (all)", () => "/dashboard/sessions?currency=usd&min=1"],
  ["session page (paid, refunds, timeline)", () => `/dashboard/sessions/cs_test_bench${pad(7)}`],
  ["events: no filter", () => "/dashboard/events"],
  ["events: type", () => "/dashboard/events?type=checkout.session.expired"],
  ["events: by object", () => `/dashboard/events?object=cs_test_bench${pad(4)}`],
  ["event page", () => `/dashboard/events/evt_bench${pad(4)}`]
]

interface Measured {
  readonly page: string
  readonly size: number
  readonly rps: number
  readonly p50: number
  readonly p99: number
  readonly failures: number
}

/** Signs in through the form: answers the login cookie's header. */
const signIn = async (base: string, email: string): Promise<string> => {
  const page = await fetch(`${base}/dashboard/login`)
  const nonce = page.headers.getSetCookie().map((c) => c.split(";")[0]!).find((c) => c.startsWith("till_dashboard_login="))!
  const csrf = (await page.text()).match(/name="csrf" value="([^"]*)"/)![1]!
  const answer = await fetch(`${base}/dashboard/login`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: nonce, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrf, email, password: PASSWORD }).toString()
  })
  const login = answer.headers.getSetCookie().map((c) => c.split(";")[0]!).find((c) => c.startsWith("till_dashboard="))
  if (answer.status !== 303 || login === undefined) throw new Error(`sign-in answered ${answer.status}`)
  return login
}

const api = async (base: string, method: string, path: string, body?: Record<string, string>) => {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: AUTH, ...(body === undefined ? {} : { "content-type": "application/x-www-form-urlencoded" }) },
    ...(body === undefined ? {} : { body: new URLSearchParams(body).toString() })
  })
  const json = await r.json() as any
  if (r.status !== 200) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`)
  return json
}

const main = async () => {
  const loadBefore = loadavg()
  const database = await createBenchDatabase()
  const client = new pg.Client({ connectionString: database.url })
  client.on("error", () => {})
  let server: Awaited<ReturnType<typeof startServer>> | undefined
  try {
    server = await startServer("Till", TILL_MAIN, { DATABASE_URL: database.url, TILL_SECRET_KEY: KEY, TILL_WORKER: "false", TILL_RATE_LIMIT_PER_SECOND: "0" }, [], ["serve"])
    await client.connect()
    const account = (await client.query("select account from api_keys limit 1")).rows[0].account as string
    const email = "bench@shop.example"
    await promisify(execFile)(process.execPath, ["--conditions=@till/source", join(root, TILL_MAIN), "users", "create", "--email", email, "--account", account], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: database.url, TILL_USER_PASSWORD: PASSWORD }
    })
    // the event every expired session's copy is made from: one Till wrote, through the API
    const template = await api(server.base, "POST", "/v1/checkout/sessions", {
      mode: "payment",
      success_url: "https://shop.example/thanks",
      "line_items[0][price_data][currency]": "usd",
      "line_items[0][price_data][unit_amount]": "1999",
      "line_items[0][price_data][product_data][name]": "T-shirt",
      "line_items[0][quantity]": "2"
    })
    await api(server.base, "POST", `/v1/checkout/sessions/${template.id}/expire`, {})
    const event = (await api(server.base, "GET", "/v1/events?limit=1&type=checkout.session.expired")).data[0].id as string

    const now = Math.floor(Date.now() / 1000)
    const base = now - LARGE - 3600
    const { seeded, seedTo } = await sessionSeeder({
      client,
      databaseUrl: database.url,
      account,
      base,
      now,
      budgetSeconds: SEED_SECONDS,
      label: "dashboard",
      varied: true,
      // one checkout.session.expired event per expired copy (g % 8 in 4, 5), made when it expired
      afterChunk: async (from, to) => {
        await client.query(
          `insert into events (id, account, livemode, type, created, doc)
           select 'evt_bench' || lpad(g::text, 10, '0'), e.account, e.livemode, e.type, $3::bigint + g + 1800,
             replace(replace(e.doc::text, e.id, 'evt_bench' || lpad(g::text, 10, '0')), $4, 'cs_test_bench' || lpad(g::text, 10, '0'))::json
           from generate_series($1::int, $2::int) g cross join events e where e.id = $5 and g % 8 in (4, 5)`,
          [from, to, base, template.id, event]
        )
      }
    })
    const cookie = await signIn(server.base, email)
    const measure = async (size: number): Promise<Array<Measured>> => {
      const out: Array<Measured> = []
      for (const [page, path] of PAGES) {
        const url = `${server!.base}${path(base, size)}`
        const check = await fetch(url, { headers: { cookie }, redirect: "manual" })
        const html = await check.text()
        const rows = (html.match(/<tr[ >]/g) ?? []).length
        if (check.status !== 200 || /class="alert"/.test(html)) log(`dashboard: ${page} answers ${check.status}${/class="alert"/.test(html) ? " with an alert" : ""}`)
        await autocannon({ url, headers: { cookie }, connections: CONNECTIONS, duration: 1, timeout: 10 }) // warm
        const r = await autocannon({ url, headers: { cookie }, connections: CONNECTIONS, duration: SECONDS, timeout: 10 })
        const m = { page, size, rps: r["2xx"] / r.duration, p50: r.latency.p50, p99: r.latency.p99, failures: r.errors + r.timeouts + r.non2xx }
        log(`dashboard ${size}: ${page} (${rows} rows): ${m.rps.toFixed(0)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms${m.failures > 0 ? `, ${m.failures} failures` : ""}`)
        out.push(m)
      }
      return out
    }
    await seedTo(SMALL)
    const smallSize = seeded.size
    const small = await measure(smallSize)
    await seedTo(LARGE)
    const largeSize = seeded.size
    const large = await measure(largeSize)
    const loadAfter = loadavg()

    const n = (x: number) => x.toLocaleString("en-US")
    const L: Array<string> = [
      "### Timings",
      "",
      `Measured by \`bench/dashboard.ts\` on ${new Date().toISOString().slice(0, 10)}: each page signed in as a merchant, at ${n(smallSize)} and at`,
      `${n(largeSize)} sessions of one account (one \`checkout.session.expired\` event per expired session) on PostgreSQL, served by`,
      `\`till serve\`; 1 s of warm-up and ${SECONDS} s of autocannon at ${CONNECTIONS} connections per page. Seeding is bench/list.ts's`,
      `(chunks of ${n(CHUNK)}), with amounts spread over 1.00–1,000.99 and one session in four in EUR. Load average`,
      `${loadBefore.map((x) => x.toFixed(1)).join(" / ")} before, ${loadAfter.map((x) => x.toFixed(1)).join(" / ")} after. Seeding took ${seeded.seconds.toFixed(0)} s${
        largeSize < LARGE ? ` (**stopped at the ${SEED_SECONDS} s budget**, short of ${n(LARGE)})` : ""
      }.`,
      "",
      `| page | p50 ms at ${n(smallSize)} | p99 ms | p50 ms at ${n(largeSize)} | p99 ms | req/s at ${n(largeSize)} | p99 ratio |`,
      "|---|---:|---:|---:|---:|---:|---:|"
    ]
    for (const [page] of PAGES) {
      const a = small.find((m) => m.page === page)!
      const b = large.find((m) => m.page === page)!
      L.push(`| ${page} | ${a.p50} | ${a.p99} | ${b.p50} | ${b.p99} | ${n(Math.round(b.rps))} | ${(b.p99 / Math.max(1, a.p99)).toFixed(2)} |`)
    }
    const failures = [...small, ...large].reduce((s, m) => s + m.failures, 0)
    const slowest = large.reduce((w, m) => (m.p99 > w.p99 ? m : w))
    L.push("", `Slowest p99 at ${n(largeSize)}: **${slowest.p99} ms** (${slowest.page}).${failures > 0 ? ` **${failures} requests failed.**` : ""}`, "")
    const section = L.join("\n")
    if (SECTION_FILE !== undefined) writeFileSync(SECTION_FILE, section)
    if (RESULT_FILE !== undefined) writeFileSync(RESULT_FILE, JSON.stringify({ smallSize, largeSize, seedSeconds: seeded.seconds, small, large }, null, 2))
    if (process.env["BENCH_DASHBOARD_DOC"] === "1") {
      const doc = readFileSync(DOC, "utf8")
      const start = doc.indexOf(MARK_START)
      const end = doc.indexOf(MARK_END)
      if (start >= 0 && end > start) writeFileSync(DOC, `${doc.slice(0, start + MARK_START.length)}\n${section}\n${doc.slice(end)}`)
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
