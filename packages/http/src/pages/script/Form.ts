/**
 * The card form's behaviour: each field formats itself as it is typed and is checked when the
 * customer leaves it; submitting checks every field and hands the payment's parameters on.
 */
import * as Card from "@till/core/Card"
import type { Key } from "../Messages.ts"
import * as CardFields from "./CardFields.ts"
import { byId } from "./Dom.ts"
import type { ProcessorCard } from "./ProcessorCard.ts"
import type { Translator } from "./Translator.ts"

/** What the form needs from the page. */
export interface Host {
  /** The strings of the page's current language. */
  readonly t: () => Translator
  /** Whether a payment may start now (the session is loaded and no payment is under way). */
  readonly ready: () => boolean
  /** Starts the payment with its form-encoded parameters. */
  readonly pay: (body: string) => void
  /** The fields above the card's (e-mail address, phone, addresses): the first wrong one, else their parameters. */
  readonly collect: () => { readonly first: HTMLElement | null; readonly params: ReadonlyArray<readonly [string, string]> }
  /**
   * The merchant's custom fields (above the card's, after the collected ones) and terms: `check` shows the
   * errors of those above the card (`"before"`) or below it (`"after"`) and answers the first in error;
   * `addParams` adds their values.
   */
  readonly extras: {
    readonly check: (where: "before" | "after") => HTMLElement | null
    readonly addParams: (body: URLSearchParams) => void
  }
  /** The processor's card component mounted in place of the card fields (ProcessorCard.ts), or null: the page's own. */
  readonly processorCard: () => ProcessorCard | null
}

/** The form's handles for the page. */
export interface Form {
  /** Shows a field's error (or clears it with null). */
  readonly setError: (field: CardFields.Field, key: Key | null) => void
  /** Moves focus to a field. */
  readonly focus: (field: CardFields.Field) => void
  /** Shows a message above the form, or hides it with null. */
  readonly alert: (message: string | null) => void
  /** Marks a payment under way (button disabled, status announced), or over. */
  readonly busy: (busy: boolean, payLabel: string) => void
}

/** Wires the card form's fields and submission. */
export const wire = (host: Host): Form => {
  const inputs: { readonly [F in CardFields.Field]: HTMLInputElement } = {
    number: byId("number"),
    expiry: byId("expiry"),
    cvc: byId("cvc"),
    name: byId("name")
  }
  const { number, expiry, cvc, name } = inputs
  const setError = (field: CardFields.Field, key: Key | null) => {
    byId(`${field}-error`).textContent = key === null ? "" : host.t().text(key)
    inputs[field].setAttribute("aria-invalid", key === null ? "false" : "true")
  }
  const marked = (field: CardFields.Field) => inputs[field].getAttribute("aria-invalid") === "true"
  const errors: { readonly [F in CardFields.Field]: () => Key | null } = {
    number: () => CardFields.numberError(number.value),
    expiry: () => CardFields.expiryError(expiry.value, CardFields.monthOf(new Date())),
    cvc: () => CardFields.cvcError(cvc.value, number.value),
    name: () => CardFields.nameError(name.value)
  }

  number.addEventListener("input", () => {
    const typed = number.value
    const input = CardFields.numberInput(typed, number.selectionStart ?? typed.length)
    if (input.value !== typed) {
      number.value = input.value
      if (document.activeElement === number) number.setSelectionRange(input.caret, input.caret)
    }
    byId("number-brand").textContent = input.brandName
    cvc.maxLength = Card.cvcLength(input.brand)
    // checked live once the usual length is reached; while the customer is still typing, no error nags
    if (input.complete) setError("number", errors.number())
    else if (marked("number")) setError("number", null)
  })

  expiry.addEventListener("input", (event) => {
    const next = CardFields.expiryInput(expiry.value, (event as InputEvent).inputType ?? "")
    if (next !== null) expiry.value = next
  })

  cvc.addEventListener("input", () => {
    const digits = Card.digits(cvc.value).slice(0, cvc.maxLength > 0 ? cvc.maxLength : 4)
    if (digits !== cvc.value) cvc.value = digits
    if (marked("cvc") && errors.cvc() === null) setError("cvc", null)
  })

  // A field is checked when the customer leaves it. While a pointer is down the check waits for it to
  // come up: an error appearing on mousedown would push the pay button away before the click lands.
  let pointerDown = false
  let pending: Array<() => void> = []
  document.addEventListener("pointerdown", () => { pointerDown = true }, true)
  document.addEventListener("pointerup", () => {
    setTimeout(() => {
      pointerDown = false
      const due = pending
      pending = []
      for (const check of due) check()
    }, 0)
  }, true)
  const checkOnLeave = (field: CardFields.Field, onlyIfMarked: boolean) => {
    inputs[field].addEventListener("blur", () => {
      const check = () => {
        if (inputs[field].value === "" || (onlyIfMarked && !marked(field))) return
        setError(field, errors[field]())
      }
      if (pointerDown) pending.push(check)
      else check()
    })
  }
  checkOnLeave("number", false)
  checkOnLeave("expiry", false)
  checkOnLeave("cvc", false)
  checkOnLeave("name", true)

  const alert = (message: string | null) => {
    const node = byId("form-alert")
    node.textContent = message ?? ""
    node.hidden = message === null
  }

  byId("pay-form").addEventListener("submit", (event) => {
    event.preventDefault()
    if (!host.ready()) return
    alert(null)
    // every field shows its error at once; focus goes to the first in the page's order
    const collected = host.collect()
    const before = host.extras.check("before")
    // with the processor's component, the card is its business: only the name is the page's
    const processorCard = host.processorCard()
    let first: CardFields.Field | null = null
    for (const field of processorCard === null ? ["number", "expiry", "cvc", "name"] as const : ["name"] as const) {
      const key = errors[field]()
      setError(field, key)
      if (key !== null && first === null) first = field
    }
    const after = host.extras.check("after")
    const target = collected.first ?? before ?? (first === null ? null : inputs[first]) ?? after
    if (target !== null) return target.focus()
    const body = new URLSearchParams()
    if (processorCard !== null) {
      // the component shows what is missing in its own fields
      const token = processorCard.token()
      if (token === null) return
      body.set("processor_token[processor]", processorCard.processor)
      body.set("processor_token[data]", token)
      body.set("billing_details[name]", name.value.trim().slice(0, 200))
    } else {
      const exp = Card.parseExpiry(expiry.value)!
      body.set("payment_method_data[type]", "card")
      body.set("payment_method_data[card][number]", Card.digits(number.value))
      body.set("payment_method_data[card][exp_month]", String(exp.month))
      body.set("payment_method_data[card][exp_year]", String(exp.year))
      body.set("payment_method_data[card][cvc]", Card.digits(cvc.value))
      body.set("payment_method_data[billing_details][name]", name.value.trim().slice(0, 200))
    }
    const installments = byId<HTMLSelectElement>("installments").value
    if (installments !== "") body.set("installments[count]", installments)
    for (const [key, value] of collected.params) body.append(key, value)
    host.extras.addParams(body)
    host.pay(body.toString())
  })

  return {
    setError,
    focus: (field) => inputs[field].focus(),
    alert,
    busy: (busy, payLabel) => {
      const pay = byId<HTMLButtonElement>("pay")
      pay.disabled = busy
      pay.textContent = busy ? host.t().text("form.processing") : payLabel
      byId("pay-form").setAttribute("aria-busy", busy ? "true" : "false")
      byId("pay-status").textContent = busy ? host.t().text("form.processing") : ""
    }
  }
}
