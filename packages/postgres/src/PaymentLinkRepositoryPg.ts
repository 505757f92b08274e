/**
 * PaymentLinkRepository on PostgreSQL (or PGlite): one row per link (see PaymentLinkRow), found by id
 * or by its token. Updates are conditional on the version the caller read.
 */
import { ConcurrentModification, type PageRequest, PaymentLinkRepository, type Scope, type StoredPaymentLink } from "@till/core"
import { Effect, Layer, Option } from "effect"
import type { Kysely } from "kysely"
import type { Database } from "./Database.ts"
import { Db } from "./Db.ts"
import { paginate, toPage } from "./Keyset.ts"
import { COLUMNS, fromRow, toRow } from "./PaymentLinkRow.ts"

/** The query of one page of the list (exported so tests can check its plan). */
export const listQuery = (db: Kysely<Database>, scope: Scope, page: PageRequest) =>
  paginate(
    db.selectFrom("payment_links").select(COLUMNS).where("account", "=", scope.account).where("livemode", "=", scope.livemode),
    { created: "created", id: "id" },
    page
  )

/** Makes the repository over the Db. */
export const make = Effect.gen(function*() {
  const { kysely: db } = yield* Db

  const findBy = (column: "id" | "token", value: string) =>
    Effect.promise(() => db.selectFrom("payment_links").select(COLUMNS).where(column, "=", value).executeTakeFirst()).pipe(
      Effect.map((row) => row === undefined ? Option.none() : Option.some(fromRow(row)))
    )

  const update = (stored: StoredPaymentLink) => {
    const { id, ...row } = toRow(stored)
    return Effect.promise(() =>
      db.updateTable("payment_links").set(row).where("id", "=", id).where("version", "=", stored.version - 1).executeTakeFirst()
    ).pipe(
      Effect.flatMap((result) => result.numUpdatedRows === 0n ? Effect.fail(new ConcurrentModification({ id })) : Effect.void)
    )
  }

  return PaymentLinkRepository.of({
    insert: (stored) => Effect.promise(() => db.insertInto("payment_links").values(toRow(stored)).execute()).pipe(Effect.asVoid),
    update,
    findById: (id) => findBy("id", id),
    findByToken: (token) => findBy("token", token),
    list: (scope, page) =>
      Effect.promise(() => listQuery(db, scope, page).execute()).pipe(Effect.map((rows) => toPage(rows.map(fromRow), page)))
  })
})

/** PaymentLinkRepository over the Db. */
export const layer: Layer.Layer<PaymentLinkRepository, never, Db> = Layer.effect(PaymentLinkRepository, make)
