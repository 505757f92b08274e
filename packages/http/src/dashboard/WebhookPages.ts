/**
 * The webhook pages: the account's endpoints, and one endpoint's delivery log (its latest deliveries,
 * newest first, each with a resend button) with the resend of every failed delivery since a day.
 * Read and done through `WebhookEndpoints` and `WebhookDeliveries`, in the viewer's scope.
 */
import { type Audit, EVENT_TYPES, type WebhookDeliveries, type WebhookEndpoints } from "@till/core"
import { Effect, Option } from "effect"
import { escape } from "../pages/Html.ts"
import { audited, auditSection } from "./Audited.ts"
import * as Layout from "./Layout.ts"
import { flashBox, pageParamsOf, pager } from "./Paging.ts"
import { type Key, t } from "./Messages.ts"
import { csrfField, href, type Viewer } from "./Viewer.ts"

const dateOf = (seconds: number) => new Date(seconds * 1000).toISOString().replace("T", " ").slice(0, 16) + " UTC"

const page = (viewer: Viewer, title: string, body: string, path: string) => Layout.page(viewer, "webhooks", title, body, path)

const notice = (viewer: Viewer, title: Key, body: Key) =>
  page(viewer, t(viewer.language, title), `<h1>${escape(t(viewer.language, title))}</h1><p class="card">${escape(t(viewer.language, body))}</p>`, "/dashboard/webhooks")

/** What the create form holds: as typed, to show again with the reason it was refused. */
export interface CreateInput {
  readonly url: string
  readonly description: string
  readonly events: ReadonlyArray<string>
}

const EMPTY: CreateInput = { url: "", description: "", events: [] }

/** The endpoint form: adding one (on the list), or editing one (`editing`: its page's path). */
const endpointForm = (viewer: Viewer, input: CreateInput, error: string | null, editing: string | null = null) => {
  const l = viewer.language
  const box = (value: string, label: string, i: number) =>
    `<li><input type="checkbox" id="ev-${i}" name="enabled_events" value="${escape(value)}"${input.events.includes(value) ? " checked" : ""}> <label for="ev-${i}">${escape(label)}</label></li>`
  // editing, the form sits in a <details> whose summary names it
  return `<form class="card" method="post" action="${href(viewer, editing ?? "/dashboard/webhooks")}" ${
    editing === null ? `aria-labelledby="add-title">${csrfField(viewer)}\n<h2 id="add-title">${escape(t(l, "webhooks.add"))}</h2>` : `aria-label="${escape(t(l, "webhooks.edit"))}">${csrfField(viewer)}`
  }
${error === null ? "" : `<p class="alert" role="alert">${escape(error)}</p>`}
<div class="field"><label for="wh-url">${escape(t(l, "webhooks.url"))}</label><input id="wh-url" name="url" type="url" required maxlength="2048" placeholder="https://" value="${escape(input.url)}"></div>
<div class="field"><label for="wh-description">${escape(t(l, "webhooks.description"))}</label><input id="wh-description" name="description" maxlength="5000" value="${escape(input.description)}"></div>
<fieldset class="field"><legend>${escape(t(l, "webhooks.chooseEvents"))}</legend><ul class="choices">
${[box("*", t(l, "webhooks.allEvents"), 0), ...EVENT_TYPES.map((type, i) => box(type, type, i + 1))].join("\n")}
</ul></fieldset>
<button class="button" type="submit">${escape(t(l, editing === null ? "webhooks.create" : "webhooks.save"))}</button></form>`
}

