/** The installment plans a session offers, as the choices of the page's select and the pay button's words. */
import type { Translator } from "./Translator.ts"
import type { Display, DisplayPlan } from "./Wire.ts"

/**
 * A plan's label: what each installment and the whole plan cost (the last installment too when it
 * differs), then interest-free or its rate formatted in the page's locale.
 */
export const label = (plan: DisplayPlan, locale: string, t: Translator): string => {
  const amounts = plan.last_installment_amount === plan.installment_amount
    ? t.text("form.planOf", { count: plan.count, amount: plan.installment_amount, total: plan.total })
    : t.text("form.planOfLast", { count: plan.count, amount: plan.installment_amount, last: plan.last_installment_amount, total: plan.total })
  if (!plan.rate) return `${amounts} (${t.text("form.planFree")})`
  const rate = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 }).format(plan.rate / 100)
  return `${amounts} (${t.text("form.planRate", { rate })})`
}

/** The plan chosen in the select (its value is the count; "" pays in full), if the display offers it. */
export const chosen = (display: Display, value: string): DisplayPlan | undefined =>
  value === "" ? undefined : display.installments.find((plan) => String(plan.count) === value)

/**
 * What the pay button says: the total (with the session's submit type's verb: pay, book or donate), or
 * the chosen plan's installments and total, which is what is charged.
 */
export const payLabel = (display: Display, value: string, t: Translator): string => {
  const plan = chosen(display, value)
  if (plan !== undefined) return t.text("form.payPlan", { count: plan.count, amount: plan.installment_amount, total: plan.total })
  const verb = display.submit_type === "book" ? "form.book" : display.submit_type === "donate" ? "form.donate" : "form.pay"
  return t.text(verb, { amount: display.amount_total })
}
