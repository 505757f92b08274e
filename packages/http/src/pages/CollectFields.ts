/**
 * The markup of what the page collects besides the card: the e-mail address (always), the phone
 * number, and the billing and shipping addresses. Hidden until the script knows what the session
 * asks; the script makes each address's fields, laid out for its country (AddressRules.ts), which
 * keeps their markup out of every page that asks no address.
 */
import { escape } from "./Html.ts"
import type { Key, Messages } from "./Messages.ts"

/** One text field with its label and error, linked by `aria-describedby`. */
const field = (t: Messages, id: string, label: Key, attrs: string, hint = false) => `<div id="${id}-field" class="field">
  <label for="${id}" id="${id}-label" data-i18n="${label}">${escape(t[label])}</label>
  <input id="${id}" ${attrs} aria-invalid="false" aria-describedby="${hint ? `${id}-hint ` : ""}${id}-error">
  ${hint ? `<p id="${id}-hint" class="hint"></p>` : ""}<p id="${id}-error" class="field-error" aria-live="polite"></p>
</div>`

/** An address's fieldset (`billing` or `shipping`): the script adds the fields of the chosen country (see script/Collect.ts). */
const address = (t: Messages, kind: "billing" | "shipping") =>
  `<fieldset id="${kind}" class="address" hidden>
  <legend data-i18n="collect.${kind}">${escape(t[`collect.${kind}`])}</legend>${kind === "shipping"
    ? `
  <label id="shipping-same-field" class="check" hidden><input id="shipping-same" type="checkbox"> <span data-i18n="collect.sameAsBilling">${escape(t["collect.sameAsBilling"])}</span></label>
  <div id="shipping-own"></div>`
    : ""}
</fieldset>`

/** The collection fields, in the order the customer fills them in. */
export const render = (t: Messages): string => `${field(t, "email", "collect.email", `type="email" inputmode="email" autocomplete="email" spellcheck="false" maxlength="512" required`)}
${field(t, "phone", "collect.phone", `type="tel" inputmode="tel" autocomplete="tel" maxlength="40"`, true).replace(`class="field">`, `class="field" hidden>`)}
${address(t, "billing")}
${address(t, "shipping")}`
