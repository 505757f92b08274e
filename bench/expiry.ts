/**
 * Expiry benchmark: how fast the sweep expires a backlog of due sessions, each with its
 * `checkout.session.expired` event and its webhook fan-out (one endpoint subscribed: a delivery row and
 * its pg-boss job per session). Each worker is a process of its own running the server's Sweeper, as
 * `till worker` does, over PostgreSQL; the sessions are seeded by SQL, already past `expires_at`.
 *
 *   npm run bench:expiry   # or: npx node --conditions=@till/source bench/expiry.ts
 *
 * Environment: TILL_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres; a database
 * `till_bench_<random>` is created under it for each run and dropped after it), BENCH_SIZES (due
 * sessions per run, comma-separated, default "10000,100000"), BENCH_WORKERS (worker processes per run,
 * comma-separated, default "1,2"), BENCH_PROFILE (a directory: each worker writes its CPU profile there).
 *
 * The time is from the moment the workers are told to start (their database pools, pg-boss and the
 * use cases already built) until no session is open; then every session is checked to have exactly one
 * `checkout.session.expired` event, one delivery and one delivery job. Nothing is written to
 * docs/benchmarks.md: the figures are printed.
 */
import { fork } from "node:child_process"
import { writeFileSync } from "node:fs"
import { cpus, loadavg, totalmem } from "node:os"
import { Duration, Effect, Layer, Result, Schema } from "effect"
import { sql } from "kysely"
import { CreateWebhookEndpointParams, SessionMachine, WebhookEndpoints } from "@till/core"
import { Connection, Db } from "@till/postgres"
import { columnsOf, lineItemDocument } from "@till/postgres/SessionRows"
import { Boss, QueueSettings } from "@till/queue"
import { DomainLayer, QueueSinkLayer } from "@till/server/AppLayer"
import * as Sweeper from "@till/server/Sweeper"
import { createBenchDatabase, serverVersion } from "./BenchDatabase.ts"

const SIZES = (process.env["BENCH_SIZES"] ?? "10000,100000").split(",").map(Number)
const WORKERS = (process.env["BENCH_WORKERS"] ?? "1,2").split(",").map(Number)
const PROFILE = process.env["BENCH_PROFILE"] || undefined

const scope = { account: "acct_bench_expiry", livemode: false }
const settings: QueueSettings.QueueSettings = { ...QueueSettings.defaults }

/** What `till worker` builds, minus the Worker's delivery handlers (deliveries are not measured here). */
const app = (url: string) =>
  DomainLayer({ queue: settings }).pipe(
    Layer.provide(QueueSinkLayer),
    Layer.provideMerge(Boss.layer({ backend: "postgres", connectionString: url }, settings)),
    Layer.provideMerge(Connection.layerPostgres(url))
  )

// ---------------------------------------------------------------------------------------------
// A worker process: builds the app, says it is ready, and runs the Sweeper once told to
// ---------------------------------------------------------------------------------------------

const worker = (url: string) =>
  Effect.gen(function*() {
    const context = yield* Layer.build(app(url))
    const go = Effect.callback<void>((resume) => {
      process.once("message", () => resume(Effect.void))
    })
    process.send!("ready")
    yield* go
    const cpu = process.cpuUsage()
    // the sweep's interval only matters once the backlog is gone: a round drains all it finds
    yield* Layer.build(Sweeper.layer(Duration.seconds(1))).pipe(Effect.provide(context))
    yield* Effect.callback<void>((resume) => {
      process.once("message", () => resume(Effect.void))
    })
    const used = process.cpuUsage(cpu)
    process.send!({ cpuMs: (used.user + used.system) / 1000 })
  }).pipe(Effect.scoped)

// ---------------------------------------------------------------------------------------------
// The parent: a fresh database per run, seeded, then N workers sweep it
// ---------------------------------------------------------------------------------------------

/** One realistic open session (one line item, e-mail, metadata), as the state machine makes it. */
const template = (now: number) => {
  const result = SessionMachine.create({
    account: scope.account,
    livemode: false,
    params: {
      line_items: [{ price_data: { currency: "usd", unit_amount: 1999, product_data: { name: "T-shirt" } }, quantity: 2 }],
      customer_email: "buyer@example.com",
      success_url: "https://shop.example/thanks",
      metadata: { order: "1" }
    },
    id: "cs_test_template",
    client_secret: "cs_test_template_secret_x",
    payment_link: null,
    now
  })
  if (Result.isFailure(result)) throw result.failure
  return result.success.state
}

/** The endpoint (through the use case, as the API makes it) and `n` sessions due for a day, by SQL. */
const seed = (n: number) =>
  Effect.gen(function*() {
    const endpoints = yield* WebhookEndpoints
    yield* endpoints.create(scope, Schema.decodeUnknownSync(CreateWebhookEndpointParams)({ url: "https://hooks.example/expired", enabled_events: ["checkout.session.expired"] }))
    const { kysely } = yield* Db
    const now = Math.floor(Date.now() / 1000)
    const state = template(now - 2 * 86400)
    const row = columnsOf(state)
    const item = lineItemDocument(state.line_items[0]!)
    yield* Effect.promise(async () => {
      await sql`
        insert into checkout_sessions (id, account, livemode, status, created, expires_at, customer_details_email, client_reference_id, version, doc)
        select 'cs_test_bench' || lpad(i::text, 8, '0'), ${scope.account}, false, 'open', ${row.created}, ${now - 86400} + i % 3600,
          'buyer@example.com', 'order-' || i, 1, ${row.doc}::json
        from generate_series(1, ${n}::int) i`.execute(kysely)
      await sql`
        insert into checkout_session_line_items (session_id, position, doc)
        select 'cs_test_bench' || lpad(i::text, 8, '0'), 0, ${item}::json from generate_series(1, ${n}::int) i`.execute(kysely)
      await sql`analyze`.execute(kysely)
    })
  })

