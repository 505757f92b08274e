/** The page's sections: loading, the checkout (order summary and card form), and a closing state. */
import type { Key } from "../Messages.ts"
import { byId, el } from "./Dom.ts"
import * as Fields from "./Fields.ts"
import * as Installments from "./Installments.ts"
import * as Shipping from "./Shipping.ts"
import type { Translator } from "./Translator.ts"
import type { Display } from "./Wire.ts"

/** Shows one section and hides the others. */
export const show = (section: "loading" | "checkout" | "state"): void => {
  for (const id of ["loading", "checkout", "state"]) byId(id).hidden = id !== section
  byId("main").setAttribute("aria-busy", section === "loading" ? "true" : "false")
}

/** A link on the state section: where it goes and the key of its text. */
export interface Link {
  readonly href: string
  readonly label: Key
  /** `_top` from the embedded page: the link leaves the merchant's frame for the whole window. */
  readonly target?: "_top"
}

/** Shows a closing state (paid, expired, not found…) with an optional link, and moves focus to its title. */
export const showState = (t: Translator, title: Key, body: string, link: Link | null = null): void => {
  byId("state-title").textContent = t.text(title)
  byId("state-body").textContent = body
  const anchor = byId<HTMLAnchorElement>("state-link")
  if (link !== null) {
    anchor.href = link.href
    anchor.textContent = t.text(link.label)
    anchor.hidden = false
    if (link.target === undefined) anchor.removeAttribute("target")
    else anchor.target = link.target
  } else {
    anchor.hidden = true
    anchor.removeAttribute("href")
  }
  byId("state-receipt").hidden = true
  show("state")
  byId("state-title").focus()
}

/** Shows the link to a paid session's receipt on the state section (none when there is no receipt yet). */
export const showReceipt = (href: string | null): void => {
  const anchor = byId<HTMLAnchorElement>("state-receipt")
  anchor.hidden = href === null
  if (href !== null) anchor.href = href
}

/** Puts the page in a language: its `lang`, title, and every element marked with a string key. */
export const applyLanguage = (t: Translator): void => {
  document.documentElement.lang = t.language
  document.title = t.text("page.title")
  for (const node of document.querySelectorAll<HTMLElement>("[data-i18n]")) node.textContent = t.text(node.getAttribute("data-i18n") ?? "")
  for (const node of document.querySelectorAll<HTMLInputElement>("[data-i18n-placeholder]")) {
    node.placeholder = t.text(node.getAttribute("data-i18n-placeholder") ?? "")
  }
}

const option = (value: string, label: string): HTMLOptionElement => {
  const node = el("option", "", label)
  node.value = value
  return node
}

/** Shows the merchant's text in a paragraph, or hides it. */
const customText = (id: string, text: string | null) => {
  byId(id).textContent = text ?? ""
  byId(id).hidden = text === null
}

/** What the checkout section shows. */
export interface Checkout {
  readonly livemode: boolean
  readonly display: Display
  readonly cancelUrl: string | null
}

/** Fills in the order summary, the pay button, the installment choices and the cancel link, and shows the checkout. */
export const showCheckout = (t: Translator, checkout: Checkout): void => {
  const { display } = checkout
  byId("test-mode").hidden = checkout.livemode
  const list = byId("items")
  list.replaceChildren()
  for (const line of display.line_items) {
    const item = el("li", "item")
    const info = el("div", "item-info")
    info.append(el("span", "item-name", line.name))
    if (line.description) info.append(el("span", "item-description", line.description))
    if (line.quantity > 1) {
      const meta = `${t.text("summary.quantity", { quantity: line.quantity })} · ${t.text("summary.each", { amount: line.unit_amount })}`
      info.append(el("span", "item-meta", meta))
    }
    item.append(info, el("span", "item-amount", line.amount_total))
    list.append(item)
  }
  byId<HTMLSelectElement>("installments").value = ""
  Shipping.render(t, display)
  Fields.render(() => t, display)
  Fields.renderTerms(t, display)
  customText("submit-text", display.custom_text.submit)
  customText("after-submit-text", display.custom_text.after_submit)
  showTotals(t, display)

  const cancel = byId<HTMLAnchorElement>("cancel")
  cancel.hidden = checkout.cancelUrl === null
  if (checkout.cancelUrl !== null) cancel.href = checkout.cancelUrl
  show("checkout")
}

/**
 * The summary's totals: subtotal, discount, tax and shipping lines when there are any, the total; the
 * installment choices quoted on that total (the choice kept), and the pay button saying what the choice
 * charges; the promotion-code field.
 */
export const showTotals = (t: Translator, display: Display): void => {
  const shipped = display.shipping_options.length > 0
  const detailed = display.amount_discount !== null || display.amount_tax !== null || shipped
  byId("subtotal-row").hidden = !detailed
  byId("subtotal").textContent = display.amount_subtotal
  byId("discount-row").hidden = display.amount_discount === null
  byId("discount").textContent = display.amount_discount === null ? "" : `−${display.amount_discount}`
  const code = display.discount?.code ?? display.discount?.name ?? null
  byId("discount-label").textContent = code === null ? t.text("summary.discount") : t.text("summary.discountCode", { code })
  byId("tax-row").hidden = display.amount_tax === null
  byId("tax").textContent = display.amount_tax ?? ""
  byId("shipping-row").hidden = !shipped
  byId("shipping-amount").textContent = display.amount_shipping ?? t.text("shipping.free")
  Shipping.select(display)
  byId("total").textContent = display.amount_total
  const select = byId<HTMLSelectElement>("installments")
  const kept = select.value
  select.replaceChildren(option("", t.text("form.payInFull")))
  for (const plan of display.installments) select.append(option(String(plan.count), Installments.label(plan, display.locale, t)))
  select.value = Installments.chosen(display, kept) === undefined ? "" : kept
  byId("installments-field").hidden = display.installments.length === 0
  byId("pay").textContent = Installments.payLabel(display, select.value, t)
  byId("promo-form").hidden = !display.allow_promotion_codes
  const applied = display.discount?.code ?? null
  const input = byId<HTMLInputElement>("promo-code")
  if (applied !== null) input.value = applied
  byId("promo-apply").textContent = t.text(applied === null ? "promo.apply" : "promo.remove")
  byId("promo-apply").dataset["action"] = applied === null ? "apply" : "remove"
  const countries = byId<HTMLSelectElement>("country")
  byId("country-field").hidden = display.tax_countries.length === 0
  const names = new Intl.DisplayNames([display.locale], { type: "region" })
  countries.replaceChildren(
    option("", display.country === null ? "—" : t.text("tax.otherCountry")),
    ...display.tax_countries.map((c) => option(c, names.of(c) ?? c))
  )
  countries.value = display.country !== null && display.tax_countries.includes(display.country) ? display.country : ""
}

/** Hides the summary's country select: the address the page collects gives the country instead. */
export const hideTaxCountry = (): void => {
  byId("country-field").hidden = true
}
