/**
 * The sessions pages: the list (filters by status, creation date, customer email and client reference
 * id; search by id; keyset-paged, newest first) and one session's page (line items, totals, payment
 * intent and its last decline, with the expire action). Everything is read and done through
 * `CheckoutSessions`, the API's use cases, in the viewer's scope: another account's session is
 * "not found", as it is to the API.
 */
import { type Audit, type AuditRecord, type Charges, type CheckoutSessions, type SessionListOptions, ListSessionsParams, Money, type Page, type SessionState, Validation, type WebhookDeliveries } from "@till/core"
import { Effect, Option } from "effect"
import { escape } from "../pages/Html.ts"
import { exampleAmount, minorUnits } from "./Amounts.ts"
import { audited, auditItem } from "./Audited.ts"
import * as Layout from "./Layout.ts"
import * as Refunds from "./Refunds.ts"
import { type Key, t } from "./Messages.ts"
import { csrfField, href, type Viewer } from "./Viewer.ts"

/** How many sessions a page of the list shows. */
export const PAGE_SIZE = 25

const STATUSES = ["open", "complete", "expired"] as const

const day = (text: string, end: boolean): number | undefined => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined
  const ms = Date.parse(`${text}T00:00:00Z`)
  return Number.isNaN(ms) ? undefined : ms / 1000 + (end ? 86399 : 0)
}

const dateOf = (seconds: number) => new Date(seconds * 1000).toISOString().replace("T", " ").slice(0, 16) + " UTC"

const amount = (state: SessionState, value: number, language: string) => escape(Money.format(value, state.session.currency, language))

/** The filters a list URL carries, as typed in the form. */
interface Filters {
  readonly q: string
  readonly status: string
  readonly email: string
  readonly reference: string
  readonly from: string
  readonly to: string
  /** A currency code, and amounts in its major units ("12.50"), as typed. */
  readonly currency: string
  readonly min: string
  readonly max: string
}

const filtersOf = (url: URL): Filters => {
  const get = (name: string) => (url.searchParams.get(name) ?? "").trim().slice(0, 255)
  return {
    q: get("q"),
    status: get("status"),
    email: get("email"),
    reference: get("reference"),
    from: get("from"),
    to: get("to"),
    currency: get("currency").toLowerCase(),
    min: get("min"),
    max: get("max")
  }
}

/** The list's currency and amount options for the filters, or why they cannot be (localized). */
const optionsOf = (filters: Filters, language: Viewer["language"]): { readonly options: SessionListOptions } | { readonly error: string } => {
  const { currency, max, min } = filters
  if (currency !== "" && !Money.isCurrency(currency)) return { error: t(language, "sessions.badCurrency", { value: currency }) }
  if (currency === "") return min === "" && max === "" ? { options: {} } : { error: t(language, "sessions.amountNeedsCurrency") }
  const example = exampleAmount(currency)
  const bounds: { gte?: number; lte?: number } = {}
  for (const [bound, text] of [["gte", min], ["lte", max]] as const) {
    if (text === "") continue
    const value = minorUnits(text, currency)
    if (value === undefined) return { error: t(language, "sessions.badAmount", { value: text, currency: currency.toUpperCase(), example }) }
    bounds[bound] = value
  }
  return { options: { currency, ...(Object.keys(bounds).length === 0 ? {} : { amount_total: bounds }) } }
}

/** The use case's parameters for the filters and the page cursor of a list URL. */
const paramsOf = (filters: Filters, url: URL) => {
  const created: Record<string, number> = {}
  const from = day(filters.from, false)
  const to = day(filters.to, true)
  if (from !== undefined) created.gte = from
  if (to !== undefined) created.lte = to
  const after = url.searchParams.get("starting_after")
  const before = url.searchParams.get("ending_before")
  return Validation.decode(ListSessionsParams)({
    limit: PAGE_SIZE,
    ...(STATUSES.includes(filters.status as never) ? { status: filters.status } : {}),
    ...(filters.email === "" ? {} : { customer_details: { email: filters.email } }),
    ...(filters.reference === "" ? {} : { client_reference_id: filters.reference }),
    ...(Object.keys(created).length === 0 ? {} : { created }),
    ...(after !== null && after !== "" ? { starting_after: after } : before !== null && before !== "" ? { ending_before: before } : {})
  })
}

