/**
 * DashboardUserRepository on PostgreSQL (or PGlite): users are their columns, logins are found by the
 * hash of their token. Its tables are declared here (`withTables`), beside the only code that uses them.
 */
import { type DashboardLogin, type DashboardRole, DashboardUserRepository, type StoredDashboardUser } from "@till/core"
import { Effect, Layer, Option } from "effect"
import type { ColumnType } from "kysely"
import type { Int8, Int8Identity } from "./Database.ts"
import { Db } from "./Db.ts"

/** Users who sign in to the dashboard. */
export interface DashboardUsersTable {
  readonly id: string
  readonly seq: Int8Identity
  readonly email: string
  readonly password_hash: string
  readonly role: DashboardRole
  readonly account: string | null
  readonly created: Int8
  readonly disabled: ColumnType<boolean, boolean | undefined, boolean>
}

/** Logins, by the SHA-256 of their token. */
export interface DashboardLoginsTable {
  readonly token_hash: string
  readonly user_id: string
  readonly created: Int8
  readonly expires_at: Int8
  readonly revoked: ColumnType<boolean, boolean | undefined, boolean>
}

/** The dashboard's tables. */
export type DashboardTables = {
  readonly dashboard_users: DashboardUsersTable
  readonly dashboard_logins: DashboardLoginsTable
}

const USER_COLUMNS = ["id", "email", "password_hash", "role", "account", "created", "disabled"] as const

const toUser = (
  row: { id: string; email: string; password_hash: string; role: DashboardRole; account: string | null; created: string; disabled: boolean }
): StoredDashboardUser => ({
  user: { id: row.id, email: row.email, role: row.role, account: row.account, created: Number(row.created), ...(row.disabled ? { disabled: true } : {}) },
  password_hash: row.password_hash
})

const toLogin = (row: { token_hash: string; user_id: string; created: string; expires_at: string; revoked: boolean }): DashboardLogin => ({
  token_hash: row.token_hash,
  user: row.user_id,
  created: Number(row.created),
  expires_at: Number(row.expires_at),
  revoked: row.revoked
})

/** Makes the repository over the Db. */
export const make = Effect.gen(function*() {
  const db = (yield* Db).kysely.withTables<DashboardTables>()
  const users = () => db.selectFrom("dashboard_users").select(USER_COLUMNS)
  return DashboardUserRepository.of({
    insertUser: ({ password_hash, user }) =>
      Effect.promise(() =>
        db.insertInto("dashboard_users")
          .values({ id: user.id, email: user.email, password_hash, role: user.role, account: user.account, created: user.created, disabled: user.disabled === true })
          .onConflict((oc) => oc.column("email").doNothing())
          .executeTakeFirst()
      ).pipe(Effect.map((result) => (result.numInsertedOrUpdatedRows ?? 0n) > 0n)),
    findUserByEmail: (email) =>
      Effect.promise(() => users().where("email", "=", email).executeTakeFirst()).pipe(Effect.map((row) => Option.map(Option.fromNullishOr(row), toUser))),
    findUserById: (id) =>
      Effect.promise(() => users().where("id", "=", id).executeTakeFirst()).pipe(Effect.map((row) => Option.map(Option.fromNullishOr(row), toUser))),
    listUsers: Effect.promise(() => users().orderBy("seq").execute()).pipe(Effect.map((rows) => rows.map(toUser))),
    setDisabled: (userId, disabled) =>
      Effect.promise(() => db.updateTable("dashboard_users").set({ disabled }).where("id", "=", userId).executeTakeFirst()).pipe(
        Effect.map((result) => result.numUpdatedRows > 0n)
      ),
    setPasswordHash: (userId, passwordHash) =>
      Effect.promise(() => db.updateTable("dashboard_users").set({ password_hash: passwordHash }).where("id", "=", userId).executeTakeFirst()).pipe(
        Effect.map((result) => result.numUpdatedRows > 0n)
      ),
    insertLogin: (login) =>
      Effect.promise(() =>
        db.insertInto("dashboard_logins")
          .values({ token_hash: login.token_hash, user_id: login.user, created: login.created, expires_at: login.expires_at, revoked: login.revoked })
          .execute()
      ).pipe(Effect.asVoid),
    findLogin: (hash) =>
      Effect.promise(() =>
        db.selectFrom("dashboard_logins").select(["token_hash", "user_id", "created", "expires_at", "revoked"]).where("token_hash", "=", hash).executeTakeFirst()
      ).pipe(Effect.map((row) => Option.map(Option.fromNullishOr(row), toLogin))),
    revokeLogin: (hash) =>
      Effect.promise(() =>
        db.updateTable("dashboard_logins").set({ revoked: true }).where("token_hash", "=", hash).where("revoked", "=", false).executeTakeFirst()
      ).pipe(Effect.map((result) => result.numUpdatedRows > 0n)),
    revokeLoginsOf: (userId) =>
      Effect.promise(() =>
        db.updateTable("dashboard_logins").set({ revoked: true }).where("user_id", "=", userId).where("revoked", "=", false).executeTakeFirst()
      ).pipe(Effect.map((result) => Number(result.numUpdatedRows)))
  })
})

/** DashboardUserRepository over the Db. */
export const layer: Layer.Layer<DashboardUserRepository, never, Db> = Layer.effect(DashboardUserRepository, make)
