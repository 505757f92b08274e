/**
 * Repository benchmark: sessions created and completed through SessionRepositoryPg (the repository
 * directly, with states made by the core's state machine, no reads), beside plain `pg` writing the same
 * rows at the same concurrency in the same run: once with the very statements the repository sends
 * (compiled up front, so only the adapter's own cost differs), once the way one would write it by hand
 * (a transaction with one statement per table).
 *
 *   cd /work/main && npx node --conditions=@till/source bench/repository.ts
 *
 * Environment: TILL_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres; a database
 * `till_bench_<random>` is created under it and dropped at the end), BENCH_SESSIONS (default 3000),
 * BENCH_CONCURRENCY (default 32), BENCH_POOL (default 10), BENCH_ROUNDS (default 3).
 *
 * One "session" is three writes, those of create + pay:
 *   1. insert the session and its line item                          (CheckoutSessions.create)
 *   2. conditional update to version 2 + payment intent upsert        (StartPayment)
 *   3. conditional update to version 3 + payment intent + 2 events    (PaymentSucceeded)
 */
import { cpus, totalmem } from "node:os"
import { Context, Effect, Layer, Result } from "effect"
import pg from "pg"
import { type Event, type EventDraft, Ids, SessionMachine, SessionRepository, type SessionState, API_VERSION } from "@till/core"
import { Connection, Db, SessionEventSink, SessionRepositoryPg } from "@till/postgres"
import { NoOutbox } from "@till/postgres/testing"
import { insertStatement, updateStatement } from "@till/postgres/SessionWrites"
import type { CompiledQuery, Kysely } from "kysely"
import { createBenchDatabase, serverVersion } from "./BenchDatabase.ts"

const SESSIONS = Number(process.env["BENCH_SESSIONS"] ?? 3000)
const CONCURRENCY = Number(process.env["BENCH_CONCURRENCY"] ?? 32)
const POOL = Number(process.env["BENCH_POOL"] ?? 10)
const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 3)

// ---------------------------------------------------------------------------------------------
// The work: N sessions, each with the three states and events of create + pay, made up front
// ---------------------------------------------------------------------------------------------

interface Flow {
  readonly created: SessionState
  readonly started: { readonly state: SessionState; readonly events: ReadonlyArray<Event> }
  readonly paid: { readonly state: SessionState; readonly events: ReadonlyArray<Event> }
}

const eventsOf = (state: SessionState, drafts: ReadonlyArray<EventDraft>, now: number): Array<Event> =>
  drafts.map((d) => ({
    id: `evt_${Ids.randomBase62()}`,
    object: "event",
    account: state.account,
    api_version: API_VERSION,
    created: now,
    type: d.type,
    livemode: false,
    data: { object: d.object },
    request: { id: `req_${Ids.randomBase62(8)}`, idempotency_key: null },
    pending_webhooks: 0
  }))

const must = <A, E>(r: Result.Result<A, E>): A => {
  if (Result.isFailure(r)) throw r.failure
  return r.success
}

const makeFlows = (n: number): Array<Flow> => {
  const now = Math.floor(Date.now() / 1000)
  const account = `acct_${Ids.randomBase62(12)}`
  return Array.from({ length: n }, (_, i) => {
    const id = `cs_test_${Ids.randomBase62()}`
    const created = must(SessionMachine.create({
      account,
      livemode: false,
      params: {
        line_items: [{ price_data: { currency: "usd", unit_amount: 1999, product_data: { name: "T-shirt" } }, quantity: 2 }],
        customer_email: `buyer${i}@example.com`,
        client_reference_id: `order-${i}`,
        success_url: "https://shop.example/thanks",
        metadata: { order: String(i) }
      },
      id,
      client_secret: `${id}_secret_${Ids.randomBase62()}`,
      payment_link: null,
      now
    })).state
    const s = must(SessionMachine.transition(created, {
      _tag: "StartPayment",
      attempt_id: `pa_${Ids.randomBase62()}`,
      payment_intent_id: `pi_${Ids.randomBase62()}`,
      payment_intent_client_secret: `pi_secret_${Ids.randomBase62()}`
    }, now))
    const p = must(SessionMachine.transition(s.state, {
      _tag: "PaymentSucceeded",
      attempt_id: s.state.attempt!.id,
      payment_method: `pm_${Ids.randomBase62()}`,
      card: { brand: "visa", last4: "4242", exp_month: 12, exp_year: 2034, installments: null },
      customer_name: null
    }, now))
    return {
      created,
      started: { state: s.state, events: eventsOf(s.state, s.events, now) },
      paid: { state: p.state, events: eventsOf(p.state, p.events, now) }
    }
  })
}

