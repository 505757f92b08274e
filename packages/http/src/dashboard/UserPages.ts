/**
 * The users page, for operators only: every dashboard user, and a form to create one (a merchant of an
 * account, or another operator), through `DashboardAuth` as `till users create` does. A merchant user
 * who opens it is answered 404, as for any object that is not theirs.
 */
import type { DashboardAuth } from "@till/core"
import { Effect } from "effect"
import { escape } from "../pages/Html.ts"
import * as Layout from "./Layout.ts"
import { t } from "./Messages.ts"
import { csrfField, href, type Viewer } from "./Viewer.ts"

/** The page, with a flash (already localized) and the form's values to keep after a refusal. */
export const render = (
  auth: DashboardAuth["Service"],
  viewer: Viewer,
  flash: { readonly ok: boolean; readonly text: string } | null,
  kept: { readonly email: string; readonly role: string; readonly account: string } = { email: "", role: "merchant", account: "" }
) =>
  Effect.gen(function*() {
    const l = viewer.language
    const users = yield* auth.listUsers
    const rows = users.map((u) =>
      `<tr><td data-label="${escape(t(l, "login.email"))}">${escape(u.email)}</td><td data-label="${escape(t(l, "users.role"))}">${escape(u.role)}</td>` +
      `<td data-label="${escape(t(l, "nav.account"))}">${escape(u.account ?? "—")}</td></tr>`
    ).join("\n")
    const option = (value: string, key: "users.merchant" | "users.operator") =>
      `<option value="${value}"${kept.role === value ? " selected" : ""}>${escape(t(l, key))}</option>`
    const body = `<h1>${escape(t(l, "users.title"))}</h1>
${flash === null ? "" : `<p class="${flash.ok ? "note" : "alert"}" role="${flash.ok ? "status" : "alert"}">${escape(flash.text)}</p>`}
<form class="card" method="post" action="${href(viewer, "/dashboard/users")}" aria-labelledby="new-user">${csrfField(viewer)}
<h2 id="new-user">${escape(t(l, "users.create"))}</h2>
<div class="filters">
<div class="field"><label for="u-email">${escape(t(l, "login.email"))}</label><input id="u-email" name="email" type="email" required maxlength="254" value="${escape(kept.email)}"></div>
<div class="field"><label for="u-role">${escape(t(l, "users.role"))}</label><select id="u-role" name="role">${option("merchant", "users.merchant")}${option("operator", "users.operator")}</select></div>
<div class="field"><label for="u-account">${escape(t(l, "users.account"))}</label><input id="u-account" name="account" value="${escape(kept.account)}" pattern="acct_[A-Za-z0-9]+"></div>
<div class="field"><label for="u-password">${escape(t(l, "login.password"))}</label><input id="u-password" name="password" type="password" autocomplete="new-password" required minlength="12" maxlength="256"></div>
</div>
<button class="button" type="submit">${escape(t(l, "users.create"))}</button></form>
<table class="stack"><thead><tr><th scope="col">${escape(t(l, "login.email"))}</th><th scope="col">${escape(t(l, "users.role"))}</th><th scope="col">${
      escape(t(l, "nav.account"))
    }</th></tr></thead><tbody>${rows}</tbody></table>`
    return Layout.page(viewer, "users", t(l, "users.title"), body, "/dashboard/users")
  })
