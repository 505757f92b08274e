/**
 * Webhooks with `till` running as real processes: deliveries pending when the server is killed with
 * SIGKILL are all delivered after a restart (PGlite and PostgreSQL), and on PostgreSQL several
 * `till worker` processes share the jobs without doing any twice, expiries included.
 */
import { assert, describe, it } from "@effect/vitest"
import { Connection } from "@till/postgres"
import { Context, Effect, Layer } from "effect"
import { sql } from "kysely"
import { freshPostgresUrl, hasPostgres } from "@till/postgres/testing"
import { Receiver } from "@till/queue/testing"
import { freshDataDir, printChildrenOnFailure, serveTill, startTill, stopTill, type Till, upOrKilled } from "./support.ts"
import { Db } from "@till/postgres"

const KEY = "sk_test_webhookprocesses1"

/** Quick retries and a quick takeover of jobs a killed process held, so the test runs in seconds. */
const QUICK = {
  TILL_SECRET_KEY: KEY,
  TILL_WEBHOOK_RETRY_DELAY_SECONDS: "1",
  TILL_WEBHOOK_RETRY_DELAY_MAX_SECONDS: "2",
  TILL_WEBHOOK_RETRY_LIMIT: "60",
  TILL_WEBHOOK_JOB_TIMEOUT_SECONDS: "15",
  TILL_QUEUE_SUPERVISE_SECONDS: "2",
  TILL_QUEUE_POLLING_SECONDS: "0.5"
}

const serve = (env: Record<string, string>) => serveTill({ ...QUICK, ...env })

const worker = (env: Record<string, string>): Promise<Till> => {
  const till = startTill(["worker"], { ...QUICK, ...env })
  return upOrKilled(till, "the worker", () => till.output.stdout.includes("worker running"))
}

const stop = stopTill

/** A call to the API with the test key; answers the JSON. */
const api = async (base: string, method: string, path: string, params?: Record<string, string>) => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${KEY}` },
    ...(params === undefined ? {} : { body: new URLSearchParams(params) })
  })
  const json = await response.json() as any
  if (response.status !== 200) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`)
  return json
}

const createEndpoint = async (base: string, receiver: Receiver.Receiver, path: string) => {
  const endpoint = await api(base, "POST", "/v1/webhook_endpoints", { url: `${receiver.url}${path}`, "enabled_events[0]": "*" })
  receiver.secrets.set(path, endpoint.secret)
  return endpoint
}

/** Creates and pays a session: two events, `payment_intent.succeeded` and `checkout.session.completed`. */
const paidSession = async (base: string) => {
  const session = await api(base, "POST", "/v1/checkout/sessions", { amount: "1500", currency: "usd" })
  await api(base, "POST", `/v1/checkout/sessions/${session.id}/payments`, { payment_method: "pm_card_visa" })
  return session.id as string
}

const allEvents = async (base: string, type?: string) => {
  const events: Array<any> = []
  let after: string | undefined
  for (;;) {
    const query = new URLSearchParams({ limit: "100", ...(type === undefined ? {} : { type }), ...(after === undefined ? {} : { starting_after: after }) })
    const page = await api(base, "GET", `/v1/events?${query}`)
    events.push(...page.data)
    if (!page.has_more) return events
    after = page.data.at(-1).id
  }
}

/** Each event id the receiver accepted (answered 2xx), with how often. */
const accepted = (receiver: Receiver.Receiver) => {
  const counts = new Map<string, number>()
  for (const r of receiver.received) if (r.status >= 200 && r.status < 300) counts.set(r.event.id, (counts.get(r.event.id) ?? 0) + 1)
  return counts
}

/** Kills a server holding pending deliveries, restarts it, and checks every one arrives, once. */
const killAndRestart = async (env: Record<string, string>) => {
  const receiver = await Receiver.start()
  let till = await serve(env)
  try {
    await createEndpoint(till.url, receiver, "/hooks")
    receiver.answer = () => 503
    for (let i = 0; i < 4; i++) await paidSession(till.url)
    // every delivery has been tried (and refused) at least once and waits for its retry
    await receiver.until("a first attempt of 8 events", (all) => new Set(all.map((r) => r.event.id)).size === 8, 90_000)
    // and two more sessions whose deliveries have not been tried yet, or are in flight, when the process dies
    await paidSession(till.url)
    await paidSession(till.url)
    till.child.kill("SIGKILL")
    await till.exited
    assert.strictEqual(till.child.signalCode, "SIGKILL")
    assert.strictEqual(accepted(receiver).size, 0)

    receiver.answer = () => 200
    const events = receiver.received.length
    till = await serve(env)
    await receiver.until("all 12 events accepted", () => accepted(receiver).size === 12, 120_000)
    await new Promise((r) => setTimeout(r, 2_000))
    assert.isAbove(receiver.received.length, events)
    assert.deepStrictEqual([...accepted(receiver).values()], Array(12).fill(1), "each event accepted exactly once")
    assert.isTrue(receiver.received.every((r) => r.stripeVerified && r.standardVerified))
    const stored = await allEvents(till.url)
    assert.lengthOf(stored, 12)
    assert.sameMembers(stored.map((e) => e.id), [...accepted(receiver).keys()])
    assert.isTrue(stored.every((e) => e.pending_webhooks === 0))
  } finally {
    await stop(till)
    await receiver.close()
  }
}