// ---------------------------------------------------------------------------------------------
// Plain pg: the same statements SessionRepositoryPg sends, without Effect, Kysely or decoding
// ---------------------------------------------------------------------------------------------

const columns = (state: SessionState) => {
  const s = state.session
  return [
    state.account, s.livemode, s.status, s.created, s.expires_at, s.customer, s.customer_details?.email ?? null,
    s.payment_intent, s.payment_link, s.client_reference_id, state.attempt?.id ?? null, state.attempt?.started_at ?? null,
    state.version, JSON.stringify(s)
  ]
}

const INSERT_SESSION = `insert into checkout_sessions (id, account, livemode, status, created, expires_at, customer,
  customer_details_email, payment_intent, payment_link, client_reference_id, attempt_id, attempt_started_at, version, doc)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`
const UPDATE_SESSION = `update checkout_sessions set account = $1, livemode = $2, status = $3, created = $4, expires_at = $5,
  customer = $6, customer_details_email = $7, payment_intent = $8, payment_link = $9, client_reference_id = $10,
  attempt_id = $11, attempt_started_at = $12, version = $13, doc = $14 where id = $15 and version = $16`
const UPSERT_INTENT = `insert into payment_intents (id, session_id, doc) values ($1, $2, $3)
  on conflict (id) do update set doc = excluded.doc`

const inTransaction = async (pool: pg.Pool, f: (c: pg.PoolClient) => Promise<void>) => {
  const client = await pool.connect()
  try {
    await client.query("begin")
    await f(client)
    await client.query("commit")
  } catch (e) {
    await client.query("rollback")
    throw e
  } finally {
    client.release()
  }
}

const plainUpdate = (pool: pg.Pool, state: SessionState, events: ReadonlyArray<Event>) =>
  inTransaction(pool, async (c) => {
    const r = await c.query(UPDATE_SESSION, [...columns(state), state.session.id, state.version - 1])
    if (r.rowCount !== 1) throw new Error("concurrent modification")
    const intent = state.payment_intent!
    await c.query(UPSERT_INTENT, [intent.id, state.session.id, JSON.stringify(intent)])
    if (events.length > 0) {
      const values = events.map((_, i) => `($${i * 6 + 1}, $${i * 6 + 2}, $${i * 6 + 3}, $${i * 6 + 4}, $${i * 6 + 5}, $${i * 6 + 6})`)
      await c.query(
        `insert into events (id, account, livemode, type, created, doc) values ${values.join(", ")}`,
        events.flatMap((e) => [e.id, e.account, e.livemode, e.type, e.created, JSON.stringify(e)])
      )
    }
  })

const plainFlow = (pool: pg.Pool) => async (flow: Flow) => {
  const state = flow.created
  await inTransaction(pool, async (c) => {
    await c.query(INSERT_SESSION, [state.session.id, ...columns(state)])
    const values = state.line_items.map((_, i) => `($1, $${i * 2 + 2}, $${i * 2 + 3})`)
    await c.query(
      `insert into checkout_session_line_items (session_id, position, doc) values ${values.join(", ")}`,
      [state.session.id, ...state.line_items.flatMap((li, i) => [i, JSON.stringify(li)])]
    )
  })
  await plainUpdate(pool, flow.started.state, flow.started.events)
  await plainUpdate(pool, flow.paid.state, flow.paid.events)
}

