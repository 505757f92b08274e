/**
 * The accounts routes, for operators only (404 for merchants): the list, creating an account through
 * `Accounts.create` as `till accounts create` does (its keys shown on the answer, once: no redirect), and
 * one account's page. Creating an account is recorded in the audit trail (the installation's, and the
 * new account's own).
 */
import { type Accounts, type Audit, dashboardActor, type DashboardAuth, INSTALLATION_SCOPE } from "@till/core"
import { Effect } from "effect"
import type { Route } from "../Endpoint.ts"
import * as AccountPages from "./AccountPages.ts"
import * as Frame from "./Frame.ts"
import { t } from "./Messages.ts"
import * as SessionPages from "./SessionPages.ts"
import type { Run, SignedIn } from "./SignedIn.ts"

/** The longest account name the form takes. */
export const MAX_NAME_LENGTH = 100

/** The actions an account's page lists. */
export const ACCOUNT_ACTIONS: ReadonlyArray<string> = [
  "account.create",
  "dashboard_user.create",
  "dashboard_user.disable",
  "dashboard_user.enable",
  "dashboard_user.password_reset",
  "dashboard_user.logout_everywhere",
  "dashboard_user.password_change"
]

/** The routes, made with the dashboard's signed-in route maker and the use cases. */
export const make = (signedIn: SignedIn, accounts: Accounts["Service"], auth: DashboardAuth["Service"], audit: Audit["Service"]): ReadonlyArray<Route> => {
  const operatorOnly = (method: "GET" | "POST", path: string, run: Run) =>
    signedIn(method, path, (viewer, request, params, form) =>
      viewer.user.role === "operator" ? run(viewer, request, params, form) : Effect.succeed(Frame.respond(404, SessionPages.notice(viewer, "missing.title", "missing.body"))))

  const list = operatorOnly("GET", "/dashboard/accounts", (viewer) =>
    Effect.gen(function*() {
      return Frame.respond(200, AccountPages.list(viewer, yield* accounts.list, yield* auth.listUsers, null))
    }))

  const create = operatorOnly("POST", "/dashboard/accounts", (viewer, _request, _params, form) =>
    Effect.gen(function*() {
      const name = (form.get("name") ?? "").trim()
      if (name.length === 0 || name.length > MAX_NAME_LENGTH) {
        return Frame.respond(400, AccountPages.list(viewer, yield* accounts.list, yield* auth.listUsers, { ok: false, text: t(viewer.language, "accounts.badName") }, null, name))
      }
      const made = yield* accounts.create(name)
      const actor = dashboardActor(viewer.user)
      yield* audit.record(INSTALLATION_SCOPE, actor, "account.create", made.account.id, { name })
      yield* audit.record({ account: made.account.id, livemode: false }, actor, "account.create", made.account.id, { name })
      return Frame.respond(
        200,
        AccountPages.list(viewer, yield* accounts.list, yield* auth.listUsers, null, { id: made.account.id, test: made.secret_keys.test, live: made.secret_keys.live })
      )
    }))

  const detail = operatorOnly("GET", "/dashboard/accounts/:id", (viewer, _request, params) =>
    Effect.gen(function*() {
      const id = params.id ?? ""
      const found = (yield* accounts.list).find((a) => a.id === id)
      if (found === undefined) return Frame.respond(404, SessionPages.notice(viewer, "missing.title", "missing.body"))
      const records = yield* audit.recent({ account: id, livemode: false }, { limit: 20, actions: ACCOUNT_ACTIONS })
      return Frame.respond(200, AccountPages.detail(viewer, found, yield* auth.listUsers, records))
    }))

  return [list, create, detail]
}