/** The endpoints of the viewer's account and mode, and the form that adds one (with the reason a try was refused). */
export const list = (endpoints: WebhookEndpoints["Service"], viewer: Viewer, url: URL, input: CreateInput = EMPTY, error: string | null = null) =>
  Effect.gen(function*() {
    const l = viewer.language
    if (viewer.scope === null) return { status: 200, html: notice(viewer, "webhooks.title", "account.choose") }
    const result = yield* Effect.result(endpoints.list(viewer.scope, pageParamsOf(url)))
    const found = result._tag === "Success" ? result.success : { data: [], has_more: false }
    const rows = found.data.map((e) =>
      `<tr><td data-label="${escape(t(l, "webhooks.url"))}"><a href="${href(viewer, `/dashboard/webhooks/${encodeURIComponent(e.id)}`)}">${escape(e.url)}</a></td>` +
      `<td data-label="${escape(t(l, "sessions.status"))}"><span class="pill ${e.status === "disabled" ? "expired" : ""}">${escape(t(l, `webhooks.state.${e.status}`))}</span></td>` +
      `<td data-label="${escape(t(l, "webhooks.events"))}">${escape(e.enabled_events.join(", "))}</td></tr>`
    ).join("\n")
    const body = result._tag === "Failure" ? `<p class="alert" role="alert">${escape(result.failure.message)}</p>` : rows === ""
      ? `<p class="card">${escape(t(l, "webhooks.none"))}</p>`
      : `<table class="stack"><thead><tr><th scope="col">${escape(t(l, "webhooks.url"))}</th><th scope="col">${escape(t(l, "sessions.status"))}</th><th scope="col">${
        escape(t(l, "webhooks.events"))
      }</th></tr></thead><tbody>${rows}</tbody></table>${pager(viewer, "/dashboard/webhooks", found, (e: { readonly id: string }) => e.id, url, t(l, "webhooks.title"))}`
    return {
      status: error === null ? 200 : 400,
      html: page(viewer, t(l, "webhooks.title"), `<h1>${escape(t(l, "webhooks.title"))}</h1>\n${error === null ? flashBox(flashOf(viewer, url)) : ""}\n${body}\n${endpointForm(viewer, input, error)}`, "/dashboard/webhooks")
    }
  })

/** How long the old secret may keep signing after a roll, as the page offers it (seconds; 24 hours at most, as the API allows). */
export const SECRET_GRACE_CHOICES: ReadonlyArray<readonly [number, Key]> = [[0, "webhooks.graceNow"], [3600, "webhooks.graceHour"], [86400, "webhooks.graceDay"]]

/** What a detail page shows besides the log: the action's flash, a secret shown once, the log's page. */
export interface DetailOptions {
  readonly flash: { readonly ok: boolean; readonly text: string } | null
  /** A signing secret just made (by the create or a roll), shown this once. */
  readonly fresh?: { readonly secret: string; readonly text: string } | null
  /** The delivery the log's page starts after (keyset), from `?starting_after=`. */
  readonly startingAfter?: string | undefined
  /** An edit that was refused: what was typed, and why. */
  readonly edit?: { readonly input: CreateInput; readonly error: string } | undefined
}

