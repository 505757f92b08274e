/**
 * Port: dashboard users and their logins.
 */
import { Context, type Effect, type Option } from "effect"
import type { DashboardLogin, StoredDashboardUser } from "../DashboardUser.ts"

/** Port: dashboard users (unique by email) and logins (found by the hash of their token). */
export class DashboardUserRepository extends Context.Service<DashboardUserRepository, {
  /** Stores a new user; answers false (and stores nothing) when the email is taken. */
  readonly insertUser: (user: StoredDashboardUser) => Effect.Effect<boolean>
  readonly findUserByEmail: (email: string) => Effect.Effect<Option.Option<StoredDashboardUser>>
  readonly findUserById: (id: string) => Effect.Effect<Option.Option<StoredDashboardUser>>
  /** Disables or enables a user; answers whether the user is stored. */
  readonly setDisabled: (userId: string, disabled: boolean) => Effect.Effect<boolean>
  /** Replaces a user's password hash; answers whether the user is stored. */
  readonly setPasswordHash: (userId: string, passwordHash: string) => Effect.Effect<boolean>
  /** Every user, oldest first. */
  readonly listUsers: Effect.Effect<ReadonlyArray<StoredDashboardUser>>
  readonly insertLogin: (login: DashboardLogin) => Effect.Effect<void>
  readonly findLogin: (tokenHash: string) => Effect.Effect<Option.Option<DashboardLogin>>
  /** Revokes one login; answers whether it was there and not revoked yet. */
  readonly revokeLogin: (tokenHash: string) => Effect.Effect<boolean>
  /** Revokes every login of a user; answers how many were not revoked yet (expired ones included). */
  readonly revokeLoginsOf: (userId: string) => Effect.Effect<number>
}>()("till/DashboardUserRepository") {}
