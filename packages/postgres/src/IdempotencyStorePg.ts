/**
 * IdempotencyStore on PostgreSQL (or PGlite). A claim is one `INSERT … ON CONFLICT DO UPDATE … WHERE
 * <the old record is stale>`: the database row lock makes it atomic across processes, so of two
 * requests racing for a key exactly one gets `Started`. The claim commits on its own before the
 * request's work runs (a crash mid-work leaves a claim that others see as in progress until the lock
 * time passes), and the response is stored by a statement of its own once the answer is known: three
 * commits per request with a key, each one statement compiled once. A session create claims its key in
 * its own write instead (SessionWrites.answeredInsertStatement): one commit.
 */
import { type BeginResult, IDEMPOTENCY_LOCK_SECONDS, IDEMPOTENCY_TTL_SECONDS, type IdempotencyKey, IdempotencyStore } from "@till/core"
import { Effect, Layer } from "effect"
import { type Selectable, sql, type SqlBool } from "kysely"
import type { IdempotencyKeysTable } from "./Database.ts"
import { Db } from "./Db.ts"
import { prepare } from "./Prepared.ts"

/** Makes the store over the Db. */
export const make = Effect.gen(function*() {
  const { kysely: db } = yield* Db

  // Every request with a key runs a claim and a completion or release: their text never changes, so
  // each is compiled once and only its parameters change per call.
  const claimStatement = prepare(
    sql<{ key: string }>`insert into idempotency_keys (account, livemode, key, fingerprint, started, response_status, response_body, completed)
      values (${""}, ${false}, ${""}, ${""}, ${0}, null, null, null)
      on conflict (account, livemode, key) do update
        set fingerprint = excluded.fingerprint, started = excluded.started, response_status = null, response_body = null, completed = null
        where (idempotency_keys.response_status is null and idempotency_keys.started <= ${0})
          or (idempotency_keys.response_status is not null and idempotency_keys.completed <= ${0})
      returning key`.compile(db)
  )
  const findStatement = prepare(
    sql<Pick<Selectable<IdempotencyKeysTable>, "fingerprint" | "response_status" | "response_body">>`select fingerprint, response_status, response_body
      from idempotency_keys where account = ${""} and livemode = ${false} and key = ${""}`.compile(db)
  )
  const completeStatement = prepare(
    sql`update idempotency_keys set response_status = ${0}, response_body = ${""}, completed = ${0}
      where account = ${""} and livemode = ${false} and key = ${""}`.compile(db)
  )
  const releaseStatement = prepare(
    sql`delete from idempotency_keys where account = ${""} and livemode = ${false} and key = ${""}`.compile(db)
  )

  // Taken over only when stale: an unfinished claim older than the lock time (its process died), or a
  // stored response past its time to live.
  const claim = async (key: IdempotencyKey, fingerprint: string, now: number) =>
    (await db.executeQuery(
      claimStatement(key.account, key.livemode, key.key, fingerprint, now, now - IDEMPOTENCY_LOCK_SECONDS, now - IDEMPOTENCY_TTL_SECONDS)
    )).rows[0]

  const begin = async (key: IdempotencyKey, fingerprint: string, now: number): Promise<BeginResult> => {
    // A record seen as live may be released before it is read; then the key is free again: claim anew.
    for (let attempt = 0; attempt < 10; attempt++) {
      if ((await claim(key, fingerprint, now)) !== undefined) return { _tag: "Started" }
      const r = (await db.executeQuery(findStatement(key.account, key.livemode, key.key))).rows[0]
      if (r === undefined) continue
      if (r.fingerprint !== fingerprint) return { _tag: "Mismatch" }
      if (r.response_status === null) return { _tag: "InProgress" }
      return { _tag: "Replay", response: { status: r.response_status, body: r.response_body ?? "" } }
    }
    throw new Error(`idempotency key ${key.key} kept changing while being claimed`)
  }

  return IdempotencyStore.of({
    begin: (key, fingerprint, now) => Effect.promise(() => begin(key, fingerprint, now)),
    complete: (key, response, now) =>
      Effect.promise(() => db.executeQuery(completeStatement(response.status, response.body, now, key.account, key.livemode, key.key))).pipe(
        Effect.asVoid
      ),
    release: (key) => Effect.promise(() => db.executeQuery(releaseStatement(key.account, key.livemode, key.key))).pipe(Effect.asVoid),
    purgeExpired: (now) =>
      Effect.promise(() =>
        db.deleteFrom("idempotency_keys")
          .where(sql<SqlBool>`(response_status is null and started <= ${now - IDEMPOTENCY_LOCK_SECONDS})
            or (response_status is not null and completed <= ${now - IDEMPOTENCY_TTL_SECONDS})`)
          .executeTakeFirst()
      ).pipe(Effect.map((r) => Number(r.numDeletedRows)))
  })
})

/** IdempotencyStore over the Db. */
export const layer: Layer.Layer<IdempotencyStore, never, Db> = Layer.effect(IdempotencyStore, make)
