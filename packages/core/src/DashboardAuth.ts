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
      // a disabled user is refused like a wrong password, after the same work
      if (Option.isNone(found) || !matches || found.value.user.disabled === true) return yield* new InvalidCredentials()
      return yield* newLogin(found.value.user)
    })

    const newLogin = Effect.fnUntraced(function*(user: DashboardUser) {
      const now = yield* nowSeconds
      const token = yield* ids.secret(SESSION_TOKEN_PREFIX)
      const expires_at = now + LOGIN_SECONDS
      yield* repo.insertLogin({ token_hash: yield* hashSecret(token), user: user.id, created: now, expires_at, revoked: false })
      return { token, user, expires_at } satisfies SignedIn
    })

    /** The user a login token belongs to, while the login is live; none for anything else (an API key included). */
    const authenticate = Effect.fn("DashboardAuth.authenticate")(function*(token: string) {
      if (!token.startsWith(SESSION_TOKEN_PREFIX) || token.length > 100) return Option.none<Authenticated>()
      const found = yield* repo.findLogin(yield* hashSecret(token))
      if (Option.isNone(found) || !isLive(found.value, yield* nowSeconds)) return Option.none<Authenticated>()
      const user = yield* repo.findUserById(found.value.user)
      // a disabled user's logins were revoked when they were disabled; a login made in a race with that is refused here
      if (Option.isSome(user) && user.value.user.disabled === true) return Option.none<Authenticated>()
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

    const existing = (userId: string) =>
      Effect.flatMap(repo.findUserById(userId), Option.match({
        onNone: () => Effect.fail(new ResourceMissing({ object: "dashboard_user", id: userId, param: "user" })),
        onSome: Effect.succeed
      }))

    /** A user by id, or ResourceMissing. */
    const findUser = Effect.fn("DashboardAuth.findUser")(function*(userId: string) {
      return (yield* existing(userId)).user
    })

    /**
     * Disables a user (every login revoked, and they cannot sign in until enabled) or enables them again.
     * Answers the user as it now is.
     */
    const setDisabled = Effect.fn("DashboardAuth.setDisabled")(function*(userId: string, disabled: boolean) {
      const stored = yield* existing(userId)
      yield* repo.setDisabled(userId, disabled)
      // revoked after the flag is set: a login made meanwhile is refused by authenticate
      if (disabled) yield* repo.revokeLoginsOf(userId)
      const { disabled: _was, ...rest } = stored.user
      const user: DashboardUser = disabled ? { ...rest, disabled: true } : rest
      return user
    })

    /** An operator sets a user's password: every login of theirs is revoked. */
    const resetPassword = Effect.fn("DashboardAuth.resetPassword")(function*(userId: string, password: string) {
      yield* checkPassword(password)
      const stored = yield* existing(userId)
      yield* repo.setPasswordHash(userId, yield* hasher.hash(password))
      const revoked = yield* repo.revokeLoginsOf(userId)
      return { user: stored.user, revoked }
    })

    /**
     * A user changes their own password, giving the current one (InvalidCredentials when wrong). Every
     * login of theirs is revoked, and a new one is made for the browser that asked.
     */
    const changePassword = Effect.fn("DashboardAuth.changePassword")(function*(userId: string, current: string, next: string) {
      const stored = yield* existing(userId)
      if (current.length > 1024 || !(yield* hasher.verify(current, stored.password_hash))) return yield* new InvalidCredentials()
      yield* checkPassword(next)
      yield* repo.setPasswordHash(userId, yield* hasher.hash(next))
      yield* repo.revokeLoginsOf(userId)
      return yield* newLogin(stored.user)
    })

    return { createUser, login, authenticate, logout, logoutEverywhere, listUsers, findUser, setDisabled, resetPassword, changePassword } as const
  })
}) {
  /** The use cases over whatever repositories, hasher and id generator are provided. */
  static readonly layer = Layer.effect(DashboardAuth, DashboardAuth.make)
}
