/**
 * Webhook benchmark: how fast committed events reach a receiver. Sessions are expired through the
 * use cases (each write commits a `checkout.session.expired` event, its delivery row and its job in one
 * transaction, as `till serve` does); the worker POSTs them, signed, to a receiver on loopback that
 * answers 200 at once. PostgreSQL, in one process (server side and receiver share the machine).
 *
 *   cd /work/main && npm run bench:webhooks   # or: npx node --conditions=@till/source bench/webhooks.ts
 *
 * Environment: TILL_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres; a database
 * `till_bench_<random>` is created under it and dropped at the end), BENCH_PACED (events in the paced
 * run, default 300), BENCH_RATE (their rate per second, default 30), BENCH_BURST (events in the burst,
 * default 3000), BENCH_CONCURRENCY (callers expiring sessions in the burst, default 32),
 * BENCH_DRAIN (events committed while no worker runs, then drained, default 5000), BENCH_WORKERS
 * (comma-separated worker concurrencies to try, default "4,16,64"), BENCH_SUSTAINED_RATE (500 events/s started on
 * schedule) for BENCH_SUSTAINED_SECONDS (6), BENCH_WRITE (write docs/benchmarks.md, default 1), BENCH_QUICK (1: a
 * smoke run). Under bench/run.ts: BENCH_SECTION_FILE and BENCH_RESULT_FILE.
 *
 * Latency is commit to delivery: from the moment the expiring write returned (its transaction
 * committed) to the moment the receiver had the request. Throughput is deliveries per second from the
 * first commit of the burst to the last delivery. Drain throughput is what one worker process sustains
 * alone: a backlog of BENCH_DRAIN events is committed while no worker runs, then a worker starts and
 * delivers them; deliveries per second from its start to the last delivery.
 */
import { cpus, loadavg, totalmem } from "node:os"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { Effect, Fiber, Layer, Schema } from "effect"
import { createBenchDatabase, serverVersion } from "./BenchDatabase.ts"
import { CheckoutSessions, CreateWebhookEndpointParams, WebhookEndpoints } from "@till/core"
import { Connection, Db } from "@till/postgres"
import { sql } from "kysely"
import { Boss, QueueSettings, Worker } from "@till/queue"
import { DomainLayer, QueueSinkLayer } from "@till/server/AppLayer"

// BENCH_QUICK=1 shrinks everything to a smoke run
const QUICK = process.env["BENCH_QUICK"] === "1"
const PACED = Number(process.env["BENCH_PACED"] ?? (QUICK ? 30 : 300))
const RATE = Number(process.env["BENCH_RATE"] ?? 30)
const BURST = Number(process.env["BENCH_BURST"] ?? (QUICK ? 300 : 3000))
const CONCURRENCY = Number(process.env["BENCH_CONCURRENCY"] ?? 32)
// sustained: events started on schedule at this rate (each expire its own fiber), for this long
const SUSTAINED_RATE = Number(process.env["BENCH_SUSTAINED_RATE"] ?? 500)
const SUSTAINED_SECONDS = Number(process.env["BENCH_SUSTAINED_SECONDS"] ?? (QUICK ? 1 : 6))
const DRAIN = Number(process.env["BENCH_DRAIN"] ?? (QUICK ? 500 : 5000))
const WORKERS = (process.env["BENCH_WORKERS"] ?? (QUICK ? "16" : "4,16,64")).split(",").map(Number)
// under the runner (bench/run.ts) the section and the figures go to the files it names, and the doc is left alone
const SECTION_FILE = process.env["BENCH_SECTION_FILE"]
const RESULT_FILE = process.env["BENCH_RESULT_FILE"]
const WRITE = SECTION_FILE === undefined && (process.env["BENCH_WRITE"] ?? "1") !== "0"

const scope = { account: "acct_bench", livemode: false }

// ---------------------------------------------------------------------------------------------
// The receiver: answers 200 at once and notes when each session's event arrived
// ---------------------------------------------------------------------------------------------

