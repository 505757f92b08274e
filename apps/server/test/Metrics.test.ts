/**
 * `/metrics` of a real `till serve`, on PGlite and on PostgreSQL: refused without the token; after a
 * known amount of traffic (creates, a retrieve of a missing session, a declined and an approved
 * payment, a webhook delivered), every series is there and the counts are the traffic's. With
 * `TILL_METRICS_ADDRESS` it is served there instead, and not on the API's port.
 */
import { assert, describe, it } from "@effect/vitest"
import { freshPostgresUrl, hasPostgres } from "@till/postgres/testing"
import { Receiver } from "@till/queue/testing"
import { Effect } from "effect"
import { freePort, freshDataDir, printChildrenOnFailure, serveTill, stopTill } from "./support.ts"

printChildrenOnFailure()

const KEY = "sk_test_metricsKey0123"
const TOKEN = "scrape-token-0123456789abcdef"
const CREATES = 3

/** The samples of a Prometheus text exposition: `name{labels}` → value. */
const samples = (text: string): Map<string, number> => {
  const found = new Map<string, number>()
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue
    const at = line.lastIndexOf(" ")
    found.set(line.slice(0, at), Number(line.slice(at + 1)))
  }
  return found
}

/** The value of the sample `name` whose labels include all of `labels`; undefined when there is none. */
const valueOf = (all: Map<string, number>, name: string, labels: Record<string, string> = {}): number | undefined => {
  for (const [key, value] of all) {
    if (key !== name && !key.startsWith(`${name}{`)) continue
    if (Object.entries(labels).every(([k, v]) => key.includes(`${k}="${v}"`))) return value
  }
  return undefined
}

