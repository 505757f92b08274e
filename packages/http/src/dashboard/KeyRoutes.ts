/**
 * The keys page's routes: the page, creating a full or restricted key, rolling a key (the old one
 * working for a chosen time more, or until a chosen moment) and revoking one. A new key is shown on the
 * answer itself, once (no redirect: it must not land in a URL or the history). Each action is recorded
 * in the audit trail; all go through `Accounts`, as the API's key routes do.
 */
import { type Accounts, type Audit, KeyPermissions } from "@till/core"
import { Effect } from "effect"
import type { Route } from "../Endpoint.ts"
import { audited } from "./Audited.ts"
import * as Frame from "./Frame.ts"
import * as KeyPages from "./KeyPages.ts"
import { t } from "./Messages.ts"
import { type SignedIn, urlOf } from "./SignedIn.ts"
import * as Viewer from "./Viewer.ts"

const dateOf = (seconds: number) => new Date(seconds * 1000).toISOString().replace("T", " ").slice(0, 19) + " UTC"

/** The routes, made with the dashboard's signed-in route maker and the use cases. */
export const make = (signedIn: SignedIn, accounts: Accounts["Service"], audit: Audit["Service"]): ReadonlyArray<Route> => {
  // a key's last four characters, for its audit record (the hash names it, which no one reads)
  const lastFourOf = (scope: NonNullable<Viewer.Viewer["scope"]>, hash: string) =>
    Effect.map(accounts.listKeys(scope), (keys) => keys.find((k) => k.secret_hash === hash)?.last4 ?? null)

  const page = signedIn("GET", "/dashboard/keys", (viewer, request) => {
    const query = urlOf(request).searchParams
    const flash = query.get("done") === "revoked"
      ? { ok: true, text: t(viewer.language, "keys.revoked") }
      : query.get("failed") === "time"
      ? { ok: false, text: t(viewer.language, "keys.badTime") }
      : query.has("failed")
      ? { ok: false, text: t(viewer.language, "session.actionFailed", { message: t(viewer.language, "missing.body") }) }
      : null
    return Effect.map(KeyPages.render(accounts, audit, viewer, { flash }), (html) => Frame.respond(200, html))
  })

  const create = signedIn("POST", "/dashboard/keys/create", (viewer, _request, _params, form) =>
    Effect.gen(function*() {
      const scope = viewer.scope
      if (scope === null) return Frame.seeOther(`/dashboard/keys${Viewer.carry(viewer, { failed: "account" })}`)
      const restricted = form.get("type") === "restricted"
      const refused = (message: string) =>
        Effect.map(
          KeyPages.render(accounts, audit, viewer, { flash: { ok: false, text: t(viewer.language, "keys.createFailed", { message }) }, kept: form }),
          (html) => Frame.respond(400, html)
        )
      const permissions = restricted ? yield* Effect.result(KeyPermissions.parsePermissions(KeyPages.permissionsOfForm(form))) : null
      if (permissions !== null && permissions._tag === "Failure") return yield* refused(permissions.failure.message)
      // an operator may have typed an account that does not exist: refused, nothing made
      const made = yield* Effect.result(audited(
        audit,
        viewer,
        scope,
        "api_key.create",
        scope.account,
        accounts.createKey(scope.account, scope.livemode, permissions === null ? null : permissions.success),
        (key) => ({ last4: key.secret.slice(-4), type: restricted ? "restricted" : "secret" })
      ))
      if (made._tag === "Failure") return yield* refused(t(viewer.language, "missing.body"))
      return Frame.respond(200, yield* KeyPages.render(accounts, audit, viewer, { fresh: made.success.secret }))
    }))

  const roll = signedIn("POST", "/dashboard/keys/roll", (viewer, _request, _params, form) =>
    Effect.gen(function*() {
      const scope = viewer.scope
      if (scope === null) return Frame.seeOther(`/dashboard/keys${Viewer.carry(viewer, { failed: "account" })}`)
      const choice = form.get("expires_in") ?? "0"
      const seconds = KeyPages.graceOf(choice, (form.get("expires_at") ?? "").trim(), Date.now() / 1000)
      if (seconds === null) return Frame.seeOther(`/dashboard/keys${Viewer.carry(viewer, { failed: choice === KeyPages.ROLL_AT ? "time" : "input" })}`)
      const hash = form.get("key") ?? ""
      const last4 = yield* lastFourOf(scope, hash)
      const rolled = yield* Effect.result(audited(audit, viewer, scope, "api_key.roll", hash, accounts.rollKeyByHash(scope, hash, seconds), (made) => ({
        last4,
        new_last4: made.secret.slice(-4),
        expires_in: seconds
      })))
      if (rolled._tag === "Failure") return Frame.seeOther(`/dashboard/keys${Viewer.carry(viewer, { failed: rolled.failure._tag })}`)
      const flash = seconds === 0 ? null : { ok: true, text: t(viewer.language, "keys.rolledAt", { at: dateOf(rolled.success.expires_at) }) }
      return Frame.respond(200, yield* KeyPages.render(accounts, audit, viewer, { flash, fresh: rolled.success.secret }))
    }))

  const revoke = signedIn("POST", "/dashboard/keys/revoke", (viewer, _request, _params, form) =>
    Effect.gen(function*() {
      if (viewer.scope === null) return Frame.seeOther(`/dashboard/keys${Viewer.carry(viewer, { failed: "account" })}`)
      const hash = form.get("key") ?? ""
      const last4 = yield* lastFourOf(viewer.scope, hash)
      const revoked = yield* Effect.result(audited(audit, viewer, viewer.scope, "api_key.revoke", hash, accounts.revokeKeyByHash(viewer.scope, hash), () => ({ last4 })))
      return Frame.seeOther(`/dashboard/keys${Viewer.carry(viewer, revoked._tag === "Failure" ? { failed: revoked.failure._tag } : { done: "revoked" })}`)
    }))

  return [page, create, roll, revoke]
}