/** The repository's own statements, compiled before the clock starts. */
interface Compiled {
  readonly insert: CompiledQuery
  readonly start: CompiledQuery
  readonly paid: CompiledQuery
}

const compile = (db: Kysely<any>, flows: ReadonlyArray<Flow>): Array<Compiled> =>
  flows.map((f) => ({
    insert: insertStatement(f.created, []).compile(db),
    start: updateStatement(f.started.state, f.started.events).compile(db),
    paid: updateStatement(f.paid.state, f.paid.events).compile(db)
  }))

const sameSqlFlow = (pool: pg.Pool, compiled: Map<Flow, Compiled>) => async (flow: Flow) => {
  const c = compiled.get(flow)!
  await pool.query(c.insert.sql, [...c.insert.parameters])
  for (const q of [c.start, c.paid]) {
    const r = await pool.query(q.sql, [...q.parameters])
    if (Number(r.rows[0].updated) !== 1) throw new Error("concurrent modification")
  }
}

// ---------------------------------------------------------------------------------------------
// Running and timing
// ---------------------------------------------------------------------------------------------

interface Timing {
  readonly seconds: number
  readonly latencies: Array<number>
}

/** Runs `f` on every flow with `CONCURRENCY` workers; the latency of each whole flow in ms. */
const runPromises = async (flows: ReadonlyArray<Flow>, f: (flow: Flow) => Promise<void>): Promise<Timing> => {
  const latencies: Array<number> = []
  let next = 0
  const start = performance.now()
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < flows.length) {
      const flow = flows[next++]!
      const t = performance.now()
      await f(flow)
      latencies.push(performance.now() - t)
    }
  }))
  return { seconds: (performance.now() - start) / 1000, latencies }
}

