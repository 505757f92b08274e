/**
 * The payment link pages: the list (newest first, keyset-paged) with the form that makes a link from
 * one of the account's prices, and a link's page: its URL in a read-only field to copy, its QR code
 * (an inline SVG made on the server: no script, nothing fetched), its line items, and the activate or
 * deactivate action. Read and done through `PaymentLinks` and `Catalog`, in the viewer's scope.
 */
import { type Audit, type Catalog, Money, type PaymentLink, type PaymentLinks, type Price } from "@till/core"
import { Effect, Option } from "effect"
import QRCode from "qrcode"
import { escape } from "../pages/Html.ts"
import { paymentLinkUrl } from "../Wire.ts"
import { auditSection } from "./Audited.ts"
import * as Layout from "./Layout.ts"
import { type Key, t } from "./Messages.ts"
import { dateOf, flashBox, pageParamsOf, pager } from "./Paging.ts"
import { csrfField, href, type Viewer } from "./Viewer.ts"

/** The most prices the create form offers (the account's newest active one-time prices). */
export const PRICE_CHOICES = 100

/** The most of one price a link made here sells. */
export const MAX_QUANTITY = 99

const page = (viewer: Viewer, title: string, body: string, path: string) => Layout.page(viewer, "links", title, body, path)

const notice = (viewer: Viewer, title: Key, body: Key) =>
  page(viewer, t(viewer.language, title), `<h1>${escape(t(viewer.language, title))}</h1><p class="card">${escape(t(viewer.language, body))}</p>`, "/dashboard/payment_links")

const statusPill = (viewer: Viewer, active: boolean) =>
  `<span class="pill ${active ? "complete" : "expired"}">${escape(t(viewer.language, active ? "links.active" : "links.inactive"))}</span>`

const amountOf = (link: PaymentLink, language: string) => escape(Money.format(link.amount_total, link.currency, language))

const nameOf = (link: PaymentLink) => link.line_items.map((l) => l.item.description).join(", ")

/** A price as the create form names it: its product's name, nickname and amount. */
const priceLabel = (price: Price, names: ReadonlyMap<string, string>, language: string) =>
  [
    names.get(price.product) ?? price.product,
    price.nickname,
    price.unit_amount === null ? null : Money.format(price.unit_amount, price.currency, language)
  ].filter((part) => part !== null && part !== "").join(" · ")

/** What the create form holds, to show again with the reason it was refused. */
export interface CreateInput {
  readonly price: string
  readonly quantity: string
}

const createForm = (catalog: Catalog["Service"], viewer: Viewer, input: CreateInput, error: string | null) =>
  Effect.gen(function*() {
    const l = viewer.language
    const scope = viewer.scope!
    const prices = (yield* Effect.orDie(catalog.listPrices(scope, { limit: PRICE_CHOICES, active: true, type: "one_time" }))).data
    const productIds = [...new Set(prices.map((p) => p.product))]
    const products = productIds.length === 0 ? [] : (yield* Effect.orDie(catalog.listProducts(scope, { limit: 100, ids: productIds }))).data
    const names = new Map(products.map((p) => [p.id, p.name]))
    const head = `<h2 id="create-title">${escape(t(l, "links.create"))}</h2>
${error === null ? "" : `<p class="alert" role="alert">${escape(error)}</p>`}`
    if (prices.length === 0) return `<section class="card" aria-labelledby="create-title">${head}<p>${escape(t(l, "links.noPrices"))}</p></section>`
    return `<form class="card" method="post" action="${href(viewer, "/dashboard/payment_links")}" aria-labelledby="create-title">${csrfField(viewer)}
${head}
<div class="filters">
<div class="field"><label for="link-price">${escape(t(l, "links.price"))}</label><select id="link-price" name="price" required>${
      prices.map((p) => `<option value="${escape(p.id)}"${p.id === input.price ? " selected" : ""}>${escape(priceLabel(p, names, l))}</option>`).join("")
    }</select></div>
<div class="field"><label for="link-quantity">${escape(t(l, "links.quantity"))}</label><input id="link-quantity" name="quantity" type="number" inputmode="numeric" min="1" max="${MAX_QUANTITY}" required value="${
      escape(input.quantity === "" ? "1" : input.quantity)
    }"></div>
</div>
<button class="button" type="submit">${escape(t(l, "links.submit"))}</button></form>`
  })

/** The links of the viewer's account and mode, a page at a time, and the create form (with the reason a try was refused). */
export const list = (
  links: PaymentLinks["Service"],
  catalog: Catalog["Service"],
  viewer: Viewer,
  url: URL,
  base: string,
  input: CreateInput = { price: "", quantity: "" },
  error: string | null = null
) =>
  Effect.gen(function*() {
    const l = viewer.language
    if (viewer.scope === null) return { status: 200, html: notice(viewer, "links.title", "account.choose") }
    const found = yield* Effect.result(links.list(viewer.scope, pageParamsOf(url)))
    if (found._tag === "Failure") return { status: 400, html: notice(viewer, "links.title", "missing.body") }
    const rows = found.success.data.map((link) =>
      `<tr data-link="${escape(link.id)}"><td data-label="${escape(t(l, "links.link"))}"><a href="${href(viewer, `/dashboard/payment_links/${encodeURIComponent(link.id)}`)}">${
        escape(nameOf(link) || link.id)
      }</a></td>` +
      `<td data-label="${escape(t(l, "links.status"))}">${statusPill(viewer, link.active)}</td>` +
      `<td class="num" data-label="${escape(t(l, "links.amount"))}">${amountOf(link, l)}</td>` +
      `<td data-label="${escape(t(l, "links.url"))}">${escape(paymentLinkUrl(base, link.token))}</td>` +
      `<td class="num" data-label="${escape(t(l, "sessions.created"))}">${escape(dateOf(link.created))}</td></tr>`
    ).join("\n")
    const table = rows === ""
      ? `<p class="card">${escape(t(l, "links.none"))}</p>`
      : `<table class="stack"><thead><tr>${
        (["links.link", "links.status", "links.amount", "links.url", "sessions.created"] as const).map((k) => `<th scope="col">${escape(t(l, k))}</th>`).join("")
      }</tr></thead><tbody>${rows}</tbody></table>`
    const body = `<h1>${escape(t(l, "links.title"))}</h1>
${table}
${pager(viewer, "/dashboard/payment_links", found.success, (link: PaymentLink) => link.id, url, t(l, "links.title"))}
${yield* createForm(catalog, viewer, input, error)}`
    return { status: error === null ? 200 : 400, html: page(viewer, t(l, "links.title"), body, "/dashboard/payment_links") }
  })

