/**
 * The event sink the queue uses to enqueue jobs in the session write's transaction: it runs in the
 * transaction, commits with the write, and rolls it back by failing; a batch of the expiry sweep is one
 * call. The repository cannot be built
 * without a sink: a composition that leaves it out does not type-check.
 */
import { assert, describe, it, layer, type Vitest } from "@effect/vitest"
import { type Event, EventRepository, type SessionChange, SessionRepository, type SessionState } from "@till/core"
import { Cause, Effect, Exit, Layer, Option } from "effect"
import { sql, type Transaction } from "kysely"
import type { Database } from "../src/Database.ts"
import { Db } from "../src/Db.ts"
import * as EventRepositoryPg from "../src/EventRepositoryPg.ts"
import * as Repositories from "../src/Repositories.ts"
import { SessionEventSink, type SessionWrite } from "../src/SessionEventSink.ts"
import * as SessionRepositoryPg from "../src/SessionRepositoryPg.ts"
import { NoOutbox } from "../src/testing/index.ts"
import { hasPostgres, pgliteDb, postgresDb } from "../src/testing/Databases.ts"
import { newScope, newSession, step } from "./support/Fixtures.ts"

interface Call {
  readonly writes: ReadonlyArray<SessionWrite>
  readonly events: ReadonlyArray<Event>
  readonly inTransaction: boolean
}

const calls: Array<Call> = []
let failNext = false

const written = async (trx: Transaction<Database>, events: ReadonlyArray<Event>, writes: ReadonlyArray<SessionWrite>) => {
  calls.push({ writes, events, inTransaction: trx.isTransaction })
  // a job enqueued by the queue would be a row like this one, in the same transaction
  for (const { state } of writes) {
    await sql`insert into hook_log (session_id, version) values (${state.session.id}, ${state.version})`.execute(trx)
  }
  if (failNext) {
    failNext = false
    throw new Error("the sink failed")
  }
}

const withHookLog = (db: Layer.Layer<Db>) =>
  Layer.effectDiscard(
    Db.use(({ kysely }) => Effect.promise(() => sql`create table hook_log (session_id text, version int)`.execute(kysely)))
  ).pipe(Layer.provideMerge(db))

const repositories = (db: Layer.Layer<Db>) =>
  Layer.mergeAll(SessionRepositoryPg.layer, EventRepositoryPg.layer).pipe(
    Layer.provide(Layer.succeed(SessionEventSink, SessionEventSink.of({ written }))),
    Layer.provideMerge(withHookLog(db))
  )

const logged = (id: string) =>
  Db.use(({ kysely }) =>
    Effect.promise(() => sql<{ version: number }>`select version from hook_log where session_id = ${id} order by version`.execute(kysely))
  ).pipe(Effect.map((r) => r.rows.map((row) => row.version)))

const sinkTests = (it: Vitest.MethodsNonLive<SessionRepository | EventRepository | Db>) => {
  it.effect("runs in the write's transaction on insert and update, with the events; not when the update loses", () =>
    Effect.gen(function*() {
      const repo = yield* SessionRepository
      calls.length = 0
      const created = newSession(newScope(), 1_800_000_000)
      yield* repo.insert(created, [])
      const expired = step(created, { _tag: "Expire" }, 1_800_000_010)
      yield* repo.update(expired.state, expired.events)
      const stale = step(created, { _tag: "UpdateMetadata", metadata: { a: "b" } }, 1_800_000_010)
      assert.strictEqual((yield* Effect.flip(repo.update(stale.state, [])))._tag, "ConcurrentModification")

      assert.deepStrictEqual(calls.map((c) => [c.writes.map((w) => [w.kind, w.state.version]), c.events.length, c.inTransaction]), [
        [[["insert", 1]], 0, true],
        [[["update", 2]], 1, true]
      ])
      assert.deepStrictEqual(calls[1]!.events, expired.events)
      assert.deepStrictEqual(yield* logged(created.session.id), [1, 2])
    }))

  it.effect("a failing sink rolls the whole write back, and is a defect", () =>
    Effect.gen(function*() {
      const repo = yield* SessionRepository
      const events = yield* EventRepository
      const created = newSession(newScope(), 1_800_000_000)
      failNext = true
      const insertExit = yield* Effect.exit(repo.insert(created, []))
      assert.isTrue(Exit.isFailure(insertExit) && Cause.hasDies(insertExit.cause))
      assert.isTrue(Option.isNone(yield* repo.findById(created.session.id)))
      assert.deepStrictEqual(yield* logged(created.session.id), [])

      yield* repo.insert(created, [])
      const expired = step(created, { _tag: "Expire" }, 1_800_000_010)
      failNext = true
      const updateExit = yield* Effect.exit(repo.update(expired.state, expired.events))
      assert.isTrue(Exit.isFailure(updateExit) && Cause.hasDies(updateExit.cause))
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(created.session.id)), created)
      assert.isTrue(Option.isNone(yield* events.findById(expired.events[0]!.id)))
      assert.deepStrictEqual(yield* logged(created.session.id), [1])
    }))

  it.effect("a batch of the expiry sweep is one call, with every session it expired and their events; a failing sink rolls the batch back", () =>
    Effect.gen(function*() {
      const repo = yield* SessionRepository
      const events = yield* EventRepository
      // due long ago: earlier than any other test's session, so this batch takes only these
      const due = Array.from({ length: 3 }, (_, i) => newSession(newScope(), 1_000 + i, { expires_at: 1_000 + 1800 + i }))
      for (const s of due) yield* repo.insert(s, [])
      const expire = (states: ReadonlyArray<SessionState>) =>
        Effect.succeed(states.map((s) => step(s, { _tag: "ExpireByClock" }, 10_000)))
      const ids = due.map((s) => s.session.id)

      failNext = true
      const failed = yield* Effect.exit(repo.expireDue(10_000, 10, expire))
      assert.isTrue(Exit.isFailure(failed) && Cause.hasDies(failed.cause))
      for (const s of due) assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(s.session.id)), s)

      calls.length = 0
      let decided: ReadonlyArray<SessionChange> = []
      assert.strictEqual(yield* repo.expireDue(10_000, 10, (states) => Effect.map(expire(states), (c) => (decided = c))), 3)
      assert.lengthOf(calls, 1)
      assert.deepStrictEqual(calls[0]!.writes.map((w) => [w.kind, w.state.session.id, w.state.version]), ids.map((id) => ["update", id, 2]))
      assert.deepStrictEqual(calls[0]!.events, decided.flatMap((c) => c.events))
      assert.isTrue(calls[0]!.inTransaction)
      for (const id of ids) assert.deepStrictEqual(yield* logged(id), [1, 2])
      for (const e of calls[0]!.events) assert.isTrue(Option.isSome(yield* events.findById(e.id)))
    }))
}

