/**
 * The hosted checkout page's script, bundled by esbuild into one file (see ScriptBundle.ts). It takes
 * the client secret from the URL fragment, reads the session through the client routes of the API,
 * and pays with `fetch`. Amounts arrive formatted from the server (the core's `Money.format`), so no
 * currency rules live here; the card rules are the core's (`@till/core/Card`).
 */
import * as Api from "./Api.ts"
import * as Decline from "./Decline.ts"
import * as CardFields from "./CardFields.ts"
import * as Collect from "./Collect.ts"
import * as Fields from "./Fields.ts"
import * as Form from "./Form.ts"
import * as Frame from "./Frame.ts"
import * as Installments from "./Installments.ts"
import * as Merchant from "./Merchant.ts"
import * as Place from "./Place.ts"
import * as ProcessorCard from "./ProcessorCard.ts"
import * as Secret from "./Secret.ts"
import * as Translator from "./Translator.ts"
import * as View from "./View.ts"
import type { Display, PaymentReply, Session } from "./Wire.ts"
import { actionUrl, customerDone } from "./Wire.ts"

const place = Place.of(location.pathname)
let t = Translator.of(document.documentElement.lang)
let secret = ""
let loaded: { readonly session: Session; readonly display: Display } | null = null
let busy = false
let collect: Collect.Collect | null = null
let processorCard: ProcessorCard.ProcessorCard | null = null

const installmentsSelect = document.getElementById("installments") as HTMLSelectElement
const payLabel = () => (loaded === null ? "" : Installments.payLabel(loaded.display, installmentsSelect.value, t))
const showLoadError = () => View.showState(t, "state.errorTitle", t.text("state.errorBody"), { href: location.pathname, label: "state.retry" })
const showInvalid = () => {
  Secret.forget(place)
  View.showState(t, "state.invalidTitle", t.text("state.invalidBody"))
}
const showUnknown = () => View.showState(t, "state.unknownTitle", t.text("state.unknownBody"))

const embedded = (session: Session) => session.ui_mode === "embedded_page"

/**
 * Where the customer goes once the session is paid: the success URL of a hosted session, the return
 * URL of an embedded one that redirects (`redirect_on_completion=always`), else nowhere.
 */
const nextUrl = (session: Session): string | null =>
  !embedded(session)
    ? Place.successUrl(session.success_url, place.sessionId)
    : session.redirect_on_completion === "always"
    ? Place.successUrl(session.return_url ?? null, place.sessionId)
    : null

/** A link to `href` that leaves the merchant's frame when the page is in one. */
const linkTo = (href: string, label: View.Link["label"]): View.Link => (Frame.framed() ? { href, label, target: "_top" } : { href, label })

const render = (session: Session, display: Display) => {
  if (session.status === "complete") {
    const back = nextUrl(session)
    const link = back === null ? null : linkTo(back, "state.back")
    const refund = display.refund
    if (refund !== null) {
      if (refund.full) View.showState(t, "state.refundedTitle", t.text("state.refundedBody", { amount: refund.amount_refunded }), link)
      else View.showState(t, "state.partlyRefundedTitle", t.text("state.partlyRefundedBody", { amount: refund.amount_refunded, total: refund.amount_captured }), link)
      return View.showReceipt(display.receipt_url)
    }
    View.showState(t, "state.completeTitle", t.text("state.completeBody"), link)
    return View.showReceipt(display.receipt_url)
  }
  if (session.status === "expired") {
    const cancel = Place.cancelUrl(session.cancel_url)
    return View.showState(t, "state.expiredTitle", t.text("state.expiredBody"), cancel === null ? null : { href: cancel, label: "state.back" })
  }
  View.showCheckout(t, { livemode: session.livemode, display, cancelUrl: Place.cancelUrl(session.cancel_url) })
  // the processor's own card component in place of the card fields, once per page
  const component = display.client_component
  if (component !== null && processorCard === null) {
    // until the component is up, a payment waits for it (no token), never falls back to the hidden card fields
    processorCard = { processor: component.processor, token: () => null }
    void ProcessorCard.mount(component, display.locale, () => form.alert(t.text("form.processorCardFailed"))).then((card) => {
      processorCard = card
    })
  }
  collect = Collect.setup(session, display, () => t, followAddressCountry)
  followAddressCountry()
}

/**
 * With an address asked, its country picks the dynamic tax rates (Stripe's rule), so the page does not
 * ask the country a second time: the summary's country select is hidden and the address's country is recorded.
 */