/** A link's URL as an inline SVG QR code (error correction M, a quiet zone of 2 modules), labelled for screen readers. */
export const qrSvg = (url: string, label: string) =>
  Effect.map(
    Effect.promise(() => QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 2 })),
    // the library's own markup (paths only: no script, no style); given a class, a role and a name
    (svg) => svg.replace("<svg ", `<svg class="qr" role="img" aria-label="${escape(label)}" `)
  )

/** One link's page, with a flash (already localized) from the action that led here. */
export const detail = (
  links: PaymentLinks["Service"],
  audit: Audit["Service"],
  viewer: Viewer,
  id: string,
  base: string,
  flash: { readonly ok: boolean; readonly text: string } | null
) =>
  Effect.gen(function*() {
    const l = viewer.language
    if (viewer.scope === null) return { status: 200, html: notice(viewer, "links.title", "account.choose") }
    const found = yield* Effect.option(links.retrieve(viewer.scope, id))
    if (Option.isNone(found)) return { status: 404, html: notice(viewer, "missing.title", "missing.body") }
    const link = found.value
    const path = `/dashboard/payment_links/${encodeURIComponent(link.id)}`
    const url = paymentLinkUrl(base, link.token)
    const records = yield* audit.forObjects(viewer.scope, [link.id], { limit: 20 })
    const items = link.line_items.map(({ item }) =>
      `<tr><td data-label="${escape(t(l, "links.items"))}">${escape(item.description)}</td><td class="num" data-label="${escape(t(l, "links.quantity"))}">${item.quantity}</td>` +
      `<td class="num" data-label="${escape(t(l, "links.amount"))}">${escape(Money.format(item.amount_total, item.currency, l))}</td></tr>`
    ).join("\n")
    const toggle = `<form method="post" action="${href(viewer, `${path}/${link.active ? "deactivate" : "activate"}`)}">${csrfField(viewer)}` +
      `<button class="button ${link.active ? "danger" : "secondary"}" type="submit">${escape(t(l, link.active ? "links.deactivate" : "links.activate"))}</button></form>`
    const body = `<p><a href="${href(viewer, "/dashboard/payment_links")}">← ${escape(t(l, "links.back"))}</a></p>
<h1>${escape(t(l, "links.link"))} <span class="muted">${escape(link.id)}</span></h1>
${flashBox(flash)}
<section class="card" aria-labelledby="link-facts"><h2 id="link-facts" class="sr-only">${escape(t(l, "links.link"))}</h2>
<div class="field"><label for="link-url">${escape(t(l, "links.copy"))}</label><input id="link-url" type="url" readonly value="${escape(url)}"></div>
<div class="actions"><button class="button secondary" type="button" data-copy="link-url" data-copied="${escape(t(l, "links.copied"))}" hidden>${escape(t(l, "links.copyButton"))}</button></div>
<dl class="facts">
<dt>${escape(t(l, "links.status"))}</dt><dd>${statusPill(viewer, link.active)}</dd>
<dt>${escape(t(l, "links.amount"))}</dt><dd>${amountOf(link, l)}</dd>
<dt>${escape(t(l, "sessions.created"))}</dt><dd>${escape(dateOf(link.created))}</dd>
${link.expires_at === null ? "" : `<dt>${escape(t(l, "links.expires"))}</dt><dd>${escape(dateOf(link.expires_at))}</dd>`}
</dl>
<div class="actions spaced">${toggle}</div></section>
<section class="card" aria-labelledby="qr-title"><h2 id="qr-title">${escape(t(l, "links.qr"))}</h2><p class="muted">${escape(t(l, "links.qrHint"))}</p>
${yield* qrSvg(url, t(l, "links.qr"))}</section>
<section class="card" aria-labelledby="items-title"><h2 id="items-title">${escape(t(l, "links.items"))}</h2>
<table class="stack"><tbody>${items}</tbody></table></section>
${auditSection(viewer, records)}`
    return { status: 200, html: page(viewer, `${t(l, "links.link")} ${link.id}`, body, path) }
  })

/** The message an action's outcome in the URL stands for, if any. */
export const flashOf = (viewer: Viewer, url: URL): { readonly ok: boolean; readonly text: string } | null => {
  const l = viewer.language
  const done = url.searchParams.get("done")
  if (done === "created" || done === "activated" || done === "deactivated") return { ok: true, text: t(l, `links.${done}`) }
  if (url.searchParams.get("failed") !== null) return { ok: false, text: t(l, "session.actionFailed", { message: t(l, "session.failedOther") }) }
  return null
}
