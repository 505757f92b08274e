/**
 * Who a request acts for (SPEC section 4): a secret key as Bearer or as the Basic user name gives
 * its account and mode; on client routes the session's client secret gives that session's scope,
 * for that session only.
 */
import { Accounts, CheckoutSessions, type InvalidClientSecret, KeyPermissions, type ResourceMissing, type Scope } from "@till/core"
import { Effect, Option } from "effect"
import { KeyPermissionDenied, Unauthorized } from "./HttpErrors.ts"

/** What a route accepts: a secret key, also the session's client secret, or nothing at all. */
export type Access = "secret" | "client" | "public"

/** Who a request acts for, and which credential said so. */
export interface Principal {
  readonly scope: Scope
  /** The session whose client secret authorized the request; undefined when a secret key did. */
  readonly clientSession: string | undefined
}

const NO_KEY = "You did not provide an API key. You need to provide your API key in the Authorization header, " +
  "using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY')."

/** A key as it may appear in a message: prefix and last four only. */
export const maskKey = (key: string): string => {
  const shown = key.startsWith("sk_") || key.startsWith("rk_") ? key.slice(0, key.indexOf("_", 3) + 1) : ""
  return key.length < 16 || shown === "" ? `${shown}****` : `${shown}${"*".repeat(Math.min(24, key.length - shown.length - 4))}${key.slice(-4)}`
}

/** The credential in an Authorization header: the Bearer token or the Basic user name. */
export const credentialOf = (authorization: string | undefined): string | undefined => {
  if (authorization === undefined) return undefined
  const space = authorization.indexOf(" ")
  if (space < 0) return undefined
  const scheme = authorization.slice(0, space).toLowerCase()
  const value = authorization.slice(space + 1).trim()
  if (value === "") return undefined
  if (scheme === "bearer") return value
  if (scheme !== "basic") return undefined
  let decoded: string
  try {
    decoded = atob(value)
  } catch {
    return undefined
  }
  const colon = decoded.indexOf(":")
  const user = colon < 0 ? decoded : decoded.slice(0, colon)
  return user === "" ? undefined : user
}

/** The call a request makes, which a restricted key's permissions must allow: its method and path (`/v1/…`). */
export interface Target {
  readonly method: string
  readonly path: string
}

const isSecretKey = (credential: string): boolean => credential.startsWith("sk_") || credential.startsWith("rk_")

const isClientSecret = (credential: string): boolean => credential.startsWith("cs_") && credential.includes("_secret_")

/** Authenticates requests; built once with the use cases it needs. */
export const make = Effect.gen(function*() {
  const accounts = yield* Accounts
  const sessions = yield* CheckoutSessions

  // a restricted key is let through only to calls its permissions allow (a call with no target: none)
  const bySecretKey = (key: string, target: Target | undefined): Effect.Effect<Scope, Unauthorized | KeyPermissionDenied> =>
    accounts.grantOf(key).pipe(
      Effect.flatMap(Option.match({
        onNone: (): Effect.Effect<Scope, Unauthorized | KeyPermissionDenied> =>
          Effect.fail(new Unauthorized({ message: `Invalid API Key provided: ${maskKey(key.slice(0, 200))}` })),
        onSome: ({ permissions, scope }): Effect.Effect<Scope, Unauthorized | KeyPermissionDenied> => {
          if (permissions === null) return Effect.succeed(scope)
          const path = target?.path.split("?")[0] ?? ""
          if (target !== undefined && KeyPermissions.allows(permissions, target.method, path)) return Effect.succeed(scope)
          const needed = target === undefined ? null : KeyPermissions.neededFor(target.method, path)
          return Effect.fail(new KeyPermissionDenied({
            message: needed === null
              ? "This is a restricted API key, but the required permissions are not available for use by restricted keys."
              : `The provided key '${maskKey(key)}' does not have the required permissions for this endpoint on account '${scope.account}'. ` +
                `Having the '${KeyPermissions.permissionName(needed)}' permission would allow this request to continue.`
          }))
        }
      }))
    )

  /**
   * The principal of a request to a route with the given access. `sessionId` is the session in the
   * path of a client route; a client secret is only ever checked against it. `target` is the call, which a
   * restricted key's permissions must allow (without it, a restricted key is refused).
   */
  const authorize = (
    authorization: string | undefined,
    access: Exclude<Access, "public">,
    sessionId: string | undefined,
    target?: Target
  ): Effect.Effect<Principal, Unauthorized | KeyPermissionDenied | InvalidClientSecret | ResourceMissing> => {
    const credential = credentialOf(authorization)
    if (credential === undefined) {
      return Effect.fail(new Unauthorized({ message: authorization === undefined ? NO_KEY : "Invalid Authorization header. Use Bearer or Basic auth with a secret key." }))
    }
    if (isSecretKey(credential)) return Effect.map(bySecretKey(credential, target), (scope) => ({ scope, clientSession: undefined }))
    if (isClientSecret(credential)) {
      if (access !== "client" || sessionId === undefined) {
        return Effect.fail(new Unauthorized({ message: "This API call cannot be made with a client secret; use a secret key." }))
      }
      // a secret names its session; another session's secret never reaches a lookup
      if (!credential.startsWith(`${sessionId}_secret_`)) {
        return Effect.fail(new Unauthorized({ message: "This client secret does not belong to this Checkout Session." }))
      }
      return Effect.map(sessions.authorizeClient(sessionId, credential), (scope) => ({ scope, clientSession: sessionId }))
    }
    return Effect.fail(new Unauthorized({ message: `Invalid API Key provided: ${maskKey(credential.slice(0, 200))}` }))
  }

  return { authorize } as const
})

/** The authenticator's shape. */
export type Authenticator = Effect.Success<typeof make>
