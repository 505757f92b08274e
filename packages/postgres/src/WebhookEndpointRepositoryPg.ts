/**
 * WebhookEndpointRepository on PostgreSQL (or PGlite): one row per endpoint with its signing secret
 * (see WebhookEndpointRow). Updates and deletes are conditional on the version the caller read, so a
 * delete and an update that race cannot write a deleted endpoint back.
 */
import { ConcurrentModification, type PageRequest, type Scope, type StoredWebhookEndpoint, WebhookEndpointRepository } from "@till/core"
import { Effect, Layer, Option } from "effect"
import type { Kysely } from "kysely"
import type { Database } from "./Database.ts"
import { Db } from "./Db.ts"
import { paginate, toPage } from "./Keyset.ts"
import { COLUMNS, fromRow, toRow } from "./WebhookEndpointRow.ts"

/** The query of one page of the list (exported so tests can check its plan). */
export const listQuery = (db: Kysely<Database>, scope: Scope, page: PageRequest) =>
  paginate(
    db.selectFrom("webhook_endpoints").select(COLUMNS).where("account", "=", scope.account).where("livemode", "=", scope.livemode),
    { created: "created", id: "id" },
    page
  )

/** Makes the repository over the Db. */
export const make = Effect.gen(function*() {
  const { kysely: db } = yield* Db

  /** Fails with ConcurrentModification when the conditional write touched no row. */
  const touched = (id: string) => (rows: bigint) => rows === 0n ? Effect.fail(new ConcurrentModification({ id })) : Effect.void

  const update = (stored: StoredWebhookEndpoint) => {
    const { id, ...row } = toRow(stored)
    return Effect.promise(() =>
      db.updateTable("webhook_endpoints").set(row).where("id", "=", id).where("version", "=", stored.version - 1).executeTakeFirst()
    ).pipe(Effect.flatMap((result) => touched(id)(result.numUpdatedRows)))
  }

  return WebhookEndpointRepository.of({
    insert: (stored) => Effect.promise(() => db.insertInto("webhook_endpoints").values(toRow(stored)).execute()).pipe(Effect.asVoid),
    update,
    delete: (id, version) =>
      Effect.promise(() => db.deleteFrom("webhook_endpoints").where("id", "=", id).where("version", "=", version).executeTakeFirst()).pipe(
        Effect.flatMap((result) => touched(id)(result.numDeletedRows))
      ),
    findById: (id) =>
      Effect.promise(() => db.selectFrom("webhook_endpoints").select(COLUMNS).where("id", "=", id).executeTakeFirst())
        .pipe(Effect.map((row) => row === undefined ? Option.none() : Option.some(fromRow(row)))),
    findByIds: (ids) =>
      ids.length === 0
        ? Effect.succeed([])
        : Effect.promise(() => db.selectFrom("webhook_endpoints").select(COLUMNS).where("id", "in", ids).execute())
          .pipe(Effect.map((rows) => rows.map(fromRow))),
    list: (scope, page) =>
      Effect.promise(() => listQuery(db, scope, page).execute()).pipe(Effect.map((rows) => toPage(rows.map(fromRow), page)))
  })
})

/** WebhookEndpointRepository over the Db. */
export const layer: Layer.Layer<WebhookEndpointRepository, never, Db> = Layer.effect(WebhookEndpointRepository, make)
