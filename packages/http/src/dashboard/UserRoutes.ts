/**
 * The users routes: for operators, the users page, creating a user, disabling and enabling one (a
 * disabled user's logins are revoked and they cannot sign in), signing one out everywhere, and setting
 * their password (one typed, or one made up and shown on the answer, once; every login of theirs
 * revoked); for every user, changing their own password with the current one (every login revoked, and
 * a new one made for this browser). Each action is recorded in the audit trail, in the user's account
 * (an operator's, the installation's). A merchant is answered 404 on the operators' routes.
 */
import { type Audit, type DashboardAuth, dashboardActor, type DashboardUser, Ids, INSTALLATION_SCOPE, nowSeconds, type Scope } from "@till/core"
import { Effect } from "effect"
import type { HttpServerResponse } from "effect/http"
import type { Route } from "../Endpoint.ts"
import * as Cookies from "./Cookies.ts"
import * as Frame from "./Frame.ts"
import { type Key, t } from "./Messages.ts"
import * as SessionPages from "./SessionPages.ts"
import { type Run, type SignedIn, urlOf } from "./SignedIn.ts"
import * as UserPages from "./UserPages.ts"
import * as Viewer from "./Viewer.ts"

/** Where a user's actions are recorded: their account (test mode), or the installation's for an operator. */
export const auditScopeOf = (user: DashboardUser): Scope => user.account === null ? INSTALLATION_SCOPE : { account: user.account, livemode: false }

/** The randomness of a password made up for a reset: 18 bytes (144 bits), 25 base62 characters. */
const GENERATED_BYTES = 18

// the outcome a redirect carries back to the users page, and the string it reads as
const DONE: Readonly<Record<string, Key>> = {
  created: "users.created",
  disabled: "users.disabledDone",
  enabled: "users.enabledDone",
  signedout: "users.signedOut"
}

