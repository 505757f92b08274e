/**
 * A receipt as the customer reads it, amounts and dates already formatted in their language: what
 * the receipt page and the e-mailed receipt both show, so they say the same. Read from the paid
 * session, its charge (refunds included) and the merchant.
 */
import { Card, type Charge, Money, type ReceiptMerchant, type SessionState } from "@till/core"
import type { PageLocale } from "./pages/Locale.ts"
import { messages } from "./pages/Messages.ts"
import { fill, type ReceiptKey, receiptMessages } from "./pages/ReceiptMessages.ts"

/** One line of the receipt. */
export interface ReceiptLine {
  readonly name: string
  readonly quantity: number
  readonly amount: string
}

/** One row of the receipt's totals: its label and amount. */
export interface ReceiptRow {
  readonly label: string
  readonly amount: string
}

/** The receipt, ready to render. */
export interface ReceiptView {
  readonly language: PageLocale["language"]
  readonly livemode: boolean
  readonly merchant: ReceiptMerchant
  /** The receipt's strings in its language, `{name}` marks filled in with `values`. */
  readonly text: (key: ReceiptKey, values?: Readonly<Record<string, string | number>>) => string
  readonly title: string
  /** The charge's id, which the merchant's support finds the payment by. */
  readonly number: string
  readonly amount_paid: string
  readonly date_paid: string
  /** "Visa ending in 4242", or null when the card is not known. */
  readonly payment_method: string | null
  readonly lines: ReadonlyArray<ReceiptLine>
  /** Subtotal, discount and tax (those that apply), the total, and for a plan its interest and what was charged. */
  readonly totals: ReadonlyArray<ReceiptRow>
  /** The installment plan in words ("6 cuotas de $7.880 · total $47.282 (5,07% de interés)"), or null when paid at once. */
  readonly installments: string | null
  readonly refunded: string | null
}

/** A paid session's receipt in a language. */
export const of = (state: SessionState, charge: Charge, merchant: ReceiptMerchant, at: PageLocale): ReceiptView => {
  const strings = receiptMessages[at.language]
  const text = (key: ReceiptKey, values: Readonly<Record<string, string | number>> = {}) => fill(strings[key], values)
  const { session } = state
  const money = (amount: number) => Money.format(amount, session.currency, at.locale)
  const card = charge.card
  const applied = session.discounts[0]
  const code = applied === undefined ? null : applied.promotion_code?.code ?? applied.coupon.name
  const plan = state.payment_intent?.installments ?? null
  const totals: Array<ReceiptRow> = []
  if (session.amount_discount !== 0 || session.amount_tax !== 0) totals.push({ label: text("receipt.subtotal"), amount: money(session.amount_subtotal) })
  if (session.amount_discount !== 0) {
    totals.push({ label: code === null ? text("receipt.discount") : text("receipt.discountCode", { code }), amount: `−${money(session.amount_discount)}` })
  }
  if (session.amount_tax !== 0) totals.push({ label: text("receipt.tax"), amount: money(session.amount_tax) })
  totals.push({ label: text("receipt.total"), amount: money(session.amount_total) })
  if (plan !== null && plan.total !== session.amount_total) {
    totals.push({ label: text("receipt.interest"), amount: money(plan.total - session.amount_total) })
    totals.push({ label: text("receipt.charged"), amount: money(plan.total) })
  }
  return {
    language: at.language,
    livemode: session.livemode,
    merchant,
    text,
    title: text("receipt.title", { merchant: merchant.name }),
    number: charge.id,
    amount_paid: money(charge.amount_captured),
    date_paid: new Intl.DateTimeFormat(at.locale, { dateStyle: "long", timeZone: "UTC" }).format(new Date(charge.created * 1000)),
    payment_method: card === null ? null : text("receipt.card", { brand: (Card.BRAND_NAMES as Readonly<Record<string, string>>)[card.brand] || card.brand, last4: card.last4 }),
    lines: state.line_items.map((item) => ({ name: item.description, quantity: item.quantity, amount: money(item.amount_subtotal) })),
    totals,
    installments: plan === null ? null : planLabel(plan, at, money),
    refunded: charge.amount_refunded === 0 ? null : money(charge.amount_refunded)
  }
}

/** A plan in the words the checkout page used for it (Messages.ts's `form.plan…`). */
const planLabel = (
  plan: NonNullable<NonNullable<SessionState["payment_intent"]>["installments"]>,
  at: PageLocale,
  money: (amount: number) => string
): string => {
  const t = messages[at.language]
  const amounts = plan.last_installment_amount === plan.installment_amount
    ? fill(t["form.planOf"], { count: plan.count, amount: money(plan.installment_amount), total: money(plan.total) })
    : fill(t["form.planOfLast"], { count: plan.count, amount: money(plan.installment_amount), last: money(plan.last_installment_amount), total: money(plan.total) })
  const rate = new Intl.NumberFormat(at.locale, { style: "percent", maximumFractionDigits: 2 }).format(plan.rate / 100)
  return `${amounts} (${plan.rate === 0 ? t["form.planFree"] : fill(t["form.planRate"], { rate })})`
}