const statusPill = (language: Viewer["language"], status: string) =>
  `<span class="pill ${escape(status)}">${escape(t(language, `status.${status}` as Key))}</span>`

const filterForm = (viewer: Viewer, f: Filters) => {
  const l = viewer.language
  const field = (name: keyof Filters, label: Key, type = "text", extra = "") =>
    `<div class="field"><label for="f-${name}">${escape(t(l, label))}</label><input id="f-${name}" name="${name}" type="${type}" value="${escape(f[name])}"${extra}></div>`
  const keep = [
    viewer.user.role === "operator" && viewer.scope !== null ? `<input type="hidden" name="account" value="${escape(viewer.scope.account)}">` : "",
    viewer.livemode ? `<input type="hidden" name="mode" value="live">` : ""
  ].join("")
  return `<form class="card" method="get" action="/dashboard/sessions" role="search" aria-label="${escape(t(l, "sessions.filters"))}">${keep}
<div class="filters">
${field("q", "sessions.search", "search")}
<div class="field"><label for="f-status">${escape(t(l, "sessions.status"))}</label><select id="f-status" name="status">
<option value="">${escape(t(l, "sessions.any"))}</option>
${STATUSES.map((s) => `<option value="${s}"${f.status === s ? " selected" : ""}>${escape(t(l, `status.${s}`))}</option>`).join("")}
</select></div>
${field("email", "sessions.email", "email")}
${field("reference", "sessions.reference")}
${field("from", "sessions.from", "date")}
${field("to", "sessions.to", "date")}
<div class="field"><label for="f-currency">${escape(t(l, "sessions.currency"))}</label><select id="f-currency" name="currency">
<option value="">${escape(t(l, "sessions.any"))}</option>
${Money.currencies.map((c) => `<option value="${c}"${f.currency === c ? " selected" : ""}>${c.toUpperCase()}</option>`).join("")}
</select></div>
${field("min", "sessions.amountFrom", "text", ` inputmode="decimal" autocomplete="off"`)}
${field("max", "sessions.amountTo", "text", ` inputmode="decimal" autocomplete="off"`)}
</div>
<div class="actions"><button class="button" type="submit">${escape(t(l, "sessions.apply"))}</button>
<a href="${href(viewer, "/dashboard/sessions")}">${escape(t(l, "sessions.reset"))}</a></div>
</form>`
}

const table = (viewer: Viewer, rows: ReadonlyArray<SessionState>) => {
  const l = viewer.language
  if (rows.length === 0) return `<p class="card">${escape(t(l, "sessions.empty"))}</p>`
  const head = (["sessions.id", "sessions.status", "sessions.amount", "sessions.customer", "sessions.reference", "sessions.created"] as const)
    .map((k) => `<th scope="col">${escape(t(l, k))}</th>`).join("")
  const body = rows.map((state) => {
    const s = state.session
    const email = s.customer_details?.email ?? s.customer_email ?? ""
    const cell = (key: Key, content: string, cls = "") => `<td data-label="${escape(t(l, key))}"${cls === "" ? "" : ` class="${cls}"`}>${content}</td>`
    return `<tr>${cell("sessions.id", `<a href="${href(viewer, `/dashboard/sessions/${encodeURIComponent(s.id)}`)}">${escape(s.id)}</a>`)}${
      cell("sessions.status", statusPill(l, s.status))
    }${cell("sessions.amount", amount(state, s.amount_total, l), "num")}${cell("sessions.customer", escape(email))}${
      cell("sessions.reference", escape(s.client_reference_id ?? ""))
    }${cell("sessions.created", escape(dateOf(s.created)), "num")}</tr>`
  }).join("\n")
  return `<table class="stack"><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table>`
}

