/**
 * The frame of every signed-in page: a skip link, the header (app name, navigation, mode switch,
 * account for operators, who is signed in, sign out), and the page's main content.
 */
import { escape } from "../pages/Html.ts"
import * as Frame from "./Frame.ts"
import { t } from "./Messages.ts"
import { csrfField, href, type Viewer } from "./Viewer.ts"

/** Which section a page belongs to, for `aria-current`. */
export type Section = "sessions" | "webhooks" | "keys" | "users" | "accounts" | "password" | "links" | "catalog" | "customers" | "branding" | "events"

const modeLink = (viewer: Viewer, path: string, live: boolean) => {
  const query = new URLSearchParams()
  if (viewer.user.role === "operator" && viewer.scope !== null) query.set("account", viewer.scope.account)
  if (live) query.set("mode", "live")
  const target = query.toString() === "" ? path : `${path}?${query}`
  return `<a href="${escape(target)}"${viewer.livemode === live ? ` aria-current="true"` : ""}>${escape(t(viewer.language, live ? "nav.live" : "nav.test"))}</a>`
}

/** A signed-in page: `body` is trusted markup. */
export const page = (viewer: Viewer, section: Section, title: string, body: string, path = "/dashboard/sessions"): string => {
  const l = viewer.language
  const account = viewer.user.role === "operator"
    ? `<form class="inline" method="get" action="${escape(path)}"><label for="account-pick">${escape(t(l, "nav.account"))}</label>
<input id="account-pick" name="account" size="14" value="${escape(viewer.scope?.account ?? "")}" pattern="acct_[A-Za-z0-9]+">
${viewer.livemode ? `<input type="hidden" name="mode" value="live">` : ""}<button class="link-button" type="submit">${escape(t(l, "nav.chooseAccount"))}</button></form>`
    : ""
  return Frame.document(l, `${title} · ${t(l, "app.name")}`, `<a class="skip" href="#main">${escape(title)}</a>
<header class="top"><div class="top-inner">
<a class="brand" href="${href(viewer, "/dashboard/sessions")}">${escape(t(l, "app.name"))}</a>
<nav aria-label="${escape(t(l, "nav.label"))}"><ul>
<li><a href="${href(viewer, "/dashboard/sessions")}"${section === "sessions" ? ` aria-current="page"` : ""}>${escape(t(l, "nav.sessions"))}</a></li>
<li><a href="${href(viewer, "/dashboard/payment_links")}"${section === "links" ? ` aria-current="page"` : ""}>${escape(t(l, "nav.links"))}</a></li>
<li><a href="${href(viewer, "/dashboard/products")}"${section === "catalog" ? ` aria-current="page"` : ""}>${escape(t(l, "nav.catalog"))}</a></li>
<li><a href="${href(viewer, "/dashboard/customers")}"${section === "customers" ? ` aria-current="page"` : ""}>${escape(t(l, "nav.customers"))}</a></li>
<li><a href="${href(viewer, "/dashboard/webhooks")}"${section === "webhooks" ? ` aria-current="page"` : ""}>${escape(t(l, "nav.webhooks"))}</a></li>
<li><a href="${href(viewer, "/dashboard/branding")}"${section === "branding" ? ` aria-current="page"` : ""}>${escape(t(l, "nav.branding"))}</a></li>
<li><a href="${href(viewer, "/dashboard/events")}"${section === "events" ? ` aria-current="page"` : ""}>${escape(t(l, "nav.events"))}</a></li>
<li><a href="${href(viewer, "/dashboard/keys")}"${section === "keys" ? ` aria-current="page"` : ""}>${escape(t(l, "nav.keys"))}</a></li>
${viewer.user.role === "operator" ? `<li><a href="${href(viewer, "/dashboard/users")}"${section === "users" ? ` aria-current="page"` : ""}>${escape(t(l, "nav.users"))}</a></li>` : ""}
${viewer.user.role === "operator" ? `<li><a href="/dashboard/accounts"${section === "accounts" ? ` aria-current="page"` : ""}>${escape(t(l, "nav.accounts"))}</a></li>` : ""}
</ul></nav>
<div class="mode" role="group" aria-label="${escape(t(l, "nav.mode"))}">${modeLink(viewer, path, false)}${modeLink(viewer, path, true)}</div>
<div class="who">${account}<span>${escape(t(l, "nav.signedInAs", { email: viewer.user.email }))}</span>
<a href="${href(viewer, "/dashboard/password")}"${section === "password" ? ` aria-current="page"` : ""}>${escape(t(l, "nav.password"))}</a>
<form class="inline" method="post" action="/dashboard/logout">${csrfField(viewer)}<button class="link-button" type="submit">${escape(t(l, "nav.logout"))}</button></form></div>
</div></header>
<main id="main" tabindex="-1">
${body}
</main>`)
}
