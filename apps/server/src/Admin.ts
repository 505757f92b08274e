/**
 * The account, key and dashboard-user operations of the CLI (`accounts create|list`, `keys create|roll|revoke`,
 * `users create`), run
 * either on the database directly or, when a running server holds the embedded database (PGlite allows
 * one process per directory), through that server: a loopback-only route, `POST /till/admin/<operation>`,
 * authenticated by a token the server writes beside its data directory (`<TILL_DATA_DIR>.admin`, mode
 * 0600, with the server's address) and removes when it stops.
 */
import { AccountProfiles, Accounts, Audit, type AuditActor, DashboardAuth, Files, INSTALLATION_SCOPE, KeyPermissions, masked, UpdateAccountParams, Validation } from "@till/core"
import { Effect, Option, Schema } from "effect"
import { HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"
import { randomBytes, timingSafeEqual } from "node:crypto"
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs"
import { resolve } from "node:path"

/** A refusal of an operation the caller can fix (no such account, a key that does not work, a bad value). */
export class AdminRefused extends Schema.TaggedError<AdminRefused>()("AdminRefused", { message: Schema.String }) {}

/** The operations, each with its input. */
export type Operation =
  | { readonly op: "accounts.create"; readonly name: string }
  | { readonly op: "accounts.list" }
  | {
    readonly op: "keys.create"
    readonly account: string
    readonly livemode: boolean
    /** A restricted key's permissions (resource to none, read or write); absent for a full key. */
    readonly permissions?: Readonly<Record<string, string>>
  }
  | { readonly op: "keys.roll"; readonly key: string; readonly expires_in: number }
  | { readonly op: "keys.revoke"; readonly key: string }
  | {
    readonly op: "accounts.branding"
    readonly account: string
    /** `POST /v1/account`'s parameters; `logo` and `icon` here are images to upload (base64), which become the branding's files. */
    readonly params: Record<string, unknown>
    readonly logo?: { readonly base64: string; readonly filename: string }
    readonly icon?: { readonly base64: string; readonly filename: string }
  }
  | { readonly op: "users.create"; readonly email: string; readonly role: string; readonly account: string | null; readonly password: string }

/** Who the CLI's actions are recorded as, in the audit trail. */
const CLI_ACTOR: AuditActor = { type: "cli", id: null, email: null }

/** Runs an operation on the accounts at hand; answers its JSON result. Creating an account, a key or a user is recorded in the audit trail. */
export const run = (operation: Operation): Effect.Effect<unknown, AdminRefused, Accounts | AccountProfiles | Files | DashboardAuth | Audit> =>
  Effect.gen(function*() {
    const accounts = yield* Accounts
    const audit = yield* Audit
    switch (operation.op) {
      case "accounts.branding":
        return yield* branding(operation)
      case "users.create": {
        const auth = yield* DashboardAuth
        const user = yield* auth.createUser(operation).pipe(
          Effect.catchTags({
            ValidationError: (e) => Effect.fail(new AdminRefused({ message: `${e.param ?? "input"}: ${e.message}` })),
            ResourceMissing: () => Effect.fail(new AdminRefused({ message: `no such account: ${operation.account}` }))
          })
        )
        yield* audit.record(user.account === null ? INSTALLATION_SCOPE : { account: user.account, livemode: false }, CLI_ACTOR, "dashboard_user.create", user.id, {
          email: user.email,
          role: user.role
        })
        return { user: { object: "dashboard_user", ...user } }
      }
      case "accounts.create": {
        const created = yield* accounts.create(operation.name)
        yield* audit.record(INSTALLATION_SCOPE, CLI_ACTOR, "account.create", created.account.id, { name: created.account.name })
        return { account: { object: "account", ...created.account }, secret_keys: created.secret_keys }
      }
      case "accounts.list":
        return { object: "list", data: (yield* accounts.list).map((a) => ({ object: "account", ...a })) }
      case "keys.create": {
        const permissions = operation.permissions === undefined
          ? null
          : yield* KeyPermissions.parsePermissions(operation.permissions).pipe(Effect.mapError((e) => new AdminRefused({ message: `--restricted: ${e.message}` })))
        const made = yield* accounts.createKey(operation.account, operation.livemode, permissions).pipe(
          Effect.catchTag("ResourceMissing", () => Effect.fail(new AdminRefused({ message: `no such account: ${operation.account}` })))
        )
        yield* audit.record({ account: made.account, livemode: made.livemode }, CLI_ACTOR, "api_key.create", made.account, {
          last4: made.secret.slice(-4),
          type: permissions === null ? "secret" : "restricted"
        })
        return made
      }
      case "keys.roll":
        return yield* accounts.rollKey(operation.key, operation.expires_in).pipe(
          Effect.map((rolled) => ({ ...rolled, rolled_key: { key: masked(operation.key), expires_at: rolled.expires_at } })),
          Effect.catchTag("ResourceMissing", () => Effect.fail(new AdminRefused({ message: `no such working key: ${masked(operation.key)}` })))
        )
      case "keys.revoke": {
        const deleted = yield* accounts.revokeKey(operation.key)
        if (!deleted) return yield* new AdminRefused({ message: `no such key: ${masked(operation.key)}` })
        return { key: masked(operation.key), deleted: true }
      }
    }
  })

const refusedAs = (e: { readonly message: string; readonly param?: string | null }) =>
  new AdminRefused({ message: e.param === undefined || e.param === null ? e.message : `${e.param}: ${e.message}` })

/** Uploads the images given, then sets the account's public details and branding with them. */
const branding = (operation: Extract<Operation, { op: "accounts.branding" }>) =>
  Effect.gen(function*() {
    const profiles = yield* AccountProfiles
    const files = yield* Files
    const account = (yield* profiles.retrieve(operation.account).pipe(
      Effect.mapError(() => new AdminRefused({ message: `no such account: ${operation.account}` }))
    )).account
    const upload = (image: { readonly base64: string; readonly filename: string }, purpose: "business_logo" | "business_icon", flag: string) =>
      files.create(account.id, { purpose, file: { bytes: Buffer.from(image.base64, "base64"), filename: image.filename } }).pipe(
        Effect.mapError((e) => new AdminRefused({ message: `${flag}: ${e.message}` }))
      )
    const logo = operation.logo === undefined ? undefined : (yield* upload(operation.logo, "business_logo", "--logo")).id
    const icon = operation.icon === undefined ? undefined : (yield* upload(operation.icon, "business_icon", "--icon")).id
    const settings = (operation.params.settings ?? {}) as { branding?: Record<string, unknown> }
    const params = yield* Validation.decode(UpdateAccountParams)({
      ...operation.params,
      ...(logo === undefined && icon === undefined ? {} : {
        settings: { ...settings, branding: { ...settings.branding, ...(logo === undefined ? {} : { logo }), ...(icon === undefined ? {} : { icon }) } }
      })
    }).pipe(Effect.mapError(refusedAs))
    const updated = yield* profiles.update(account.id, params).pipe(Effect.mapError(refusedAs))
    return { object: "account", id: updated.account.id, name: updated.account.name, business_profile: updated.profile.business_profile, branding: updated.profile.branding }
  })

/** The admin route's path: `POST /till/admin/<operation>`. */
export const PATH = "/till/admin/:op"

/** Where a server on the embedded database `dataDir` says how to reach its admin route. */
export const tokenFileOf = (dataDir: string): string => `${resolve(dataDir)}.admin`

/** What the token file holds. */
export interface Handle {
  readonly url: string
  readonly token: string
}

/** Reads the token file of `dataDir`; undefined when there is none (no server, or one on PostgreSQL). */
export const readHandle = (dataDir: string): Handle | undefined => {
  try {
    const parsed = JSON.parse(readFileSync(tokenFileOf(dataDir), "utf8"))
    return typeof parsed.url === "string" && typeof parsed.token === "string" ? parsed : undefined
  } catch {
    return undefined
  }
}

/** Runs an operation through the server that wrote `handle`. */
export const remote = (handle: Handle, operation: Operation): Effect.Effect<unknown, AdminRefused> =>
  Effect.tryPromise({
    try: async () => {
      const { op, ...input } = operation
      const response = await fetch(`${handle.url}/till/admin/${op}`, {
        method: "POST",
        headers: { authorization: `Bearer ${handle.token}`, "content-type": "application/json" },
        body: JSON.stringify(input)
      })
      const body = await response.json() as { error?: { message?: string } }
      if (!response.ok) throw new Error(body.error?.message ?? `the server answered ${response.status}`)
      return body as unknown
    },
    catch: (error) => new AdminRefused({ message: (error as Error).message })
  })

const isLoopback = (address: string) => address === "127.0.0.1" || address === "::1" || address === "::ffff:127.0.0.1"

const answer = (status: number, body: unknown) => HttpServerResponse.text(JSON.stringify(body), { status, contentType: "application/json" })
const refusal = (status: number, message: string) => answer(status, { error: { type: "invalid_request_error", message } })

/** Decodes a request's input for `op`, or says what is wrong. */
const operationOf = (op: string, input: Record<string, unknown>): Operation | string => {
  const str = (name: string) => typeof input[name] === "string" && input[name] !== "" ? input[name] as string : undefined
  switch (op) {
    case "accounts.create":
      return str("name") === undefined ? "name is required" : { op, name: str("name")! }
    case "accounts.list":
      return { op }
    case "keys.create":
      return str("account") === undefined || typeof input.livemode !== "boolean"
        ? "account and livemode are required"
        : typeof input.permissions === "object" && input.permissions !== null
        ? { op, account: str("account")!, livemode: input.livemode, permissions: input.permissions as Record<string, string> }
        : { op, account: str("account")!, livemode: input.livemode }
    case "keys.roll":
      return str("key") === undefined || typeof input.expires_in !== "number" ? "key and expires_in are required" : { op, key: str("key")!, expires_in: input.expires_in }
    case "keys.revoke":
      return str("key") === undefined ? "key is required" : { op, key: str("key")! }
    case "accounts.branding": {
      const image = (value: unknown) =>
        typeof value === "object" && value !== null && typeof (value as any).base64 === "string" && typeof (value as any).filename === "string"
          ? { base64: (value as any).base64 as string, filename: (value as any).filename as string }
          : undefined
      if (str("account") === undefined || typeof input.params !== "object" || input.params === null) return "account and params are required"
      const logo = image(input.logo)
      const icon = image(input.icon)
      return { op, account: str("account")!, params: input.params as Record<string, unknown>, ...(logo === undefined ? {} : { logo }), ...(icon === undefined ? {} : { icon }) }
    }
    case "users.create":
      return str("email") === undefined || str("role") === undefined || str("password") === undefined
        ? "email, role and password are required"
        : { op, email: str("email")!, role: str("role")!, account: str("account") ?? null, password: str("password")! }
    default:
      return `unknown operation ${op}`
  }
}

/**
 * The admin route on the server's router, and its token file: written (mode 0600) once the server
 * listens at `url`, removed when the layer closes.
 */
export const layer = (dataDir: string, url: string) =>
  HttpRouter.use(Effect.fnUntraced(function*(router) {
    const accounts = yield* Accounts
    const profiles = yield* AccountProfiles
    const files = yield* Files
    const dashboard = yield* DashboardAuth
    const audit = yield* Audit
    const token = randomBytes(32).toString("base64url")
    const expected = Buffer.from(`Bearer ${token}`)
    const file = tokenFileOf(dataDir)
    yield* Effect.acquireRelease(
      Effect.sync(() => {
        writeFileSync(`${file}.tmp`, JSON.stringify({ url, token }), { mode: 0o600 })
        renameSync(`${file}.tmp`, file)
      }),
      () => Effect.sync(() => rmSync(file, { force: true }))
    )
    yield* router.add("POST", PATH, Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const { params } = yield* HttpRouter.RouteContext
      // the peer, not a forwarded address: only a process on this machine may ask
      if (!Option.match(request.remoteAddress, { onNone: () => false, onSome: isLoopback })) return refusal(403, "the admin route answers loopback only")
      const presented = Buffer.from(request.headers.authorization ?? "")
      if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return refusal(401, "a bad admin token")
      const input = yield* Effect.orElseSucceed(request.json, () => ({}))
      const operation = operationOf(params.op ?? "", typeof input === "object" && input !== null ? input as Record<string, unknown> : {})
      if (typeof operation === "string") return refusal(400, operation)
      return yield* run(operation).pipe(
        Effect.provideService(Accounts, accounts),
        Effect.provideService(AccountProfiles, profiles),
        Effect.provideService(Files, files),
        Effect.provideService(DashboardAuth, dashboard),
        Effect.provideService(Audit, audit),
        Effect.match({ onFailure: (e) => refusal(400, e.message), onSuccess: (result) => answer(200, result) })
      )
    }))
  }))
