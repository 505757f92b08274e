/**
 * Use cases of dashboard users: creating them, signing in and out, and finding who a browser's login
 * token belongs to. Rate limits on signing in are the HTTP adapter's (it knows the caller's address).
 */
import { Context, Effect, Layer, Option } from "effect"
import { hashSecret } from "./Account.ts"
import { nowSeconds } from "./CheckoutSessions.ts"
import {
  checkPassword,
  checkRole,
  type DashboardLogin,
  type DashboardRole,
  type DashboardUser,
  InvalidCredentials,
  isLive,
  LOGIN_SECONDS,
  normalizeEmail,
  SESSION_TOKEN_PREFIX,
  USER_PREFIX
} from "./DashboardUser.ts"
import { ResourceMissing, ValidationError } from "./Errors.ts"
import { AccountRepository } from "./ports/AccountRepository.ts"
import { DashboardUserRepository } from "./ports/DashboardUserRepository.ts"
import { IdGenerator } from "./ports/IdGenerator.ts"
import { PasswordHasher } from "./ports/PasswordHasher.ts"

/** What creating a user takes. */
export interface NewDashboardUser {
  readonly email: string
  readonly password: string
  readonly role: DashboardRole | string
  /** The merchant's account (acct_…); none for an operator. */
  readonly account?: string | null | undefined
}

/** A login just made: its token (the cookie's value, shown this once) and whose it is. */
export interface SignedIn {
  readonly token: string
  readonly user: DashboardUser
  readonly expires_at: number
}

/** Who a live login belongs to. */
export interface Authenticated {
  readonly user: DashboardUser
  readonly login: DashboardLogin
}

/** Use cases of dashboard users. */
export class DashboardAuth extends Context.Service<DashboardAuth>()("till/DashboardAuth", {
  make: Effect.gen(function*() {
    const repo = yield* DashboardUserRepository
    const accounts = yield* AccountRepository
    const hasher = yield* PasswordHasher
    const ids = yield* IdGenerator
    // compared against when the email is unknown, so a wrong email costs what a wrong password does
    const decoy = yield* hasher.hash("decoy password, never anyone's")

    /** Creates a user; a merchant's account must exist, and an email may belong to one user only. */
    const createUser = Effect.fn("DashboardAuth.createUser")(function*(input: NewDashboardUser) {
      const email = yield* normalizeEmail(input.email)
      yield* checkPassword(input.password)
      const account = input.account === undefined || input.account === "" ? null : input.account
      const role = yield* checkRole(input.role, account)
      if (account !== null && Option.isNone(yield* accounts.findAccount(account))) {
        return yield* new ResourceMissing({ object: "account", id: account, param: "account" })
      }
      const user: DashboardUser = { id: yield* ids.make(USER_PREFIX), email, role, account, created: yield* nowSeconds }
      const inserted = yield* repo.insertUser({ user, password_hash: yield* hasher.hash(input.password) })
      if (!inserted) {
        return yield* new ValidationError({ code: "email_taken", message: `A user with email ${email} already exists.`, param: "email" })
      }
      return user
    })

    /** Signs in with an email and password: a new login token, or InvalidCredentials (never saying which was wrong). */
    const login = Effect.fn("DashboardAuth.login")(function*(email: string, password: string) {
      const normal = email.trim().toLowerCase()
      const found = normal.length > 254 || password.length > 1024 ? Option.none() : yield* repo.findUserByEmail(normal)
      const matches = yield* hasher.verify(password, Option.match(found, { onNone: () => decoy, onSome: (s) => s.password_hash }))
      if (Option.isNone(found) || !matches) return yield* new InvalidCredentials()
      const now = yield* nowSeconds
      const token = yield* ids.secret(SESSION_TOKEN_PREFIX)
      const expires_at = now + LOGIN_SECONDS
      yield* repo.insertLogin({ token_hash: yield* hashSecret(token), user: found.value.user.id, created: now, expires_at, revoked: false })
      return { token, user: found.value.user, expires_at } satisfies SignedIn
    })

    /** The user a login token belongs to, while the login is live; none for anything else (an API key included). */
    const authenticate = Effect.fn("DashboardAuth.authenticate")(function*(token: string) {
      if (!token.startsWith(SESSION_TOKEN_PREFIX) || token.length > 100) return Option.none<Authenticated>()
      const found = yield* repo.findLogin(yield* hashSecret(token))
      if (Option.isNone(found) || !isLive(found.value, yield* nowSeconds)) return Option.none<Authenticated>()
      const user = yield* repo.findUserById(found.value.user)
      return Option.map(user, (s): Authenticated => ({ user: s.user, login: found.value }))
    })

    /** Ends a login: its token stops working at once. */
    const logout = Effect.fn("DashboardAuth.logout")(function*(token: string) {
      return yield* repo.revokeLogin(yield* hashSecret(token))
    })

    /** Ends every login of a user (a lost laptop, a user who left). */
    const logoutEverywhere = Effect.fn("DashboardAuth.logoutEverywhere")(function*(userId: string) {
      return yield* repo.revokeLoginsOf(userId)
    })

    /** Every user, oldest first. */
    const listUsers = Effect.map(repo.listUsers, (stored) => stored.map((s) => s.user))

    return { createUser, login, authenticate, logout, logoutEverywhere, listUsers } as const
  })
}) {
  /** The use cases over whatever repositories, hasher and id generator are provided. */
  static readonly layer = Layer.effect(DashboardAuth, DashboardAuth.make)
}
