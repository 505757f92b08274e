/**
 * The markup of what the page collects besides the card: the e-mail address (always), the phone
 * number, and the billing and shipping addresses. Hidden until the script knows what the session
 * asks; the script lays each address out for its country (AddressRules.ts) and names its fields.
 */
import { escape } from "./Html.ts"
import type { Key, Messages } from "./Messages.ts"

/** One text field with its label and error, linked by `aria-describedby`. */
const field = (t: Messages, id: string, label: Key, attrs: string, hint = false) => `<div id="${id}-field" class="field">
  <label for="${id}" id="${id}-label" data-i18n="${label}">${escape(t[label])}</label>
  <input id="${id}" ${attrs} aria-invalid="false" aria-describedby="${hint ? `${id}-hint ` : ""}${id}-error">
  ${hint ? `<p id="${id}-hint" class="hint"></p>` : ""}<p id="${id}-error" class="field-error" aria-live="polite"></p>
</div>`

/** The fields of one address (`billing` or `shipping`); the state's input becomes a select where the country lists its states. */
const address = (t: Messages, kind: "billing" | "shipping") => {
  const id = (name: string) => `${kind}-${name}`
  const text = (name: string, label: Key, autocomplete: string) =>
    field(t, id(name), label, `type="text" autocomplete="${kind} ${autocomplete}" maxlength="200"`)
  return `<fieldset id="${kind}" class="address" hidden>
  <legend data-i18n="collect.${kind}">${escape(t[`collect.${kind}`])}</legend>
  ${kind === "shipping" ? `<label id="shipping-same-field" class="check" hidden><input id="shipping-same" type="checkbox"> <span data-i18n="collect.sameAsBilling">${escape(t["collect.sameAsBilling"])}</span></label>
  <div id="shipping-own">
  ${field(t, id("name"), "collect.fullName", `type="text" autocomplete="shipping name" maxlength="200"`)}` : ""}
  <div class="field">
    <label for="${id("country")}" data-i18n="address.country">${escape(t["address.country"])}</label>
    <select id="${id("country")}" autocomplete="${kind} country" aria-describedby="${id("country")}-error"></select>
    <p id="${id("country")}-error" class="field-error" aria-live="polite"></p>
  </div>
  ${text("line1", "address.line1", "address-line1")}
  ${text("line2", "address.line2", "address-line2")}
  ${text("city", "address.city", "address-level2")}
  ${text("state", "address.state", "address-level1")}
  ${field(t, id("postal_code"), "address.postal_code", `type="text" autocomplete="${kind} postal-code" maxlength="20"`)}
  ${kind === "shipping" ? "</div>" : ""}
</fieldset>`
}

/** The collection fields, in the order the customer fills them in. */
export const render = (t: Messages): string => `${field(t, "email", "collect.email", `type="email" inputmode="email" autocomplete="email" spellcheck="false" maxlength="512" required`)}
${field(t, "phone", "collect.phone", `type="tel" inputmode="tel" autocomplete="tel" maxlength="40"`, true).replace(`class="field">`, `class="field" hidden>`)}
${address(t, "billing")}
${address(t, "shipping")}`