/** A fresh PostgreSQL database for `f`, dropped afterwards. */
const withPostgres = (f: (url: string, db: Db["Service"]) => Promise<void>) =>
  Effect.runPromise(Effect.scoped(Effect.gen(function*() {
    const url = yield* freshPostgresUrl
    const db = Context.get(yield* Layer.build(Connection.layerPostgres(url, { poolSize: 2 })), Db)
    yield* Effect.promise(() => f(url, db))
  })))

/** Two or three process starts and a few rounds of retries: 15-35 s on an idle machine, 2-4 minutes on a loaded 2-core one. */
const BUDGET = 360_000

describe("webhooks across processes", () => {
  printChildrenOnFailure()

  it("PGlite: deliveries pending when the server is killed with SIGKILL are all delivered, once, after a restart", { timeout: BUDGET }, () =>
    killAndRestart({ TILL_DATA_DIR: freshDataDir() }))

  describe.runIf(hasPostgres)("PostgreSQL", () => {
    it("deliveries pending when the server is killed with SIGKILL are all delivered, once, after a restart", { timeout: BUDGET }, () =>
      withPostgres((url) => killAndRestart({ DATABASE_URL: url })))

    it("two `till worker` processes beside a server without a worker share deliveries and expiries, doing none twice", { timeout: BUDGET }, () =>
      withPostgres(async (url, db) => {
        const receiver = await Receiver.start()
        receiver.answer = () => ({ status: 200, delayMs: 20 })
        const env = { DATABASE_URL: url, TILL_WEBHOOK_CONCURRENCY: "2", TILL_EXPIRY_SWEEP_SECONDS: "0.5" }
        const tills: Array<Till> = []
        try {
          const server = await serve({ ...env, TILL_WORKER: "false" })
          tills.push(server)
          tills.push(await worker(env))
          tills.push(await worker(env))
          assert.include(server.output.stdout, "Worker:       off")
          await createEndpoint(server.url, receiver, "/hooks")
          await Promise.all(Array.from({ length: 15 }, () => paidSession(server.url)))
          await receiver.until("30 deliveries", () => accepted(receiver).size === 30, 120_000)

          // ten sessions past their time: both workers' sweeps race for each
          const now = Math.floor(Date.now() / 1000)
          const expiring = await Promise.all(Array.from({ length: 10 }, () =>
            api(server.url, "POST", "/v1/checkout/sessions", { amount: "800", currency: "usd", expires_at: String(now + 1800 + 60) })))
          const ids = expiring.map((s) => s.id as string)
          await sql`update checkout_sessions set expires_at = ${now - 1}, doc = jsonb_set(doc::jsonb, '{expires_at}', to_jsonb(${now - 1}::bigint))::json
            where id in (${sql.join(ids)})`.execute(db.kysely)
          await receiver.until("40 deliveries", () => accepted(receiver).size === 40, 120_000)
          await new Promise((r) => setTimeout(r, 2_500))

          assert.lengthOf(receiver.received, 40, "no event was sent twice")
          assert.isTrue(receiver.received.every((r) => r.stripeVerified && r.standardVerified && r.status === 200))
          const expired = await allEvents(server.url, "checkout.session.expired")
          assert.sameMembers(expired.map((e) => e.data.object.id), ids, "one checkout.session.expired per session")
          for (const id of ids) assert.strictEqual((await api(server.url, "GET", `/v1/checkout/sessions/${id}`)).status, "expired")
          const attempts = await sql<{ n: string }>`select count(*) as n from webhook_delivery_attempts`.execute(db.kysely)
          assert.strictEqual(Number(attempts.rows[0]!.n), 40, "one attempt per delivery")
        } finally {
          await Promise.all(tills.map(stop))
          await receiver.close()
        }
      }))
  })
})
