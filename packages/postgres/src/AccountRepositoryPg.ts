/**
 * AccountRepository on PostgreSQL (or PGlite). Keys are found by the hash of the presented secret.
 */
import { Account, AccountRepository } from "@till/core"
import { Effect, Layer, Option, Schema } from "effect"
import type { Selectable } from "kysely"
import type { AccountsTable } from "./Database.ts"
import { Db } from "./Db.ts"

const decodeAccount = Schema.decodeUnknownSync(Account)

const toAccount = (row: Pick<Selectable<AccountsTable>, "id" | "name" | "created">): Account =>
  decodeAccount({ id: row.id, object: "account", name: row.name, created: Number(row.created) })

/** Makes the repository over the Db. */
export const make = Effect.gen(function*() {
  const { kysely: db } = yield* Db
  const accountColumns = ["id", "name", "created"] as const
  return AccountRepository.of({
    insertAccount: (account) =>
      Effect.promise(() => db.insertInto("accounts").values({ id: account.id, name: account.name, created: account.created }).execute()).pipe(
        Effect.asVoid
      ),
    findAccount: (id) =>
      Effect.promise(() => db.selectFrom("accounts").select(accountColumns).where("id", "=", id).executeTakeFirst()).pipe(
        Effect.map((row) => row === undefined ? Option.none() : Option.some(toAccount(row)))
      ),
    findFirstAccount: Effect.promise(() => db.selectFrom("accounts").select(accountColumns).orderBy("seq", "asc").limit(1).executeTakeFirst())
      .pipe(Effect.map((row) => row === undefined ? Option.none() : Option.some(toAccount(row)))),
    insertKey: (key) =>
      Effect.promise(() =>
        db.insertInto("api_keys")
          .values({ secret_hash: key.secret_hash, account: key.account, livemode: key.livemode, last4: key.last4, created: key.created })
          .onConflict((oc) => oc.column("secret_hash").doNothing())
          .execute()
      ).pipe(Effect.asVoid),
    findScopeByKeyHash: (hash) =>
      Effect.promise(() => db.selectFrom("api_keys").select(["account", "livemode"]).where("secret_hash", "=", hash).executeTakeFirst()).pipe(
        Effect.map((row) => row === undefined ? Option.none() : Option.some({ account: row.account, livemode: row.livemode }))
      )
  })
})

/** AccountRepository over the Db. */
export const layer: Layer.Layer<AccountRepository, never, Db> = Layer.effect(AccountRepository, make)
