/**
 * Creating, rolling and revoking secret keys over the API (Till extensions, for the dashboard and scripts):
 * `POST /v1/api_keys`, `POST /v1/api_keys/roll` and `POST /v1/api_keys/revoke`. Only a full key (`sk_…`)
 * calls them: a restricted key (`rk_…`) is refused with 403. A new key is of the caller's account and mode,
 * full (`type=secret`) or restricted (`type=restricted` with `permissions[<resource>]=read|write`). Authenticated by a secret key; a caller may
 * roll or revoke only keys of its own account and mode (`key`, the secret itself, defaulting to the
 * key that calls). A roll answers a new key while the old one keeps working for `expires_in` seconds
 * (0 to 7 days, by default 0: it stops at once), then not; a revoked key stops at once.
 */
import { Accounts, KeyPermissions, masked, ValidationError } from "@till/core"
import { Effect, Option } from "effect"
import { HttpServerRequest } from "effect/http"
import * as Auth from "./Auth.ts"
import { pathOf, readParams } from "./BodyParser.ts"
import { failed, respond, type Route } from "./Endpoint.ts"

/** The longest a rolled key may keep working: 7 days, as Stripe allows. */
export const MAX_EXPIRES_IN_SECONDS = 7 * 24 * 3600

const ok = (body: unknown) => respond({ status: 200, body: JSON.stringify(body), store: false })

const invalid = (param: string, message: string) => new ValidationError({ code: "parameter_invalid", message, param })

const stringParam = (params: Readonly<Record<string, unknown>>, name: string): Effect.Effect<string | undefined, ValidationError> => {
  const value = params[name]
  return value === undefined || typeof value === "string" ? Effect.succeed(value) : Effect.fail(invalid(name, `Invalid ${name}: must be a string`))
}

/** The two routes, built once with the authenticator and the accounts. */
export const routes = Effect.gen(function*() {
  const auth = yield* Auth.make
  const accounts = yield* Accounts

  /** The caller, and the key it acts on (its own unless `key` names another of its account and mode). */
  const target = Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const { scope } = yield* auth.authorize(request.headers.authorization, "secret", undefined, { method: "POST", path: pathOf(request.url) })
    const params = yield* readParams(request, true)
    const key = (yield* stringParam(params, "key")) ?? Auth.credentialOf(request.headers.authorization)!
    const owner = yield* accounts.authenticate(key)
    if (Option.isNone(owner) || owner.value.account !== scope.account || owner.value.livemode !== scope.livemode) {
      return yield* invalid("key", `No such key of this account and mode: ${masked(key)}`)
    }
    return { key, params }
  })

  const roll: Route["handler"] = Effect.gen(function*() {
    const { key, params } = yield* target
    const raw = (yield* stringParam(params, "expires_in")) ?? "0"
    const expiresIn = /^\d{1,7}$/.test(raw) ? Number(raw) : NaN
    if (!(expiresIn <= MAX_EXPIRES_IN_SECONDS)) {
      return yield* invalid("expires_in", `Invalid expires_in: seconds from 0 to ${MAX_EXPIRES_IN_SECONDS} (7 days)`)
    }
    const rolled = yield* accounts.rollKey(key, expiresIn)
    return ok({
      object: "api_key",
      secret: rolled.secret,
      livemode: rolled.livemode,
      rolled_key: { key: masked(key), expires_at: rolled.expires_at }
    })
  }).pipe(Effect.catch((e) => Effect.succeed(respond(failed(e)))))

  const revoke: Route["handler"] = Effect.gen(function*() {
    const { key } = yield* target
    yield* accounts.revokeKey(key)
    return ok({ object: "api_key", key: masked(key), deleted: true })
  }).pipe(Effect.catch((e) => Effect.succeed(respond(failed(e)))))

  const create: Route["handler"] = Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const { scope } = yield* auth.authorize(request.headers.authorization, "secret", undefined, { method: "POST", path: pathOf(request.url) })
    const params = yield* readParams(request, true)
    const type = (yield* stringParam(params, "type")) ?? "secret"
    if (type !== "secret" && type !== "restricted") return yield* invalid("type", "Invalid type: secret (a full key) or restricted.")
    const raw = params.permissions
    if (type === "secret" && raw !== undefined) return yield* invalid("permissions", "A full key (type=secret) takes no permissions; use type=restricted.")
    if (raw !== undefined && (typeof raw !== "object" || raw === null || Array.isArray(raw))) {
      return yield* invalid("permissions", "Invalid permissions: give permissions[<resource>]=read or write.")
    }
    const permissions = type === "restricted" ? yield* KeyPermissions.parsePermissions((raw ?? {}) as Record<string, unknown>) : null
    const created = yield* accounts.createKey(scope.account, scope.livemode, permissions)
    return ok({ object: "api_key", type, secret: created.secret, livemode: created.livemode, permissions: created.permissions })
  }).pipe(Effect.catch((e) => Effect.succeed(respond(failed(e)))))

  return [
    { method: "POST", path: "/v1/api_keys", handler: create },
    { method: "POST", path: "/v1/api_keys/roll", handler: roll },
    { method: "POST", path: "/v1/api_keys/revoke", handler: revoke }
  ] satisfies ReadonlyArray<Route>
})
