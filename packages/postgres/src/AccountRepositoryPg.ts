/**
 * AccountRepository on PostgreSQL (or PGlite). An account is its columns (no document); updates are
 * conditional on the version the caller read. Keys are found by the hash of the presented secret.
 */
import { AccountRepository, ConcurrentModification, type KeyPermissions, profileFromStored, type StoredAccount } from "@till/core"
import { Effect, Layer, Option } from "effect"
import { type Selectable, sql } from "kysely"
import type { AccountsTable } from "./Database.ts"
import { Db } from "./Db.ts"
import { prepare } from "./Prepared.ts"

const ACCOUNT_COLUMNS = ["id", "name", "created", "version"] as const

// a full key's column is null; a restricted key's, its permissions
const permissionsOf = (value: unknown): { readonly permissions?: KeyPermissions.KeyPermissions } =>
  value === null || value === undefined ? {} : { permissions: (typeof value === "string" ? JSON.parse(value) : value) as KeyPermissions.KeyPermissions }

const fromRow = (row: Pick<Selectable<AccountsTable>, typeof ACCOUNT_COLUMNS[number]>): StoredAccount => ({
  account: { id: row.id, name: row.name, created: Number(row.created) },
  version: row.version
})

/** Makes the repository over the Db. */
export const make = Effect.gen(function*() {
  const { kysely: db } = yield* Db
  const found = (row: Parameters<typeof fromRow>[0] | undefined) => row === undefined ? Option.none() : Option.some(fromRow(row))
  // every authenticated request that misses the key cache runs it: compiled once
  const scopeByKeyHash = prepare(db.selectFrom("api_keys").select(["account", "livemode", "expires_at", "permissions"]).where("secret_hash", "=", "").compile())
  return AccountRepository.of({
    insertAccount: (account) =>
      Effect.promise(() => db.insertInto("accounts").values({ id: account.id, name: account.name, created: account.created, version: 1 }).execute())
        .pipe(Effect.asVoid),
    updateAccount: ({ account, version }) =>
      Effect.promise(() =>
        db.updateTable("accounts").set({ name: account.name, created: account.created, version })
          .where("id", "=", account.id).where("version", "=", version - 1)
          .executeTakeFirst()
      ).pipe(Effect.flatMap((result) => result.numUpdatedRows === 0n ? Effect.fail(new ConcurrentModification({ id: account.id })) : Effect.void)),
    findAccount: (id) =>
      Effect.promise(() => db.selectFrom("accounts").select(ACCOUNT_COLUMNS).where("id", "=", id).executeTakeFirst()).pipe(Effect.map(found)),
    findFirstAccount: Effect.promise(() => db.selectFrom("accounts").select(ACCOUNT_COLUMNS).orderBy("seq", "asc").limit(1).executeTakeFirst())
      .pipe(Effect.map(found)),
    insertKey: (key) =>
      Effect.promise(() =>
        db.insertInto("api_keys")
          .values({
            secret_hash: key.secret_hash,
            account: key.account,
            livemode: key.livemode,
            last4: key.last4,
            created: key.created,
            permissions: key.permissions === undefined ? null : JSON.stringify(key.permissions)
          })
          .onConflict((oc) => oc.column("secret_hash").doNothing())
          .execute()
      ).pipe(Effect.asVoid),
    findScopeByKeyHash: (hash) =>
      Effect.promise(() => db.executeQuery(scopeByKeyHash(hash))).pipe(
        Effect.map(({ rows: [row] }) =>
          row === undefined
            ? Option.none()
            : Option.some({
              account: row.account,
              livemode: row.livemode,
              ...(row.expires_at === null ? {} : { expires_at: Number(row.expires_at) }),
              ...permissionsOf(row.permissions)
            })
        )
      ),
    deleteKey: (hash) =>
      Effect.promise(() => db.deleteFrom("api_keys").where("secret_hash", "=", hash).executeTakeFirst()).pipe(
        Effect.map((result) => result.numDeletedRows > 0n)
      ),
    expireKey: (hash, expiresAt) =>
      Effect.promise(() =>
        db.updateTable("api_keys").set({ expires_at: sql<number>`least(coalesce(expires_at, ${expiresAt}::int8), ${expiresAt}::int8)` })
          .where("secret_hash", "=", hash).executeTakeFirst()
      ).pipe(Effect.map((result) => result.numUpdatedRows > 0n)),
    findProfile: (id) =>
      Effect.promise(() => db.selectFrom("accounts").select(["profile", "version"]).where("id", "=", id).executeTakeFirst()).pipe(
        Effect.map((row) => row === undefined ? Option.none() : Option.some({ profile: profileFromStored(row.profile), version: row.version }))
      ),
    updateProfile: (id, { profile, version }) =>
      Effect.promise(() =>
        db.updateTable("accounts").set({ profile: JSON.stringify(profile), version })
          .where("id", "=", id).where("version", "=", version - 1)
          .executeTakeFirst()
      ).pipe(Effect.flatMap((result) => result.numUpdatedRows === 0n ? Effect.fail(new ConcurrentModification({ id })) : Effect.void)),
    listAccounts: Effect.promise(() => db.selectFrom("accounts").select(ACCOUNT_COLUMNS).orderBy("seq", "asc").execute()).pipe(
      Effect.map((rows) => rows.map(fromRow))
    ),
    listKeys: (scope) =>
      Effect.promise(() =>
        db.selectFrom("api_keys").select(["secret_hash", "account", "livemode", "last4", "created", "expires_at", "permissions"])
          .where("account", "=", scope.account).where("livemode", "=", scope.livemode)
          .orderBy("created", "desc").orderBy("secret_hash").execute()
      ).pipe(Effect.map((rows) =>
        rows.map((row) => ({
          secret_hash: row.secret_hash,
          account: row.account,
          livemode: row.livemode,
          last4: row.last4,
          created: Number(row.created),
          ...(row.expires_at === null ? {} : { expires_at: Number(row.expires_at) }),
          ...permissionsOf(row.permissions)
        }))
      ))
  })
})

/** AccountRepository over the Db. */
export const layer: Layer.Layer<AccountRepository, never, Db> = Layer.effect(AccountRepository, make)
