/**
 * The read-only pages of the catalog and of customers (issue 15): lists, keyset-paged as the sessions
 * list is, and one object's facts with what belongs to it (a product's prices, a coupon's promotion
 * codes, a customer's checkout sessions). The markup is built from columns and facts; what to read
 * comes from the routes (CatalogRoutes), through the API's use cases.
 */
import { type Coupon, type Customer, Money, type Price, type Product, type PromotionCode, type Refund, type SessionState } from "@till/core"
import { escape } from "../pages/Html.ts"
import * as Layout from "./Layout.ts"
import { type Key, t } from "./Messages.ts"
import { dateOf, pager } from "./Paging.ts"
import { href, type Viewer } from "./Viewer.ts"

/** A column of a list: its heading, and its cell's markup for an object (escaped). */
export interface Column<A> {
  readonly key: Key
  readonly cell: (a: A) => string
  readonly num?: boolean
}

/** Where a page belongs: its nav section, and the tabs of that section. */
export interface Area {
  readonly section: Layout.Section
  readonly label: Key
  readonly tabs: ReadonlyArray<readonly [path: string, key: Key]>
}

/** The catalog's pages. */
export const CATALOG: Area = {
  section: "catalog",
  label: "catalog.sections",
  tabs: [["/dashboard/products", "catalog.products"], ["/dashboard/coupons", "catalog.coupons"], ["/dashboard/promotion_codes", "catalog.codes"]]
}

/** The customers' pages. */
export const CUSTOMERS: Area = {
  section: "customers",
  label: "customers.sections",
  tabs: [["/dashboard/customers", "customers.title"], ["/dashboard/refunds", "refunds.title"]]
}

const tabs = (viewer: Viewer, area: Area, current: string) =>
  `<nav class="actions" aria-label="${escape(t(viewer.language, area.label))}">${
    area.tabs.map(([path, key]) => `<a href="${href(viewer, path)}"${path === current ? ` aria-current="page"` : ""}>${escape(t(viewer.language, key))}</a>`).join("")
  }</nav>`

/** A link to an object's dashboard page. */
export const link = (viewer: Viewer, path: string, text: string) => `<a href="${href(viewer, path)}">${escape(text)}</a>`

/** An active / archived pill. */
export const activePill = (viewer: Viewer, active: boolean) =>
  `<span class="pill ${active ? "complete" : "expired"}">${escape(t(viewer.language, active ? "catalog.active" : "catalog.inactive"))}</span>`

/** A table of objects (or a card saying there are none). */
export const table = <A>(viewer: Viewer, columns: ReadonlyArray<Column<A>>, rows: ReadonlyArray<A>, rowId: (a: A) => string): string => {
  const l = viewer.language
  if (rows.length === 0) return `<p class="card">${escape(t(l, "catalog.none"))}</p>`
  const head = columns.map((c) => `<th scope="col">${escape(t(l, c.key))}</th>`).join("")
  const body = rows.map((row) =>
    `<tr data-id="${escape(rowId(row))}">${columns.map((c) => `<td data-label="${escape(t(l, c.key))}"${c.num === true ? ` class="num"` : ""}>${c.cell(row)}</td>`).join("")}</tr>`
  ).join("\n")
  return `<table class="stack"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`
}

/** A list page: the area's tabs, something above the list (a search form), the list and its pager. */
export const listPage = <A>(
  viewer: Viewer,
  area: Area,
  path: string,
  title: Key,
  page: { readonly has_more: boolean; readonly data: ReadonlyArray<A> } | { readonly error: string },
  url: URL,
  columns: ReadonlyArray<Column<A>>,
  idOf: (a: A) => string,
  options: { readonly above?: string; readonly keep?: Readonly<Record<string, string>> } = {}
): string => {
  const l = viewer.language
  const content = "error" in page
    ? `<p class="alert" role="alert">${escape(page.error)}</p>`
    : `${table(viewer, columns, page.data, idOf)}${pager(viewer, path, page, idOf as (a: never) => string, url, t(l, title), options.keep)}`
  return Layout.page(viewer, area.section, t(l, title), `${tabs(viewer, area, path)}
<h1>${escape(t(l, title))}</h1>
${options.above ?? ""}
<div aria-live="polite">${content}</div>`, path)
}

