/**
 * Races through the use cases, on every backend. The database, not process memory, must serialize
 * concurrent transitions: on PostgreSQL, the expiry sweep is shown to skip rows other transactions hold,
 * and the last test runs two independent stacks, each with its own connection pool (as two server
 * processes would have), against one database.
 */
import { assert, describe, it, layer } from "@effect/vitest"
import { CheckoutSessions, EventRepository, SessionRepository, type SessionState } from "@till/core"
import { InMemoryLinks, InMemoryProcessorLedger, InMemoryRepository } from "@till/core/testing"
import { type Context, Effect, Layer, Option, Result } from "effect"
import * as Connection from "../src/Connection.ts"
import * as Repositories from "../src/Repositories.ts"
import { freshPostgresUrl, hasPostgres, pgliteDb, postgresDb } from "../src/testing/Databases.ts"
import { Db } from "../src/Db.ts"
import { updateStatement } from "../src/SessionWrites.ts"
import { newScope, newSession, startPayment, step, succeedPayment } from "./support/Fixtures.ts"
import { allEvents, concurrentRefunds, objectRaceScenarios, objectUseCases, raceScenarios, type RaceServices, useCases } from "./support/Races.ts"
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

  // What SKIP LOCKED decides, shown with locks held on purpose (on PGlite, with its one connection, nothing is held alongside).
  layer(Repositories.layer.pipe(Layer.provide(NoOutbox.layer), Layer.provideMerge(postgresDb(4))), live)("row locks", (it) => {
    const now = Math.floor(Date.now() / 1000)
    const expire = (states: ReadonlyArray<SessionState>) => Effect.sync(() => states.map((s) => step(s, { _tag: "ExpireByClock" }, now)))
    const dueSessions = (n: number) =>
      Effect.gen(function*() {
        const scope = newScope()
        const due = Array.from({ length: n }, (_, i) => newSession(scope, now - 3 * 86400 + i))
        yield* SessionRepository.use((repo) => Effect.forEach(due, (s) => repo.insert(s, []), { discard: true }))
        return { scope, due }
      })

    it.effect("a sweep started while another holds its batch takes the rest, without waiting", () =>
      Effect.gen(function*() {
        const repo = yield* SessionRepository
        const { due } = yield* dueSessions(4)
        let inner: ReadonlyArray<string> = []
        const outer = yield* repo.expireDue(now, 2, (claimed) =>
          Effect.gen(function*() {
            const stored = yield* repo.expireDue(now, 10, (rest) => Effect.map(expire(rest), (changes) => (inner = rest.map((s) => s.session.id), changes)))
            assert.strictEqual(stored, 2)
            assert.deepStrictEqual(inner, due.slice(2).map((s) => s.session.id), "the inner sweep skips the outer one's batch")
            assert.deepStrictEqual(claimed.map((s) => s.session.id), due.slice(0, 2).map((s) => s.session.id))
            return yield* expire(claimed)
          }))
        assert.strictEqual(outer, 2)
        for (const s of due) assert.strictEqual(Option.getOrThrow(yield* repo.findById(s.session.id)).version, 2)
      }))

    it.effect("a session whose payment is being written is skipped; once the payment commits it is not expired", () =>
      Effect.gen(function*() {
        const repo = yield* SessionRepository
        const { kysely } = yield* Db
        const { due: [paying, idle], scope } = yield* dueSessions(2)
        // the payment started a second before the session's time ran out; its write is not committed yet
        const started = startPayment(paying!, paying!.session.expires_at - 1)
        const payment = yield* Effect.promise(() => kysely.startTransaction().execute())
        yield* Effect.promise(() => updateStatement(started.state, started.events).execute(payment))
        const stored = yield* repo.expireDue(now, 10, (claimed) =>
          Effect.map(expire(claimed), (changes) => {
            assert.deepStrictEqual(claimed.map((s) => s.session.id), [idle!.session.id])
            return changes
          }))
        assert.strictEqual(stored, 1)
        yield* Effect.promise(() => payment.commit().execute())
        // the attempt holds expiry off now, and the approval completes the session
        assert.strictEqual(yield* repo.expireDue(now, 10, () => Effect.die(new Error("nothing is due"))), 0)
        const paid = succeedPayment(started.state, now)
        yield* repo.update(paid.state, paid.events)
        assert.strictEqual(Option.getOrThrow(yield* repo.findById(paying!.session.id)).session.status, "complete")
        const events = yield* EventRepository.use((r) => r.list(scope, {}, { limit: 10 }))
        assert.sameMembers(events.data.map((e) => `${e.type} ${e.data.object["id"] === idle!.session.id ? "idle" : "paying"}`), [
          "checkout.session.expired idle",
          "checkout.session.completed paying",
          "payment_intent.succeeded paying"
        ])
      }))
  })

  /** Runs `body` with two stacks, each with its own pool, on one fresh database, built at once (both migrate, as two processes starting together would). */
  const onTwoStacks = <A, E>(body: (a: Context.Context<RaceServices>, b: Context.Context<RaceServices>) => Effect.Effect<A, E>) =>
    Effect.gen(function*() {
      const url = yield* freshPostgresUrl
      // the pools close (inner scope) before the database is dropped (outer scope)
      return yield* Effect.scoped(Effect.gen(function*() {
        const stack = () => Layer.build(useCases(Repositories.layer.pipe(Layer.provide(NoOutbox.layer), Layer.provideMerge(Connection.layerPostgres(url, { poolSize: 5 })))))
        const [a, b] = yield* Effect.all([stack(), stack()], { concurrency: 2 })
        return yield* body(a, b)
      }))
    })

  it.live("two stacks with their own pools, started at once, on one database: 50 payments, one success", () =>
    onTwoStacks((a, b) =>
      Effect.gen(function*() {
        const scope = newScope()
        const { session } = yield* CheckoutSessions.use((s) => s.create(scope, { amount: 777, currency: "usd" })).pipe(Effect.provide(a))
        const pay = (ctx: typeof a) =>
          Effect.result(CheckoutSessions.use((s) => s.pay(scope, session.id, { payment_method: "pm_card_visa" }))).pipe(Effect.provide(ctx))
        const results = yield* Effect.all(Array.from({ length: 50 }, (_, i) => pay(i % 2 === 0 ? a : b)), { concurrency: "unbounded" })
        assert.strictEqual(results.filter(Result.isSuccess).length, 1)
        const events = yield* allEvents(scope).pipe(Effect.provide(b))
        assert.strictEqual(events.filter((e) => e.type === "checkout.session.completed").length, 1)
        assert.strictEqual(events.filter((e) => e.type === "payment_intent.succeeded").length, 1)
      })
    ), 120_000)

  it.live("two stacks with their own pools on one database: 50 refunds of one charge never refund more than it captured", () =>
    onTwoStacks((a, b) => concurrentRefunds(50, [a, b]).pipe(Effect.provide(a))), 120_000)

  it.live("two stacks with their own pools on one database: a capture and a cancel of one held payment never both win", () =>
    onTwoStacks((a, b) =>
      Effect.gen(function*() {
        const scope = newScope()
        for (let round = 0; round < 10; round++) {
          const intent = yield* CheckoutSessions.use((s) =>
            Effect.flatMap(
              s.create(scope, { amount: 3000, currency: "eur", payment_intent_data: { capture_method: "manual" } }),
              ({ session }) => s.pay(scope, session.id, { payment_method: "pm_card_visa" })
            )).pipe(Effect.provide(a))
          const capture = CheckoutSessions.use((s) => s.capturePaymentIntent(scope, intent.id, {}))
          const cancel = CheckoutSessions.use((s) => s.cancelPaymentIntent(scope, intent.id, {}))
          const results = yield* Effect.all([
            Effect.result(capture).pipe(Effect.provide(round % 2 === 0 ? a : b)),
            Effect.result(cancel).pipe(Effect.provide(round % 2 === 0 ? b : a)),
            Effect.result(capture).pipe(Effect.provide(b)),
            Effect.result(cancel).pipe(Effect.provide(a))
          ], { concurrency: "unbounded" })
          assert.strictEqual(results.filter(Result.isSuccess).length, 1, `round ${round}`)
          const stored = yield* CheckoutSessions.use((s) => s.retrievePaymentIntent(scope, intent.id)).pipe(Effect.provide(b))
          assert.include(["succeeded", "canceled"], stored.status)
        }
        const events = yield* allEvents(scope).pipe(Effect.provide(a))
        assert.strictEqual(events.filter((e) => e.type === "payment_intent.succeeded" || e.type === "payment_intent.canceled").length, 10)
      })
    ), 120_000)
})
