/**
 * The webhook pages: the account's endpoints, and one endpoint's delivery log (its latest deliveries,
 * newest first, each with a resend button) with the resend of every failed delivery since a day.
 * Read and done through `WebhookEndpoints` and `WebhookDeliveries`, in the viewer's scope.
 */
import type { Audit, WebhookDeliveries, WebhookEndpoints } from "@till/core"
import { Effect, Option } from "effect"
import { escape } from "../pages/Html.ts"
import { audited, auditSection } from "./Audited.ts"
import * as Layout from "./Layout.ts"
import { type Key, t } from "./Messages.ts"
import { csrfField, href, type Viewer } from "./Viewer.ts"

const dateOf = (seconds: number) => new Date(seconds * 1000).toISOString().replace("T", " ").slice(0, 16) + " UTC"

const page = (viewer: Viewer, title: string, body: string, path: string) => Layout.page(viewer, "webhooks", title, body, path)

const notice = (viewer: Viewer, title: Key, body: Key) =>
  page(viewer, t(viewer.language, title), `<h1>${escape(t(viewer.language, title))}</h1><p class="card">${escape(t(viewer.language, body))}</p>`, "/dashboard/webhooks")

/** The endpoints of the viewer's account and mode. */
export const list = (endpoints: WebhookEndpoints["Service"], viewer: Viewer) =>
  Effect.gen(function*() {
    const l = viewer.language
    if (viewer.scope === null) return { status: 200, html: notice(viewer, "webhooks.title", "account.choose") }
    const found = yield* Effect.orDie(endpoints.list(viewer.scope, { limit: 100 }))
    const rows = found.data.map((e) =>
      `<tr><td data-label="${escape(t(l, "webhooks.url"))}"><a href="${href(viewer, `/dashboard/webhooks/${encodeURIComponent(e.id)}`)}">${escape(e.url)}</a></td>` +
      `<td data-label="${escape(t(l, "sessions.status"))}"><span class="pill">${escape(e.status)}</span></td>` +
      `<td data-label="${escape(t(l, "webhooks.events"))}">${escape(e.enabled_events.join(", "))}</td></tr>`
    ).join("\n")
    const body = rows === ""
      ? `<p class="card">${escape(t(l, "webhooks.none"))}</p>`
      : `<table class="stack"><thead><tr><th scope="col">${escape(t(l, "webhooks.url"))}</th><th scope="col">${escape(t(l, "sessions.status"))}</th><th scope="col">${
        escape(t(l, "webhooks.events"))
      }</th></tr></thead><tbody>${rows}</tbody></table>`
    return { status: 200, html: page(viewer, t(l, "webhooks.title"), `<h1>${escape(t(l, "webhooks.title"))}</h1>\n${body}`, "/dashboard/webhooks") }
  })

/** One endpoint's delivery log, with a flash (already localized) from the action that led here. */
export const detail = (deliveries: WebhookDeliveries["Service"], audit: Audit["Service"], viewer: Viewer, id: string, flash: { readonly ok: boolean; readonly text: string } | null) =>
  Effect.gen(function*() {
    const l = viewer.language
    if (viewer.scope === null) return { status: 200, html: notice(viewer, "webhooks.title", "account.choose") }
    const found = yield* Effect.option(deliveries.listForEndpoint(viewer.scope, id))
    if (Option.isNone(found)) return { status: 404, html: notice(viewer, "missing.title", "missing.body") }
    const { deliveries: log, endpoint } = found.value
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
    const body = `<p><a href="${href(viewer, "/dashboard/webhooks")}">← ${escape(t(l, "webhooks.title"))}</a></p>
<h1>${escape(t(l, "webhooks.endpoint"))} <span class="muted">${escape(endpoint.url)}</span></h1>
${flash === null ? "" : `<p class="${flash.ok ? "note" : "alert"}" role="${flash.ok ? "status" : "alert"}">${escape(flash.text)}</p>`}
<form class="card" method="post" action="${href(viewer, `${path}/resend_failed`)}">${csrfField(viewer)}
<div class="field"><label for="since">${escape(t(l, "webhooks.failedSince"))}</label><input id="since" name="since" type="date" required value="${today}"></div>
<button class="button secondary" type="submit">${escape(t(l, "webhooks.resendFailed"))}</button></form>
<h2>${escape(t(l, "webhooks.log"))}</h2>
${rows === "" ? `<p class="card">${escape(t(l, "webhooks.noDeliveries"))}</p>` : `<table class="stack"><thead><tr><th scope="col">${escape(t(l, "webhooks.event"))}</th><th scope="col">${
      escape(t(l, "sessions.status"))
    }</th><th scope="col">${escape(t(l, "webhooks.attempts"))}</th><th scope="col">${escape(t(l, "sessions.created"))}</th><th scope="col"><span class="sr-only">${
      escape(t(l, "timeline.resend"))
    }</span></th></tr></thead><tbody>${rows}</tbody></table>`}
${auditSection(viewer, records)}`
    return { status: 200, html: page(viewer, `${t(l, "webhooks.endpoint")} ${endpoint.url}`, body, path) }
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
  if (url.searchParams.get("failed") !== null) return { ok: false, text: t(l, "session.actionFailed", { message: t(l, "session.failedOther") }) }
  return null
}
