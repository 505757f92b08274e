/**
 * What the hosted page shows of a session, formatted on the server with the core's `Money.format`
 * so the browser never needs a currency's exponent: the line items, the shipping options, the total,
 * what the page asks (custom fields, the terms of service) and says (custom text, the button's kind),
 * what was refunded of a paid session, and the locale and language chosen for the customer.
 */
import { AddressRules, type Charge, type CustomField, type DeliveryBound, type DeliveryEstimate, InstallmentQuote, Money, type SessionState } from "@till/core"
import type { MerchantDisplay } from "./MerchantDisplay.ts"
import { fill, type Language, messages } from "./pages/Messages.ts"
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

/** A shipping option as the customer reads it: its rate's id, name, price (null: free) and delivery estimate. */
export interface DisplayShippingOption {
  readonly id: string
  readonly name: string
  readonly amount: string | null
  readonly estimate: string | null
}

/** A custom field as the page renders it: its rule's bounds, its options, and the value to show. */
export interface DisplayField {
  readonly key: string
  readonly label: string
  readonly type: CustomField["type"]
  readonly optional: boolean
  readonly minimum_length: number | null
  readonly maximum_length: number | null
  readonly options: ReadonlyArray<{ readonly label: string; readonly value: string }>
  /** What the field starts with: the customer's value once given, else the default. */
  readonly value: string
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
  /** The shipping options (empty: no shipping), the chosen one's rate id, and what it costs (null: free, or no shipping). */
  readonly shipping_options: ReadonlyArray<DisplayShippingOption>
  readonly shipping_rate: string | null
  readonly amount_shipping: string | null
  /** The fields the customer fills in, in order. */
  readonly custom_fields: ReadonlyArray<DisplayField>
  /** The merchant's texts, where Stripe shows them (null: none). */
  readonly custom_text: {
    readonly submit: string | null
    readonly after_submit: string | null
    readonly shipping_address: string | null
    readonly terms_of_service_acceptance: string | null
  }
  /** Whether the customer must accept the terms of service, and where they are (null until the account sets the address). */
  readonly terms: { readonly required: boolean; readonly url: string | null }
  /** What the pay button says: `pay` (`auto` and no submit type too), `book` or `donate`. */
  readonly submit_type: "pay" | "book" | "donate"
  /** What refunds gave back of a paid session (`full` once all of it), or null when nothing was refunded. */
  readonly refund: { readonly amount_refunded: string; readonly amount_captured: string; readonly full: boolean } | null
  /** Who is being paid: the account's name, logo, colours and links (MerchantDisplay.ts); null for an account that set none. */
  readonly merchant: MerchantDisplay | null
  /**
   * The processor's own card component the page loads in place of its card fields (the connector's
   * ClientComponent, with Till's addresses of its script and stylesheet), so only a token reaches Till;
   * null: the page's own card form.
   */
  readonly client_component: DisplayComponent | null
}

/** See {@link Display.client_component}. */
export interface DisplayComponent {
  readonly processor: string
  readonly script: string
  readonly stylesheet: string | null
  readonly config: Readonly<Record<string, string>>
}

/**
 * `value` (or the range `value`–`to`) of a delivery unit in words: Intl names hours, days, weeks and
 * months in the page's locale; business days are the pages' own strings.
 */
const unitText = (unit: DeliveryBound["unit"], at: PageLocale, value: number, to?: number): string => {
  if (unit !== "business_day") {
    const format = new Intl.NumberFormat(at.locale, { style: "unit", unit, unitDisplay: "long" })
    return to === undefined ? format.format(value) : format.formatRange(value, to)
  }
  const count = to === undefined ? new Intl.NumberFormat(at.locale).format(value) : new Intl.NumberFormat(at.locale).formatRange(value, to)
  return fill(messages[at.language][to === undefined && value === 1 ? "delivery.businessDay" : "delivery.businessDays"], { count })
}

/** A delivery estimate in the page's language: "3–5 business days", "Up to 1 week", "At least 2 days". */
export const estimateText = (estimate: DeliveryEstimate | null, at: PageLocale): string | null => {
  if (estimate === null) return null
  const { maximum: max, minimum: min } = estimate
  const t = messages[at.language]
  if (min !== null && max !== null) {
    if (min.unit !== max.unit) return `${unitText(min.unit, at, min.value)} – ${unitText(max.unit, at, max.value)}`
    return min.value === max.value ? unitText(max.unit, at, max.value) : unitText(max.unit, at, min.value, max.value)
  }
  if (max !== null) return fill(t["delivery.upTo"], { max: unitText(max.unit, at, max.value) })
  if (min !== null) return fill(t["delivery.atLeast"], { min: unitText(min.unit, at, min.value) })
  return null
}

/** A custom field as the page renders it. */
const displayField = (f: CustomField): DisplayField => {
  const settings = f.text ?? f.numeric
  const state = settings ?? f.dropdown
  return {
    key: f.key,
    label: f.label.custom ?? f.key,
    type: f.type,
    optional: f.optional,
    minimum_length: settings?.minimum_length ?? null,
    maximum_length: settings?.maximum_length ?? null,
    options: f.dropdown?.options ?? [],
    value: state?.value ?? state?.default_value ?? ""
  }
}

/**
 * Formats a session's amounts for a customer; `merchant` is the account's public face (its terms of
 * service address is the link of the terms checkbox), null while the account has none.
 */
export const of = (
  state: SessionState,
  at: PageLocale,
  charge: Charge | null = null,
  receiptUrl: string | null = null,
  merchant: MerchantDisplay | null = null,
  component: DisplayComponent | null = null
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
    shipping_options: state.session.shipping_options.map((o) => ({
      id: o.shipping_rate.id,
      name: o.shipping_rate.display_name,
      amount: o.shipping_amount === 0 ? null : money(o.shipping_amount),
      estimate: estimateText(o.shipping_rate.delivery_estimate, at)
    })),
    shipping_rate: state.session.shipping_cost?.shipping_rate ?? null,
    amount_shipping: state.session.shipping_cost === null || state.session.shipping_cost.amount_total === 0 ? null : money(state.session.shipping_cost.amount_total),
    custom_fields: state.session.custom_fields.map(displayField),
    custom_text: {
      submit: state.session.custom_text.submit?.message ?? null,
      after_submit: state.session.custom_text.after_submit?.message ?? null,
      shipping_address: state.session.custom_text.shipping_address?.message ?? null,
      terms_of_service_acceptance: state.session.custom_text.terms_of_service_acceptance?.message ?? null
    },
    terms: { required: state.session.consent_collection?.terms_of_service === "required", url: merchant?.terms_of_service_url ?? null },
    submit_type: state.session.submit_type === "book" || state.session.submit_type === "donate" ? state.session.submit_type : "pay",
    refund: charge === null || !charge.captured || charge.amount_refunded === 0
      ? null
      : { amount_refunded: money(charge.amount_refunded), amount_captured: money(charge.amount_captured), full: charge.refunded },
    merchant,
    client_component: component
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