const pager = (viewer: Viewer, filters: Filters, page: Page<SessionState>, url: URL) => {
  const l = viewer.language
  const keep = {
    q: "",
    status: filters.status,
    email: filters.email,
    reference: filters.reference,
    from: filters.from,
    to: filters.to,
    currency: filters.currency,
    min: filters.min,
    max: filters.max
  }
  const backwards = url.searchParams.has("ending_before")
  const first = page.data[0]
  const last = page.data[page.data.length - 1]
  // a page reached going back has newer sessions beyond it when has_more; one reached going forward came from newer ones
  const newer = first !== undefined && (backwards ? page.has_more : url.searchParams.has("starting_after"))
  const older = last !== undefined && (backwards ? true : page.has_more)
  const links = [
    newer ? `<a rel="prev" href="${href(viewer, "/dashboard/sessions", { ...keep, ending_before: first!.session.id })}">${escape(t(l, "sessions.previous"))}</a>` : "",
    older ? `<a rel="next" href="${href(viewer, "/dashboard/sessions", { ...keep, starting_after: last!.session.id })}">${escape(t(l, "sessions.next"))}</a>` : ""
  ].join("")
  return links === "" ? "" : `<nav class="pager" aria-label="${escape(t(l, "sessions.title"))}">${links}</nav>`
}

/** A message page inside the layout (no account chosen, nothing found). */
export const notice = (viewer: Viewer, title: Key, body: Key, path?: string): string =>
  Layout.page(viewer, "sessions", t(viewer.language, title), `<h1>${escape(t(viewer.language, title))}</h1><p class="card">${escape(t(viewer.language, body))}</p>`, path)

/** The list page: a search by id goes straight to that session's page (or says it is not found). */
export const list = (sessions: CheckoutSessions["Service"], viewer: Viewer, url: URL) =>
  Effect.gen(function*() {
    const l = viewer.language
    if (viewer.scope === null) return { status: 200, html: notice(viewer, "sessions.title", "account.choose") } as const
    const scope = viewer.scope
    const filters = filtersOf(url)
    if (filters.q !== "") {
      const found = yield* Effect.option(sessions.retrieve(scope, filters.q))
      if (Option.isSome(found)) return { redirect: `/dashboard/sessions/${encodeURIComponent(found.value.session.id)}${href(viewer, "").replace(/&amp;/g, "&")}` } as const
    }
    const params = yield* Effect.result(paramsOf(filters, url))
    const options = optionsOf(filters, l)
    const body = yield* (params._tag === "Failure"
      ? Effect.succeed(`<p class="alert" role="alert">${escape(params.failure.message)}</p>`)
      : "error" in options
      ? Effect.succeed(`<p class="alert" role="alert">${escape(options.error)}</p>`)
      : Effect.match(sessions.list(scope, params.success, options.options), {
        onFailure: (e) => `<p class="alert" role="alert">${escape(e.message)}</p>`,
        onSuccess: (page) => `${table(viewer, page.data)}${pager(viewer, filters, page, url)}`
      }))
    const missing = filters.q === "" ? "" : `<p class="alert" role="alert">${escape(t(l, "missing.body"))} (${escape(filters.q)})</p>`
    return {
      status: 200,
      html: Layout.page(viewer, "sessions", t(l, "sessions.title"), `<h1>${escape(t(l, "sessions.title"))}</h1>
${filterForm(viewer, filters)}
${missing}
<div aria-live="polite">${body}</div>`)
    } as const
  })

const fact = (viewer: Viewer, key: Key, value: string) => `<dt>${escape(t(viewer.language, key))}</dt><dd>${value}</dd>`

