/**
 * The events pages (issue 15): the account's events in the mode, newest first and keyset-paged, by
 * type (a family with `*`) and by object id; and one event's page: what was sent (its JSON as the API
 * shows it, pretty-printed and escaped) and its deliveries with every attempt and a resend button each
 * (the session timeline's rendering), with who resent what. Read through `EventLog` and
 * `WebhookDeliveries`, in the viewer's scope: another account's event is "not found".
 */
import { type Audit, type Event, EVENT_TYPES, type EventLog, ListEventsParams, type Page, Validation, type WebhookDeliveries } from "@till/core"
import { Effect, Option } from "effect"
import { escape } from "../pages/Html.ts"
import * as Wire from "../Wire.ts"
import * as Layout from "./Layout.ts"
import { t } from "./Messages.ts"
import * as SessionPages from "./SessionPages.ts"
import { href, type Viewer } from "./Viewer.ts"

/** How many events a page of the list shows. */
export const PAGE_SIZE = 25

const dateOf = (seconds: number) => new Date(seconds * 1000).toISOString().replace("T", " ").slice(0, 19) + " UTC"

/** The filters a list URL carries, as typed. */
interface Filters {
  readonly type: string
  readonly object: string
}

const filtersOf = (url: URL): Filters => {
  const get = (name: string) => (url.searchParams.get(name) ?? "").trim().slice(0, 255)
  return { type: get("type"), object: get("object") }
}

/** The page of an object: a session's own page; otherwise its events. */
const objectLink = (viewer: Viewer, id: string) =>
  /^cs_(?:test|live)_[A-Za-z0-9]+$/.test(id)
    ? `<a href="${href(viewer, `/dashboard/sessions/${encodeURIComponent(id)}`)}">${escape(id)}</a>`
    : `<a href="${href(viewer, "/dashboard/events", { object: id })}">${escape(id)}</a>`

const objectIdOf = (event: Event): string => {
  const id = (event.data.object as { readonly id?: unknown }).id
  return typeof id === "string" ? id : ""
}

const filterForm = (viewer: Viewer, f: Filters) => {
  const l = viewer.language
  const keep = [
    viewer.user.role === "operator" && viewer.scope !== null ? `<input type="hidden" name="account" value="${escape(viewer.scope.account)}">` : "",
    viewer.livemode ? `<input type="hidden" name="mode" value="live">` : ""
  ].join("")
  return `<form class="card" method="get" action="/dashboard/events" role="search" aria-label="${escape(t(l, "events.filters"))}">${keep}
<div class="filters">
<div class="field"><label for="f-type">${escape(t(l, "events.type"))}</label><input id="f-type" name="type" type="text" list="event-types" value="${escape(f.type)}" aria-describedby="f-type-hint" autocomplete="off">
<span id="f-type-hint" class="muted">${escape(t(l, "events.typeHint"))}</span></div>
<datalist id="event-types">${EVENT_TYPES.map((type) => `<option value="${type}"></option>`).join("")}</datalist>
<div class="field"><label for="f-object">${escape(t(l, "events.object"))}</label><input id="f-object" name="object" type="text" value="${escape(f.object)}" autocomplete="off"></div>
</div>
<div class="actions"><button class="button" type="submit">${escape(t(l, "sessions.apply"))}</button>
<a href="${href(viewer, "/dashboard/events")}">${escape(t(l, "sessions.reset"))}</a></div>
</form>`
}

const table = (viewer: Viewer, events: ReadonlyArray<Event>) => {
  const l = viewer.language
  if (events.length === 0) return `<p class="card">${escape(t(l, "events.empty"))}</p>`
  const cell = (label: string, content: string, cls = "") => `<td data-label="${escape(label)}"${cls === "" ? "" : ` class="${cls}"`}>${content}</td>`
  const rows = events.map((e) => {
    const object = objectIdOf(e)
    return `<tr>${cell(t(l, "events.id"), `<a href="${href(viewer, `/dashboard/events/${encodeURIComponent(e.id)}`)}">${escape(e.id)}</a>`)}${cell(t(l, "events.type"), escape(e.type))}${
      cell(t(l, "events.object"), object === "" ? "" : objectLink(viewer, object))
    }${cell(t(l, "sessions.created"), escape(dateOf(e.created)), "num")}</tr>`
  }).join("\n")
  return `<table class="stack"><thead><tr><th scope="col">${escape(t(l, "events.id"))}</th><th scope="col">${escape(t(l, "events.type"))}</th><th scope="col">${
    escape(t(l, "events.object"))
  }</th><th scope="col">${escape(t(l, "sessions.created"))}</th></tr></thead><tbody>
${rows}
</tbody></table>`
}

