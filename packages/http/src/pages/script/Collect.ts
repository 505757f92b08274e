/**
 * What the page collects besides the card: the e-mail address (always; fixed when the session
 * already knows it), and as the session asks (Stripe's parameters) the phone number and the billing
 * and shipping addresses. Each address is laid out for its country by the core's AddressRules, the
 * table the server validates with; the phone and e-mail rules are the core's Contact.
 */
import * as AddressRules from "@till/core/AddressRules"
import * as Contact from "@till/core/Contact"
import type { Key } from "../Messages.ts"
import { byId, el } from "./Dom.ts"
import type { Translator } from "./Translator.ts"
import type { Display, Session } from "./Wire.ts"

type Kind = "billing" | "shipping"
const FIELDS: ReadonlyArray<AddressRules.Field> = ["line1", "line2", "city", "state", "postal_code"]

/** An error to show: the message key and its values. */
type Message = readonly [Key, Readonly<Record<string, string>>?]

/** The collection part of the form, once set up for a session. */
export interface Collect {
  /** Checks every field shown, marks the wrong ones, and answers the first wrong one, else the payment's parameters. */
  readonly check: () => { readonly first: HTMLElement | null; readonly params: ReadonlyArray<readonly [string, string]> }
  /**
   * The country whose dynamic tax rates apply, as Stripe picks it: the shipping address's when one is
   * asked, else the billing address's; null when no address is asked (the page then asks the country itself).
   */
  readonly taxCountry: () => string | null
  /** Shows a server's refusal on the field it names; false when it names none of these fields. */
  readonly showServerError: (param: string | null | undefined) => boolean
}

const input = (id: string) => byId<HTMLInputElement>(id)

const AUTOCOMPLETE: Readonly<Record<string, string>> = {
  name: "name", country: "country", line1: "address-line1", line2: "address-line2", city: "address-level2", state: "address-level1", postal_code: "postal-code"
}

/** Makes an address's fields (`name` too for shipping), each with its label and its error linked by `aria-describedby`. */
const makeFields = (kind: Kind, into: HTMLElement, t: Translator) => {
  for (const field of [...(kind === "shipping" ? ["name"] : []), "country", ...FIELDS]) {
    const id = `${kind}-${field}`
    const wrap = el("div", "field")
    wrap.id = `${id}-field`
    const label = el("label", "", field === "name" ? t.text("collect.fullName") : field === "country" ? t.text("address.country") : "")
    label.htmlFor = id
    label.id = `${id}-label`
    const control = document.createElement(field === "country" ? "select" : "input")
    control.id = id
    control.setAttribute("autocomplete", `${kind} ${AUTOCOMPLETE[field]}`)
    control.setAttribute("aria-invalid", "false")
    control.setAttribute("aria-describedby", `${id}-error`)
    if (control instanceof HTMLInputElement) control.maxLength = field === "postal_code" ? 20 : 200
    const error = el("p", "field-error")
    error.id = `${id}-error`
    error.setAttribute("aria-live", "polite")
    wrap.append(label, control, error)
    into.append(wrap)
  }
}

