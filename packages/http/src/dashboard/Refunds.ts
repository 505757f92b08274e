/**
 * A paid session's refunds on its page (issue 15): the refunds of its payment intent, and a form to
 * refund it (the amount in major units, the remainder unless changed; an optional reason), done through
 * `Charges.createRefund` as `POST /v1/refunds` is, and recorded in the audit trail.
 */
import { type Audit, type Charges, type CheckoutSessions, Money, type RefundReason, type SessionState } from "@till/core"
import { Effect, Option } from "effect"
import { escape } from "../pages/Html.ts"
import { exampleAmount, majorUnits, minorUnits } from "./Amounts.ts"
import { audited } from "./Audited.ts"
import { type Key, t } from "./Messages.ts"
import { csrfField, href, type Viewer } from "./Viewer.ts"

const REASONS: ReadonlyArray<RefundReason> = ["requested_by_customer", "duplicate", "fraudulent"]

const dateOf = (seconds: number) => new Date(seconds * 1000).toISOString().replace("T", " ").slice(0, 16) + " UTC"

/** The refunds card of a session's page: its refunds, and the form while something is left to refund (empty without a payment). */
export const section = (charges: Charges["Service"], viewer: Viewer, state: SessionState) =>
  Effect.gen(function*() {
    const l = viewer.language
    const pi = state.payment_intent
    if (viewer.scope === null || pi === null) return ""
    const charge = yield* charges.chargeOfIntent(viewer.scope, pi.id)
    if (charge === null) return ""
    const refunds = yield* Effect.orElseSucceed(charges.listRefunds(viewer.scope, { payment_intent: pi.id, limit: 100 }), () => ({ data: [], has_more: false }))
    const currency = charge.currency
    const money = (amount: number) => escape(Money.format(amount, currency, l))
    const remaining = charge.captured ? charge.amount_captured - charge.amount_refunded : 0
    const path = `/dashboard/sessions/${encodeURIComponent(state.session.id)}`
    const form = remaining <= 0 ? "" : `<form method="post" action="${href(viewer, `${path}/refund`)}">${csrfField(viewer)}
<p class="muted">${escape(t(l, "refund.refundable", { amount: Money.format(remaining, currency, l) }))}</p>
<div class="filters">
<div class="field"><label for="refund-amount">${escape(t(l, "refund.amount", { currency: currency.toUpperCase() }))}</label><input id="refund-amount" name="amount" type="text" inputmode="decimal" autocomplete="off" required value="${escape(majorUnits(remaining, currency))}"></div>
<div class="field"><label for="refund-reason">${escape(t(l, "refund.reason"))}</label><select id="refund-reason" name="reason"><option value="">${escape(t(l, "refund.reasonNone"))}</option>${
      REASONS.map((r) => `<option value="${r}">${escape(t(l, `refund.${r}` as Key))}</option>`).join("")
    }</select></div>
</div>
<button class="button danger" type="submit">${escape(t(l, "refund.submit"))}</button></form>`
    const rows = refunds.data.map((r) =>
      `<tr data-refund="${escape(r.id)}"><td data-label="${escape(t(l, "refund.id"))}">${escape(r.id)}</td><td class="num" data-label="${escape(t(l, "sessions.amount"))}">${money(r.amount)}</td>` +
      `<td data-label="${escape(t(l, "refund.status"))}"><span class="pill ${escape(r.status)}">${escape(r.status)}</span></td>` +
      `<td data-label="${escape(t(l, "refund.reason"))}">${r.reason === null ? "" : escape(t(l, `refund.${r.reason}` as Key))}</td>` +
      `<td class="num" data-label="${escape(t(l, "sessions.created"))}">${escape(dateOf(r.created))}</td></tr>`
    ).join("\n")
    return `<section class="card" aria-labelledby="refunds-title"><h2 id="refunds-title">${escape(t(l, "refund.title"))}</h2>
${rows === "" ? `<p>${escape(t(l, "refund.none"))}</p>` : `<table class="stack"><thead><tr><th scope="col">${escape(t(l, "refund.id"))}</th><th scope="col">${escape(t(l, "sessions.amount"))}</th><th scope="col">${
      escape(t(l, "refund.status"))
    }</th><th scope="col">${escape(t(l, "refund.reason"))}</th><th scope="col">${escape(t(l, "sessions.created"))}</th></tr></thead><tbody>${rows}</tbody></table>`}
${form}</section>`
  })

/** The refund action: the outcome, or why it failed (localized), for the page shown next. */
export const refund = (sessions: CheckoutSessions["Service"], charges: Charges["Service"], audit: Audit["Service"], viewer: Viewer, id: string, form: URLSearchParams) =>
  Effect.gen(function*() {
    const l = viewer.language
    if (viewer.scope === null) return { error: t(l, "account.choose") }
    const scope = viewer.scope
    const found = yield* Effect.option(sessions.retrieve(scope, id))
    if (Option.isNone(found)) return { missing: true } as const
    const pi = found.value.payment_intent
    if (pi === null) return { error: t(l, "refund.notPaid") }
    const currency = found.value.session.currency
    const typed = (form.get("amount") ?? "").trim().slice(0, 40)
    const amount = minorUnits(typed, currency)
    if (amount === undefined || amount === 0) return { error: t(l, "sessions.badAmount", { value: typed, currency: currency.toUpperCase(), example: exampleAmount(currency) }) }
    const reason = REASONS.find((r) => r === form.get("reason"))
    const made = yield* Effect.result(audited(
      audit,
      viewer,
      scope,
      "checkout.session.refund",
      id,
      charges.createRefund(scope, { payment_intent: pi.id, amount, ...(reason === undefined ? {} : { reason }) }),
      (r) => ({ refund: r.id, amount: r.amount, currency: r.currency })
    ))
    if (made._tag === "Failure") return { error: t(l, "session.actionFailed", { message: made.failure.message }) }
    return { done: true } as const
  })