const pager = (viewer: Viewer, filters: Filters, page: Page<Event>, url: URL) => {
  const l = viewer.language
  const keep = { type: filters.type, object: filters.object }
  const backwards = url.searchParams.has("ending_before")
  const first = page.data[0]
  const last = page.data[page.data.length - 1]
  // as the sessions list: a page reached going back has newer events beyond it when has_more
  const newer = first !== undefined && (backwards ? page.has_more : url.searchParams.has("starting_after"))
  const older = last !== undefined && (backwards ? true : page.has_more)
  const links = [
    newer ? `<a rel="prev" href="${href(viewer, "/dashboard/events", { ...keep, ending_before: first!.id })}">${escape(t(l, "sessions.previous"))}</a>` : "",
    older ? `<a rel="next" href="${href(viewer, "/dashboard/events", { ...keep, starting_after: last!.id })}">${escape(t(l, "sessions.next"))}</a>` : ""
  ].join("")
  return links === "" ? "" : `<nav class="pager" aria-label="${escape(t(l, "events.title"))}">${links}</nav>`
}

const notice = (viewer: Viewer, title: "events.title" | "missing.title", body: "account.choose" | "missing.body") =>
  Layout.page(viewer, "events", t(viewer.language, title), `<h1>${escape(t(viewer.language, title))}</h1><p class="card">${escape(t(viewer.language, body))}</p>`, "/dashboard/events")

/** The list page. */
export const list = (events: EventLog["Service"], viewer: Viewer, url: URL) =>
  Effect.gen(function*() {
    const l = viewer.language
    if (viewer.scope === null) return { status: 200, html: notice(viewer, "events.title", "account.choose") }
    const filters = filtersOf(url)
    const after = url.searchParams.get("starting_after") ?? ""
    const before = url.searchParams.get("ending_before") ?? ""
    const listed = Effect.flatMap(
      Validation.decode(ListEventsParams)({
        limit: PAGE_SIZE,
        ...(filters.type === "" ? {} : { type: filters.type }),
        ...(after !== "" ? { starting_after: after } : before !== "" ? { ending_before: before } : {})
      }),
      (params) => events.list(viewer.scope!, params, filters.object === "" ? {} : { object: filters.object })
    )
    const body = yield* Effect.match(listed, {
      onFailure: (e) => `<p class="alert" role="alert">${escape(e.message)}</p>`,
      onSuccess: (page) => `${table(viewer, page.data)}${pager(viewer, filters, page, url)}`
    })
    return {
      status: 200,
      html: Layout.page(viewer, "events", t(l, "events.title"), `<h1>${escape(t(l, "events.title"))}</h1>
${filterForm(viewer, filters)}
<div aria-live="polite">${body}</div>`, "/dashboard/events")
    }
  })

/** One event's page, with a flash (already localized) from the action that led here. */
export const detail = (
  deliveries: WebhookDeliveries["Service"],
  audit: Audit["Service"],
  viewer: Viewer,
  id: string,
  flash: { readonly ok: boolean; readonly text: string } | null
) =>
  Effect.gen(function*() {
    const l = viewer.language
    if (viewer.scope === null) return { status: 200, html: notice(viewer, "events.title", "account.choose") }
    const found = yield* Effect.option(deliveries.eventWithDeliveries(viewer.scope, id))
    if (Option.isNone(found)) return { status: 404, html: notice(viewer, "missing.title", "missing.body") }
    const entry = found.value
    const event = entry.event
    const path = `/dashboard/events/${encodeURIComponent(event.id)}`
    const records = yield* audit.forObjects(viewer.scope, entry.deliveries.map((d) => d.delivery.id), { limit: 100 })
    const object = objectIdOf(event)
    const json = JSON.stringify(Wire.event(event), null, 2)
    const body = `<p><a href="${href(viewer, "/dashboard/events")}">← ${escape(t(l, "events.back"))}</a></p>
<h1>${escape(t(l, "events.event"))} <span class="muted">${escape(event.id)}</span></h1>
${flash === null ? "" : `<p class="${flash.ok ? "note" : "alert"}" role="${flash.ok ? "status" : "alert"}">${escape(flash.text)}</p>`}
<section class="card" aria-labelledby="facts-title"><h2 id="facts-title" class="sr-only">${escape(t(l, "events.event"))}</h2>
<dl class="facts">
<dt>${escape(t(l, "events.type"))}</dt><dd>${escape(event.type)}</dd>
<dt>${escape(t(l, "events.object"))}</dt><dd>${object === "" ? "—" : `${objectLink(viewer, object)} · <a href="${href(viewer, "/dashboard/events", { object })}">${escape(t(l, "events.ofObject", { id: object }))}</a>`}</dd>
<dt>${escape(t(l, "sessions.created"))}</dt><dd>${escape(dateOf(event.created))}</dd>
</dl></section>
${entry.deliveries.length === 0 ? `<section class="card"><h2>${escape(t(l, "events.deliveries"))}</h2><p>${escape(t(l, "events.noDeliveries"))}</p></section>` : SessionPages.timeline(viewer, [entry], records, path)}
<section class="card" aria-labelledby="json-title"><h2 id="json-title">${escape(t(l, "events.json"))}</h2>
<pre class="json" tabindex="0"><code>${escape(json)}</code></pre></section>`
    return { status: 200, html: Layout.page(viewer, "events", `${t(l, "events.event")} ${event.id}`, body, path) }
  })
