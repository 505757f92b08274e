/**
 * The e-mailed receipt: a subject, a plain-text body and an HTML body (inline styles only, as mail
 * readers drop style sheets), all from the same ReceiptView as the receipt page, with a link to it.
 */
import type { ReceiptOf } from "@till/core"
import { escape } from "./pages/Html.ts"
import * as Locale from "./pages/Locale.ts"
import * as ReceiptView from "./ReceiptView.ts"
import * as Wire from "./Wire.ts"

/** A receipt as a message: what a mailer sends. */
export interface ReceiptMessage {
  readonly subject: string
  readonly text: string
  readonly html: string
}

/** The receipt of `view` as an e-mail, linking to its page at `url`. */
export const render = (view: ReceiptView.ReceiptView, url: string): ReceiptMessage => {
  const { merchant } = view
  const facts: ReadonlyArray<readonly [string, string]> = [
    [view.text("receipt.amountPaid"), view.amount_paid],
    [view.text("receipt.datePaid"), view.date_paid],
    ...(view.payment_method === null ? [] : [[view.text("receipt.method"), view.payment_method] as const]),
    ...(view.installments === null ? [] : [[view.text("receipt.installments"), view.installments] as const]),
    ...(view.refunded === null ? [] : [[view.text("receipt.refunded"), view.refunded] as const]),
    [view.text("receipt.number"), view.number]
  ]
  const contacts: ReadonlyArray<readonly [string, string]> = [
    ...(merchant.supportEmail === null ? [] : [[view.text("receipt.email"), merchant.supportEmail] as const]),
    ...(merchant.supportPhone === null ? [] : [[view.text("receipt.phone"), merchant.supportPhone] as const]),
    ...(merchant.supportUrl === null ? [] : [[view.text("receipt.website"), merchant.supportUrl] as const])
  ]
  const support = view.text("receipt.support", { merchant: merchant.name })

  const text = [
    view.title,
    "",
    ...(view.livemode ? [] : [view.text("receipt.testMode"), ""]),
    view.text("receipt.intro"),
    "",
    ...facts.map(([label, value]) => `${label}: ${value}`),
    "",
    view.text("receipt.summary"),
    ...view.lines.map((line) => `${line.name}${line.quantity > 1 ? ` × ${line.quantity}` : ""}: ${line.amount}`),
    ...view.totals.map((row) => `${row.label}: ${row.amount}`),
    "",
    support,
    ...contacts.map(([label, value]) => `${label}: ${value}`),
    "",
    `${view.text("receipt.online")} ${url}`,
    ""
  ].join("\n")

  const cell = "padding:6px 0;border-bottom:1px solid #e4e7ec"
  const row = (label: string, value: string, strong = false) =>
    `<tr><td style="${cell};color:#4f566b">${escape(label)}</td><td style="${cell};text-align:right${strong ? ";font-weight:700" : ""}">${escape(value)}</td></tr>`
  const html = `<!doctype html>
<html lang="${escape(view.language)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(view.title)}</title></head>
<body style="margin:0;padding:24px 12px;background:#f6f8fa;color:#1a1f36;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif">
<table role="presentation" style="max-width:560px;width:100%;margin:0 auto;background:#fff;border:1px solid #d0d5dd;border-radius:12px;padding:20px">
<tr><td>
${view.livemode ? "" : `<p style="margin:0 0 12px;color:#7a3e00;font-weight:600">${escape(view.text("receipt.testMode"))}</p>`}
<h1 style="margin:0 0 8px;font-size:20px">${escape(view.title)}</h1>
<p style="margin:0 0 16px;color:#4f566b">${escape(view.text("receipt.intro"))}</p>
<table role="presentation" style="width:100%;border-collapse:collapse;margin-bottom:16px">
${facts.map(([label, value]) => row(label, value)).join("\n")}
</table>
<h2 style="margin:0 0 8px;font-size:17px">${escape(view.text("receipt.summary"))}</h2>
<table role="presentation" style="width:100%;border-collapse:collapse;margin-bottom:16px">
${view.lines.map((line) => row(line.quantity > 1 ? `${line.name} × ${line.quantity}` : line.name, line.amount)).join("\n")}
${view.totals.map((r, i) => row(r.label, r.amount, i === view.totals.length - 1)).join("\n")}
</table>
<p style="margin:0 0 4px;font-weight:600">${escape(support)}</p>
${contacts.map(([label, value]) => `<p style="margin:0;color:#344054">${escape(label)}: ${escape(value)}</p>`).join("\n")}
<p style="margin:16px 0 0"><a href="${escape(url)}" style="color:#3730a3">${escape(view.text("receipt.online"))} ${escape(url)}</a></p>
</td></tr>
</table>
</body>
</html>
`
  return { subject: view.text("receipt.subject", { merchant: merchant.name }), text, html }
}

/**
 * A paid session's receipt as an e-mail, in the session's language (its `locale`, else English; a
 * bare language takes the session's country for its formatting), linking to its page under `base`.
 */
export const compose = (receipt: ReceiptOf, base: string): ReceiptMessage => {
  const { charge, merchant, state } = receipt
  const at = Locale.resolve(state.session.locale, undefined, state.session.country)
  return render(ReceiptView.of(state, charge, merchant, at), Wire.receiptUrl(charge, base) ?? base)
}