/** Sets up the fields for a session; `t` is read at each use, as the page's language may change. */
export const setup = (session: Session, display: Display, t: () => Translator, onTaxCountry: () => void): Collect => {
  const { locale } = display
  const formatOf = (country: string) => AddressRules.formatIn(display.address_formats ?? {}, country)
  const billingAsked = session.billing_address_collection === "required"
  const allowed = session.shipping_address_collection?.allowed_countries ?? null
  const phoneAsked = session.phone_number_collection?.enabled === true
  const region = /-([A-Z]{2})\b/.exec(locale)?.[1] ?? null
  const preferred = session.country ?? region

  const setError = (id: string, message: Message | null) => {
    byId(`${id}-error`).textContent = message === null ? "" : t().text(message[0], message[1])
    byId(id).setAttribute("aria-invalid", message === null ? "false" : "true")
  }

  // the e-mail address: always asked; one the session already has is shown and kept as it is
  const email = input("email")
  const known = session.customer_details?.email ?? session.customer_email ?? null
  if (known !== null) {
    email.value = known
    email.readOnly = true
  }

  byId("phone-field").hidden = !phoneAsked
  byId("billing").hidden = !billingAsked
  byId("shipping").hidden = allowed === null
  if (billingAsked && document.getElementById("billing-country") === null) makeFields("billing", byId("billing"), t())
  if (allowed !== null && document.getElementById("shipping-country") === null) makeFields("shipping", byId("shipping-own"), t())

  const countryOf = (kind: Kind) => byId<HTMLSelectElement>(`${kind}-country`).value
  const fillCountries = (kind: Kind, codes: ReadonlyArray<string>) => {
    const select = byId<HTMLSelectElement>(`${kind}-country`)
    const current = select.value
    const names = new Intl.DisplayNames([locale], { type: "region" })
    const options = codes.map((code) => [code, names.of(code) ?? code] as const).sort((a, b) => a[1].localeCompare(b[1], locale))
    select.replaceChildren(...options.map(([code, name]) => new Option(name, code)))
    select.value = current !== "" && codes.includes(current) ? current : preferred !== null && codes.includes(preferred) ? preferred : codes[0] ?? ""
  }

  /** Lays an address out for its country: which fields, their labels (optional ones say so), a state list. */
  const layout = (kind: Kind) => {
    const country = countryOf(kind)
    const format = formatOf(country)
    for (const field of FIELDS) {
      const id = `${kind}-${field}`
      byId(`${id}-field`).hidden = !format.fields.includes(field)
      const labelKind: AddressRules.Label = field === "city" || field === "state" || field === "postal_code" ? format.labels[field] : field
      const label = t().text(`address.${labelKind}`)
      byId(`${id}-label`).textContent = format.required.includes(field) ? label : t().text("collect.optional", { label })
      setError(id, null)
    }
    // the state: a select of the country's list, or free text
    const old = byId<HTMLInputElement | HTMLSelectElement>(`${kind}-state`)
    const states = format.states
    const wanted = states === undefined ? "INPUT" : "SELECT"
    const node = old.tagName === wanted ? old : document.createElement(wanted === "INPUT" ? "input" : "select")
    if (node !== old) {
      for (const attr of ["id", "autocomplete", "aria-invalid", "aria-describedby"]) node.setAttribute(attr, old.getAttribute(attr) ?? "")
      old.replaceWith(node)
    }
    if (node instanceof HTMLSelectElement && states !== undefined) {
      const kept = node.value
      node.replaceChildren(new Option("—", ""), ...states.map(([code, name]) => new Option(name, code)))
      node.value = states.some(([code]) => code === kept) ? kept : ""
    } else if (node instanceof HTMLInputElement) node.maxLength = 200
    for (const field of FIELDS) byId(`${kind}-${field}`).setAttribute("aria-required", String(format.required.includes(field)))
    const postal = input(`${kind}-postal_code`)
    postal.placeholder = format.postal?.example ?? ""
    postal.inputMode = format.postal !== null && /^\^?\(?\\d/.test(format.postal.pattern) ? "numeric" : "text"
  }

  const phoneHint = () => {
    const country = billingAsked ? countryOf("billing") : preferred
    const plan = country === null ? undefined : Contact.PHONE_PLANS[country]
    byId("phone-hint").textContent = plan === undefined ? t().text("collect.phoneHint", { example: "+1 201 555 0123" }) : t().text("collect.phoneHint", { example: `+${plan.code} ${plan.example}` })
  }

  const same = input("shipping-same")
  const sameOffered = () => billingAsked && allowed !== null && allowed.includes(countryOf("billing"))
  const syncSame = () => {
    byId("shipping-same-field").hidden = !sameOffered()
    if (!sameOffered()) same.checked = false
    byId("shipping-own").hidden = same.checked
  }

  if (billingAsked) {
    fillCountries("billing", AddressRules.COUNTRY_CODES)
    layout("billing")
    byId("billing-country").addEventListener("change", () => {
      layout("billing")
      phoneHint()
      syncSame()
      onTaxCountry()
    })
  }
  if (allowed !== null) {
    fillCountries("shipping", allowed)
    layout("shipping")
    byId("shipping-country").addEventListener("change", () => {
      layout("shipping")
      onTaxCountry()
    })
    same.addEventListener("change", () => {
      syncSame()
      onTaxCountry()
    })
    syncSame()
  }
  if (phoneAsked) phoneHint()

  const value = (id: string) => byId<HTMLInputElement | HTMLSelectElement>(id).value.trim()

  /** The address of a kind as typed, and each wrong field marked; the first wrong one. */
  const checkAddress = (kind: Kind, params: Array<readonly [string, string]>, param: string): HTMLElement | null => {
    let first: HTMLElement | null = null
    const country = countryOf(kind)
    const typed: Record<string, string> = { country }
    for (const field of FIELDS) typed[field] = value(`${kind}-${field}`)
    const format = formatOf(country)
    const problems = AddressRules.problemsOf(typed, format)
    for (const field of FIELDS) {
      const id = `${kind}-${field}`
      const problem = problems[field]
      const label = byId(`${id}-label`).textContent ?? field
      const message: Message | null = problem === undefined
        ? null
        : problem === "missing"
        ? ["error.fieldMissing", { field: label }]
        : field === "postal_code" && format.postal?.example
        ? ["error.postalInvalid", { field: label, example: format.postal.example }]
        : ["error.fieldInvalid", { field: label }]
      setError(id, message)
      if (message !== null && first === null) first = byId(id)
      if (format.fields.includes(field) && typed[field] !== "") params.push([`${param}[address][${field}]`, typed[field]!])
    }
    params.push([`${param}[address][country]`, country])
    return first
  }

  const check = () => {
    const params: Array<readonly [string, string]> = []
    let first: HTMLElement | null = null
    const mark = (found: HTMLElement | null) => {
      if (first === null) first = found
    }
    const typedEmail = email.value.trim()
    const emailError: Message | null = typedEmail === "" ? ["error.emailMissing"] : Contact.isEmail(typedEmail) ? null : ["error.emailInvalid"]
    if (!email.readOnly) setError("email", emailError)
    if (emailError !== null && !email.readOnly) mark(email)
    if (typedEmail !== "") params.push(["billing_details[email]", typedEmail])
    if (phoneAsked) {
      const typed = value("phone")
      const e164 = Contact.normalizePhone(typed, billingAsked ? countryOf("billing") : preferred)
      const phoneError: Message | null = typed === "" ? ["error.phoneMissing"] : e164 === null || !Contact.isPhone(e164) ? ["error.phoneInvalid"] : null
      setError("phone", phoneError)
      if (phoneError !== null) mark(input("phone"))
      else params.push(["billing_details[phone]", e164!])
    }
    if (billingAsked) mark(checkAddress("billing", params, "billing_details"))
    if (allowed !== null) {
      if (same.checked && sameOffered()) {
        const billing = params.filter(([k]) => k.startsWith("billing_details[address]"))
        for (const [k, v] of billing) params.push([k.replace("billing_details", "shipping_details"), v])
        params.push(["shipping_details[name]", value("name")])
      } else {
        const name = value("shipping-name")
        setError("shipping-name", name === "" ? ["error.fieldMissing", { field: byId("shipping-name-label").textContent ?? "" }] : null)
        if (name === "") mark(input("shipping-name"))
        params.push(["shipping_details[name]", name])
        mark(checkAddress("shipping", params, "shipping_details"))
      }
    }
    return { first, params }
  }

  const showServerError = (param: string | null | undefined): boolean => {
    if (!param) return false
    const address = /^(billing|shipping)_details\[address\]\[(\w+)\]$/.exec(param)
    let id: string | null = null
    if (address !== null) id = `${address[1]}-${address[2]}`
    else if (param === "billing_details[email]") id = "email"
    else if (param === "billing_details[phone]") id = "phone"
    else if (param === "shipping_details[name]") id = "shipping-name"
    if (id === null || document.getElementById(id) === null || byId(id).closest("[hidden]") !== null) return false
    const label = document.getElementById(`${id}-label`)?.textContent ?? ""
    setError(id, id === "email" ? ["error.emailInvalid"] : id === "phone" ? ["error.phoneInvalid"] : ["error.fieldInvalid", { field: label }])
    byId(id).focus()
    return true
  }

  const taxCountry = () =>
    allowed !== null ? countryOf(same.checked && sameOffered() ? "billing" : "shipping") : billingAsked ? countryOf("billing") : null

  return { check, showServerError, taxCountry }
}
