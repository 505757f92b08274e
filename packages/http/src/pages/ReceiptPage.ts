/**
 * The receipt page (`GET /receipts/:charge/:secret`): rendered on the server, with no script, in the
 * checkout page's style. Everything is on the page, so it prints and reads without JavaScript.
 */
import type { ReceiptView } from "../ReceiptView.ts"
import * as Assets from "./Assets.ts"
import { document, escape } from "./Html.ts"

/** The support contacts as a definition list, or nothing when the merchant gave none. */
const support = (view: ReceiptView): string => {
  const { supportEmail, supportPhone, supportUrl } = view.merchant
  const rows = [
    supportEmail === null ? "" : `<div><dt>${escape(view.text("receipt.email"))}</dt><dd><a href="mailto:${escape(supportEmail)}">${escape(supportEmail)}</a></dd></div>`,
    supportPhone === null ? "" : `<div><dt>${escape(view.text("receipt.phone"))}</dt><dd><a href="tel:${escape(supportPhone.replace(/[^\d+]/g, ""))}">${escape(supportPhone)}</a></dd></div>`,
    supportUrl === null || !/^https?:\/\//i.test(supportUrl) ? "" : `<div><dt>${escape(view.text("receipt.website"))}</dt><dd><a href="${escape(supportUrl)}" rel="noopener noreferrer">${escape(supportUrl)}</a></dd></div>`
  ].join("")
  return `<section class="receipt-support" aria-labelledby="support-title">
  <h2 id="support-title">${escape(view.text("receipt.support", { merchant: view.merchant.name }))}</h2>
  ${rows === "" ? "" : `<dl class="receipt-facts">${rows}</dl>`}
</section>`
}

/** The receipt page of a paid session. `assets` is the way from the page's directory to `/c/assets/`. */
export const render = (view: ReceiptView, assets: string): string => {
  const fact = (label: string, value: string) => `<div><dt>${escape(label)}</dt><dd>${escape(value)}</dd></div>`
  return document({
    language: view.language,
    title: view.title,
    stylesheet: `${assets}${Assets.stylesheet.file}`,
    body: `<main class="layout receipt">
<article class="payment" aria-labelledby="receipt-title">
  ${view.livemode ? "" : `<p class="badge">${escape(view.text("receipt.testMode"))}</p>`}
  <h1 id="receipt-title">${escape(view.title)}</h1>
  <p class="hint">${escape(view.text("receipt.intro"))}</p>
  <dl class="receipt-facts">
    ${fact(view.text("receipt.amountPaid"), view.amount_paid)}
    ${fact(view.text("receipt.datePaid"), view.date_paid)}
    ${view.payment_method === null ? "" : fact(view.text("receipt.method"), view.payment_method)}
    ${view.installments === null ? "" : fact(view.text("receipt.installments"), view.installments)}
    ${view.refunded === null ? "" : fact(view.text("receipt.refunded"), view.refunded)}
    ${fact(view.text("receipt.number"), view.number)}
  </dl>
  <h2>${escape(view.text("receipt.summary"))}</h2>
  <ul class="items">
    ${
      view.lines.map((line) =>
        `<li class="item"><div class="item-info"><span class="item-name">${escape(line.name)}</span>${
          line.quantity > 1 ? `<span class="item-meta">${escape(view.text("receipt.quantity", { quantity: line.quantity }))}</span>` : ""
        }</div><span class="item-amount">${escape(line.amount)}</span></li>`
      ).join("\n    ")
    }
  </ul>
  <dl class="totals">
    ${view.totals.map((row) => `<div><dt>${escape(row.label)}</dt><dd>${escape(row.amount)}</dd></div>`).join("\n    ")}
  </dl>
  ${support(view)}
</article>
</main>`
  })
}