const arrivals = new Map<string, number>()
let received = 0
const receiver = createServer((req, res) => {
  const chunks: Array<Buffer> = []
  req.on("data", (c: Buffer) => chunks.push(c))
  req.on("end", () => {
    const now = performance.now()
    const event = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { data: { object: { id: string } } }
    received++
    if (!arrivals.has(event.data.object.id)) arrivals.set(event.data.object.id, now)
    res.writeHead(200).end()
  })
})

const percentile = (sorted: ReadonlyArray<number>, p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
const ms = (v: number) => v.toFixed(1)

const waitFor = async (what: string, predicate: () => boolean, timeoutMs: number) => {
  const started = Date.now()
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

interface Result {
  readonly workers: number
  readonly paced: { readonly n: number; readonly p50: number; readonly p99: number; readonly max: number }
  readonly sustained: { readonly n: number; readonly failed: number; readonly commitRate: number; readonly p50: number; readonly p99: number }
  readonly burst: { readonly n: number; readonly commitRate: number; readonly deliveryRate: number; readonly p50: number; readonly p99: number }
  readonly drain: { readonly n: number; readonly deliveryRate: number; readonly cpuMsPerDelivery: number; readonly transactionsPerDelivery: number }
}

/** One run with a given worker concurrency, on a fresh database. */
const run = (url: string, workers: number) =>
  Effect.gen(function*() {
    const settings: QueueSettings.QueueSettings = { ...QueueSettings.defaults, concurrency: workers, pollingSeconds: 1 }
    // the worker is started per phase (below), so the drain's backlog can be committed without it
    const app = DomainLayer({ queue: settings }).pipe(
      Layer.provide(QueueSinkLayer),
      Layer.provideMerge(Boss.layer({ backend: "postgres", connectionString: url, poolSize: Math.max(4, workers + 2) }, settings)),
      Layer.provideMerge(Connection.layerPostgres(url, { poolSize: 20 }))
    )
    return yield* Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const endpoints = yield* WebhookEndpoints
      const port = (receiver.address() as AddressInfo).port
      yield* endpoints.create(scope, Schema.decodeUnknownSync(CreateWebhookEndpointParams)({ url: `http://127.0.0.1:${port}/hooks`, enabled_events: ["checkout.session.expired"] }))
      const open = (n: number) =>
        Effect.forEach(Array.from({ length: n }), () => Effect.map(sessions.create(scope, { amount: 1000, currency: "usd" }), (s) => s.session.id), { concurrency: CONCURRENCY })
      const commits = new Map<string, number>()
      const expire = (id: string) => Effect.tap(sessions.expire(scope, id), () => Effect.sync(() => void commits.set(id, performance.now())))

      const withWorker = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
        Effect.scoped(Effect.andThen(Layer.build(Worker.layer), effect))

      const measured = yield* withWorker(Effect.gen(function*() {
      // warm up: connections, queue caches, the JIT
      for (const id of yield* open(50)) yield* expire(id)
      yield* Effect.promise(() => waitFor("warm-up", () => arrivals.size >= 50, 60_000))

      const latencies = (ids: ReadonlyArray<string>) => ids.map((id) => arrivals.get(id)! - commits.get(id)!).sort((a, b) => a - b)

      // paced: one event every 1/RATE s; each is started on time, without waiting for the one before
      // (at a high rate a write takes longer than the gap between two)
      const paced = yield* open(PACED)
      const start = performance.now()
      const writes: Array<Fiber.Fiber<unknown, unknown>> = []
      for (let i = 0; i < paced.length; i++) {
        const due = start + (i * 1000) / RATE
        const wait = due - performance.now()
        if (wait > 0) yield* Effect.sleep(`${wait} millis`)
        writes.push(yield* Effect.forkChild(expire(paced[i]!)))
      }
      yield* Fiber.joinAll(writes)
      yield* Effect.promise(() => waitFor("paced deliveries", () => paced.every((id) => arrivals.has(id)), 120_000))
      const pacedLatency = latencies(paced)

      // sustained: SUSTAINED_RATE events/s, each expire started on schedule without waiting for the ones before
      const sustained = yield* open(Math.round(SUSTAINED_RATE * SUSTAINED_SECONDS))
      const sustainedStart = performance.now()
      const fibers: Array<Fiber.Fiber<unknown, unknown>> = []
      for (let i = 0; i < sustained.length; i++) {
        const wait = sustainedStart + (i * 1000) / SUSTAINED_RATE - performance.now()
        if (wait > 0) yield* Effect.sleep(`${wait} millis`)
        // an expire that fails (the pool's acquire timeout, when the machine cannot keep up) is counted, not fatal
        fibers.push(yield* Effect.forkChild(Effect.exit(expire(sustained[i]!))))
      }
      yield* Fiber.joinAll(fibers)
      const sustainedCommitted = performance.now()
      const committedIds = sustained.filter((id) => commits.has(id))
      yield* Effect.promise(() => waitFor("sustained deliveries", () => committedIds.every((id) => arrivals.has(id)), 300_000))
      const sustainedLatency = latencies(committedIds)

      // burst: everything at once from CONCURRENCY callers
      const burst = yield* open(BURST)
      const burstStart = performance.now()
      yield* Effect.forEach(burst, expire, { concurrency: CONCURRENCY, discard: true })
      const committed = performance.now()
      yield* Effect.promise(() => waitFor("burst deliveries", () => burst.every((id) => arrivals.has(id)), 600_000))
      const last = Math.max(...burst.map((id) => arrivals.get(id)!))
      const burstLatency = latencies(burst)
      return {
        workers,
        paced: { n: paced.length, p50: percentile(pacedLatency, 50), p99: percentile(pacedLatency, 99), max: pacedLatency.at(-1)! },
        sustained: {
          n: committedIds.length,
          failed: sustained.length - committedIds.length,
          commitRate: committedIds.length / ((sustainedCommitted - sustainedStart) / 1000),
          p50: percentile(sustainedLatency, 50),
          p99: percentile(sustainedLatency, 99)
        },
        burst: {
          n: burst.length,
          commitRate: burst.length / ((committed - burstStart) / 1000),
          deliveryRate: burst.length / ((last - burstStart) / 1000),
          p50: percentile(burstLatency, 50),
          p99: percentile(burstLatency, 99)
        },
      }
      }))

      // drain, after the others (warm): a backlog committed while no worker runs, then one worker process delivers it
      const backlog = yield* open(DRAIN)
      yield* Effect.forEach(backlog, (id) => sessions.expire(scope, id), { concurrency: CONCURRENCY, discard: true })
      // what a delivery costs, less sensitive to a shared machine than the rate: this process's CPU time (the
      // worker's, and the receiver's), and the database's transactions (each statement outside one is one)
      const { kysely } = yield* Db
      const transactions = Effect.promise(() =>
        sql<{ n: string }>`select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()`.execute(kysely)
      ).pipe(Effect.map((r) => Number(r.rows[0]!.n)))
      // the statistics reach pg_stat_database within a second of their transaction
      yield* Effect.sleep("1500 millis")
      const transactionsBefore = yield* transactions
      const drainStart = performance.now()
      const cpuBefore = process.cpuUsage()
      const cpu = yield* withWorker(Effect.promise(async () => {
        await waitFor("drained deliveries", () => backlog.every((id) => arrivals.has(id)), 600_000)
        return process.cpuUsage(cpuBefore)
      }))
      const drainRate = backlog.length / ((Math.max(...backlog.map((id) => arrivals.get(id)!)) - drainStart) / 1000)
      yield* Effect.sleep("1500 millis")
      const transactionsPerDelivery = ((yield* transactions) - transactionsBefore) / backlog.length
      const cpuMsPerDelivery = (cpu.user + cpu.system) / 1000 / backlog.length
      return { ...measured, drain: { n: backlog.length, deliveryRate: drainRate, cpuMsPerDelivery, transactionsPerDelivery } } satisfies Result
    }).pipe(Effect.provide(app))
  })


