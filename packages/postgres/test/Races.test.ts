/**
 * Races through the use cases, on every backend. The database, not process memory, must serialize
 * concurrent transitions: on PostgreSQL the last test runs two independent stacks, each with its own
 * connection pool (as two server processes would have), against one database.
 */
import { assert, describe, it, layer } from "@effect/vitest"
import { CheckoutSessions } from "@till/core"
import { InMemoryLinks, InMemoryProcessorLedger, InMemoryRepository } from "@till/core/testing"
import { Effect, Layer, Result } from "effect"
import * as Connection from "../src/Connection.ts"
import * as Repositories from "../src/Repositories.ts"
import { freshPostgresUrl, hasPostgres, pgliteDb, postgresDb } from "../src/testing/Databases.ts"
import { newScope } from "./support/Fixtures.ts"
import { allEvents, objectRaceScenarios, objectUseCases, raceScenarios, useCases } from "./support/Races.ts"
import { NoOutbox } from "../src/testing/index.ts"

const live = { excludeTestServices: true, timeout: "2 minutes" } as const

layer(useCases(Layer.merge(InMemoryRepository.layer, InMemoryProcessorLedger.layer)), live)("in-memory", raceScenarios)

layer(useCases(Repositories.layer.pipe(Layer.provide(NoOutbox.layer), Layer.provideMerge(pgliteDb))), live)("PGlite", raceScenarios)

layer(objectUseCases(Layer.mergeAll(InMemoryRepository.layer, InMemoryProcessorLedger.layer, InMemoryLinks.layer)), live)(
  "in-memory: links and endpoints",
  objectRaceScenarios
)

layer(objectUseCases(Repositories.layer.pipe(Layer.provide(NoOutbox.layer), Layer.provideMerge(pgliteDb))), live)("PGlite: links and endpoints", objectRaceScenarios)

describe.runIf(hasPostgres)("PostgreSQL", () => {
  layer(useCases(Repositories.layer.pipe(Layer.provide(NoOutbox.layer), Layer.provideMerge(postgresDb()))), live)("one pool", raceScenarios)

  layer(objectUseCases(Repositories.layer.pipe(Layer.provide(NoOutbox.layer), Layer.provideMerge(postgresDb()))), live)("links and endpoints", objectRaceScenarios)

  it.live("two stacks with their own pools, started at once, on one database: 50 payments, one success", () =>
    Effect.gen(function*() {
      const url = yield* freshPostgresUrl
      // the pools close (inner scope) before the database is dropped (outer scope)
      yield* Effect.scoped(Effect.gen(function*() {
      const stack = () => Layer.build(useCases(Repositories.layer.pipe(Layer.provide(NoOutbox.layer), Layer.provideMerge(Connection.layerPostgres(url, { poolSize: 5 })))))
      // both migrate at once, as two processes starting together would
      const [a, b] = yield* Effect.all([stack(), stack()], { concurrency: 2 })
      const scope = newScope()
      const { session } = yield* CheckoutSessions.use((s) => s.create(scope, { amount: 777, currency: "usd" })).pipe(Effect.provide(a))
      const pay = (ctx: typeof a) =>
        Effect.result(CheckoutSessions.use((s) => s.pay(scope, session.id, { payment_method: "pm_card_visa" }))).pipe(Effect.provide(ctx))
      const results = yield* Effect.all(Array.from({ length: 50 }, (_, i) => pay(i % 2 === 0 ? a : b)), { concurrency: "unbounded" })
      assert.strictEqual(results.filter(Result.isSuccess).length, 1)
      const events = yield* allEvents(scope).pipe(Effect.provide(b))
      assert.strictEqual(events.filter((e) => e.type === "checkout.session.completed").length, 1)
      assert.strictEqual(events.filter((e) => e.type === "payment_intent.succeeded").length, 1)
      }))
    }), 120_000)
})