/** One session's page, with a flash message (already localized) from the action that led here. */
export const detail = (
  sessions: CheckoutSessions["Service"],
  deliveries: WebhookDeliveries["Service"],
  audit: Audit["Service"],
  charges: Charges["Service"],
  viewer: Viewer,
  id: string,
  flash: { readonly ok: boolean; readonly text: string } | null
) =>
  Effect.gen(function*() {
    const l = viewer.language
    if (viewer.scope === null) return { status: 200, html: notice(viewer, "session.title", "account.choose") }
    const found = yield* Effect.option(sessions.retrieve(viewer.scope, id))
    if (Option.isNone(found)) return { status: 404, html: notice(viewer, "missing.title", "missing.body") }
    const state = found.value
    const s = state.session
    const pi = state.payment_intent
    const items = state.line_items.map((item) =>
      `<tr><td data-label="${escape(t(l, "session.items"))}">${escape(item.description)}</td><td class="num" data-label="×">${item.quantity}</td><td class="num" data-label="${
        escape(t(l, "session.total"))
      }">${amount(state, item.amount_total, l)}</td></tr>`
    ).join("\n")
    const path = `/dashboard/sessions/${encodeURIComponent(s.id)}`
    const own = pi === null ? [s.id] : [s.id, pi.id]
    const history = yield* deliveries.timelineOf(viewer.scope, own)
    // who did what: the session's and its payment intent's records, and those of each delivery shown
    const records = yield* audit.forObjects(viewer.scope, [...own, ...history.entries.flatMap((e) => e.deliveries.map((d) => d.delivery.id))], { limit: 100 })
    const expire = s.status === "open"
      ? `<form method="post" action="${href(viewer, `${path}/expire`)}">${csrfField(viewer)}<button class="button danger" type="submit">${escape(t(l, "session.expire"))}</button></form>`
      : ""
    const body = `<p><a href="${href(viewer, "/dashboard/sessions")}">← ${escape(t(l, "session.back"))}</a></p>
<h1>${escape(t(l, "session.title"))} <span class="muted">${escape(s.id)}</span></h1>
${flash === null ? "" : `<p class="${flash.ok ? "note" : "alert"}" role="${flash.ok ? "status" : "alert"}">${escape(flash.text)}</p>`}
<section class="card" aria-labelledby="facts-title"><h2 id="facts-title" class="sr-only">${escape(t(l, "session.title"))}</h2>
<dl class="facts">
${fact(viewer, "sessions.status", statusPill(l, s.status))}
${fact(viewer, "session.paymentStatus", escape(s.payment_status))}
${fact(viewer, "session.email", escape(s.customer_details?.email ?? s.customer_email ?? "—"))}
${fact(viewer, "session.reference", escape(s.client_reference_id ?? "—"))}
${fact(viewer, "sessions.created", escape(dateOf(s.created)))}
</dl>
<div class="actions spaced">${expire}</div>
</section>
<section class="card" aria-labelledby="items-title"><h2 id="items-title">${escape(t(l, "session.items"))}</h2>
<table class="stack"><tbody>${items}</tbody></table>
<dl class="facts spaced">
${fact(viewer, "session.subtotal", amount(state, s.amount_subtotal, l))}
${fact(viewer, "session.total", `<strong>${amount(state, s.amount_total, l)}</strong>`)}
</dl></section>
<section class="card" aria-labelledby="payment-title"><h2 id="payment-title">${escape(t(l, "session.payment"))}</h2>
<dl class="facts">
${fact(viewer, "session.paymentIntent", pi === null ? escape(t(l, "session.none")) : `${escape(pi.id)} <span class="pill">${escape(pi.status)}</span>`)}
${fact(viewer, "session.lastError", pi?.last_payment_error == null ? escape(t(l, "session.none")) : escape(`${pi.last_payment_error.decline_code ?? pi.last_payment_error.code ?? ""} ${pi.last_payment_error.message ?? ""}`.trim()))}
</dl></section>
${yield* Refunds.section(charges, viewer, state)}
${timeline(viewer, history.entries, records, path)}`
    return { status: 200, html: Layout.page(viewer, "sessions", `${t(l, "session.title")} ${s.id}`, body, path) }
  })

type Entry = Effect.Success<ReturnType<WebhookDeliveries["Service"]["timelineOf"]>>["entries"][number]

/**
 * The session's history: its events and the actions taken on it (audit records), newest first, each
 * event with its deliveries, their attempts and the actions taken on them, and a resend button per delivery.
 */
