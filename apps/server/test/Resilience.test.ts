/**
 * `till serve` as a real process when its database misbehaves (SPEC section 5: overload and outages
 * are refused quickly): PostgreSQL terminating its busy connections under load, and a 10 s outage
 * between the server and PostgreSQL. The process lives through both, answers 503 with Retry-After
 * (never 500, never a hang) while it lasts, and serves again afterwards without a restart. Also: the
 * default key works from the first moment /healthz answers.
 */
import { assert, describe, it } from "@effect/vitest"
import { FaultProxy, freshPostgresUrl, hasPostgres, withClient } from "@till/postgres/testing"
import { Effect } from "effect"
import { freePort, freshDataDir, serveTill, startTill, stopTill, type Till } from "./support.ts"

const KEY = "sk_test_resilience1234"
const CREATE = new URLSearchParams({ amount: "1200", currency: "usd" })

const serve = (env: Record<string, string>) => serveTill({ TILL_SECRET_KEY: KEY, TILL_QUEUE_POLLING_SECONDS: "0.5", ...env })
const stop = stopTill

const alive = (till: Till) => till.child.exitCode === null && till.child.signalCode === null

/** One request: its status ("network" when there was no answer), `Retry-After`, and how long it took. */
const call = async (url: string, init: RequestInit = {}) => {
  const started = performance.now()
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) })
    const body = await response.text()
    return { status: response.status, retryAfter: response.headers.get("retry-after"), body, ms: performance.now() - started }
  } catch (error) {
    return { status: "network" as const, retryAfter: null, body: String(error), ms: performance.now() - started }
  }
}

const createSession = (base: string) =>
  call(`${base}/v1/checkout/sessions`, { method: "POST", headers: { authorization: `Bearer ${KEY}` }, body: CREATE })

const listSessions = (base: string) => call(`${base}/v1/checkout/sessions?limit=3`, { headers: { authorization: `Bearer ${KEY}` } })

/** Waits until `f` answers 200 `times` times in a row; fails after `ms`. */
const until200 = async (what: string, f: () => Promise<{ status: number | "network" }>, ms: number, times = 3) => {
  const deadline = Date.now() + ms
  let streak = 0
  let last: unknown
  while (streak < times) {
    if (Date.now() > deadline) throw new Error(`${what}: no ${times} answers 200 in a row within ${ms} ms (last: ${JSON.stringify(last)})`)
    const reply = await f()
    last = reply
    streak = reply.status === 200 ? streak + 1 : 0
    if (reply.status !== 200) await new Promise((r) => setTimeout(r, 100))
  }
}

/** Terminates this database's backends of the given application names (and states); answers how many per name. */
const terminate = (url: string, names: ReadonlyArray<string>, activeOnly: boolean) =>
  withClient(url, async (client) => {
    const { rows } = await client.query<{ application_name: string }>(
      `select application_name, pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and application_name = any($1)
          ${activeOnly ? "and state in ('active', 'idle in transaction')" : ""}`,
      [names]
    )
    const counts: Record<string, number> = {}
    for (const row of rows) counts[row.application_name] = (counts[row.application_name] ?? 0) + 1
    return counts
  })

const backends = (url: string, name: string) =>
  withClient(url, async (client) =>
    (await client.query(`select 1 from pg_stat_activity where datname = current_database() and application_name = $1`, [name])).rowCount ?? 0
  )

describe("the default key", () => {
  const firstAnswerIsAuthorized = async (env: Record<string, string>) => {
    const port = await freePort()
    const base = `http://127.0.0.1:${port}`
    const till = startTill(["serve"], { TILL_SECRET_KEY: KEY, ...env, PORT: String(port) })
    try {
      // poll as fast as a load balancer would, and ask with the key the moment /healthz is green
      const deadline = Date.now() + 60_000
      for (;;) {
        if (!alive(till)) throw new Error(`till exited: ${till.output.stderr}`)
        if (Date.now() > deadline) throw new Error("/healthz never answered 200")
        const health = await call(`${base}/healthz`)
        if (health.status === 200) break
        await new Promise((r) => setTimeout(r, 2))
      }
      const first = await listSessions(base)
      assert.strictEqual(first.status, 200, first.body)
    } finally {
      await stop(till)
    }
  }

  it("works for a request sent the moment /healthz first answers 200 (PGlite)", { timeout: 90_000 }, async () => {
    await firstAnswerIsAuthorized({ TILL_DATA_DIR: freshDataDir() })
  })

  it.live.runIf(hasPostgres)("works for a request sent the moment /healthz first answers 200 (PostgreSQL)", () =>
    Effect.gen(function*() {
      const url = yield* freshPostgresUrl
      yield* Effect.promise(() => firstAnswerIsAuthorized({ DATABASE_URL: url }))
    }), 60_000)
})