/** A sink that only works for events: writes without them skip it, and the transaction. */
const onlyWithEvents = (db: Layer.Layer<Db>) =>
  SessionRepositoryPg.layer.pipe(
    Layer.provide(Layer.succeed(SessionEventSink, SessionEventSink.of({ written, onlyWithEvents: true }))),
    Layer.provideMerge(withHookLog(db))
  )

const onlyWithEventsTests = (it: Vitest.MethodsNonLive<SessionRepository | Db>) => {
  it.effect("a sink for events only is called for the writes that have some, in their transaction, and for no other", () =>
    Effect.gen(function*() {
      const repo = yield* SessionRepository
      calls.length = 0
      const created = newSession(newScope(), 1_800_000_000)
      yield* repo.insert(created, [])
      const renamed = step(created, { _tag: "UpdateMetadata", metadata: { a: "b" } }, 1_800_000_005)
      yield* repo.update(renamed.state, renamed.events)
      const expired = step(renamed.state, { _tag: "Expire" }, 1_800_000_010)
      yield* repo.update(expired.state, expired.events)
      assert.deepStrictEqual(calls.map((c) => [c.writes.map((w) => [w.kind, w.state.version]), c.events.length, c.inTransaction]), [[[["update", 3]], 1, true]])
      assert.deepStrictEqual(yield* logged(created.session.id), [3])
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(created.session.id)), expired.state)
    }))
}

layer(repositories(pgliteDb), { timeout: "2 minutes" })("PGlite", sinkTests)
layer(onlyWithEvents(pgliteDb), { timeout: "2 minutes" })("PGlite, events only", onlyWithEventsTests)

describe("without a sink", () => {
  it("a repository composed without a SessionEventSink does not type-check; NoOutbox.layer states there is none", () => {
    const program = Effect.gen(function*() {
      return yield* SessionRepository
    })
    // @ts-expect-error: the session repository requires a SessionEventSink, which nothing here provides
    const withoutSink: Layer.Layer<SessionRepository> = SessionRepositoryPg.layer.pipe(Layer.provide(pgliteDb))
    // @ts-expect-error: so do all the repositories together
    const allWithoutSink: Layer.Layer<Repositories.Ports> = Repositories.layer.pipe(Layer.provide(pgliteDb))
    const stated: Layer.Layer<Repositories.Ports> = Repositories.layer.pipe(Layer.provide(NoOutbox.layer), Layer.provide(pgliteDb))
    // @ts-expect-error: and a program over it cannot be run
    const unrunnable: Effect.Effect<SessionRepository["Service"]> = program.pipe(Effect.provide(SessionRepositoryPg.layer.pipe(Layer.provide(pgliteDb))))
    assert.isDefined([withoutSink, allWithoutSink, stated, unrunnable])
  })
})

describe.runIf(hasPostgres)("PostgreSQL", () => {
  layer(repositories(postgresDb()), { timeout: "2 minutes" })("sink", sinkTests)
  layer(onlyWithEvents(postgresDb()), { timeout: "2 minutes" })("sink, events only", onlyWithEventsTests)
})
