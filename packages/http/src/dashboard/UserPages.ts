/**
 * The users page, for operators only: every dashboard user, with their status and the operator's
 * actions on them (disable or enable, sign out everywhere, reset the password), and a form to create one
 * (a merchant of an account, or another operator), through `DashboardAuth` as `till users create` does.
 * A merchant user who opens it is answered 404, as for any object that is not theirs. Also the page
 * where every user changes their own password.
 */
import type { DashboardAuth, DashboardUser } from "@till/core"
import { Effect } from "effect"
import { escape } from "../pages/Html.ts"
import * as Layout from "./Layout.ts"
import { t } from "./Messages.ts"
import { csrfField, href, type Viewer } from "./Viewer.ts"

/** A flash: a line of text (already localized), good or bad, and a secret shown this once beside it. */
export interface Flash {
  readonly ok: boolean
  readonly text: string
  readonly secret?: string
}

/** A flash as markup. */
export const flashHtml = (flash: Flash | null): string =>
  flash === null
    ? ""
    : `<p class="${flash.ok ? "note" : "alert"}" role="${flash.ok ? "status" : "alert"}">${escape(flash.text)}${
      flash.secret === undefined ? "" : ` <code class="secret" id="shown-once">${escape(flash.secret)}</code>`
    }</p>`

const actionsOf = (viewer: Viewer, user: DashboardUser) => {
  const l = viewer.language
  const base = `/dashboard/users/${encodeURIComponent(user.id)}`
  const post = (path: string, label: string, text: string) =>
    `<form class="inline" method="post" action="${href(viewer, `${base}/${path}`)}">${csrfField(viewer)}<button class="link-button" type="submit" aria-label="${
      escape(label)
    }">${escape(text)}</button></form>`
  const toggle = user.id === viewer.user.id
    ? ""
    : user.disabled === true
    ? post("enable", t(l, "users.enableLabel", { email: user.email }), t(l, "users.enable"))
    : post("disable", t(l, "users.disableLabel", { email: user.email }), t(l, "users.disable"))
  const reset = `<form class="inline reset" method="post" action="${href(viewer, `${base}/password`)}">${csrfField(viewer)}
<label class="sr-only" for="pw-${escape(user.id)}">${escape(t(l, "users.resetLabel", { email: user.email }))}</label>
<input id="pw-${escape(user.id)}" name="password" type="password" autocomplete="new-password" maxlength="256" placeholder="${escape(t(l, "users.reset"))}" title="${
    escape(t(l, "users.resetLabel", { email: user.email }))
  }">
<button class="link-button" type="submit">${escape(t(l, "users.reset"))}</button></form>`
  return `<div class="row-actions">${toggle}${post("logout", t(l, "users.signOutLabel", { email: user.email }), t(l, "users.signOut"))}${reset}</div>`
}

/** The page, with a flash and the form's values to keep after a refusal. */
export const render = (
  auth: DashboardAuth["Service"],
  viewer: Viewer,
  flash: Flash | null,
  kept: { readonly email: string; readonly role: string; readonly account: string } = { email: "", role: "merchant", account: "" }
) =>
  Effect.gen(function*() {
    const l = viewer.language
    const users = yield* auth.listUsers
    const rows = users.map((u) =>
      `<tr data-user="${escape(u.email)}"><td data-label="${escape(t(l, "login.email"))}">${escape(u.email)}</td><td data-label="${escape(t(l, "users.role"))}">${escape(u.role)}</td>` +
      `<td data-label="${escape(t(l, "nav.account"))}">${escape(u.account ?? "—")}</td>` +
      `<td data-label="${escape(t(l, "users.status"))}"><span class="pill ${u.disabled === true ? "failed" : "succeeded"}">${
        escape(t(l, u.disabled === true ? "users.disabled" : "users.active"))
      }</span></td>` +
      `<td data-label="${escape(t(l, "users.actions"))}">${actionsOf(viewer, u)}</td></tr>`
    ).join("\n")
    const option = (value: string, key: "users.merchant" | "users.operator") =>
      `<option value="${value}"${kept.role === value ? " selected" : ""}>${escape(t(l, key))}</option>`
    const body = `<h1>${escape(t(l, "users.title"))}</h1>
${flashHtml(flash)}
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
    }</th><th scope="col">${escape(t(l, "users.status"))}</th><th scope="col">${escape(t(l, "users.actions"))}</th></tr></thead><tbody>${rows}</tbody></table>`
    return Layout.page(viewer, "users", t(l, "users.title"), body, "/dashboard/users")
  })

/** The page where a user changes their own password (giving the current one). */
export const passwordPage = (viewer: Viewer, flash: Flash | null): string => {
  const l = viewer.language
  const field = (id: string, name: string, label: string, autocomplete: string, min: boolean) =>
    `<div class="field"><label for="${id}">${escape(label)}</label><input id="${id}" name="${name}" type="password" autocomplete="${autocomplete}" required${
      min ? ` minlength="12"` : ""
    } maxlength="256"></div>`
  const body = `<section class="card narrow-form" aria-labelledby="pw-title"><h1 id="pw-title">${escape(t(l, "password.title"))}</h1>
${flashHtml(flash)}
<form method="post" action="${href(viewer, "/dashboard/password")}">${csrfField(viewer)}
${field("pw-current", "current", t(l, "password.current"), "current-password", false)}
${field("pw-new", "password", t(l, "password.new"), "new-password", true)}
${field("pw-repeat", "repeat", t(l, "password.repeat"), "new-password", true)}
<button class="button" type="submit">${escape(t(l, "password.submit"))}</button></form></section>`
  return Layout.page(viewer, "password", t(l, "password.title"), body, "/dashboard/password")
}