export const timeline = (viewer: Viewer, entries: ReadonlyArray<Entry>, records: ReadonlyArray<AuditRecord>, back: string) => {
  const l = viewer.language
  const ofDelivery = new Map<string, Array<AuditRecord>>()
  for (const r of records) ofDelivery.set(r.object_id, [...(ofDelivery.get(r.object_id) ?? []), r])
  const deliveryIds = new Set(entries.flatMap((e) => e.deliveries.map((d) => d.delivery.id)))
  const eventItems = entries.map(({ deliveries, event }) => {
    const sent = deliveries.map(({ attempts, delivery, url }) => {
      const acted = (ofDelivery.get(delivery.id) ?? []).map((r) => auditItem(viewer, r)).join("")
      const tries = attempts.map((a) =>
        `<li>${escape(dateOf(a.created))}: ${
          escape(t(l, "timeline.attempt", { status: a.status_code === null ? t(l, "timeline.noAnswer") : String(a.status_code), latency: Math.round(a.latency_ms) }))
        }${a.error === null ? "" : ` <span class="muted">${escape(a.error)}</span>`}</li>`
      ).join("")
      return `<li class="delivery" data-delivery="${escape(delivery.id)}">${escape(t(l, "timeline.delivery", { url: url ?? delivery.webhook_endpoint }))} <span class="pill ${delivery.status}">${
        escape(t(l, `delivery.${delivery.status}`))
      }</span>
<form class="inline" method="post" action="${href(viewer, `/dashboard/deliveries/${encodeURIComponent(delivery.id)}/resend`, { back })}">${csrfField(viewer)}<button class="link-button" type="submit" aria-label="${
        escape(t(l, "timeline.resendLabel", { id: delivery.id }))
      }">${escape(t(l, "timeline.resend"))}</button></form>${tries === "" && acted === "" ? "" : `<ul>${acted}${tries}</ul>`}</li>`
    }).join("")
    return { created: event.created, html: `<li><strong>${escape(event.type)}</strong> <span class="muted">${escape(dateOf(event.created))} · ${escape(event.id)}</span>${sent === "" ? "" : `<ul>${sent}</ul>`}</li>` }
  })
  // an action and the event it caused often share a second: the action is listed above its event
  const actionItems = records.filter((r) => !deliveryIds.has(r.object_id)).map((r) => ({ created: r.created, html: auditItem(viewer, r) }))
  const items = [...actionItems, ...eventItems].sort((a, b) => b.created - a.created).map((i) => i.html).join("\n")
  return `<section class="card" aria-labelledby="timeline-title"><h2 id="timeline-title">${escape(t(l, "timeline.title"))}</h2>
${items === "" ? `<p>${escape(t(l, "timeline.empty"))}</p>` : `<ol class="timeline">${items}</ol>`}</section>`
}

/** Why an action failed, as the page names it: the error's tag. */
const FAILURES: Readonly<Record<string, Key>> = {
  SessionNotOpen: "session.notOpen",
  PaymentInProgress: "session.paymentInProgress",
  ResourceMissing: "missing.body"
}

/** The resend action (recorded in the audit trail): answers the outcome for the URL of the page shown next. */
export const resend = (deliveries: WebhookDeliveries["Service"], audit: Audit["Service"], viewer: Viewer, id: string) =>
  viewer.scope === null
    ? Effect.succeed({ failed: "account" })
    : Effect.match(audited(audit, viewer, viewer.scope, "webhook_delivery.resend", id, deliveries.resend(viewer.scope, id)), {
      onSuccess: () => ({ done: "resent" }),
      onFailure: (e) => ({ failed: e._tag })
    })

/** The expire action (recorded in the audit trail): answers the outcome for the URL of the page shown next. */
export const expire = (sessions: CheckoutSessions["Service"], audit: Audit["Service"], viewer: Viewer, id: string) =>
  viewer.scope === null
    ? Effect.succeed({ failed: "account" })
    : Effect.match(audited(audit, viewer, viewer.scope, "checkout.session.expire", id, sessions.expire(viewer.scope, id)), {
      onSuccess: () => ({ done: "expired" }),
      onFailure: (e) => ({ failed: e._tag })
    })

/** The message an action's outcome in the URL stands for, if any. */
export const flashOf = (viewer: Viewer, url: URL): { readonly ok: boolean; readonly text: string } | null => {
  const l = viewer.language
  if (url.searchParams.get("done") === "expired") return { ok: true, text: t(l, "session.expired") }
  if (url.searchParams.get("done") === "resent") return { ok: true, text: t(l, "timeline.resent") }
  if (url.searchParams.get("done") === "refunded") return { ok: true, text: t(l, "refund.done") }
  const failed = url.searchParams.get("failed")
  if (failed === null) return null
  return { ok: false, text: t(l, "session.actionFailed", { message: t(l, FAILURES[failed] ?? "session.failedOther") }) }
}
