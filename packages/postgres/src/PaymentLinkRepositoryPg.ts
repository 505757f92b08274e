/**
 * PaymentLinkRepository on PostgreSQL (or PGlite): the link as `doc`, found by id or by its token.
 */
import { type PageRequest, PaymentLink, PaymentLinkRepository, type Scope, type StoredPaymentLink } from "@till/core"
import { Effect, Layer, Option, Schema } from "effect"
import type { Kysely } from "kysely"
import type { Database } from "./Database.ts"
import { Db } from "./Db.ts"
import { paginate, toPage } from "./Keyset.ts"

const decodeLink = Schema.decodeUnknownSync(PaymentLink)

const toStored = (row: { readonly account: string; readonly doc: unknown }): StoredPaymentLink => ({
  account: row.account,
  link: decodeLink(row.doc)
})

/** The query of one page of the list (exported so tests can check its plan). */
export const listQuery = (db: Kysely<Database>, scope: Scope, page: PageRequest) =>
  paginate(
    db.selectFrom("payment_links").select(["account", "doc"]).where("account", "=", scope.account).where("livemode", "=", scope.livemode),
    { created: "created", id: "id" },
    page
  )

/** Makes the repository over the Db. */
export const make = Effect.gen(function*() {
  const { kysely: db } = yield* Db

  // Insert and update both store the link whole, whether or not it was there: what the in-memory store does.
  const put = (stored: StoredPaymentLink) => {
    const { link } = stored
    const doc = JSON.stringify(link)
    return Effect.promise(() =>
      db.insertInto("payment_links")
        .values({ id: link.id, account: stored.account, livemode: link.livemode, created: link.created, token: link.token, doc })
        .onConflict((oc) =>
          oc.column("id").doUpdateSet({ account: stored.account, livemode: link.livemode, created: link.created, token: link.token, doc })
        )
        .execute()
    ).pipe(Effect.asVoid)
  }

  const findBy = (column: "id" | "token", value: string) =>
    Effect.promise(() => db.selectFrom("payment_links").select(["account", "doc"]).where(column, "=", value).executeTakeFirst()).pipe(
      Effect.map((row) => row === undefined ? Option.none() : Option.some(toStored(row)))
    )

  return PaymentLinkRepository.of({
    insert: put,
    update: put,
    findById: (id) => findBy("id", id),
    findByToken: (token) => findBy("token", token),
    list: (scope, page) =>
      Effect.promise(() => listQuery(db, scope, page).execute()).pipe(Effect.map((rows) => toPage(rows.map(toStored), page)))
  })
})

/** PaymentLinkRepository over the Db. */
export const layer: Layer.Layer<PaymentLinkRepository, never, Db> = Layer.effect(PaymentLinkRepository, make)
