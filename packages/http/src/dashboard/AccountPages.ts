/**
 * The accounts pages, for operators only: every account (its id, name, when made, how many dashboard
 * users it has) with a form creating one through `Accounts.create`, as `till accounts create` does (its
 * two secret keys shown on the answer, once), and one account's page: its users and a link to its objects.
 */
import type { Account, AuditRecord, DashboardUser } from "@till/core"
import { escape } from "../pages/Html.ts"
import { auditSection } from "./Audited.ts"
import * as Layout from "./Layout.ts"
import { t } from "./Messages.ts"
import { type Flash, flashHtml } from "./UserPages.ts"
import { csrfField, type Viewer } from "./Viewer.ts"

const dateOf = (seconds: number) => new Date(seconds * 1000).toISOString().replace("T", " ").slice(0, 16) + " UTC"

/** A link to a page of an account (operators choose the account by the URL). */
const accountHref = (path: string, account: string) => escape(`${path}?account=${encodeURIComponent(account)}`)

/** The list, with a flash and the keys of an account just made (shown this once). */
export const list = (
  viewer: Viewer,
  accounts: ReadonlyArray<Account>,
  users: ReadonlyArray<DashboardUser>,
  flash: Flash | null,
  made: { readonly id: string; readonly test: string; readonly live: string } | null = null,
  keptName = ""
): string => {
  const l = viewer.language
  const rows = accounts.map((a) =>
    `<tr data-account="${escape(a.id)}"><td data-label="${escape(t(l, "accounts.id"))}"><a href="${escape(`/dashboard/accounts/${encodeURIComponent(a.id)}`)}">${escape(a.id)}</a></td>` +
    `<td data-label="${escape(t(l, "accounts.name"))}">${escape(a.name)}</td><td data-label="${escape(t(l, "sessions.created"))}">${escape(dateOf(a.created))}</td>` +
    `<td data-label="${escape(t(l, "accounts.users"))}" class="num">${users.filter((u) => u.account === a.id).length}</td>` +
    `<td><a href="${accountHref("/dashboard/sessions", a.id)}">${escape(t(l, "accounts.open"))}</a></td></tr>`
  ).join("\n")
  const keys = made === null ? "" : `<div class="note" role="status"><p>${escape(t(l, "accounts.created", { id: made.id }))}</p><dl class="facts">
<dt>${escape(t(l, "accounts.testKey"))}</dt><dd><code class="secret" id="account-test-key">${escape(made.test)}</code></dd>
<dt>${escape(t(l, "accounts.liveKey"))}</dt><dd><code class="secret" id="account-live-key">${escape(made.live)}</code></dd></dl></div>`
  const body = `<h1>${escape(t(l, "accounts.title"))}</h1>
${flashHtml(flash)}${keys}
<form class="card" method="post" action="/dashboard/accounts" aria-labelledby="new-account">${csrfField(viewer)}
<h2 id="new-account">${escape(t(l, "accounts.create"))}</h2>
<div class="field"><label for="a-name">${escape(t(l, "accounts.name"))}</label><input id="a-name" name="name" required maxlength="100" value="${escape(keptName)}"></div>
<button class="button" type="submit">${escape(t(l, "accounts.create"))}</button></form>
<table class="stack"><thead><tr><th scope="col">${escape(t(l, "accounts.id"))}</th><th scope="col">${escape(t(l, "accounts.name"))}</th><th scope="col">${
    escape(t(l, "sessions.created"))
  }</th><th scope="col">${escape(t(l, "accounts.users"))}</th><th scope="col"><span class="sr-only">${escape(t(l, "accounts.open"))}</span></th></tr></thead><tbody>${rows}</tbody></table>`
  return Layout.page(viewer, "accounts", t(l, "accounts.title"), body, "/dashboard/accounts")
}

/** One account: its facts, its dashboard users, its recent account and user actions. */
export const detail = (viewer: Viewer, account: Account, users: ReadonlyArray<DashboardUser>, records: ReadonlyArray<AuditRecord>): string => {
  const l = viewer.language
  const own = users.filter((u) => u.account === account.id)
  const body = `<p><a href="/dashboard/accounts">${escape(t(l, "accounts.back"))}</a></p>
<h1>${escape(account.name)} <span class="muted">${escape(account.id)}</span></h1>
<section class="card" aria-labelledby="acct-facts"><h2 id="acct-facts" class="sr-only">${escape(t(l, "accounts.id"))}</h2><dl class="facts">
<dt>${escape(t(l, "accounts.id"))}</dt><dd>${escape(account.id)}</dd>
<dt>${escape(t(l, "sessions.created"))}</dt><dd>${escape(dateOf(account.created))}</dd></dl>
<p class="spaced"><a href="${accountHref("/dashboard/sessions", account.id)}">${escape(t(l, "accounts.open"))}</a></p></section>
<section class="card" aria-labelledby="acct-users"><h2 id="acct-users">${escape(t(l, "accounts.users"))}</h2>
${
    own.length === 0 ? `<p>${escape(t(l, "accounts.noUsers"))}</p>` : `<ul>${
      own.map((u) => `<li>${escape(u.email)} <span class="pill ${u.disabled === true ? "failed" : "succeeded"}">${escape(t(l, u.disabled === true ? "users.disabled" : "users.active"))}</span></li>`).join("")
    }</ul>`
  }
<p><a href="/dashboard/users">${escape(t(l, "nav.users"))}</a></p></section>
${auditSection(viewer, records)}`
  return Layout.page(viewer, "accounts", account.name, body, "/dashboard/accounts")
}