/** An object's page: its facts (values are markup), then sections of what belongs to it. */
export const detailPage = (
  viewer: Viewer,
  area: Area,
  back: readonly [path: string, key: Key],
  title: Key,
  id: string,
  facts: ReadonlyArray<readonly [Key, string | null]>,
  sections: ReadonlyArray<readonly [Key, string]> = []
): string => {
  const l = viewer.language
  const path = `${back[0]}/${encodeURIComponent(id)}`
  const dl = facts.filter(([, v]) => v !== null).map(([k, v]) => `<dt>${escape(t(l, k))}</dt><dd>${v}</dd>`).join("\n")
  const more = sections.map(([k, html], i) => `<section class="card" aria-labelledby="part-${i}"><h2 id="part-${i}">${escape(t(l, k))}</h2>\n${html}</section>`).join("\n")
  return Layout.page(viewer, area.section, `${t(l, title)} ${id}`, `<p><a href="${href(viewer, back[0])}">← ${escape(t(l, back[1]))}</a></p>
<h1>${escape(t(l, title))} <span class="muted">${escape(id)}</span></h1>
<section class="card"><dl class="facts">
${dl}
</dl></section>
${more}`, path)
}

/** A "not found" or "choose an account" page in an area. */
export const noticePage = (viewer: Viewer, area: Area, title: Key, body: Key, path: string) =>
  Layout.page(viewer, area.section, t(viewer.language, title), `<h1>${escape(t(viewer.language, title))}</h1><p class="card">${escape(t(viewer.language, body))}</p>`, path)

const money = (viewer: Viewer, amount: number | null, currency: string | null) =>
  amount === null || currency === null ? "—" : escape(Money.format(amount, currency, viewer.language))

const created = <A extends { readonly created: number }>(): Column<A> => ({ key: "sessions.created", cell: (a) => escape(dateOf(a.created)), num: true })

const metadata = (m: Readonly<Record<string, string>>) =>
  Object.keys(m).length === 0 ? null : escape(Object.entries(m).map(([k, v]) => `${k}: ${v}`).join(", "))

/** How a price reads: its amount, and its interval when recurring. */
export const priceAmount = (viewer: Viewer, p: Price) => {
  const amount = p.unit_amount === null ? escape(`${p.unit_amount_decimal ?? ""} ${p.currency.toUpperCase()}`) : money(viewer, p.unit_amount, p.currency)
  return p.recurring === null ? amount : `${amount} <span class="muted">${escape(t(viewer.language, "catalog.recurring", { count: p.recurring.interval_count, interval: p.recurring.interval }))}</span>`
}

/** The columns of each list. */
export const columns = {
  products: (viewer: Viewer): ReadonlyArray<Column<Product>> => [
    { key: "catalog.name", cell: (p) => link(viewer, `/dashboard/products/${encodeURIComponent(p.id)}`, p.name) },
    { key: "catalog.id", cell: (p) => escape(p.id) },
    { key: "sessions.status", cell: (p) => activePill(viewer, p.active) },
    created()
  ],
  prices: (viewer: Viewer): ReadonlyArray<Column<Price>> => [
    { key: "catalog.price", cell: (p) => priceAmount(viewer, p), num: true },
    { key: "catalog.id", cell: (p) => escape(p.id) },
    { key: "catalog.type", cell: (p) => escape(p.type === "one_time" ? t(viewer.language, "catalog.oneTime") : p.type) },
    { key: "catalog.nickname", cell: (p) => escape(p.nickname ?? "") },
    { key: "sessions.status", cell: (p) => activePill(viewer, p.active) },
    created()
  ],
  coupons: (viewer: Viewer): ReadonlyArray<Column<Coupon & { readonly valid?: boolean }>> => [
    { key: "catalog.coupon", cell: (c) => link(viewer, `/dashboard/coupons/${encodeURIComponent(c.id)}`, c.name ?? c.id) },
    { key: "catalog.off", cell: (c) => couponOff(viewer, c), num: true },
    { key: "catalog.duration", cell: (c) => escape(c.duration_in_months === null ? c.duration : `${c.duration} (${c.duration_in_months})`) },
    { key: "catalog.redeemed", cell: (c) => escape(`${c.times_redeemed}${c.max_redemptions === null ? "" : ` / ${c.max_redemptions}`}`), num: true },
    created()
  ],
  codes: (viewer: Viewer): ReadonlyArray<Column<PromotionCode>> => [
    { key: "catalog.code", cell: (c) => `<code>${escape(c.code)}</code>` },
    { key: "catalog.coupon", cell: (c) => link(viewer, `/dashboard/coupons/${encodeURIComponent(c.coupon)}`, c.coupon) },
    { key: "sessions.status", cell: (c) => activePill(viewer, c.active) },
    { key: "catalog.redeemed", cell: (c) => escape(`${c.times_redeemed}${c.max_redemptions === null ? "" : ` / ${c.max_redemptions}`}`), num: true },
    { key: "catalog.expires", cell: (c) => escape(c.expires_at === null ? "—" : dateOf(c.expires_at)), num: true },
    created()
  ],
  customers: (viewer: Viewer): ReadonlyArray<Column<Customer>> => [
    { key: "customers.customer", cell: (c) => link(viewer, `/dashboard/customers/${encodeURIComponent(c.id)}`, c.name ?? c.email ?? c.id) },
    { key: "customers.email", cell: (c) => escape(c.email ?? "") },
    { key: "catalog.id", cell: (c) => escape(c.id) },
    created()
  ],
  refunds: (viewer: Viewer): ReadonlyArray<Column<Refund>> => [
    { key: "refunds.refund", cell: (r) => link(viewer, `/dashboard/refunds/${encodeURIComponent(r.id)}`, r.id) },
    { key: "refunds.amount", cell: (r) => money(viewer, r.amount, r.currency), num: true },
    { key: "refunds.status", cell: (r) => `<span class="pill ${r.status === "succeeded" ? "complete" : r.status === "failed" ? "expired" : "open"}">${escape(r.status)}</span>` },
    { key: "refunds.paymentIntent", cell: (r) => escape(r.payment_intent) },
    created()
  ],
  sessions: (viewer: Viewer): ReadonlyArray<Column<SessionState>> => [
    { key: "sessions.id", cell: (s) => link(viewer, `/dashboard/sessions/${encodeURIComponent(s.session.id)}`, s.session.id) },
    { key: "sessions.status", cell: (s) => `<span class="pill ${escape(s.session.status)}">${escape(t(viewer.language, `status.${s.session.status}` as Key))}</span>` },
    { key: "sessions.amount", cell: (s) => money(viewer, s.session.amount_total, s.session.currency), num: true },
    { key: "sessions.created", cell: (s) => escape(dateOf(s.session.created)), num: true }
  ]
}