const percentile = (sorted: ReadonlyArray<number>, p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!

const main = async () => {
  const postgresVersion = await serverVersion()
  const database = await createBenchDatabase()
  const plainPool = new pg.Pool({ connectionString: database.url, max: POOL })
  try {
    // The repository stack: the connection layer (migrations included) and SessionRepositoryPg, once
    // with no outbox (NoOutbox.layer: each write its one statement) and once with a sink that does
    // nothing in the write's transaction, which puts each write in a transaction as the queue's sink does.
    const dbLayer = Connection.layerPostgres(database.url, { poolSize: POOL })
    const truncate = () =>
      plainPool.query("truncate checkout_sessions, checkout_session_line_items, payment_intents, events, webhook_deliveries, webhook_delivery_attempts")
    type Kind = "repository" | "repository + hook" | "plain pg, same statements" | "plain pg, statement per table"
    const kinds: ReadonlyArray<Kind> = ["repository", "repository + hook", "plain pg, same statements", "plain pg, statement per table"]

    const results = await Effect.runPromise(Effect.scoped(Effect.gen(function*() {
      const dbContext = yield* Layer.build(dbLayer)
      const kysely = Context.get(dbContext, Db).kysely
      const plain = Context.get(
        yield* Layer.build(SessionRepositoryPg.layer.pipe(Layer.provide(Layer.succeedContext(dbContext)), Layer.provide(NoOutbox.layer))),
        SessionRepository
      )
      const hooked = Context.get(
        yield* Layer.build(SessionRepositoryPg.layer.pipe(
          Layer.provide(Layer.succeedContext(dbContext)),
          Layer.provide(Layer.succeed(SessionEventSink, SessionEventSink.of({ written: () => Promise.resolve() })))
        )),
        SessionRepository
      )
      const repositoryFlow = (repo: typeof plain) => (flow: Flow) =>
        Effect.runPromise(Effect.gen(function*() {
          yield* repo.insert(flow.created, [])
          yield* repo.update(flow.started.state, flow.started.events)
          yield* repo.update(flow.paid.state, flow.paid.events)
        }))
      const flowOf = (kind: Kind, flows: ReadonlyArray<Flow>): ((flow: Flow) => Promise<void>) => {
        switch (kind) {
          case "repository":
            return repositoryFlow(plain)
          case "repository + hook":
            return repositoryFlow(hooked)
          case "plain pg, same statements": {
            const compiled = compile(kysely, flows)
            return sameSqlFlow(plainPool, new Map(flows.map((f, i) => [f, compiled[i]!])))
          }
          case "plain pg, statement per table":
            return plainFlow(plainPool)
        }
      }
      const out: Array<{ round: number; kind: Kind; timing: Timing }> = []
      // warm up every path (JIT, connections, plan caches), then rotate the order from round to round
      for (const kind of kinds) {
        const flows = makeFlows(300)
        yield* Effect.promise(() => runPromises(flows, flowOf(kind, flows)))
      }
      for (let round = 1; round <= ROUNDS; round++) {
        for (let k = 0; k < kinds.length; k++) {
          const kind = kinds[(k + round - 1) % kinds.length]!
          yield* Effect.promise(truncate)
          const flows = makeFlows(SESSIONS)
          const f = flowOf(kind, flows)
          const timing = yield* Effect.promise(() => runPromises(flows, f))
          out.push({ round, kind, timing })
          process.stderr.write(`round ${round} ${kind}: ${(SESSIONS / timing.seconds).toFixed(0)} sessions/s\n`)
        }
      }
      return out
    })))

    const summary = (kind: Kind) => {
      const runs = results.filter((r) => r.kind === kind)
      const rates = runs.map((r) => SESSIONS / r.timing.seconds).sort((a, b) => a - b)
      const latencies = runs.flatMap((r) => r.timing.latencies).sort((a, b) => a - b)
      return { median: rates[Math.floor(rates.length / 2)]!, min: rates[0]!, max: rates[rates.length - 1]!, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) }
    }
    const cpu = cpus()
    console.log(`Machine: ${cpu.length} × ${cpu[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, PostgreSQL ${postgresVersion} (same host)`)
    console.log(`Work: ${SESSIONS} sessions per run (3 writes each: create, start payment, payment succeeded), concurrency ${CONCURRENCY}, pool ${POOL}, ${ROUNDS} rounds per path, order rotated\n`)
    console.log("| path | sessions/s (median) | range | writes/s | p50 ms / session | p99 ms / session |")
    console.log("|---|---:|---:|---:|---:|---:|")
    const summaries = new Map(kinds.map((k) => [k, summary(k)]))
    for (const [kind, s] of summaries) {
      console.log(`| ${kind} | ${s.median.toFixed(0)} | ${s.min.toFixed(0)}–${s.max.toFixed(0)} | ${(3 * s.median).toFixed(0)} | ${s.p50.toFixed(1)} | ${s.p99.toFixed(1)} |`)
    }
    // Each round runs every path back to back, so a ratio within a round is fair even when the machine's
    // speed drifts between rounds; the median of the per-round ratios is the figure to quote.
    const ratio = (a: Kind, b: Kind) => {
      const perRound = Array.from({ length: ROUNDS }, (_, i) => {
        const rateOf = (k: Kind) => SESSIONS / results.find((r) => r.round === i + 1 && r.kind === k)!.timing.seconds
        return rateOf(a) / rateOf(b)
      }).sort((x, y) => x - y)
      return `${perRound[Math.floor(perRound.length / 2)]!.toFixed(2)} (rounds: ${perRound[0]!.toFixed(2)}–${perRound[perRound.length - 1]!.toFixed(2)})`
    }
    console.log(`\nRatio repository / plain pg, same statements: ${ratio("repository", "plain pg, same statements")}`)
    console.log(`Ratio repository + hook / plain pg, statement per table: ${ratio("repository + hook", "plain pg, statement per table")}`)
    console.log(`Ratio repository / plain pg, statement per table: ${ratio("repository", "plain pg, statement per table")}`)
  } finally {
    // closed before the drop, which would otherwise terminate its idle connections under it
    await plainPool.end()
    await database.drop()
  }
}

await main()