describe.runIf(hasPostgres)("PostgreSQL misbehaving under a running till serve", () => {
  it.live("terminating its busy connections under load: the process lives, those requests get 503 at once, then all succeed", () =>
    Effect.gen(function*() {
      const url = yield* freshPostgresUrl
      const till = yield* Effect.promise(() => serve({ DATABASE_URL: url, TILL_DB_POOL_SIZE: "4" }))
      yield* Effect.addFinalizer(() => Effect.promise(() => stop(till)))
      yield* Effect.promise(async () => {
        // load: eight clients creating and listing sessions as fast as they are answered
        let loading = true
        const replies: Array<Awaited<ReturnType<typeof call>>> = []
        const client = async (i: number) => {
          while (loading) replies.push(await (i % 2 === 0 ? createSession(till.url) : listSessions(till.url)))
        }
        const load = Promise.all(Array.from({ length: 8 }, (_, i) => client(i)))

        // eight clients at once, yet TILL_DB_POOL_SIZE=4 connections at most
        let most = 0
        for (let i = 0; i < 20; i++) {
          most = Math.max(most, await backends(url, "till"))
          await new Promise((r) => setTimeout(r, 50))
        }
        assert.isAtMost(most, 4, "TILL_DB_POOL_SIZE bounds the pool")
        assert.isAtLeast(most, 2)

        // end the backends of Till's statements while they run, several times, then every connection
        // (idle ones and pg-boss's included) at once
        const ended = { till: 0, queue: 0 }
        const deadline = Date.now() + 20_000
        while (ended.till < 5 && Date.now() < deadline) {
          const counts = await terminate(url, ["till"], true)
          ended.till += counts["till"] ?? 0
          await new Promise((r) => setTimeout(r, 50))
        }
        const all = await terminate(url, ["till", "till-queue"], false)
        ended.till += all["till"] ?? 0
        ended.queue += all["till-queue"] ?? 0
        await new Promise((r) => setTimeout(r, 500))
        loading = false
        await load

        assert.isTrue(alive(till), `the process died: ${till.output.stderr.slice(-2000)}`)
        assert.isAtLeast(ended.till, 5, "busy backends of till's pool were terminated")
        assert.isAtLeast(ended.queue, 1, "pg-boss's connections were terminated too")
        const statuses = new Set(replies.map((r) => r.status))
        assert.deepStrictEqual([...statuses].filter((s) => s !== 200 && s !== 503), [], "only 200 and 503")
        const unavailable = replies.filter((r) => r.status === 503)
        assert.isAbove(unavailable.length, 0, "the requests whose statements were cut got 503")
        for (const r of unavailable) {
          assert.strictEqual(r.retryAfter, "1")
          assert.include(r.body, "api_error")
        }
        assert.isBelow(Math.max(...replies.map((r) => r.ms)), 10_000, "no request hung")

        // the pools recover by themselves: requests succeed, pg-boss reconnects, the process never restarted
        await until200("create after the terminations", () => createSession(till.url), 15_000)
        await until200("readyz after the terminations", () => call(`${till.url}/readyz`), 15_000, 1)
        const queueDeadline = Date.now() + 15_000
        while ((await backends(url, "till-queue")) === 0) {
          if (Date.now() > queueDeadline) throw new Error("pg-boss never reconnected")
          await new Promise((r) => setTimeout(r, 200))
        }
        assert.isTrue(alive(till))
        assert.notInclude(till.output.stderr, "Unhandled")
      })
    }).pipe(Effect.scoped), 60_000)

  it.live("a 10 s outage between till serve and PostgreSQL: 503 with Retry-After and /readyz 503 at once, then recovery without a restart", () =>
    Effect.gen(function*() {
      const url = yield* freshPostgresUrl
      const proxy = yield* Effect.acquireRelease(Effect.promise(() => FaultProxy.start(url)), (p) => Effect.promise(() => p.close()))
      const till = yield* Effect.promise(() => serve({ DATABASE_URL: proxy.via(url) }))
      yield* Effect.addFinalizer(() => Effect.promise(() => stop(till)))
      yield* Effect.promise(async () => {
        await until200("create before the outage", () => createSession(till.url), 10_000, 1)
        const pid = till.child.pid

        proxy.down()
        const outageEnds = Date.now() + 10_000
        const during: Array<{ api: Awaited<ReturnType<typeof call>>; ready: Awaited<ReturnType<typeof call>>; health: Awaited<ReturnType<typeof call>> }> = []
        while (Date.now() < outageEnds) {
          const [api, ready, health] = await Promise.all([createSession(till.url), call(`${till.url}/readyz`), call(`${till.url}/healthz`)])
          during.push({ api, ready, health })
          await new Promise((r) => setTimeout(r, 250))
        }
        proxy.up()

        assert.isAtLeast(during.length, 3)
        for (const { api, health, ready } of during) {
          assert.strictEqual(api.status, 503, api.body)
          assert.strictEqual(api.retryAfter, "1")
          assert.include(api.body, "api_error")
          assert.isBelow(api.ms, 5_000, "a request during the outage is answered quickly")
          assert.strictEqual(ready.status, 503, ready.body)
          assert.isBelow(ready.ms, 4_000, "/readyz answers quickly (its check times out after 2 s)")
          assert.strictEqual(health.status, 200, "the process is alive")
        }

        await until200("create after the outage", () => createSession(till.url), 20_000)
        await until200("readyz after the outage", () => call(`${till.url}/readyz`), 20_000, 1)
        assert.isTrue(alive(till))
        assert.strictEqual(till.child.pid, pid)
      })
    }).pipe(Effect.scoped), 60_000)
})