/** One endpoint: its state and actions (enable or disable, roll the secret, a test event) and its delivery log, a page at a time. */
export const detail = (deliveries: WebhookDeliveries["Service"], audit: Audit["Service"], viewer: Viewer, id: string, options: DetailOptions) =>
  Effect.gen(function*() {
    const l = viewer.language
    const { edit, flash, fresh = null, startingAfter } = options
    if (viewer.scope === null) return { status: 200, html: notice(viewer, "webhooks.title", "account.choose") }
    const found = yield* Effect.option(deliveries.listForEndpoint(viewer.scope, id, 100, startingAfter))
    if (Option.isNone(found)) return { status: 404, html: notice(viewer, "missing.title", "missing.body") }
    const { deliveries: log, endpoint, has_more } = found.value
    const path = `/dashboard/webhooks/${encodeURIComponent(endpoint.id)}`
    // who did what here: the endpoint's records and those of the deliveries shown
    const records = yield* audit.forObjects(viewer.scope, [endpoint.id, ...log.map((d) => d.id)], { limit: 20 })
    const rows = log.map((d) =>
      `<tr class="delivery" data-delivery="${escape(d.id)}"><td data-label="${escape(t(l, "webhooks.event"))}">${escape(d.event)}</td>` +
      `<td data-label="${escape(t(l, "sessions.status"))}"><span class="pill ${d.status}">${escape(t(l, `delivery.${d.status}`))}</span></td>` +
      `<td class="num" data-label="${escape(t(l, "webhooks.attempts"))}">${d.attempts}</td>` +
      `<td class="num" data-label="${escape(t(l, "sessions.created"))}">${escape(dateOf(d.created))}</td>` +
      `<td><form class="inline" method="post" action="${href(viewer, `/dashboard/deliveries/${encodeURIComponent(d.id)}/resend`, { back: path })}">${csrfField(viewer)}` +
      `<button class="link-button" type="submit" aria-label="${escape(t(l, "timeline.resendLabel", { id: d.id }))}">${escape(t(l, "timeline.resend"))}</button></form></td></tr>`
    ).join("\n")
    const today = new Date().toISOString().slice(0, 10)
    const last = log[log.length - 1]
    const pager = [
      startingAfter === undefined ? "" : `<a href="${href(viewer, path)}">${escape(t(l, "webhooks.newest"))}</a>`,
      has_more && last !== undefined ? `<a rel="next" href="${href(viewer, path, { starting_after: last.id })}">${escape(t(l, "webhooks.older"))}</a>` : ""
    ].join("")
    const enabled = endpoint.status === "enabled"
    const toggle = `<form class="inline" method="post" action="${href(viewer, `${path}/${enabled ? "disable" : "enable"}`)}">${csrfField(viewer)}` +
      `<button class="button secondary" type="submit">${escape(t(l, enabled ? "webhooks.disable" : "webhooks.enable"))}</button></form>`
    const roll = `<form class="inline" method="post" action="${href(viewer, `${path}/roll_secret`)}">${csrfField(viewer)}` +
      `<label class="sr-only" for="grace">${escape(t(l, "webhooks.grace"))}</label><select id="grace" name="previous_secret_expires_in">${
        SECRET_GRACE_CHOICES.map(([seconds, key]) => `<option value="${seconds}">${escape(t(l, key))}</option>`).join("")
      }</select> ` +
      `<button class="button secondary" type="submit" aria-describedby="roll-hint">${escape(t(l, "webhooks.roll"))}</button></form>`
    const testForm = viewer.livemode ? "" : `<form class="card" method="post" action="${href(viewer, `${path}/test`)}">${csrfField(viewer)}
<h2>${escape(t(l, "webhooks.test"))}</h2><p class="muted">${escape(t(l, "webhooks.testHint"))}</p>
<div class="field"><label for="test-type">${escape(t(l, "webhooks.testType"))}</label><select id="test-type" name="type">${
      EVENT_TYPES.map((type) => `<option value="${type}"${type === "checkout.session.completed" ? " selected" : ""}>${type}</option>`).join("")
    }</select></div>
<button class="button secondary" type="submit">${escape(t(l, "webhooks.test"))}</button></form>`
    const body = `<p><a href="${href(viewer, "/dashboard/webhooks")}">← ${escape(t(l, "webhooks.title"))}</a></p>
<h1>${escape(t(l, "webhooks.endpoint"))} <span class="muted">${escape(endpoint.url)}</span></h1>
${flash === null ? "" : `<p class="${flash.ok ? "note" : "alert"}" role="${flash.ok ? "status" : "alert"}">${escape(flash.text)}</p>`}
${fresh === null ? "" : `<p class="note" role="status">${escape(fresh.text)} <code id="fresh-secret">${escape(fresh.secret)}</code></p>`}
<section class="card" aria-labelledby="endpoint-facts"><h2 id="endpoint-facts" class="sr-only">${escape(t(l, "webhooks.endpoint"))}</h2>
<dl class="facts">
<dt>${escape(t(l, "sessions.status"))}</dt><dd><span class="pill ${enabled ? "" : "expired"}">${escape(t(l, `webhooks.state.${endpoint.status}`))}</span></dd>
<dt>${escape(t(l, "webhooks.events"))}</dt><dd>${escape(endpoint.enabled_events.join(", "))}</dd>
${endpoint.description === null ? "" : `<dt>${escape(t(l, "webhooks.description"))}</dt><dd>${escape(endpoint.description)}</dd>`}
<dt>${escape(t(l, "sessions.created"))}</dt><dd>${escape(dateOf(endpoint.created))}</dd>
</dl>
<div class="actions spaced">${toggle}${roll}</div><p class="muted" id="roll-hint">${escape(t(l, "webhooks.rollHint"))}</p></section>
<form class="card" method="post" action="${href(viewer, `${path}/resend_failed`)}">${csrfField(viewer)}
<div class="field"><label for="since">${escape(t(l, "webhooks.failedSince"))}</label><input id="since" name="since" type="date" required value="${today}"></div>
<button class="button secondary" type="submit">${escape(t(l, "webhooks.resendFailed"))}</button></form>
<h2>${escape(t(l, startingAfter === undefined ? "webhooks.log" : "webhooks.logPage"))}</h2>
${rows === "" ? `<p class="card">${escape(t(l, "webhooks.noDeliveries"))}</p>` : `<table class="stack"><thead><tr><th scope="col">${escape(t(l, "webhooks.event"))}</th><th scope="col">${
      escape(t(l, "sessions.status"))
    }</th><th scope="col">${escape(t(l, "webhooks.attempts"))}</th><th scope="col">${escape(t(l, "sessions.created"))}</th><th scope="col"><span class="sr-only">${
      escape(t(l, "timeline.resend"))
    }</span></th></tr></thead><tbody>${rows}</tbody></table>`}
${pager === "" ? "" : `<nav class="pager" aria-label="${escape(t(l, "webhooks.logPage"))}">${pager}</nav>`}
${testForm}
<details class="card"${edit === undefined ? "" : " open"}><summary>${escape(t(l, "webhooks.edit"))}</summary>
${
      endpointForm(
        viewer,
        edit?.input ?? { url: endpoint.url, description: endpoint.description ?? "", events: endpoint.enabled_events },
        edit?.error ?? null,
        path
      )
    }</details>
<form class="card" method="post" action="${href(viewer, `${path}/delete`)}">${csrfField(viewer)}
<button class="button danger" type="submit">${escape(t(l, "webhooks.delete"))}</button> <span class="muted">${escape(t(l, "webhooks.deleteHint"))}</span></form>
${auditSection(viewer, records)}`
    return { status: edit === undefined ? 200 : 400, html: page(viewer, `${t(l, "webhooks.endpoint")} ${endpoint.url}`, body, path) }
  })

