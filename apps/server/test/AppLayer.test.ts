/**
 * The composition root: the commands' application has the queue's event sink, so a session write
 * enqueues its deliveries' jobs in the same transaction (and a create, with no event, enqueues
 * nothing: expiry is the sweep's); and a composition of the use cases that forgets the sink does not
 * type-check.
 */
import { assert, describe, it } from "@effect/vitest"
import { CheckoutSessions, CreateWebhookEndpointParams, WebhookEndpoints } from "@till/core"
import { Boss, Queues } from "@till/queue"
import { ConfigProvider, Effect, Layer, Schema } from "effect"
import { DatabaseLayer, DomainLayer, layer } from "../src/AppLayer.ts"
import { TillConfig } from "../src/Config.ts"

const config = (env: Record<string, string>) => TillConfig.parse(ConfigProvider.fromEnv({ env }))

describe("AppLayer", () => {
  it.live("layer: a session write through the application enqueues its deliveries' jobs; a create enqueues none", () =>
    Effect.gen(function*() {
      const app = layer(yield* config({ TILL_DATA_DIR: "memory://app-layer-test", TILL_WEBHOOK_ALLOW_PRIVATE: "true" }))
      yield* Effect.gen(function*() {
        const sessions = yield* CheckoutSessions
        const { boss } = yield* Boss.Boss
        const scope = { account: "acct_applayertest", livemode: false }
        const params = Schema.decodeUnknownSync(CreateWebhookEndpointParams)({ url: "http://127.0.0.1:9/hooks", enabled_events: ["*"] })
        yield* (yield* WebhookEndpoints).create(scope, params)
        const jobs = Effect.promise(() => boss.findJobs<{ delivery: string }>(Queues.webhookQueue(false)))
        const { session } = yield* sessions.create(scope, { amount: 500, currency: "usd" })
        assert.lengthOf(yield* jobs, 0)
        assert.isNull(yield* Effect.promise(() => boss.getQueue(Queues.RETIRED_EXPIRE_QUEUE)), "no expiry queue, no expiry job")
        yield* sessions.expire(scope, session.id)
        assert.lengthOf(yield* jobs, 1)
      }).pipe(Effect.provide(app))
    }), 120_000)

  it.effect("the use cases over a database, without an event sink, do not type-check", () =>
    Effect.gen(function*() {
      const settings = yield* config({})
      const program = Effect.gen(function*() {
        return yield* CheckoutSessions
      })
      // @ts-expect-error: the session repository requires a SessionEventSink, which nothing here provides
      const forgotten: Layer.Layer<CheckoutSessions, unknown> = DomainLayer(settings).pipe(Layer.provide(DatabaseLayer(settings)))
      // @ts-expect-error: nor can a program be run over them
      const unrunnable: Effect.Effect<unknown, unknown, never> = program.pipe(Effect.provide(DomainLayer(settings).pipe(Layer.provide(DatabaseLayer(settings)))))
      assert.isDefined([forgotten, unrunnable])
    }))
})