/** What the sweep left: counts that must all equal the number of sessions. */
const check = Db.use(({ kysely }) =>
  Effect.promise(async () => {
    const { rows } = await sql<{ open: string; expired: string; versions: string; events: string; deliveries: string; jobs: string }>`
      select
        (select count(*) from checkout_sessions where status = 'open') as open,
        (select count(*) from checkout_sessions where status = 'expired') as expired,
        (select count(*) from checkout_sessions where version = 2) as versions,
        (select count(distinct doc->'data'->'object'->>'id') from events where type = 'checkout.session.expired') as events,
        (select count(*) from webhook_deliveries) as deliveries,
        (select count(*) from pgboss.job where name like 'till.webhook.%') as jobs`.execute(kysely)
    const r = rows[0]!
    const events = await sql<{ n: string }>`select count(*) as n from events`.execute(kysely)
    return { ...Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)])), allEvents: Number(events.rows[0]!.n) }
  })
)

const noneOpen = Db.use(({ kysely }) =>
  Effect.promise(() => sql<{ any: boolean }>`select exists (select from checkout_sessions where status = 'open') as any`.execute(kysely))
).pipe(Effect.map((r) => !r.rows[0]!.any))

interface Run {
  readonly size: number
  readonly workers: number
  readonly seconds: number
  readonly perSecond: number
  readonly workerCpuSeconds: number
}

const run = (size: number, workers: number) =>
  Effect.gen(function*() {
    const database = yield* Effect.acquireRelease(Effect.promise(createBenchDatabase), (d) => Effect.promise(d.drop))
    return yield* Effect.gen(function*() {
      yield* seed(size)
      const children = Array.from({ length: workers }, () =>
        fork(import.meta.filename, ["worker", database.url], { execArgv: [...process.execArgv, ...(PROFILE === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${PROFILE}`])], stdio: ["ignore", "inherit", "inherit", "ipc"] }))
      yield* Effect.addFinalizer(() => Effect.sync(() => children.forEach((c) => c.kill())))
      const next = (c: (typeof children)[number]) => Effect.callback<unknown>((resume) => void c.once("message", (m) => resume(Effect.succeed(m))))
      yield* Effect.forEach(children, next, { concurrency: "unbounded" })

      const started = performance.now()
      for (const c of children) c.send("go")
      while (!(yield* noneOpen)) yield* Effect.sleep("20 millis")
      const seconds = (performance.now() - started) / 1000
      const cpu = yield* Effect.forEach(children, (c) => Effect.andThen(Effect.sync(() => c.send("stop")), next(c)), { concurrency: "unbounded" })
      const counts = yield* check
      for (const [name, value] of Object.entries(counts)) {
        const expected = name === "open" ? 0 : size
        if (value !== expected) throw new Error(`${name}: ${value}, expected ${expected}`)
      }
      const result: Run = {
        size,
        workers,
        seconds,
        perSecond: size / seconds,
        workerCpuSeconds: cpu.reduce<number>((sum, m) => sum + (m as { cpuMs: number }).cpuMs, 0) / 1000
      }
      return result
    }).pipe(Effect.provide(app(database.url)))
  }).pipe(Effect.scoped)

const main = Effect.gen(function*() {
  const results: Array<Run> = []
  for (const size of SIZES) {
    for (const workers of WORKERS) {
      const r = yield* run(size, workers)
      console.log(
        `${r.size.toLocaleString("en")} due sessions, ${r.workers} worker(s): ${r.seconds.toFixed(2)} s, ${Math.round(r.perSecond).toLocaleString("en")} sessions/s` +
          ` (workers' CPU ${r.workerCpuSeconds.toFixed(1)} s)`
      )
      results.push(r)
    }
  }
  const [load1] = loadavg()
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}, ${Math.round(totalmem() / 2 ** 30)} GiB, PostgreSQL ${yield* Effect.promise(serverVersion)}, ` +
      `load average ${load1!.toFixed(2)} at the end`
  )
  // under the runner (bench/run.ts), the figures for its summary table
  const resultFile = process.env["BENCH_RESULT_FILE"]
  if (resultFile !== undefined) {
    const summary = results.map((r) => ({
      figure: `expiry of ${r.size.toLocaleString("en")} due sessions (event and webhook fan-out each), ${r.workers} worker process(es)`,
      till: `${r.seconds.toFixed(2)} s, ${Math.round(r.perSecond).toLocaleString("en")}/s`,
      ...(r.size === 100_000 ? { goal: "≤ 15 s" } : {})
    }))
    writeFileSync(resultFile, JSON.stringify({ results, summary }, null, 2))
  }
  return results
})

if (process.argv[2] === "worker") {
  Effect.runPromise(worker(process.argv[3]!)).then(() => process.exit(0), (e) => {
    console.error(e)
    process.exit(1)
  })
} else {
  Effect.runPromise(main).then(() => process.exit(0), (e) => {
    console.error(e)
    process.exit(1)
  })
}
