/**
 * WebhookEndpointRepository on PostgreSQL (or PGlite): the endpoint as `doc`, with its signing secret.
 */
import { type PageRequest, type Scope, type StoredWebhookEndpoint, WebhookEndpoint, WebhookEndpointRepository } from "@till/core"
import { Effect, Layer, Option, Schema } from "effect"
import type { Kysely } from "kysely"
import type { Database } from "./Database.ts"
import { Db } from "./Db.ts"
import { paginate, toPage } from "./Keyset.ts"

const decodeEndpoint = Schema.decodeUnknownSync(WebhookEndpoint)

const toStored = (row: { readonly account: string; readonly secret: string; readonly doc: unknown }): StoredWebhookEndpoint => ({
  account: row.account,
  endpoint: decodeEndpoint(row.doc),
  secret: row.secret
})

/** The query of one page of the list (exported so tests can check its plan). */
export const listQuery = (db: Kysely<Database>, scope: Scope, page: PageRequest) =>
  paginate(
    db.selectFrom("webhook_endpoints").select(["account", "secret", "doc"]).where("account", "=", scope.account).where("livemode", "=", scope.livemode),
    { created: "created", id: "id" },
    page
  )

/** Makes the repository over the Db. */
export const make = Effect.gen(function*() {
  const { kysely: db } = yield* Db

  // Insert and update both store the endpoint whole, whether or not it was there: what the in-memory store does.
  const put = (stored: StoredWebhookEndpoint) => {
    const { endpoint } = stored
    const doc = JSON.stringify(endpoint)
    const row = { account: stored.account, livemode: endpoint.livemode, created: endpoint.created, secret: stored.secret, doc }
    return Effect.promise(() =>
      db.insertInto("webhook_endpoints")
        .values({ id: endpoint.id, ...row })
        .onConflict((oc) => oc.column("id").doUpdateSet(row))
        .execute()
    ).pipe(Effect.asVoid)
  }

  return WebhookEndpointRepository.of({
    insert: put,
    update: put,
    delete: (id) =>
      Effect.promise(() => db.deleteFrom("webhook_endpoints").where("id", "=", id).executeTakeFirst()).pipe(
        Effect.map((result) => result.numDeletedRows > 0n)
      ),
    findById: (id) =>
      Effect.promise(() => db.selectFrom("webhook_endpoints").select(["account", "secret", "doc"]).where("id", "=", id).executeTakeFirst())
        .pipe(Effect.map((row) => row === undefined ? Option.none() : Option.some(toStored(row)))),
    list: (scope, page) =>
      Effect.promise(() => listQuery(db, scope, page).execute()).pipe(Effect.map((rows) => toPage(rows.map(toStored), page)))
  })
})

/** WebhookEndpointRepository over the Db. */
export const layer: Layer.Layer<WebhookEndpointRepository, never, Db> = Layer.effect(WebhookEndpointRepository, make)
