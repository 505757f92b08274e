/** The installment plans a card offers, as the choices of the page's select. */
import type { Translator } from "./Translator.ts"
import type { PaymentMethods, Plan } from "./Wire.ts"

/** The plans of the session's card method, or none when installments are off. */
export const plansOf = (methods: PaymentMethods): ReadonlyArray<Plan> => {
  const card = (methods.data ?? []).find((method) => method.type === "card")?.card
  return card !== undefined && card.installments.enabled ? card.installments.plans : []
}

/** A plan's label: interest-free, or its rate formatted in the page's locale. */
export const label = (plan: Plan, locale: string, t: Translator): string => {
  if (!plan.rate) return t.text("form.planFree", { count: plan.count })
  const rate = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 }).format(plan.rate / 100)
  return t.text("form.planRate", { count: plan.count, rate })
}