/** How a coupon's discount reads. */
export const couponOff = (viewer: Viewer, c: Coupon) => (c.percent_off !== null ? escape(`${c.percent_off} %`) : money(viewer, c.amount_off, c.currency))

/** The facts of each object's page. */
export const facts = {
  product: (viewer: Viewer, p: Product): ReadonlyArray<readonly [Key, string | null]> => [
    ["catalog.name", escape(p.name)],
    ["sessions.status", activePill(viewer, p.active)],
    ["catalog.description", p.description === null ? null : escape(p.description)],
    ["catalog.defaultPrice", p.default_price === null ? null : escape(p.default_price)],
    ["sessions.created", escape(dateOf(p.created))],
    ["catalog.metadata", metadata(p.metadata)]
  ],
  coupon: (viewer: Viewer, c: Coupon): ReadonlyArray<readonly [Key, string | null]> => [
    ["catalog.name", c.name === null ? null : escape(c.name)],
    ["catalog.off", couponOff(viewer, c)],
    ["catalog.duration", escape(c.duration_in_months === null ? c.duration : `${c.duration} (${c.duration_in_months})`)],
    ["catalog.redeemed", escape(String(c.times_redeemed))],
    ["catalog.maxRedemptions", c.max_redemptions === null ? null : escape(String(c.max_redemptions))],
    ["catalog.redeemBy", c.redeem_by === null ? null : escape(dateOf(c.redeem_by))],
    ["sessions.created", escape(dateOf(c.created))],
    ["catalog.metadata", metadata(c.metadata)]
  ],
  customer: (_viewer: Viewer, c: Customer): ReadonlyArray<readonly [Key, string | null]> => [
    ["catalog.name", c.name === null ? null : escape(c.name)],
    ["customers.email", c.email === null ? null : escape(c.email)],
    ["customers.phone", c.phone === null ? null : escape(c.phone)],
    ["catalog.description", c.description === null ? null : escape(c.description)],
    ["sessions.created", escape(dateOf(c.created))],
    ["catalog.metadata", metadata(c.metadata)]
  ],
  refund: (viewer: Viewer, r: Refund): ReadonlyArray<readonly [Key, string | null]> => [
    ["refunds.amount", money(viewer, r.amount, r.currency)],
    ["refunds.status", escape(r.status)],
    ["refunds.reason", r.reason === null ? null : escape(r.reason)],
    ["refunds.failure", r.failure_reason === null ? null : escape(r.failure_reason)],
    ["refunds.paymentIntent", escape(r.payment_intent)],
    ["refunds.charge", escape(r.charge)],
    ["sessions.created", escape(dateOf(r.created))],
    ["catalog.metadata", metadata(r.metadata)]
  ]
}