const followAddressCountry = () => {
  const country = collect?.taxCountry() ?? null
  if (country === null || loaded === null || loaded.display.tax_countries.length === 0) return
  View.hideTaxCountry()
  const wanted = loaded.display.tax_countries.includes(country) ? country : ""
  if (wanted !== (loaded.display.country ?? "")) void chooseCountry(wanted)
}

const load = async (): Promise<void> => {
  View.show("loading")
  secret = Secret.take(place)
  if (secret === "") return View.showState(t, "state.incompleteTitle", t.text("state.incompleteBody"))
  let replies: ReadonlyArray<Api.Reply>
  try {
    replies = await Promise.all([
      Api.call(secret, "GET", `${place.api}?expand%5B%5D=line_items`),
      Api.call(secret, "GET", place.display)
    ])
  } catch {
    return showLoadError()
  }
  for (const reply of replies) {
    if (reply.status === 404) return showUnknown()
    if (reply.status === 401) return showInvalid()
    if (reply.status !== 200 || !reply.json) return showLoadError()
  }
  const [session, display] = replies.map((reply) => reply.json) as [Session, Display]
  loaded = { session, display }
  t = Translator.of(display.language)
  View.applyLanguage(t)
  Merchant.apply(t, display.merchant)
  render(session, display)
}

const succeeded = (display: Display, session: Session) => {
  const next = nextUrl(session)
  if (next === null) {
    View.showState(t, "state.successTitle", t.text("state.successBody", { amount: display.amount_total }))
    void showReceiptLink()
    if (embedded(session)) Frame.complete(place.sessionId)
  } else if (embedded(session) && Frame.framed()) {
    // the merchant's page takes its window there; should it not, the customer can follow the link
    View.showState(t, "state.successTitle", t.text("state.redirecting"), linkTo(next, "state.continue"))
    Frame.redirect(place.sessionId, next)
  } else {
    View.showState(t, "state.successTitle", t.text("state.redirecting"))
    location.replace(next)
  }
}

/** Once paid with nowhere to return to: the receipt's link, read from the page's data now that the payment is taken. */
const showReceiptLink = async (): Promise<void> => {
  try {
    const reply = await Api.call(secret, "GET", place.display)
    if (reply.status === 200) View.showReceipt((reply.json as Display).receipt_url)
  } catch {
    // the payment is done; without its link the customer still has the e-mailed receipt
  }
}

const form = Form.wire({
  t: () => t,
  ready: () => !busy && loaded !== null,
  pay: (body) => void pay(body),
  collect: () => collect?.check() ?? { first: null, params: [] },
  extras: {
    check: (where) => loaded === null ? null : where === "before" ? Fields.checkFields(t, loaded.display) : Fields.checkTerms(t, loaded.display),
    addParams: (body) => {
      if (loaded !== null) Fields.addParams(loaded.display, body)
    }
  },
  processorCard: () => processorCard
})

const setBusy = (value: boolean) => {
  busy = value
  form.busy(value, payLabel())
}

const pay = async (body: string): Promise<void> => {
  const { session, display } = loaded!
  setBusy(true)
  let reply: Api.Reply
  try {
    // where the processor sends the shopper back after 3-D Secure or a redirect (the test processor never asks)
    const returnUrl = new URL(place.display.replace(/\/display$/, "/action_return"), location.href).href
    reply = await Api.call(secret, "POST", `${place.api}/payments`, `${body}${body === "" ? "" : "&"}return_url=${encodeURIComponent(returnUrl)}`)
  } catch {
    setBusy(false)
    return form.alert(t.text("decline.network"))
  }
  const json = reply.json as PaymentReply | null
  if (customerDone(reply.status, json)) return succeeded(display, session)
  // the processor needs the shopper (3-D Secure): off to its page; it sends them back to the return URL, which completes the attempt
  const action = actionUrl(reply.status, json)
  if (action !== null) return location.assign(action)
  setBusy(false)
  const error = json?.error ?? {}
  if (reply.status === 401) return showInvalid()
  if (reply.status === 404) return showUnknown()
  if (error.code === "checkout_session_not_open") return load()
  // no attempt can ever succeed (live mode with no processor configured): say so, never "try again"
  if (error.code === "livemode_unsupported") return View.showState(t, "state.unavailableTitle", t.text("state.unavailableBody"))
  if (reply.status === 400 && collect?.showServerError(error.param) === true) return
  const field = reply.status === 400 ? CardFields.fieldOf(error.param) : null
  if (field !== null) {
    form.setError(field[0], field[1])
    return form.focus(field[0])
  }
  // a custom field or the terms the server refused: shown on that field, in the page's language
  const refused = reply.status === 400 ? Fields.showRefusal(t, loaded!.display, error.param) : null
  if (refused !== null) return refused.focus()
  form.alert(Decline.message(error, t))
  form.focus("number")
}

