/**
 * The API keys page: the keys of the viewer's account and mode (their last four characters, full or
 * restricted and to what, when made, when a rolled one stops working), with a roll (a new key, shown once
 * on the answer; the old one works for a chosen time more, or until a chosen moment, then not), a revoke,
 * and a form creating a full or restricted key. Keys are named by the hash Till stores, never by the
 * secret, which Till does not keep; done through `Accounts`, as `POST /v1/api_keys|roll|revoke` are.
 */
import { type Accounts, type Audit, KeyPermissions } from "@till/core"
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

/** The roll choice whose time is the form's `expires_at` field. */
export const ROLL_AT = "at"

/** The longest a rolled key may keep working: 7 days, as the API allows. */
export const MAX_GRACE_SECONDS = 7 * 86400

/**
 * The seconds a rolled key keeps working, from the roll form at `now` (unix seconds): one of the
 * choices, or until `expires_at` (`YYYY-MM-DDTHH:MM[:SS]`, UTC, from now to 7 days ahead); null when
 * the input is none of those.
 */
export const graceOf = (choice: string, at: string, now: number): number | null => {
  if (choice !== ROLL_AT) {
    const seconds = Number(choice)
    return ROLL_CHOICES.some(([s]) => s === seconds) && choice !== "" ? seconds : null
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?$/.test(at)) return null
  const when = Date.parse(`${at}Z`) / 1000
  if (!Number.isFinite(when)) return null
  const seconds = Math.floor(when) - Math.floor(now)
  return seconds >= 0 && seconds <= MAX_GRACE_SECONDS ? seconds : null
}

/** The permissions chosen in the create form (`perm_<resource>` fields), as the API's parameters. */
export const permissionsOfForm = (form: URLSearchParams): Record<string, string> =>
  Object.fromEntries(KeyPermissions.KEY_RESOURCE_NAMES.map((r) => [r, form.get(`perm_${r}`) ?? "none"]))

const accessKey = { none: "keys.accessNone", read: "keys.accessRead", write: "keys.accessWrite" } as const

/** What a key may do, as the page says it. */
const scopeText = (viewer: Viewer, permissions: KeyPermissions.KeyPermissions | undefined) => {
  const l = viewer.language
  if (permissions === undefined) return t(l, "keys.fullAccess")
  const list = KeyPermissions.KEY_RESOURCE_NAMES.filter((r) => permissions[r] !== undefined)
    .map((r) => `${t(l, `keys.res.${r}` as Key)}: ${t(l, accessKey[permissions[r]!]).toLowerCase()}`)
  return t(l, "keys.restrictedTo", { list: list.join(", ") })
}

/** What the page answers with besides the list: a flash, a key just made (shown this once), the create form's values. */
export interface Extra {
  readonly flash?: { readonly ok: boolean; readonly text: string } | null
  readonly fresh?: string | null
  readonly kept?: URLSearchParams
}

const createForm = (viewer: Viewer, kept: URLSearchParams | undefined) => {
  const l = viewer.language
  const restricted = kept?.get("type") === "restricted"
  const rows = KeyPermissions.KEY_RESOURCE_NAMES.map((r) => {
    const chosen = kept?.get(`perm_${r}`) ?? "none"
    return `<tr><td data-label="${escape(t(l, "keys.resource"))}"><label for="perm-${r}">${escape(t(l, `keys.res.${r}` as Key))}</label></td>` +
      `<td data-label="${escape(t(l, "keys.access"))}"><select id="perm-${r}" name="perm_${r}">${
        (["none", "read", "write"] as const).map((a) => `<option value="${a}"${chosen === a ? " selected" : ""}>${escape(t(l, accessKey[a]))}</option>`).join("")
      }</select></td></tr>`
  }).join("\n")
  return `<form class="card" method="post" action="${href(viewer, "/dashboard/keys/create")}" aria-labelledby="new-key">${csrfField(viewer)}
<h2 id="new-key">${escape(t(l, "keys.create"))}</h2>
<fieldset class="choices"><legend>${escape(t(l, "keys.type"))}</legend>
<label><input type="radio" name="type" value="secret"${restricted ? "" : " checked"}> ${escape(t(l, "keys.full"))}</label>
<label><input type="radio" name="type" value="restricted"${restricted ? " checked" : ""}> ${escape(t(l, "keys.restricted"))}</label>
</fieldset>
<details${restricted ? " open" : ""}><summary>${escape(t(l, "keys.permissions"))}</summary>
<table class="stack permissions"><thead><tr><th scope="col">${escape(t(l, "keys.resource"))}</th><th scope="col">${escape(t(l, "keys.access"))}</th></tr></thead>
<tbody>${rows}</tbody></table></details>
<button class="button spaced" type="submit">${escape(t(l, "keys.create"))}</button></form>`
}

