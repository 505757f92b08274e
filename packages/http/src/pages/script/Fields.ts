/**
 * What the page asks besides the card: the session's custom fields (text, numeric, dropdown) and the
 * terms-of-service checkbox. The fields are checked with the core's rules (CustomFieldRules, the
 * ones the server checks a payment with), and their errors name the field in the page's language.
 */
import * as Rules from "@till/core/CustomFieldRules"
import type { Key } from "../Messages.ts"
import { byId, el } from "./Dom.ts"
import type { Translator } from "./Translator.ts"
import type { Display } from "./Wire.ts"

type Field = Display["custom_fields"][number]

/** An error to show: a string's key and its values. */
type Message = readonly [Key, Readonly<Record<string, string | number>>]

const idOf = (key: string) => `cf-${key}`
const inputOf = (f: Field) => byId<HTMLInputElement | HTMLSelectElement>(idOf(f.key))

/** The error of a field's current value, or null. */
const errorOf = (f: Field): Message | null => {
  const rule = { type: f.type, optional: f.optional, minimum_length: f.minimum_length, maximum_length: f.maximum_length, options: f.options.map((o) => o.value) }
  const label = f.label
  switch (Rules.problemOf(rule, Rules.normalize(inputOf(f).value))) {
    case null:
      return null
    case "missing":
    case "not_an_option":
      return [f.type === "dropdown" ? "error.fieldChoose" : "error.customFieldMissing", { label }]
    case "too_short":
      return ["error.fieldTooShort", { label, count: f.minimum_length ?? 1 }]
    case "too_long":
      return ["error.fieldTooLong", { label, count: f.maximum_length ?? Rules.MAX_LENGTH }]
    case "not_digits":
      return ["error.fieldDigits", { label }]
  }
}

const setError = (t: Translator, input: HTMLElement, error: Message | null) => {
  byId(`${input.id}-error`).textContent = error === null ? "" : t.text(error[0], error[1])
  input.setAttribute("aria-invalid", error === null ? "false" : "true")
}

/** A text marked for the page's translation (`data-i18n`), so a change of language relabels it. */
const translated = <K extends "span" | "option">(tag: K, className: string, key: Key, t: Translator): HTMLElementTagNameMap[K] => {
  const node = el(tag, className, t.text(key))
  node.setAttribute("data-i18n", key)
  return node
}

/** Builds the custom fields into the form, each labelled, described by its error, checked when the customer leaves it. */
export const render = (t: () => Translator, display: Display): void => {
  const box = byId("custom-fields")
  box.replaceChildren()
  for (const f of display.custom_fields) {
    const wrap = el("div", "field")
    const label = el("label", "", f.label)
    label.htmlFor = idOf(f.key)
    if (f.optional) label.append(" ", translated("span", "optional", "field.optional", t()))
    let input: HTMLInputElement | HTMLSelectElement
    if (f.type === "dropdown") {
      const select = el("select", "")
      if (f.value === "") {
        const placeholder = translated("option", "", "field.choose", t())
        placeholder.value = ""
        select.append(placeholder)
      }
      for (const o of f.options) {
        const option = el("option", "", o.label)
        option.value = o.value
        select.append(option)
      }
      input = select
    } else {
      const text = el("input", "")
      text.type = "text"
      text.autocomplete = "off"
      text.maxLength = f.maximum_length ?? Rules.MAX_LENGTH
      if (f.type === "numeric") text.inputMode = "numeric"
      input = text
    }
    input.id = idOf(f.key)
    input.name = idOf(f.key)
    input.value = f.value
    input.required = !f.optional
    input.setAttribute("aria-invalid", "false")
    input.setAttribute("aria-describedby", `${input.id}-error`)
    const error = el("p", "field-error")
    error.id = `${input.id}-error`
    error.setAttribute("aria-live", "polite")
    wrap.append(label, input, error)
    box.append(wrap)
    // checked on leaving a field the customer filled in, and cleared as soon as the value is right
    input.addEventListener("blur", () => {
      if (input.value !== "" || input.getAttribute("aria-invalid") === "true") setError(t(), input, errorOf(f))
    })
    input.addEventListener(f.type === "dropdown" ? "change" : "input", () => {
      if (input.getAttribute("aria-invalid") === "true" && errorOf(f) === null) setError(t(), input, null)
    })
  }
}

/**
 * The terms checkbox's label: `text` (the merchant's `custom_text[terms_of_service_acceptance]` or the
 * page's own sentence), and a link to the terms when the account gives their address. The one place
 * the link is made: the account's terms-of-service URL reaches it as `url`.
 */
export const termsLabel = (label: HTMLElement, text: string, url: string | null, linkText: string): void => {
  label.replaceChildren(text)
  if (url === null || !/^https?:\/\//i.test(url)) return
  const link = el("a", "", linkText)
  link.href = url
  link.target = "_blank"
  link.rel = "noopener noreferrer"
  label.append(" ", link)
}

/** Shows the terms checkbox when the session requires it, labelled in the page's language. */
export const renderTerms = (t: Translator, display: Display): void => {
  byId("terms-field").hidden = !display.terms.required
  termsLabel(byId("terms-label"), display.custom_text.terms_of_service_acceptance ?? t.text("terms.accept"), display.terms.url, t.text("terms.link"))
  const box = byId<HTMLInputElement>("terms")
  box.onchange = () => {
    if (box.checked) setError(t, box, null)
  }
}

/** Checks every custom field, showing each one's error; the first field in error, or null. */
export const checkFields = (t: Translator, display: Display): HTMLElement | null => {
  let first: HTMLElement | null = null
  for (const f of display.custom_fields) {
    const error = errorOf(f)
    setError(t, inputOf(f), error)
    if (error !== null && first === null) first = inputOf(f)
  }
  return first
}

/** Checks the terms checkbox when the session requires it; the checkbox when it is not ticked, else null. */
export const checkTerms = (t: Translator, display: Display): HTMLElement | null => {
  if (!display.terms.required) return null
  const box = byId<HTMLInputElement>("terms")
  setError(t, box, box.checked ? null : ["error.termsRequired", {}])
  return box.checked ? null : box
}

/** Adds what the customer filled in to the payment's parameters: `custom_fields[<key>]`, `consent[terms_of_service]`. */
export const addParams = (display: Display, body: URLSearchParams): void => {
  for (const f of display.custom_fields) body.set(`custom_fields[${f.key}]`, Rules.normalize(inputOf(f).value))
  if (display.terms.required && byId<HTMLInputElement>("terms").checked) body.set("consent[terms_of_service]", "accepted")
}

/** Shows the server's refusal of a custom field or of the terms on that field; the element to focus, or null for another parameter. */
export const showRefusal = (t: Translator, display: Display, param: string | null | undefined): HTMLElement | null => {
  if (param === "consent[terms_of_service]") return checkTerms(t, display) ?? byId("terms")
  const key = /^custom_fields\[(\w+)\]$/.exec(param ?? "")?.[1]
  const f = display.custom_fields.find((x) => x.key === key)
  if (f === undefined) return null
  setError(t, inputOf(f), errorOf(f) ?? [f.type === "dropdown" ? "error.fieldChoose" : "error.customFieldMissing", { label: f.label }])
  return inputOf(f)
}
