/**
 * The shipping options: a radio group in the order summary, the chosen one checked. A choice is
 * recorded by the server (which prices the session again); the group is built once, so the focus
 * of a customer moving through it with the arrow keys stays where it is while the totals change.
 */
import { byId, el } from "./Dom.ts"
import type { Translator } from "./Translator.ts"
import type { Display } from "./Wire.ts"

/** Builds the group (and the merchant's text about shipping), or hides it when the session has no shipping options. */
export const render = (t: Translator, display: Display): void => {
  const text = byId("shipping-text")
  text.textContent = display.custom_text.shipping_address ?? ""
  text.hidden = display.custom_text.shipping_address === null
  byId("shipping-field").hidden = display.shipping_options.length === 0
  const box = byId("shipping-options")
  box.replaceChildren()
  for (const o of display.shipping_options) {
    const option = el("label", "shipping-option")
    const input = el("input", "")
    input.type = "radio"
    input.name = "shipping_rate"
    input.value = o.id
    const info = el("span", "shipping-option-info")
    info.append(el("span", "item-name", o.name))
    if (o.estimate !== null) info.append(el("span", "item-meta", o.estimate))
    const amount = el("span", "shipping-option-amount", o.amount ?? t.text("shipping.free"))
    if (o.amount === null) amount.setAttribute("data-i18n", "shipping.free")
    option.append(input, info, amount)
    box.append(option)
  }
  select(display)
}

/** Checks the option the session has chosen. */
export const select = (display: Display): void => {
  for (const input of byId("shipping-options").querySelectorAll<HTMLInputElement>("input[type=radio]")) {
    input.checked = input.value === display.shipping_rate
  }
}
