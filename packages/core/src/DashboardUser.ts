/**
 * Dashboard users and their login sessions (issue 15): who may sign in to `/dashboard`, what each may
 * see, and the pure rules of their credentials. A merchant user belongs to one account and sees only
 * its objects; an operator sees every account. API keys are a different credential altogether: they
 * are never looked up here, and a dashboard session token is never an API key.
 */
import { Effect, Schema } from "effect"
import type { Scope } from "./CheckoutSession.ts"
import { ValidationError } from "./Errors.ts"
import { hashSecret } from "./Account.ts"

/** A merchant (bound to one account) or an operator (every account). */
export type DashboardRole = "merchant" | "operator"

/** The roles, for parameters and checks. */
export const DASHBOARD_ROLES: ReadonlyArray<DashboardRole> = ["merchant", "operator"]

/** Someone who signs in to the dashboard. */
export interface DashboardUser {
  readonly id: string
  /** Lower-cased and trimmed: the login name, unique. */
  readonly email: string
  readonly role: DashboardRole
  /** The merchant's account; null for an operator. */
  readonly account: string | null
  readonly created: number
  /** True when an operator disabled the user: they cannot sign in (absent: active). */
  readonly disabled?: boolean
}

/** A user as stored: with the hash of their password (never the password). */
export interface StoredDashboardUser {
  readonly user: DashboardUser
  readonly password_hash: string
}

/** A signed-in browser: only the hash of its token is kept. */
export interface DashboardLogin {
  readonly token_hash: string
  readonly user: string
  readonly created: number
  readonly expires_at: number
  readonly revoked: boolean
}

/** Id prefix of dashboard users. */
export const USER_PREFIX = "dusr_"

/** Prefix of a dashboard session token: no API key starts so, and no API route takes one. */
export const SESSION_TOKEN_PREFIX = "dsess_"

/** How long a login lasts, whatever is done meanwhile (12 hours): then the user signs in again. */
export const LOGIN_SECONDS = 12 * 3600

/** The shortest password a user may have. */
export const MIN_PASSWORD_LENGTH = 12

/** The longest password accepted (the KDF's work should not be the caller's to choose). */
export const MAX_PASSWORD_LENGTH = 256

/** The email or password did not match a user (which of the two is never said). */
export class InvalidCredentials extends Schema.TaggedError<InvalidCredentials>()("InvalidCredentials", {}) {
  override get message() {
    return "Wrong email or password."
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** An email as it is stored and compared: trimmed and lower-cased, or a ValidationError naming `email`. */
export const normalizeEmail = (email: string): Effect.Effect<string, ValidationError> => {
  const normal = email.trim().toLowerCase()
  return normal.length <= 254 && EMAIL.test(normal)
    ? Effect.succeed(normal)
    : Effect.fail(new ValidationError({ code: "parameter_invalid", message: "Invalid email: give an address like name@example.com.", param: "email" }))
}

/** Whether a new password is acceptable: 12 to 256 characters. */
export const checkPassword = (password: string): Effect.Effect<void, ValidationError> =>
  password.length >= MIN_PASSWORD_LENGTH && password.length <= MAX_PASSWORD_LENGTH
    ? Effect.void
    : Effect.fail(new ValidationError({
      code: "parameter_invalid",
      message: `Invalid password: ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters.`,
      param: "password"
    }))

/** A merchant names its account, an operator none. */
export const checkRole = (role: string, account: string | null): Effect.Effect<DashboardRole, ValidationError> => {
  if (role !== "merchant" && role !== "operator") {
    return Effect.fail(new ValidationError({ code: "parameter_invalid", message: "Invalid role: merchant or operator.", param: "role" }))
  }
  if (role === "merchant" && account === null) {
    return Effect.fail(new ValidationError({ code: "parameter_missing", message: "A merchant user needs its account.", param: "account" }))
  }
  if (role === "operator" && account !== null) {
    return Effect.fail(new ValidationError({ code: "parameter_invalid", message: "An operator sees every account: give no account.", param: "account" }))
  }
  return Effect.succeed(role)
}

/** Whether `user` may see and act on the objects of `account`. */
export const mayAccess = (user: DashboardUser, account: string): boolean =>
  user.role === "operator" || user.account === account

/**
 * The scope a user's request acts in: a merchant's own account whatever was asked, an operator's the
 * account asked for (or none when no account was asked, and the caller must ask).
 */
export const scopeOf = (user: DashboardUser, requested: string | null, livemode: boolean): Scope | null => {
  const account = user.role === "merchant" ? user.account : requested
  return account === null ? null : { account, livemode }
}

/**
 * The CSRF token of a login: derived from its secret token, so it needs no storage, changes with every
 * login, and cannot be made without the cookie (which a page on another site never reads).
 */
export const csrfTokenOf = (sessionToken: string): Effect.Effect<string> => hashSecret(`csrf\u0000${sessionToken}`)

/** Whether a login still grants access at `now` (unix seconds). */
export const isLive = (login: DashboardLogin, now: number): boolean => !login.revoked && now < login.expires_at