/** The installment choice: the pay button says what the chosen plan charges. */
installmentsSelect.addEventListener("change", () => {
  if (!busy) form.busy(false, payLabel())
})

/** The promotion-code field: applies the typed code (or removes the applied one) and shows the new totals. */
const promoForm = document.getElementById("promo-form")
promoForm?.addEventListener("submit", (event) => {
  event.preventDefault()
  void applyCode()
})

/** The shipping options: records the one the customer picks, which prices the session again, and shows the new totals. */
document.getElementById("shipping-options")?.addEventListener("change", (event) => {
  void chooseShipping((event.target as HTMLInputElement).value)
})

/** The country select: records the customer's country, which picks the dynamic tax rates, and shows the new totals. */
document.getElementById("country")?.addEventListener("change", (event) => {
  void chooseCountry((event.target as HTMLSelectElement).value)
})

/**
 * Posts a form field to one of the page's display routes, busy meanwhile. A network failure, a secret
 * no longer valid and a session gone are shown here (undefined); any other answer is the caller's.
 */
const postDisplay = async (path: string, body: string): Promise<Api.Reply | undefined> => {
  setBusy(true)
  let reply: Api.Reply
  try {
    reply = await Api.call(secret, "POST", path, body)
  } catch {
    setBusy(false)
    form.alert(t.text("decline.network"))
    return undefined
  }
  setBusy(false)
  if (reply.status === 401) return void showInvalid()
  if (reply.status === 404) return void showUnknown()
  return reply
}

const chooseCountry = async (country: string): Promise<void> => {
  if (busy || loaded === null) return
  const reply = await postDisplay(place.country, `country=${encodeURIComponent(country)}`)
  if (reply === undefined) return
  if (reply.status !== 200) return load()
  loaded = { session: loaded.session, display: reply.json as Display }
  View.showTotals(t, loaded.display)
  if (collect?.taxCountry() != null) View.hideTaxCountry()
  form.busy(false, payLabel())
}

/** The option the customer picked while another call was under way: recorded once that call is answered (the last pick wins). */
let pendingShipping: string | null = null

const chooseShipping = async (rate: string): Promise<void> => {
  if (loaded === null) return
  if (busy) {
    pendingShipping = rate
    return
  }
  pendingShipping = null
  const reply = await postDisplay(place.shippingRate, `shipping_rate=${encodeURIComponent(rate)}`)
  if (reply === undefined) return
  if (reply.status !== 200) return load()
  loaded = { session: loaded.session, display: reply.json as Display }
  View.showTotals(t, loaded.display)
  form.busy(false, payLabel())
  const next = pendingShipping
  if (next !== null && next !== loaded.display.shipping_rate) void chooseShipping(next)
}

const applyCode = async (): Promise<void> => {
  if (busy || loaded === null) return
  const input = document.getElementById("promo-code") as HTMLInputElement
  const error = document.getElementById("promo-error")!
  const removing = document.getElementById("promo-apply")!.dataset["action"] === "remove"
  const code = removing ? "" : input.value.trim()
  if (!removing && code === "") return
  const reply = await postDisplay(place.promotionCode, `code=${encodeURIComponent(code)}`)
  if (reply === undefined) return
  if (reply.status !== 200) {
    const apiError = (reply.json as PaymentReply | null)?.error
    if (apiError?.code === "checkout_session_not_open") return load()
    input.setAttribute("aria-invalid", "true")
    error.textContent = t.text("promo.invalid")
    return
  }
  input.setAttribute("aria-invalid", "false")
  error.textContent = ""
  if (removing) input.value = ""
  loaded = { session: loaded.session, display: reply.json as Display }
  View.showTotals(t, loaded.display)
  if (collect?.taxCountry() != null) View.hideTaxCountry()
  form.busy(false, payLabel())
}

if (place.embedded) Frame.start()
void load()