/** The page, with what `extra` carries. */
export const render = (accounts: Accounts["Service"], audit: Audit["Service"], viewer: Viewer, extra: Extra = {}) =>
  Effect.gen(function*() {
    const l = viewer.language
    if (viewer.scope === null) {
      return Layout.page(viewer, "keys", t(l, "keys.title"), `<h1>${escape(t(l, "keys.title"))}</h1><p class="card">${escape(t(l, "account.choose"))}</p>`, "/dashboard/keys")
    }
    const flash = extra.flash ?? null
    const fresh = extra.fresh ?? null
    const now = Date.now() / 1000
    const keys = yield* accounts.listKeys(viewer.scope)
    const rows = keys.map((k) => {
      const id = escape(k.secret_hash)
      const expired = k.expires_at !== undefined && k.expires_at <= now
      const state = k.expires_at === undefined ? "" : expired ? t(l, "keys.expired") : t(l, "keys.expiresAt", { at: dateOf(k.expires_at) })
      const actions = expired ? "" : `<div class="row-actions"><form class="inline roll" method="post" action="${href(viewer, "/dashboard/keys/roll")}">${csrfField(viewer)}
<input type="hidden" name="key" value="${escape(k.secret_hash)}"><label class="sr-only" for="grace-${id}">${escape(t(l, "keys.grace"))}</label>
<select id="grace-${id}" name="expires_in">${ROLL_CHOICES.map(([s, key]) => `<option value="${s}">${escape(t(l, key))}</option>`).join("")}<option value="${ROLL_AT}">${
        escape(t(l, "keys.at"))
      }</option></select>
<label class="sr-only" for="at-${id}">${escape(t(l, "keys.atLabel"))}</label><input id="at-${id}" name="expires_at" type="datetime-local" step="1" title="${
        escape(t(l, "keys.atLabel"))
      }">
<button class="link-button" type="submit" aria-label="${escape(t(l, "keys.rollLabel", { last4: k.last4 }))}">${escape(t(l, "keys.roll"))}</button></form>
<form class="inline" method="post" action="${href(viewer, "/dashboard/keys/revoke")}">${csrfField(viewer)}<input type="hidden" name="key" value="${escape(k.secret_hash)}">
<button class="link-button" type="submit" aria-label="${escape(t(l, "keys.revokeLabel", { last4: k.last4 }))}">${escape(t(l, "keys.revoke"))}</button></form></div>`
      const prefix = `${k.permissions === undefined ? "sk" : "rk"}_${viewer.livemode ? "live" : "test"}_`
      return `<tr data-last4="${escape(k.last4)}"><td data-label="${escape(t(l, "keys.key"))}">${escape(prefix)}…${escape(k.last4)}<div class="muted">${
        escape(scopeText(viewer, k.permissions))
      }</div></td>` +
        `<td data-label="${escape(t(l, "sessions.created"))}">${escape(dateOf(k.created))}</td><td data-label="${escape(t(l, "sessions.status"))}">${escape(state)}</td><td data-label="${escape(t(l, "users.actions"))}">${actions}</td></tr>`
    }).join("\n")
    const body = `<h1>${escape(t(l, "keys.title"))}</h1>
${flash === null ? "" : `<p class="${flash.ok ? "note" : "alert"}" role="${flash.ok ? "status" : "alert"}">${escape(flash.text)}</p>`}
${fresh === null ? "" : `<p class="note" role="status">${escape(t(l, "keys.fresh"))} <code id="fresh-key">${escape(fresh)}</code></p>`}
<table class="stack"><thead><tr><th scope="col">${escape(t(l, "keys.key"))}</th><th scope="col">${escape(t(l, "sessions.created"))}</th><th scope="col">${
      escape(t(l, "sessions.status"))
    }</th><th scope="col"><span class="sr-only">${escape(t(l, "keys.roll"))}</span></th></tr></thead><tbody>${rows}</tbody></table>
${createForm(viewer, extra.kept)}
${auditSection(viewer, yield* audit.recent(viewer.scope, { limit: 10, actions: KEY_ACTIONS }))}`
    return Layout.page(viewer, "keys", t(l, "keys.title"), body, "/dashboard/keys")
  })
