/**
 * Traces of a real `till serve` exported over OTLP/HTTP (JSON) to a receiver in the test: one create is
 * one trace, the request's server span over the handler's span over each SQL statement, and a webhook
 * delivery is a trace of its own; on PGlite and on PostgreSQL.
 */
import { assert, describe, it } from "@effect/vitest"
import { freshPostgresUrl, hasPostgres } from "@till/postgres/testing"
import { Receiver } from "@till/queue/testing"
import { Effect } from "effect"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { freshDataDir, printChildrenOnFailure, serveTill, stopTill, waitFor } from "./support.ts"

printChildrenOnFailure()

const KEY = "sk_test_tracingKey0123"

interface Span {
  readonly traceId: string
  readonly spanId: string
  readonly parentSpanId?: string | undefined
  readonly name: string
  readonly kind: number | string
  readonly attributes: ReadonlyArray<{ readonly key: string; readonly value: Record<string, unknown> }>
}

/** A local OTLP/HTTP receiver: collects the spans of every JSON export posted to `/v1/traces`. */
const collector = async () => {
  const spans: Array<Span> = []
  const paths: Array<string> = []
  const server = createServer(async (req, res) => {
    const chunks: Array<Buffer> = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    paths.push(`${req.method} ${req.url} ${req.headers["content-type"]}`)
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
      resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<Span> }> }>
    }
    for (const r of body.resourceSpans) for (const s of r.scopeSpans) spans.push(...s.spans)
    res.writeHead(200, { "content-type": "application/json" }).end("{}")
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { url, spans, paths, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

const attribute = (span: Span, key: string): unknown => {
  const value = span.attributes.find((a) => a.key === key)?.value
  return value === undefined ? undefined : Object.values(value)[0]
}

const isKind = (span: Span, kind: "server" | "client" | "producer") =>
  span.kind === { server: 2, client: 3, producer: 4 }[kind] || String(span.kind).toLowerCase().includes(kind)

/** One create and one paid session's delivery through a `till serve` with `database` (its environment), traced. */
const createAndDeliver = async (database: Record<string, string>) => {
  const otlp = await collector()
  const receiver = await Receiver.start()
  const till = await serveTill({
    TILL_SECRET_KEY: KEY,
    ...database,
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
    OTEL_SERVICE_NAME: "till-under-test"
  })
  try {
    const post = (path: string, body: Record<string, string>, auth = KEY) =>
      fetch(`${till.url}${path}`, { method: "POST", headers: { authorization: `Bearer ${auth}` }, body: new URLSearchParams(body) })
    const endpoint = await (await post("/v1/webhook_endpoints", {
      url: `${receiver.url}/hook`,
      "enabled_events[0]": "checkout.session.completed"
    })).json() as { secret: string }
    receiver.secrets.set("/hook", endpoint.secret)
    const created = await post("/v1/checkout/sessions", { amount: "1500", currency: "usd" })
    assert.strictEqual(created.status, 200)
    const session = await created.json() as { id: string; client_secret: string }

    const routeOf = (s: Span) => attribute(s, "http.route")
    await waitFor("the create's spans", () => otlp.spans.some((s) => routeOf(s) === "/v1/checkout/sessions" && isKind(s, "server")), 60_000)
    const request = otlp.spans.find((s) => routeOf(s) === "/v1/checkout/sessions" && isKind(s, "server"))!
    assert.strictEqual(request.name, "POST /v1/checkout/sessions")
  assert.strictEqual(attribute(request, "http.request.method"), "POST")
    assert.strictEqual(Number(attribute(request, "http.response.status_code")), 200)
    // the exporter sends in batches: wait for the statements' spans, which end before the request's
    await waitFor("the create's SQL spans", () => otlp.spans.some((s) => s.traceId === request.traceId && attribute(s, "db.query.text") !== undefined))
    const trace = otlp.spans.filter((s) => s.traceId === request.traceId)
    const handler = trace.find((s) => s.name === "checkoutSessions.create")
    assert.isDefined(handler, `the handler's span, among ${trace.map((s) => s.name).join(", ")}`)
    assert.strictEqual(handler!.parentSpanId, request.spanId)

    const statements = trace.filter((s) => attribute(s, "db.query.text") !== undefined)
    assert.isNotEmpty(statements)
    const byId = new Map(trace.map((s) => [s.spanId, s]))
    for (const statement of statements) {
      assert.isTrue(isKind(statement, "client"))
      assert.strictEqual(attribute(statement, "db.system.name"), "postgresql")
      // each statement is under the handler's span (directly, or through a use case's own span)
      let up = byId.get(statement.parentSpanId ?? "")
      while (up !== undefined && up !== handler) up = byId.get(up.parentSpanId ?? "")
      assert.strictEqual(up, handler, `${statement.name} (${String(attribute(statement, "db.query.text")).slice(0, 60)}) is under the handler`)
    }
    assert.isTrue(
      statements.some((s) => s.name === "INSERT" || /^\s*(insert|with)/i.test(String(attribute(s, "db.query.text")))),
      "the session's insert is among the statements"
    )
    // statements' text has placeholders, never the values
    assert.isFalse(statements.some((s) => String(attribute(s, "db.query.text")).includes(session.id)))

    // a delivery: its own trace, rooted in its span
    const paid = await post(`/v1/checkout/sessions/${session.id}/payments`, { payment_method: "pm_card_visa" }, session.client_secret)
    assert.strictEqual(paid.status, 200)
    await waitFor("the delivery's span", () => otlp.spans.some((s) => s.name === "webhook.delivery"), 60_000)
    const delivery = otlp.spans.find((s) => s.name === "webhook.delivery")!
    assert.isUndefined(delivery.parentSpanId || undefined)
    assert.notStrictEqual(delivery.traceId, request.traceId)
    assert.strictEqual(attribute(delivery, "till.event.type"), "checkout.session.completed")
    assert.strictEqual(Number(attribute(delivery, "http.response.status_code")), 200)
    assert.isTrue(otlp.paths.every((p) => p.startsWith("POST /v1/traces application/json")), otlp.paths.join("\n"))
  } finally {
    await stopTill(till)
    await receiver.close()
    await otlp.close()
  }
}

describe("traces over OTLP/HTTP", () => {
  it("PGlite: a create is one trace (the request, its handler, its SQL statements); a delivery is a trace of its own", { timeout: 240_000 }, () =>
    createAndDeliver({ TILL_DATA_DIR: freshDataDir() }))

  it.runIf(hasPostgres)("PostgreSQL: the same", { timeout: 240_000 }, () =>
    Effect.runPromise(Effect.scoped(Effect.gen(function*() {
      const url = yield* freshPostgresUrl
      yield* Effect.promise(() => createAndDeliver({ DATABASE_URL: url }))
    }))))
})
