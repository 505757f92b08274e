/**
 * What the hosted page shows of a session, formatted on the server with the core's `Money.format`
 * so the browser never needs a currency's exponent: the line items, the total, what was refunded of a
 * paid session, and the locale and language chosen for the customer.
 */
import { type Charge, Money, type SessionState } from "@till/core"
import type { MerchantDisplay } from "./MerchantDisplay.ts"
import type { Language } from "./pages/Messages.ts"
import type { PageLocale } from "./pages/Locale.ts"

/** One line as the customer reads it. */
export interface DisplayLine {
  readonly id: string
  readonly name: string
  readonly description: string | null
  readonly quantity: number
  readonly unit_amount: string
  readonly amount_total: string
}

/** The page's view of a session, amounts already formatted. */
export interface Display {
  readonly object: "checkout.display"
  readonly locale: string
  readonly language: Language
  readonly currency: string
  readonly line_items: ReadonlyArray<DisplayLine>
  readonly amount_subtotal: string
  /** What discounts take off, formatted (null when nothing), and the promotion code or coupon name that gives it. */
  readonly amount_discount: string | null
  readonly discount: { readonly code: string | null; readonly name: string | null } | null
  /** The tax the total holds (inclusive and exclusive), formatted; null when none. */
  readonly amount_tax: string | null
  /** Whether the page offers a promotion-code field. */
  readonly allow_promotion_codes: boolean
  /** The countries whose dynamic tax rates the line items have (the page asks the customer's country when any), and the one chosen. */
  readonly tax_countries: ReadonlyArray<string>
  readonly country: string | null
  readonly amount_total: string
  /** What refunds gave back of a paid session (`full` once all of it), or null when nothing was refunded. */
  readonly refund: { readonly amount_refunded: string; readonly amount_captured: string; readonly full: boolean } | null
  /** Who is being paid: the account's name, logo, colours and links (MerchantDisplay.ts); null for an account that set none. */
  readonly merchant: MerchantDisplay | null
}

/** Formats a session's amounts for a customer. */
export const of = (state: SessionState, at: PageLocale, charge: Charge | null = null, merchant: MerchantDisplay | null = null): Display => {
  const { currency } = state.session
  const money = (amount: number) => Money.format(amount, currency, at.locale)
  const applied = state.session.discounts[0]
  return {
    object: "checkout.display",
    locale: at.locale,
    language: at.language,
    currency,
    line_items: state.line_items.map((item) => ({
      id: item.id,
      name: item.description,
      description: item.price.product_data.description,
      quantity: item.quantity,
      unit_amount: money(item.price.unit_amount),
      amount_total: money(item.amount_subtotal)
    })),
    amount_subtotal: money(state.session.amount_subtotal),
    amount_discount: state.session.amount_discount === 0 ? null : money(state.session.amount_discount),
    discount: applied === undefined ? null : { code: applied.promotion_code?.code ?? null, name: applied.coupon.name },
    amount_tax: state.session.amount_tax === 0 ? null : money(state.session.amount_tax),
    allow_promotion_codes: state.session.allow_promotion_codes,
    tax_countries: [...new Set(state.line_items.flatMap((item) => (item.dynamic_tax_rates ?? []).flatMap((r) => r.country ?? [])))].sort(),
    country: state.session.country,
    amount_total: money(state.session.amount_total),
    refund: charge === null || !charge.captured || charge.amount_refunded === 0
      ? null
      : { amount_refunded: money(charge.amount_refunded), amount_captured: money(charge.amount_captured), full: charge.refunded },
    merchant
  }
}
