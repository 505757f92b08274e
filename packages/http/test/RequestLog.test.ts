/**
 * The request's record, the access log and the observer, on the in-memory server: every answered
 * request is told once with its route template (`unmatched` for what no route answered, so a path
 * typed at random makes no series of its own), its status and its duration; an access line carries the
 * request id, the account and the route; without the access log nothing is logged.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer, Logger, References } from "effect"
import * as RequestLog from "../src/RequestLog.ts"
import { SuiteServer } from "../src/testing/stripe/SuiteServer.ts"
import { bearer, CREATE_FORM, FORM, send } from "../src/testing/Fetch.ts"
import { inMemoryWith } from "../src/testing/TestServer.ts"

const live = { excludeTestServices: true, timeout: "30 seconds" } as const

const served: Array<RequestLog.Served> = []
const lines: Array<{ message: unknown; fields: Record<string, unknown> }> = []

const capture = Logger.make((options) => {
  const record = options.fiber.getRef(RequestLog.CurrentRequest)
  lines.push({
    message: options.message,
    fields: { ...record, ...options.fiber.getRef(References.CurrentLogAnnotations) }
  })
})

const withAccessLog = (accessLog: boolean) =>
  inMemoryWith(Layer.mergeAll(
    Layer.succeed(RequestLog.RequestObserver, (s: RequestLog.Served) => void served.push(s)),
    Layer.succeed(RequestLog.AccessLog, accessLog)
  )).pipe(Layer.provide(Logger.layer([capture])))

describe("RequestLog", () => {
  layer(withAccessLog(true), live)("with the access log", (it) => {
    it.effect("tells each request once, by route template, and logs its access line with the request's fields", () =>
      Effect.gen(function*() {
        served.length = 0
        lines.length = 0
        const { keys, url } = yield* SuiteServer
        const created = yield* send(`${url}/v1/checkout/sessions`, { method: "POST", headers: { ...bearer(keys.test), ...FORM }, body: CREATE_FORM })
        assert.strictEqual(created.status, 200)
        assert.strictEqual((yield* send(`${url}/v1/checkout/sessions/cs_test_missing`, { headers: bearer(keys.test) })).status, 404)
        assert.strictEqual((yield* send(`${url}/v1/no/such/path/cs_test_123`, { headers: bearer(keys.test) })).status, 404)
        assert.strictEqual((yield* send(`${url}/v1/checkout/sessions`, { method: "DELETE", headers: bearer(keys.test) })).status, 405)

        assert.deepStrictEqual(served.map(({ route, status }) => [route, status]), [
          ["POST /v1/checkout/sessions", 200],
          ["GET /v1/checkout/sessions/:id", 404],
          ["unmatched", 404],
          ["unmatched", 405]
        ])
        for (const s of served) assert.isAbove(s.durationMs, 0)

        const access = lines.filter((l) => Array.isArray(l.message) && l.message[0] === "request")
        assert.strictEqual(access.length, 4)
        const first = access[0]!.fields
        assert.deepInclude(first, { method: "POST", route: "POST /v1/checkout/sessions", status: 200 })
        assert.match(String(first["requestId"]), /^req_/)
        assert.strictEqual(first["requestId"], created.headers.get("request-id"))
        assert.match(String(first["account"]), /^acct_/)
        assert.isUndefined(access[2]!.fields["route"])
      }))
  })

  layer(withAccessLog(false), live)("without the access log", (it) => {
    it.effect("still tells the observer, and logs nothing", () =>
      Effect.gen(function*() {
        served.length = 0
        lines.length = 0
        const { keys, url } = yield* SuiteServer
        assert.strictEqual((yield* send(`${url}/v1/checkout/sessions`, { headers: bearer(keys.test) })).status, 200)
        assert.deepStrictEqual(served.map(({ route, status }) => [route, status]), [["GET /v1/checkout/sessions", 200]])
        assert.deepStrictEqual(lines, [])
      }))
  })
})
