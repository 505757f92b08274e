/**
 * The composition root: the commands' application has the queue's event sink, so creating a session
 * through it schedules its expiry job in the same transaction; and a composition of the use cases
 * that forgets the sink does not type-check.
 */
import { assert, describe, it } from "@effect/vitest"
import { CheckoutSessions } from "@till/core"
import { Boss, Queues } from "@till/queue"
import { ConfigProvider, Effect, Layer } from "effect"
import { DatabaseLayer, DomainLayer, layer } from "../src/AppLayer.ts"
import { TillConfig } from "../src/Config.ts"

const config = (env: Record<string, string>) => TillConfig.parse(ConfigProvider.fromEnv({ env }))

describe("AppLayer", () => {
  it.live("layer: a session created through the application has its expiry job", () =>
    Effect.gen(function*() {
      const app = layer(yield* config({ TILL_DATA_DIR: "memory://app-layer-test" }))
      yield* Effect.gen(function*() {
        const sessions = yield* CheckoutSessions
        const { boss } = yield* Boss.Boss
        const scope = { account: "acct_applayertest", livemode: false }
        const { session } = yield* sessions.create(scope, { amount: 500, currency: "usd" })
        const jobs = yield* Effect.promise(() => boss.findJobs<{ session: string }>(Queues.EXPIRE_QUEUE))
        assert.deepStrictEqual(jobs.map((job) => job.data.session), [session.id])
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