/** Resends every failed delivery of an endpoint since a day (`YYYY-MM-DD`, UTC): answers the outcome for the next page's URL. */
export const resendFailed = (deliveries: WebhookDeliveries["Service"], audit: Audit["Service"], viewer: Viewer, id: string, since: string) => {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(since) ? Date.parse(`${since}T00:00:00Z`) : NaN
  if (viewer.scope === null || Number.isNaN(ms)) return Effect.succeed({ failed: "input" })
  const run = audited(audit, viewer, viewer.scope, "webhook_endpoint.resend_failed", id, deliveries.resendFailed(viewer.scope, id, ms / 1000), (resent) => ({ since, count: resent.length }))
  return Effect.match(run, {
    onSuccess: (resent) => ({ done: "resentFailed", count: String(resent.length) }),
    onFailure: (e) => ({ failed: e._tag })
  })
}

/** The message an action's outcome in the URL stands for, if any. */
export const flashOf = (viewer: Viewer, url: URL): { readonly ok: boolean; readonly text: string } | null => {
  const l = viewer.language
  const done = url.searchParams.get("done")
  if (done === "resentFailed") return { ok: true, text: t(l, "webhooks.resentFailed", { count: Number(url.searchParams.get("count") ?? 0) }) }
  if (done === "resent") return { ok: true, text: t(l, "timeline.resent") }
  if (done === "enabled" || done === "disabled" || done === "tested" || done === "saved" || done === "deleted") return { ok: true, text: t(l, `webhooks.${done}`) }
  if (url.searchParams.get("failed") !== null) return { ok: false, text: t(l, "session.actionFailed", { message: t(l, "session.failedOther") }) }
  return null
}
