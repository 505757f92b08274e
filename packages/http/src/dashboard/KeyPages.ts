/**
 * The API keys page: the keys of the viewer's account and mode (their last four characters, when made,
 * when a rolled one stops working), with a roll (a new key, shown once on the answer; the old one works
 * for the chosen time more, then not) and a revoke. Keys are named by the hash Till stores, never by the
 * secret, which Till does not keep; done through `Accounts`, as `POST /v1/api_keys/roll|revoke` are.
 */
import type { Accounts, Audit } from "@till/core"
import { Effect } from "effect"
import { escape } from "../pages/Html.ts"
import { auditSection } from "./Audited.ts"
import * as Layout from "./Layout.ts"
import { type Key, t } from "./Messages.ts"
import { csrfField, href, type Viewer } from "./Viewer.ts"

/** The grace periods a roll offers, in seconds (7 days at most, as the API allows). */
export const ROLL_CHOICES: ReadonlyArray<readonly [number, Key]> = [[0, "keys.now"], [3600, "keys.hour"], [86400, "keys.day"], [7 * 86400, "keys.week"]]

const dateOf = (seconds: number) => new Date(seconds * 1000).toISOString().replace("T", " ").slice(0, 16) + " UTC"

/** The actions the page lists as its recent ones. */
export const KEY_ACTIONS: ReadonlyArray<string> = ["api_key.create", "api_key.roll", "api_key.revoke"]

/** The page; `fresh` is a key just made by a roll, shown this once. */
export const render = (accounts: Accounts["Service"], audit: Audit["Service"], viewer: Viewer, flash: { readonly ok: boolean; readonly text: string } | null, fresh: string | null = null) =>
  Effect.gen(function*() {
    const l = viewer.language
    if (viewer.scope === null) {
      return Layout.page(viewer, "keys", t(l, "keys.title"), `<h1>${escape(t(l, "keys.title"))}</h1><p class="card">${escape(t(l, "account.choose"))}</p>`, "/dashboard/keys")
    }
    const now = Date.now() / 1000
    const keys = yield* accounts.listKeys(viewer.scope)
    const rows = keys.map((k) => {
      const expired = k.expires_at !== undefined && k.expires_at <= now
      const state = k.expires_at === undefined ? "" : expired ? t(l, "keys.expired") : t(l, "keys.expiresAt", { at: dateOf(k.expires_at) })
      const actions = expired ? "" : `<form class="inline" method="post" action="${href(viewer, "/dashboard/keys/roll")}">${csrfField(viewer)}
<input type="hidden" name="key" value="${escape(k.secret_hash)}"><label class="sr-only" for="grace-${escape(k.secret_hash)}">${escape(t(l, "keys.grace"))}</label>
<select id="grace-${escape(k.secret_hash)}" name="expires_in">${ROLL_CHOICES.map(([s, key]) => `<option value="${s}">${escape(t(l, key))}</option>`).join("")}</select>
<button class="link-button" type="submit" aria-label="${escape(t(l, "keys.rollLabel", { last4: k.last4 }))}">${escape(t(l, "keys.roll"))}</button></form>
<form class="inline" method="post" action="${href(viewer, "/dashboard/keys/revoke")}">${csrfField(viewer)}<input type="hidden" name="key" value="${escape(k.secret_hash)}">
<button class="link-button" type="submit" aria-label="${escape(t(l, "keys.revokeLabel", { last4: k.last4 }))}">${escape(t(l, "keys.revoke"))}</button></form>`
      return `<tr data-last4="${escape(k.last4)}"><td data-label="${escape(t(l, "keys.key"))}">${escape(viewer.livemode ? "sk_live_" : "sk_test_")}…${escape(k.last4)}</td>` +
        `<td data-label="${escape(t(l, "sessions.created"))}">${escape(dateOf(k.created))}</td><td data-label="${escape(t(l, "sessions.status"))}">${escape(state)}</td><td>${actions}</td></tr>`
    }).join("\n")
    const body = `<h1>${escape(t(l, "keys.title"))}</h1>
${flash === null ? "" : `<p class="${flash.ok ? "note" : "alert"}" role="${flash.ok ? "status" : "alert"}">${escape(flash.text)}</p>`}
${fresh === null ? "" : `<p class="note" role="status">${escape(t(l, "keys.fresh"))} <code id="fresh-key">${escape(fresh)}</code></p>`}
<table class="stack"><thead><tr><th scope="col">${escape(t(l, "keys.key"))}</th><th scope="col">${escape(t(l, "sessions.created"))}</th><th scope="col">${
      escape(t(l, "sessions.status"))
    }</th><th scope="col"><span class="sr-only">${escape(t(l, "keys.roll"))}</span></th></tr></thead><tbody>${rows}</tbody></table>
${auditSection(viewer, yield* audit.recent(viewer.scope, { limit: 10, actions: KEY_ACTIONS }))}`
    return Layout.page(viewer, "keys", t(l, "keys.title"), body, "/dashboard/keys")
  })
