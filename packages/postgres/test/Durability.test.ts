/**
 * Killing the process with SIGKILL in the middle of writes loses no acknowledged write, on PGlite (and
 * the next process takes over the dead one's lock) and on PostgreSQL.
 */
import { assert, describe, it } from "@effect/vitest"
import { EventRepository, SessionRepository } from "@till/core"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { Effect, Layer, Option } from "effect"
import * as Connection from "../src/Connection.ts"
import { lockFileOf } from "../src/DataDirLock.ts"
import type { Db } from "../src/Db.ts"
import * as EventRepositoryPg from "../src/EventRepositoryPg.ts"
import * as SessionRepositoryPg from "../src/SessionRepositoryPg.ts"
import { freshPostgresUrl, hasPostgres, tempDir } from "../src/testing/Databases.ts"
import { writeUntilKilled } from "./support/Processes.ts"
import { NoOutbox } from "../src/testing/index.ts"

const ACKS = 300

/** Every acknowledged write is there: the session expired (version 2) and its event. */
const assertAllPresent = <E>(db: Layer.Layer<Db, E>, acked: ReadonlyArray<{ session: string; event: string }>) =>
  Effect.gen(function*() {
    const sessions = yield* SessionRepository
    const events = yield* EventRepository
    for (const { session, event } of acked) {
      const state = yield* sessions.findById(session)
      assert.isTrue(Option.isSome(state), `acknowledged session ${session} is missing`)
      assert.strictEqual(Option.getOrThrow(state).version, 2)
      assert.strictEqual(Option.getOrThrow(state).session.status, "expired")
      assert.isTrue(Option.isSome(yield* events.findById(event)), `acknowledged event ${event} is missing`)
    }
  }).pipe(Effect.provide(Layer.mergeAll(SessionRepositoryPg.layer, EventRepositoryPg.layer).pipe(Layer.provide(NoOutbox.layer), Layer.provide(db))))

describe("SIGKILL in the middle of writes", () => {
  it.live("PGlite: no acknowledged write is lost, and the next process takes over the dead one's lock", () =>
    Effect.gen(function*() {
      const dir = join(yield* tempDir(), "data")
      const first = yield* Effect.promise(() => writeUntilKilled({ TILL_DATA_DIR: dir }, ACKS))
      // the dead writer's lock is still there; a second writer must take it over, and recover the data
      assert.match(readFileSync(lockFileOf(dir), "utf8"), /^\d+\n/)
      const second = yield* Effect.promise(() => writeUntilKilled({ TILL_DATA_DIR: dir }, ACKS))
      assert.isAtLeast(first.length + second.length, 2 * ACKS)
      yield* assertAllPresent(Connection.layerPglite(dir), [...first, ...second])
    }), 120_000)

  it.live.runIf(hasPostgres)("PostgreSQL: no acknowledged write is lost", () =>
    Effect.gen(function*() {
      const url = yield* freshPostgresUrl
      // the schema first, so the writer starts writing at once
      yield* Effect.scoped(Layer.build(Connection.layerPostgres(url)))
      const acked = yield* Effect.promise(() => writeUntilKilled({ DATABASE_URL: url }, ACKS))
      yield* Effect.scoped(assertAllPresent(Connection.layerPostgres(url), acked))
    }), 120_000)
})