/** The routes, made with the dashboard's signed-in route maker, the use cases, and whether cookies are Secure. */
export const make = (signedIn: SignedIn, auth: DashboardAuth["Service"], audit: Audit["Service"], secure: boolean): ReadonlyArray<Route> => {
  const notFound = (viewer: Viewer.Viewer) => Frame.respond(404, SessionPages.notice(viewer, "missing.title", "missing.body"))
  const operatorOnly = (method: "GET" | "POST", path: string, run: Run) =>
    signedIn(method, path, (viewer, request, params, form) => viewer.user.role === "operator" ? run(viewer, request, params, form) : Effect.succeed(notFound(viewer)))
  const page = (viewer: Viewer.Viewer, status: number, flash: UserPages.Flash | null, kept?: Parameters<typeof UserPages.render>[3]) =>
    Effect.map(UserPages.render(auth, viewer, flash, kept), (html) => Frame.respond(status, html))
  const record = (viewer: Viewer.Viewer, user: DashboardUser, action: string, details?: Record<string, string | number>) =>
    audit.record(auditScopeOf(user), dashboardActor(viewer.user), action, user.id, { email: user.email, ...details })
  const back = (viewer: Viewer.Viewer, done: string, email: string) => Frame.seeOther(`/dashboard/users${Viewer.carry(viewer, { done, email })}`)

  const list = operatorOnly("GET", "/dashboard/users", (viewer, request) => {
    const query = urlOf(request).searchParams
    const done = DONE[query.get("done") ?? ""]
    const flash = done !== undefined
      ? { ok: true, text: t(viewer.language, done, { email: query.get("email") ?? "" }) }
      : query.get("failed") === "self"
      ? { ok: false, text: t(viewer.language, "users.notSelf") }
      : query.has("failed")
      ? { ok: false, text: t(viewer.language, "users.failed", { message: t(viewer.language, "missing.body") }) }
      : null
    return page(viewer, 200, flash)
  })

  const create = operatorOnly("POST", "/dashboard/users", (viewer, _request, _params, form) => {
    const input = { email: form.get("email") ?? "", role: form.get("role") ?? "", account: (form.get("account") ?? "").trim(), password: form.get("password") ?? "" }
    return auth.createUser(input).pipe(
      Effect.tap((user) => record(viewer, user, "dashboard_user.create", { role: user.role })),
      Effect.map((user) => back(viewer, "created", user.email)),
      Effect.catchTags({
        ValidationError: (e) => page(viewer, 400, { ok: false, text: e.message }, input),
        ResourceMissing: (e) => page(viewer, 400, { ok: false, text: e.message }, input)
      })
    )
  })

  /** An action on the user of the path: `act` answers the response; a missing user goes back with `failed`. */
  const onUser = (path: string, act: (viewer: Viewer.Viewer, user: DashboardUser, form: URLSearchParams) => Effect.Effect<HttpServerResponse.HttpServerResponse>) =>
    operatorOnly("POST", `/dashboard/users/:id/${path}`, (viewer, _request, params, form) =>
      auth.findUser(params.id ?? "").pipe(
        Effect.matchEffect({
          onFailure: () => Effect.succeed(Frame.seeOther(`/dashboard/users${Viewer.carry(viewer, { failed: "missing" })}`)),
          onSuccess: (user) => act(viewer, user, form)
        })
      ))

  const setDisabled = (disabled: boolean) =>
    onUser(disabled ? "disable" : "enable", (viewer, user) =>
      Effect.gen(function*() {
        // an operator who disabled themselves would be locked out at once
        if (disabled && user.id === viewer.user.id) return Frame.seeOther(`/dashboard/users${Viewer.carry(viewer, { failed: "self" })}`)
        yield* Effect.orDie(auth.setDisabled(user.id, disabled))
        yield* record(viewer, user, disabled ? "dashboard_user.disable" : "dashboard_user.enable")
        return back(viewer, disabled ? "disabled" : "enabled", user.email)
      }))

  const logoutEverywhere = onUser("logout", (viewer, user) =>
    Effect.gen(function*() {
      const revoked = yield* auth.logoutEverywhere(user.id)
      yield* record(viewer, user, "dashboard_user.logout_everywhere", { revoked })
      // an operator who signed themselves out everywhere is signed out here too
      return user.id === viewer.user.id ? Frame.seeOther("/dashboard/login").pipe(Cookies.clear(Cookies.LOGIN, secure)) : back(viewer, "signedout", user.email)
    }))

  // the answer carries a made-up password itself, once (no redirect: it must not land in a URL or the history)
  const resetPassword = onUser("password", (viewer, user, form) =>
    Effect.gen(function*() {
      const typed = form.get("password") ?? ""
      const password = typed === "" ? Ids.randomBase62(GENERATED_BYTES) : typed
      const reset = yield* Effect.result(auth.resetPassword(user.id, password))
      if (reset._tag === "Failure") return yield* page(viewer, 400, { ok: false, text: t(viewer.language, "users.failed", { message: reset.failure.message }) })
      yield* record(viewer, user, "dashboard_user.password_reset", { revoked: reset.success.revoked, generated: typed === "" ? 1 : 0 })
      if (user.id === viewer.user.id) return Frame.seeOther("/dashboard/login").pipe(Cookies.clear(Cookies.LOGIN, secure))
      return yield* page(
        viewer,
        200,
        typed === ""
          ? { ok: true, text: t(viewer.language, "users.generated", { email: user.email }), secret: password }
          : { ok: true, text: t(viewer.language, "users.passwordSet", { email: user.email }) }
      )
    }))

  const passwordPage = signedIn("GET", "/dashboard/password", (viewer, request) =>
    Effect.succeed(Frame.respond(200, UserPages.passwordPage(viewer, urlOf(request).searchParams.get("done") === "changed" ? { ok: true, text: t(viewer.language, "password.changed") } : null))))

  const changePassword = signedIn("POST", "/dashboard/password", (viewer, _request, _params, form) =>
    Effect.gen(function*() {
      const refuse = (text: string) => Effect.succeed(Frame.respond(400, UserPages.passwordPage(viewer, { ok: false, text })))
      const next = form.get("password") ?? ""
      if (next !== (form.get("repeat") ?? "")) return yield* refuse(t(viewer.language, "password.mismatch"))
      return yield* auth.changePassword(viewer.user.id, form.get("current") ?? "", next).pipe(
        Effect.tap(() => record(viewer, viewer.user, "dashboard_user.password_change")),
        // this browser keeps a login: the new one, in the cookie
        Effect.flatMap((signed) =>
          Effect.map(nowSeconds, (now) =>
            Frame.seeOther(`/dashboard/password${Viewer.carry(viewer, { done: "changed" })}`).pipe(Cookies.set(Cookies.LOGIN, signed.token, signed.expires_at - now, secure)))
        ),
        Effect.catchTags({
          InvalidCredentials: () => refuse(t(viewer.language, "password.wrong")),
          ValidationError: (e) => refuse(e.message),
          ResourceMissing: (e) => refuse(e.message)
        })
      )
    }))

  return [list, create, setDisabled(true), setDisabled(false), logoutEverywhere, resetPassword, passwordPage, changePassword]
}