/** Sends the traffic whose counts the test expects. */
const traffic = async (base: string, receiver: Receiver.Receiver) => {
  const api = (path: string, body?: Record<string, string>, auth = KEY) =>
    fetch(`${base}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { authorization: `Bearer ${auth}` },
      ...(body === undefined ? {} : { body: new URLSearchParams(body) })
    })
  const endpoint = await (await api("/v1/webhook_endpoints", {
    url: `${receiver.url}/hook`,
    "enabled_events[0]": "checkout.session.completed"
  })).json() as { secret: string }
  receiver.secrets.set("/hook", endpoint.secret)
  const sessions: Array<{ id: string; client_secret: string }> = []
  for (let i = 0; i < CREATES; i++) {
    const created = await api("/v1/checkout/sessions", { amount: "1500", currency: "usd" })
    assert.strictEqual(created.status, 200)
    sessions.push(await created.json() as { id: string; client_secret: string })
  }
  assert.strictEqual((await api("/v1/checkout/sessions/cs_test_missing")).status, 404)
  const card = (number: string) => ({
    "payment_method_data[type]": "card",
    "payment_method_data[card][number]": number,
    "payment_method_data[card][exp_month]": "12",
    "payment_method_data[card][exp_year]": "2040",
    "payment_method_data[card][cvc]": "123"
  })
  const { client_secret, id } = sessions[0]!
  assert.strictEqual((await api(`/v1/checkout/sessions/${id}/payments`, card("4000000000000002"), client_secret)).status, 402)
  assert.strictEqual((await api(`/v1/checkout/sessions/${id}/payments`, card("4242424242424242"), client_secret)).status, 200)
  await receiver.until("the completion delivered", (r) => r.some((x) => x.event.type === "checkout.session.completed" && x.status === 200))
}

const scrape = async (url: string, token?: string) => {
  const response = await fetch(url, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } })
  return { status: response.status, type: response.headers.get("content-type") ?? "", text: await response.text() }
}

/** Scrapes until `ready` holds (the worker settles a delivery a moment after the receiver answered). */
const scrapeUntil = async (url: string, ready: (all: Map<string, number>) => boolean) => {
  const started = Date.now()
  for (;;) {
    const all = samples((await scrape(url, TOKEN)).text)
    if (ready(all) || Date.now() - started > 30_000) return all
    await new Promise((r) => setTimeout(r, 200))
  }
}

const checkSeries = (all: Map<string, number>, backend: "pglite" | "postgres") => {
  const created = { route: "POST /v1/checkout/sessions", status: "200" }
  assert.strictEqual(valueOf(all, "till_http_request_duration_seconds_count", created), CREATES)
  assert.isAbove(valueOf(all, "till_http_request_duration_seconds_sum", created)!, 0)
  assert.strictEqual(valueOf(all, "till_http_request_duration_seconds_bucket", { ...created, le: "+Inf" }), CREATES)
  assert.strictEqual(valueOf(all, "till_http_request_duration_seconds_count", { route: "GET /v1/checkout/sessions/:id", status: "404" }), 1)
  const payments = "POST /v1/checkout/sessions/:id/payments"
  assert.strictEqual(valueOf(all, "till_http_request_duration_seconds_count", { route: payments, status: "402" }), 1)
  assert.strictEqual(valueOf(all, "till_http_request_duration_seconds_count", { route: payments, status: "200" }), 1)

  assert.strictEqual(valueOf(all, "till_payments_total", { outcome: "Succeeded" }), 1)
  assert.strictEqual(valueOf(all, "till_payments_total", { outcome: "Failed", code: "generic_decline" }), 1)
  assert.strictEqual(valueOf(all, "till_webhook_deliveries_total", { outcome: "succeeded", livemode: "false" }), 1)

  assert.strictEqual(valueOf(all, "till_db_connections", { state: "max" }), backend === "pglite" ? 1 : 10)
  const inUse = valueOf(all, "till_db_connections", { state: "in_use" })!
  assert.isAtLeast(inUse, 0)
  assert.isAtMost(inUse, backend === "pglite" ? 1 : 10)
  assert.strictEqual(valueOf(all, "till_db_connections", { state: "waiting" }), 0)
  assert.isDefined(valueOf(all, "till_db_connection_waits", { outcome: "timed_out" }))
  if (backend === "postgres") {
    assert.isAtLeast(valueOf(all, "till_db_pg_pool_clients", { state: "total" })!, 1)
    assert.isDefined(valueOf(all, "till_db_pg_pool_clients", { state: "idle" }))
    assert.strictEqual(valueOf(all, "till_db_pg_pool_clients", { state: "waiting" }), 0)
  }
  // the delivery job is done: nothing of the test queue waits or runs
  for (const queue of ["till.webhook.test", "till.webhook.live"]) {
    for (const state of ["ready", "deferred", "active"]) assert.strictEqual(valueOf(all, "till_queue_jobs", { queue, state }), 0, `${queue} ${state}`)
    assert.strictEqual(valueOf(all, "till_queue_oldest_ready_seconds", { queue }), 0)
  }
  // no session is due for expiry: they expire in a day
  assert.strictEqual(valueOf(all, "till_expiry_lag_seconds"), 0)
  assert.isDefined(valueOf(all, "process_cpu_user_seconds_total"))
}

const onPort = async (env: Record<string, string>, backend: "pglite" | "postgres") => {
  const receiver = await Receiver.start()
  const till = await serveTill({ TILL_SECRET_KEY: KEY, TILL_METRICS_TOKEN: TOKEN, TILL_ACCESS_LOG: "false", ...env })
  try {
    const url = `${till.url}/metrics`
    assert.strictEqual((await scrape(url)).status, 401)
    assert.strictEqual((await scrape(url, "not-the-token-0123456789")).status, 401)
    await traffic(till.url, receiver)
    const first = await scrape(url, TOKEN)
    assert.strictEqual(first.status, 200)
    assert.match(first.type, /^text\/plain; version=0\.0\.4/)
    // the delivery is counted when the receiver answered; its job is settled a moment later, in the batch's last statement
    const all = await scrapeUntil(url, (s) =>
      valueOf(s, "till_webhook_deliveries_total", { outcome: "succeeded" }) === 1 &&
      valueOf(s, "till_queue_jobs", { queue: "till.webhook.test", state: "active" }) === 0)
    checkSeries(all, backend)
  } finally {
    await stopTill(till)
    await receiver.close()
  }
}

describe("/metrics", () => {
  it("PGlite: behind the token on the API's port, with every series and the traffic's counts", { timeout: 240_000 }, () =>
    onPort({ TILL_DATA_DIR: freshDataDir() }, "pglite"))

  it.runIf(hasPostgres)("PostgreSQL: the same, with the pg pool's counts", { timeout: 240_000 }, () =>
    Effect.runPromise(Effect.scoped(Effect.gen(function*() {
      const url = yield* freshPostgresUrl
      yield* Effect.promise(() => onPort({ DATABASE_URL: url }, "postgres"))
    }))))

  it("on TILL_METRICS_ADDRESS instead of the API's port; with no worker, the delivery waits in its queue", { timeout: 240_000 }, async () => {
    const port = await freePort()
    const till = await serveTill({
      TILL_SECRET_KEY: KEY,
      TILL_DATA_DIR: freshDataDir(),
      TILL_METRICS_ADDRESS: `127.0.0.1:${port}`,
      TILL_WORKER: "false"
    })
    try {
      const post = (path: string, body: Record<string, string>, auth = KEY) =>
        fetch(`${till.url}${path}`, { method: "POST", headers: { authorization: `Bearer ${auth}` }, body: new URLSearchParams(body) })
      assert.strictEqual((await post("/v1/webhook_endpoints", { url: "http://127.0.0.1:9/hook", "enabled_events[0]": "checkout.session.completed" })).status, 200)
      const created = await post("/v1/checkout/sessions", { amount: "1500", currency: "usd" })
      assert.strictEqual(created.status, 200)
      const session = await created.json() as { id: string; client_secret: string }
      assert.strictEqual((await post(`/v1/checkout/sessions/${session.id}/payments`, { payment_method: "pm_card_visa" }, session.client_secret)).status, 200)
      assert.strictEqual((await scrape(`${till.url}/metrics`)).status, 404)
      const own = await scrape(`http://127.0.0.1:${port}/metrics`)
      assert.strictEqual(own.status, 200)
      const all = samples(own.text)
      assert.strictEqual(valueOf(all, "till_http_request_duration_seconds_count", { route: "POST /v1/checkout/sessions" }), 1)
      // the completion's delivery, enqueued with the payment, waits for a worker
      assert.strictEqual(valueOf(all, "till_queue_jobs", { queue: "till.webhook.test", state: "ready" }), 1)
      assert.isAtLeast(valueOf(all, "till_queue_oldest_ready_seconds", { queue: "till.webhook.test" })!, 0)
      assert.strictEqual(valueOf(all, "till_queue_jobs", { queue: "till.webhook.live", state: "ready" }), 0)
      assert.isUndefined(valueOf(all, "till_webhook_deliveries_total", { outcome: "succeeded" }))
    } finally {
      await stopTill(till)
    }
  })
})