const main = async () => {
  const loadBefore = loadavg()[0]!
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve))
  const version = await serverVersion()
  const results: Array<Result> = []
  for (const workers of WORKERS) {
    const database = await createBenchDatabase()
    arrivals.clear()
    try {
      const result = await Effect.runPromise(Effect.scoped(run(database.url, workers)))
      results.push(result)
      console.log(JSON.stringify(result))
    } finally {
      await database.drop()
    }
  }
  receiver.close()
  const load = [loadBefore, loadavg()[0]!].map((l) => l.toFixed(1)).join(" and ")

  const rows = results.map((r) =>
    `| ${r.workers} | ${ms(r.paced.p50)} | ${ms(r.paced.p99)} | ${r.sustained.commitRate.toFixed(0)}${r.sustained.failed > 0 ? ` (${r.sustained.failed} failed)` : ""} | ${ms(r.sustained.p50)} | ${ms(r.sustained.p99)} | ${r.burst.commitRate.toFixed(0)} | **${r.burst.deliveryRate.toFixed(0)}** | ${ms(r.burst.p50)} | ${ms(r.burst.p99)} | **${r.drain.deliveryRate.toFixed(0)}** | ${r.drain.cpuMsPerDelivery.toFixed(2)} | ${r.drain.transactionsPerDelivery.toFixed(2)} |`
  )
  const section = `## Webhooks

**What it measures.** How fast a committed event reaches a webhook receiver: commit-to-delivery latency and
delivery throughput. Sessions are expired through the use cases, as the API does: each write commits the session,
its \`checkout.session.expired\` event, one delivery row and one pg-boss job in one transaction (the queue's
\`SessionEventSink\`). The worker (\`Worker.layer\`, the one \`till serve\` and \`till worker\` run) fetches jobs in
batches, reads their deliveries, endpoints and events, signs each body twice (\`Stripe-Signature\`, Standard Webhooks),
POSTs them side by side to a \`node:http\` receiver on 127.0.0.1 that answers 200 at once, and records the attempts
(docs/webhooks.md, "Batches"). One endpoint, subscribed to \`checkout.session.expired\`: one delivery per event.

**Method.** \`bench/webhooks.ts\` creates a database \`till_bench_<random>\` per run (dropped at the end), warms up with
50 deliveries, then: *paced*, ${PACED} events at ${RATE}/s (each is delivered on its own: the latency of an idle
system, which LISTEN/NOTIFY wakes); *sustained*, ${SUSTAINED_RATE} events/s for ${SUSTAINED_SECONDS} s, each expire started
on schedule without waiting for the ones before ("commits/s" is the rate the callers reached); *burst*, ${BURST} events expired by ${CONCURRENCY} concurrent callers as fast
as they go, with the worker delivering meanwhile; *drain*, ${DRAIN} events committed while no worker runs, then
delivered by one worker process started alone (what a worker sustains, whatever the producers manage). Latency runs from the moment the expiring call returned (its
transaction committed) to the moment the receiver read the request. Burst throughput is deliveries per second
from the first commit to the last delivery (it cannot exceed "commits/s", how fast the callers produced them);
drain throughput is deliveries per second from the worker's start to the last delivery, with what each delivery
cost: CPU time of the bench's process (worker and receiver) and PostgreSQL transactions (\`pg_stat_database\`; a
statement outside a transaction is one). The worker
concurrency is \`TILL_WEBHOOK_CONCURRENCY\`: deliveries in flight per mode and process (two pollers, each fetching a
batch of half as many; 64 by default).

\`\`\`sh
npm run bench:webhooks   # or: npx node --conditions=@till/source bench/webhooks.ts
# TILL_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), BENCH_PACED (300), BENCH_RATE (30),
# BENCH_BURST (3000), BENCH_CONCURRENCY (32), BENCH_DRAIN (5000), BENCH_WORKERS ("4,16,64"), BENCH_SUSTAINED_RATE (500),
# BENCH_SUSTAINED_SECONDS (6), BENCH_QUICK (1: a smoke run)
\`\`\`

**Machine.** ${cpus().length} vCPU ${cpus()[0]?.model.trim() ?? ""}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.versions.node},
PostgreSQL ${version} on the same host (default settings, \`synchronous_commit\` on); Till, pg-boss, the receiver and
PostgreSQL share the cores. The one-minute load average was ${load} at the start and the end of the run (other jobs
shared the machine), so read the ratios between rows more than the absolute rates.

**Result** (${new Date().toISOString().slice(0, 10)}):

| worker concurrency | paced p50 ms | paced p99 ms | sustained commits/s | sustained p50 ms | sustained p99 ms | burst commits/s | burst deliveries/s | burst p50 ms | burst p99 ms | drain deliveries/s | drain CPU ms/delivery | drain transactions/delivery |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${rows.join("\n")}

**Reading it.** At rest an event is at its receiver a few milliseconds after its transaction commits: the job's
insert NOTIFYs the workers (pg-boss \`notify\` queues over a LISTEN connection), so nothing waits for a poll. Under
a burst, latency is queueing: events are produced faster than the worker drains them, and the last ones wait
for the backlog. A batch costs one job fetch, three reads (deliveries, then endpoints and events), the HTTP
requests side by side over kept-alive connections, one to three writes of attempts and delivery statuses, and
one or two statements settling the jobs (pg-boss): the larger the batch (half the worker concurrency), the fewer
statements per delivery, until the shared CPU is the limit.
`
  console.log("\n" + section)
  if (SECTION_FILE !== undefined) writeFileSync(SECTION_FILE, section)
  if (RESULT_FILE !== undefined) {
    // the server's default concurrency is the figure users get; the burst is bounded by how fast its callers commit
    const atDefault = results.find((r) => r.workers === 64) ?? results[results.length - 1]!
    writeFileSync(RESULT_FILE, JSON.stringify({
      results,
      summary: [
        {
          figure: `webhook deliveries/s one worker process sustains (drain of ${DRAIN}, concurrency ${atDefault.workers})`,
          till: atDefault.drain.deliveryRate.toFixed(0),
          goal: "≥ 1,000"
        },
        {
          figure: `webhook burst deliveries/s (concurrency ${atDefault.workers}; bounded by the callers' ${atDefault.burst.commitRate.toFixed(0)} commits/s)`,
          till: atDefault.burst.deliveryRate.toFixed(0)
        },
        { figure: `webhook paced commit-to-delivery p99 ms (${RATE}/s, concurrency ${atDefault.workers})`, till: ms(atDefault.paced.p99) },
        {
          figure: `webhook sustained commit-to-delivery p99 ms (${SUSTAINED_RATE}/s asked, ${atDefault.sustained.commitRate.toFixed(0)}/s reached, concurrency ${atDefault.workers})`,
          till: ms(atDefault.sustained.p99),
          goal: "≤ 1,000 at 500/s"
        },
        { figure: `webhook burst commit-to-delivery p99 ms (concurrency ${atDefault.workers})`, till: ms(atDefault.burst.p99) }
      ]
    }, null, 2))
  }
  if (WRITE) {
    const path = join(import.meta.dirname, "..", "docs", "benchmarks.md")
    const doc = readFileSync(path, "utf8")
    const start = doc.indexOf("\n## Webhooks\n")
    let next: string
    if (start < 0) next = doc.trimEnd() + "\n\n" + section
    else {
      const end = doc.indexOf("\n## ", start + 1)
      next = doc.slice(0, start + 1) + section + (end < 0 ? "" : "\n" + doc.slice(end + 1))
    }
    writeFileSync(path, next)
    console.log(`wrote the Webhooks section of ${path}`)
  }
}

await main()
