/**
 * The event feed (what `GET /v1/events/stream` and `till listen` read), on every backend: events past a
 * cursor in the order they became final, resumable from any event id of the scope. On PostgreSQL an
 * event committed while an older transaction is still open waits for it, so a reader never passes an
 * event that commits later with an earlier place.
 */
import { assert, describe, layer, type Vitest } from "@effect/vitest"
import { type Event, EventRepository, type Scope } from "@till/core"
import { InMemoryRepository } from "@till/core/testing"
import { Deferred, Effect, Fiber, Layer, Option } from "effect"
import { Db } from "../src/Db.ts"
import * as EventRepositoryPg from "../src/EventRepositoryPg.ts"
import { hasPostgres, pgliteDb, postgresDb } from "../src/testing/Databases.ts"
import { newScope } from "./support/Fixtures.ts"

const live = { excludeTestServices: true, timeout: "2 minutes" } as const

let n = 0
const eventOf = (scope: Scope, type: Event["type"] = "checkout.session.completed"): Event => ({
  id: `evt_feed${String(++n).padStart(6, "0")}${Math.random().toString(36).slice(2, 8)}`,
  object: "event",
  account: scope.account,
  api_version: "2025-03-31.basil",
  created: 1_800_000_000,
  type,
  livemode: scope.livemode,
  data: { object: { id: "cs_test_feed", object: "checkout.session" } },
  request: { id: null, idempotency_key: null },
  pending_webhooks: 0
})

const ids = (events: ReadonlyArray<Event>) => events.map((e) => e.id)

/** What every backend must do, given a way to write events (committed at once). */
const scenarios = (write: (events: ReadonlyArray<Event>) => Effect.Effect<void, never, Db>) =>
(it: Vitest.MethodsNonLive<Db | EventRepository>) => {
  it.effect("a feed started now reads what is written after, in order, then resumes from its cursor or any event id", () =>
    Effect.gen(function*() {
      const repo = yield* EventRepository
      const scope = newScope()
      const before = eventOf(scope)
      yield* write([before])
      const start = Option.getOrThrow(yield* repo.feedStart(scope, undefined))
      const [a, b, c] = [eventOf(scope), eventOf(scope, "checkout.session.expired"), eventOf(scope)]
      const other = eventOf(newScope())
      yield* write([a, b])
      yield* write([other, c])
      const first = yield* repo.feed(scope, {}, start, 2)
      assert.deepStrictEqual(ids(first.events), [a.id, b.id])
      const rest = yield* repo.feed(scope, {}, first.cursor, 10)
      assert.deepStrictEqual(ids(rest.events), [c.id])
      const empty = yield* repo.feed(scope, {}, rest.cursor, 10)
      assert.deepStrictEqual(ids(empty.events), [])
      // from an event id: just past it; of one type only
      const fromA = Option.getOrThrow(yield* repo.feedStart(scope, a.id))
      assert.deepStrictEqual(ids((yield* repo.feed(scope, {}, fromA, 10)).events), [b.id, c.id])
      assert.deepStrictEqual(ids((yield* repo.feed(scope, { types: ["checkout.session.expired"] }, start, 10)).events), [b.id])
      // another scope's event, or none, is no place to start
      assert.isTrue(Option.isNone(yield* repo.feedStart(scope, other.id)))
      assert.isTrue(Option.isNone(yield* repo.feedStart(scope, "evt_none")))
    }))
}

const insertPg = (events: ReadonlyArray<Event>) =>
  Effect.gen(function*() {
    const db = yield* Db
    yield* Effect.promise(() =>
      db.kysely.insertInto("events").values(events.map((e) => ({
        id: e.id,
        account: e.account,
        livemode: e.livemode,
        type: e.type,
        created: e.created,
        doc: JSON.stringify(e)
      }))).execute()
    )
  })

const pgRepository = (db: Layer.Layer<Db>) => Layer.provideMerge(EventRepositoryPg.layer, db)

describe("the event feed", () => {
  layer(pgRepository(pgliteDb), live)("PGlite", scenarios(insertPg))

  describe.runIf(hasPostgres)("PostgreSQL", () => {
    layer(pgRepository(postgresDb(4)), live)("", (it) => {
      scenarios(insertPg)(it)

      it.effect("an event committed while an older transaction is open waits for it; then both come, the older first", () =>
        Effect.gen(function*() {
          const repo = yield* EventRepository
          const { kysely } = yield* Db
          const scope = newScope()
          const start = Option.getOrThrow(yield* repo.feedStart(scope, undefined))
          const [older, newer] = [eventOf(scope), eventOf(scope)]
          const inserted = yield* Deferred.make<void>()
          const release = yield* Deferred.make<void>()
          const row = (e: Event) => ({ id: e.id, account: e.account, livemode: e.livemode, type: e.type, created: e.created, doc: JSON.stringify(e) })
          const held = Effect.promise(() =>
            kysely.transaction().execute(async (trx) => {
              await trx.insertInto("events").values(row(older)).execute()
              Effect.runSync(Deferred.succeed(inserted, undefined))
              await Effect.runPromise(Deferred.await(release))
            })
          )
          const fiber = yield* Effect.forkChild(held)
          yield* Deferred.await(inserted)
          yield* Effect.promise(() => kysely.insertInto("events").values(row(newer)).execute())
          assert.deepStrictEqual(ids((yield* repo.feed(scope, {}, start, 10)).events), [], "nothing passes the open transaction")
          yield* Deferred.succeed(release, undefined)
          yield* Fiber.join(fiber)
          assert.deepStrictEqual(ids((yield* repo.feed(scope, {}, start, 10)).events), [older.id, newer.id])
        }))
    })
  })
})

// the in-memory feed, over events written by its session repository
describe("the event feed in memory", () => {
  layer(InMemoryRepository.layer, live)("in-memory", (it) => {
    it.effect("starts now and resumes after an event id of the scope", () =>
      Effect.gen(function*() {
        const repo = yield* EventRepository
        const scope = newScope()
        const start = Option.getOrThrow(yield* repo.feedStart(scope, undefined))
        assert.deepStrictEqual(ids((yield* repo.feed(scope, {}, start, 10)).events), [])
        assert.isTrue(Option.isNone(yield* repo.feedStart(scope, "evt_none")))
      }))
  })
})
