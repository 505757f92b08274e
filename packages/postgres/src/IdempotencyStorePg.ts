/**
 * IdempotencyStore on PostgreSQL (or PGlite). A claim is one `INSERT … ON CONFLICT DO UPDATE … WHERE
 * <the old record is stale>`: the database row lock makes it atomic across processes, so of two
 * requests racing for a key exactly one gets `Started`.
 */
import { type BeginResult, IDEMPOTENCY_LOCK_SECONDS, IDEMPOTENCY_TTL_SECONDS, type IdempotencyKey, IdempotencyStore } from "@till/core"
import { Effect, Layer } from "effect"
import { type ExpressionBuilder, sql, type SqlBool } from "kysely"
import type { Database } from "./Database.ts"
import { Db } from "./Db.ts"

/** Makes the store over the Db. */
export const make = Effect.gen(function*() {
  const { kysely: db } = yield* Db

  const byKey = (k: IdempotencyKey) => (eb: ExpressionBuilder<Database, "idempotency_keys">) =>
    eb.and([eb("account", "=", k.account), eb("livemode", "=", k.livemode), eb("key", "=", k.key)])

  const claim = (key: IdempotencyKey, fingerprint: string, now: number) =>
    db.insertInto("idempotency_keys")
      .values({
        account: key.account,
        livemode: key.livemode,
        key: key.key,
        fingerprint,
        started: now,
        response_status: null,
        response_body: null,
        completed: null
      })
      .onConflict((oc) =>
        oc.columns(["account", "livemode", "key"])
          .doUpdateSet({ fingerprint, started: now, response_status: null, response_body: null, completed: null })
          // Taken over only when stale: an unfinished claim older than the lock time (its process
          // died), or a stored response past its time to live.
          .where(sql<SqlBool>`(idempotency_keys.response_status is null and idempotency_keys.started <= ${now - IDEMPOTENCY_LOCK_SECONDS})
            or (idempotency_keys.response_status is not null and idempotency_keys.completed <= ${now - IDEMPOTENCY_TTL_SECONDS})`)
      )
      .returning("key")
      .executeTakeFirst()

  const begin = async (key: IdempotencyKey, fingerprint: string, now: number): Promise<BeginResult> => {
    // A record seen as live may be released before it is read; then the key is free again: claim anew.
    for (let attempt = 0; attempt < 10; attempt++) {
      if ((await claim(key, fingerprint, now)) !== undefined) return { _tag: "Started" }
      const r = await db.selectFrom("idempotency_keys")
        .select(["fingerprint", "response_status", "response_body"])
        .where(byKey(key))
        .executeTakeFirst()
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
      Effect.promise(() =>
        db.updateTable("idempotency_keys")
          .set({ response_status: response.status, response_body: response.body, completed: now })
          .where(byKey(key))
          .execute()
      ).pipe(Effect.asVoid),
    release: (key) => Effect.promise(() => db.deleteFrom("idempotency_keys").where(byKey(key)).execute()).pipe(Effect.asVoid),
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
