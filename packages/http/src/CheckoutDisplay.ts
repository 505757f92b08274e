/**
 * What the hosted page shows of a session, formatted on the server with the core's `Money.format`
 * so the browser never needs a currency's exponent: the line items, the total, and the locale and
 * language chosen for the customer.
 */
import { Money, type SessionState } from "@till/core"
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
  readonly amount_total: string
}

/** Formats a session's amounts for a customer. */
export const of = (state: SessionState, at: PageLocale): Display => {
  const { currency } = state.session
  const money = (amount: number) => Money.format(amount, currency, at.locale)
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
      amount_total: money(item.amount_total)
    })),
    amount_subtotal: money(state.session.amount_subtotal),
    amount_total: money(state.session.amount_total)
  }
}
