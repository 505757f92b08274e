/**
 * A card approval survives the database, end to end: `till serve` (with its worker) talks to PostgreSQL
 * through a fault-injecting TCP proxy that cuts every connection carrying the payment's success write
 * for longer than the write's retries. The payment answers 503, the process lives, and the worker's
 * reconciliation asks the test processor, completes the session, and delivers each event once: one
 * approval at the processor, one `checkout.session.completed`.
 */
import { assert, describe, it } from "@effect/vitest"
import { Connection, Db } from "@till/postgres"
import { Context, Effect, Layer } from "effect"
import { sql } from "kysely"
import { FaultProxy, freshPostgresUrl, hasPostgres, postgresUrl } from "@till/postgres/testing"
import { Receiver } from "@till/queue/testing"
import { printChildrenOnFailure, serveTill, stopTill } from "./support.ts"

const KEY = "sk_test_paymentfaults1"

const call = async (base: string, method: string, path: string, params?: Record<string, string>) => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${KEY}` },
    ...(params === undefined ? {} : { body: new URLSearchParams(params) })
  })
  return { status: response.status, headers: response.headers, json: await response.json() as any }
}

describe.runIf(hasPostgres)("payments through a failing database connection, end to end", () => {
  printChildrenOnFailure()

  it.live("every success write is cut for longer than its retries: 503, then the worker reconciles: complete, one approval, each event delivered once", () =>
    Effect.scoped(Effect.gen(function*() {
      const url = yield* freshPostgresUrl
      const direct = Context.get(yield* Layer.build(Connection.layerPostgres(url, { poolSize: 1 })), Db)
      const proxy = yield* Effect.acquireRelease(Effect.promise(() => FaultProxy.start(postgresUrl!)), (p) => Effect.promise(p.close))
      const receiver = yield* Effect.acquireRelease(Effect.promise(Receiver.start), (r) => Effect.promise(r.close))
      const till = yield* Effect.acquireRelease(
        Effect.promise(() =>
          serveTill({
            TILL_SECRET_KEY: KEY,
            DATABASE_URL: proxy.via(url),
            TILL_PAYMENT_RECONCILE_SECONDS: "1",
            TILL_EXPIRY_SWEEP_SECONDS: "1",
            TILL_QUEUE_POLLING_SECONDS: "0.5"
          })
        ),
        (t) => Effect.promise(() => stopTill(t))
      )
      const base = till.url
      yield* Effect.promise(async () => {
        const endpoint = await call(base, "POST", "/v1/webhook_endpoints", { url: `${receiver.url}/hooks`, "enabled_events[0]": "*" })
        assert.strictEqual(endpoint.status, 200, JSON.stringify(endpoint.json))
        receiver.secrets.set("/hooks", endpoint.json.secret)
        const session = await call(base, "POST", "/v1/checkout/sessions", { amount: "1500", currency: "usd" })
        assert.strictEqual(session.status, 200, JSON.stringify(session.json))

        const cut = proxy.cutOn(`"payment_status":"paid"`, "before", 1_000)
        const paid = await call(base, "POST", `/v1/checkout/sessions/${session.json.id}/payments`, { payment_method: "pm_card_visa" })
        assert.strictEqual(paid.status, 503, JSON.stringify(paid.json))
        assert.strictEqual(paid.json.error.type, "api_error")
        assert.isNotNull(paid.headers.get("retry-after"))
        assert.isAtLeast(cut.count(), 2)
        // the database answers again; until the attempt is reconciled, no second charge can start
        cut.stop()
        const again = await call(base, "POST", `/v1/checkout/sessions/${session.json.id}/payments`, { payment_method: "pm_card_visa" })
        assert.include([409, 400], again.status, JSON.stringify(again.json))

        const started = Date.now()
        let status = ""
        while (status !== "complete" && Date.now() - started < 30_000) {
          status = (await call(base, "GET", `/v1/checkout/sessions/${session.json.id}`)).json.status
          if (status !== "complete") await new Promise((r) => setTimeout(r, 250))
        }
        assert.strictEqual(status, "complete")
        const read = await call(base, "GET", `/v1/checkout/sessions/${session.json.id}?expand[]=payment_intent`)
        assert.strictEqual(read.json.payment_intent.status, "succeeded")
        const approvals = await sql<{ n: string }>`
          select count(*) as n from test_processor_charges
          where payment_intent = ${read.json.payment_intent.id} and outcome->>'_tag' = 'Succeeded'`.execute(direct.kysely)
        assert.strictEqual(Number(approvals.rows[0]!.n), 1, "approvals at the test processor")

        await receiver.until("both events delivered", (all) => new Set(all.filter((r) => r.status === 200).map((r) => r.event.type)).size === 2, 30_000)
        await new Promise((r) => setTimeout(r, 1_500))
        const types = receiver.received.filter((r) => r.status === 200).map((r) => r.event.type).sort()
        assert.deepStrictEqual(types, ["checkout.session.completed", "payment_intent.succeeded"])
        assert.isNull(till.child.exitCode, "the server is still running")
      })
    })), 240_000)
})
