/**
 * What the hosted page shows of a session, formatted on the server with the core's `Money.format`
 * so the browser never needs a currency's exponent: the line items, the total, what was refunded of a
 * paid session, and the locale and language chosen for the customer.
 */
import { AddressRules, type Charge, InstallmentQuote, Money, type SessionState } from "@till/core"
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

/**
 * An installment plan as the customer reads it: what each installment and the whole plan cost
 * (InstallmentQuote, the same quote the payment charges), formatted; `rate` is the plan's interest in
 * percent of the amount, in all.
 */
export interface DisplayPlan {
  readonly count: number
  readonly rate: number
  readonly installment_amount: string
  /** The last installment, which takes what the division leaves: the same as the others when it divides evenly. */
  readonly last_installment_amount: string
  readonly total: string
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
  /**
   * The address formats the page lays its address fields out with (AddressRules' table, as data): every
   * country's with a billing address, the allowed countries' with only a shipping one, null when no address is asked.
   */
  readonly address_formats: { readonly [country: string]: AddressRules.Format } | null
  /** The installment plans offered on the current total (none when installments are off), those a payment could charge. */
  readonly installments: ReadonlyArray<DisplayPlan>
  /** The receipt page of a paid session (its charge's `receipt_url`), or null before the payment is taken. */
  readonly receipt_url: string | null
  /** What refunds gave back of a paid session (`full` once all of it), or null when nothing was refunded. */
  readonly refund: { readonly amount_refunded: string; readonly amount_captured: string; readonly full: boolean } | null
  /** Who is being paid: the account's name, logo, colours and links (MerchantDisplay.ts); null for an account that set none. */
  readonly merchant: MerchantDisplay | null
}

/** Formats a session's amounts for a customer. */
export const of = (
  state: SessionState,
  at: PageLocale,
  charge: Charge | null = null,
  receiptUrl: string | null = null,
  merchant: MerchantDisplay | null = null
): Display => {
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
    address_formats: addressFormats(state),
    installments: plansOf(state, money),
    receipt_url: receiptUrl,
    refund: charge === null || !charge.captured || charge.amount_refunded === 0
      ? null
      : { amount_refunded: money(charge.amount_refunded), amount_captured: money(charge.amount_captured), full: charge.refunded },
    merchant
  }
}

/** The address formats a session's page needs (see {@link Display.address_formats}). */
const addressFormats = (state: SessionState): Display["address_formats"] => {
  const { collection } = state.session
  if (collection.billing_address_collection === "required") return AddressRules.FORMATS
  const allowed = collection.shipping_address_collection?.allowed_countries
  if (allowed === undefined) return null
  return Object.fromEntries(allowed.flatMap((c) => AddressRules.FORMATS[c] === undefined ? [] : [[c, AddressRules.FORMATS[c]!]]))
}

/** The plans of a session quoted on its total, leaving out any whose total no payment may take. */
const plansOf = (state: SessionState, money: (amount: number) => string): ReadonlyArray<DisplayPlan> => {
  const offer = state.session.payment_method_options.card.installments
  if (!offer.enabled) return []
  return offer.plans
    .map((plan) => InstallmentQuote.quote(state.session.amount_total, plan))
    .filter(InstallmentQuote.chargeable)
    .map((q) => ({
      count: q.count,
      rate: q.rate,
      installment_amount: money(q.installment_amount),
      last_installment_amount: money(q.last_installment_amount),
      total: money(q.total)
    }))
}
