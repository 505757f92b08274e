import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Schema } from "effect"
import { CurrentApiVersion, isSupportedApiVersion, SUPPORTED_API_VERSIONS } from "../src/ApiVersion.ts"
import { CheckoutSessions } from "../src/CheckoutSessions.ts"
import { EventLog, typesOf } from "../src/EventLog.ts"
import { API_VERSION, EventType } from "../src/Events.ts"
import * as Testing from "../src/testing/index.ts"
import { CreateWebhookEndpointParams } from "../src/WebhookEndpoint.ts"
import { WebhookEndpoints } from "../src/WebhookEndpoints.ts"
import { basicParams, params } from "./fixtures.ts"

const scope = { account: "acct_1", livemode: false }

describe("API versions", () => {
  it("accepts Till's own version and the dahlia and endive releases, nothing else", () => {
    assert.isTrue(isSupportedApiVersion(API_VERSION))
    assert.isTrue(isSupportedApiVersion("2026-10-28.endive"))
    assert.isTrue(isSupportedApiVersion("2026-03-25.dahlia"))
    for (const v of ["2026-02-25.clover", "2024-06-20", "2026-10-28", "2026-10-28.ENDIVE", " 2026-10-28.endive", ""]) assert.isFalse(isSupportedApiVersion(v), v)
    assert.lengthOf(SUPPORTED_API_VERSIONS, 9)
  })

  it.effect("events carry the version of the call that caused them, Till's own outside one", () =>
    Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const a = yield* sessions.create(scope, params(basicParams))
      const b = yield* sessions.create(scope, params(basicParams))
      yield* sessions.expire(scope, a.session.id)
      yield* sessions.expire(scope, b.session.id).pipe(Effect.provideService(CurrentApiVersion, "2026-09-30.endive"))
      const events = (yield* EventLog.use((log) => log.list(scope, { limit: 100 }))).data.filter((e) => e.type === "checkout.session.expired")
      const of = (id: string) => events.find((e) => e.data.object.id === id)!.api_version
      assert.strictEqual(of(a.session.id), API_VERSION)
      assert.strictEqual(of(b.session.id), "2026-09-30.endive")
    }).pipe(Effect.provide(Testing.layer)))

  it.effect("an endpoint is pinned to a version it names, else to none; an unknown version is refused", () =>
    Effect.gen(function*() {
      const endpoints = yield* WebhookEndpoints
      const create = Schema.decodeUnknownSync(CreateWebhookEndpointParams)
      const pinned = yield* endpoints.create(scope, create({ url: "https://shop.example/p", enabled_events: ["*"], api_version: "2026-07-29.dahlia" }))
      assert.strictEqual(pinned.endpoint.api_version, "2026-07-29.dahlia")
      const unpinned = yield* endpoints.create(scope, create({ url: "https://shop.example/u", enabled_events: ["*"] }))
      assert.isNull(unpinned.endpoint.api_version)
      assert.throws(() => create({ url: "https://shop.example/x", enabled_events: ["*"], api_version: "2025-03-31.basil" }))
    }).pipe(Effect.provide(Testing.layer)))
})

describe("event list types", () => {
  const run = (params: { type?: string; types?: ReadonlyArray<string> }) => Effect.runSyncExit(typesOf(params))
  const value = (params: { type?: string; types?: ReadonlyArray<string> }) => {
    const exit = run(params)
    if (Exit.isFailure(exit)) throw new Error(`failed: ${JSON.stringify(params)}`)
    return exit.value
  }
  const param = (params: { type?: string; types?: ReadonlyArray<string> }) => {
    const exit = run(params)
    if (Exit.isSuccess(exit)) throw new Error(`succeeded: ${JSON.stringify(params)}`)
    return (exit.cause.reasons[0] as unknown as { error: { param: string } }).error.param
  }

  it("one type, a pattern with *, several types, or all", () => {
    assert.isUndefined(value({}))
    assert.deepStrictEqual(value({ type: "checkout.session.completed" }), ["checkout.session.completed"])
    assert.deepStrictEqual(value({ type: "checkout.session.*" }), ["checkout.session.completed", "checkout.session.expired"])
    assert.deepStrictEqual(value({ type: "*.succeeded" }), ["payment_intent.succeeded"])
    assert.deepStrictEqual(value({ type: "*" }), EventType.literals)
    assert.deepStrictEqual(value({ type: "checkout.*.completed" }), ["checkout.session.completed"])
    // the dot is a dot, not any character
    assert.deepStrictEqual(value({ type: "checkout?session.*" }), [])
    assert.deepStrictEqual(value({ type: "invoice.*" }), [])
    assert.deepStrictEqual(value({ types: ["payment_intent.succeeded", "checkout.session.expired"] }), ["payment_intent.succeeded", "checkout.session.expired"])
  })

  it("not both, and no unknown exact type", () => {
    assert.strictEqual(param({ type: "checkout.session.completed", types: ["checkout.session.expired"] }), "types")
    assert.strictEqual(param({ type: "checkout.session.complete" }), "type")
    assert.strictEqual(param({ types: ["checkout.session.expired", "checkout.session.*"] }), "types[1]")
  })
})
