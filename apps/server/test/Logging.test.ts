/**
 * The log's two formats: a JSON line has time, level, message, the request's fields (from its record)
 * and the annotated ones, and a failure's whole cause; the pretty line says the same in one line with
 * the cause below; levels below the configured one are not written.
 */
import { assert, describe, it } from "@effect/vitest"
import { RequestLog } from "@till/http"
import { Cause, Effect, Redacted } from "effect"
import * as Logging from "../src/Logging.ts"

/** What `effect` writes under the log with `settings`. */
const written = (settings: Logging.Settings, effect: Effect.Effect<void>) =>
  Effect.gen(function*() {
    const chunks: Array<string> = []
    yield* effect.pipe(Effect.provide(Logging.layer(settings, false, { line: (text) => chunks.push(text), flush: () => {} })))
    return chunks.join("")
  })

const record: RequestLog.RequestRecord = { method: "POST", requestId: "req_abc", route: "POST /v1/checkout/sessions", account: "acct_1" }

const inRequest = <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.provideService(effect, RequestLog.CurrentRequest, record)

describe("the log", () => {
  it.effect("JSON: one object a line with the request's fields, annotations and the cause", () =>
    Effect.gen(function*() {
      const out = yield* written(
        { format: "json", level: "Info" },
        inRequest(Effect.gen(function*() {
          yield* Effect.logInfo("request").pipe(Effect.annotateLogs({ status: 200, duration_ms: 1.5 }))
          yield* Effect.logError("sweep failed", Cause.fail(new Error("boom"))).pipe(Effect.annotateLogs({ card: Redacted.make("4242") }))
          yield* Effect.logDebug("not written")
        }))
      )
      const lines = out.trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>)
      assert.strictEqual(lines.length, 2)
      const [access, failure] = lines
      assert.match(String(access!["time"]), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
      assert.deepInclude(access, { level: "info", message: "request", request_id: "req_abc", account: "acct_1", route: "POST /v1/checkout/sessions", status: 200, duration_ms: 1.5 })
      assert.strictEqual(failure!["level"], "error")
      assert.strictEqual(failure!["message"], "sweep failed")
      assert.include(String(failure!["error"]), "Error: boom")
      assert.include(String(failure!["error"]), "Logging.test.ts")
      assert.notInclude(out, "4242")
    }))

  it.effect("pretty: one line of fields, the cause indented below", () =>
    Effect.gen(function*() {
      const out = yield* written(
        { format: "pretty", level: "Debug" },
        inRequest(Effect.logWarning("slow", Cause.fail(new Error("boom"))).pipe(Effect.annotateLogs({ status: 503 })))
      )
      const [first, second] = out.split("\n")
      assert.match(first!, /^\d\d:\d\d:\d\d\.\d{3} WARN  slow request_id=req_abc account=acct_1 route="POST \/v1\/checkout\/sessions" status=503$/)
      assert.match(second!, /^  Error: boom/)
    }))

  it("defaults to JSON unless stdout is a terminal", () => {
    assert.strictEqual(Logging.defaultFormat(), process.stdout.isTTY === true ? "pretty" : "json")
  })
})
