/**
 * The hosted checkout page's script, bundled by esbuild into one file (see ScriptBundle.ts). It takes
 * the client secret from the URL fragment, reads the session through the client routes of the API,
 * and pays with `fetch`. Amounts arrive formatted from the server (the core's `Money.format`), so no
 * currency rules live here; the card rules are the core's (`@till/core/Card`).
 */
import * as Api from "./Api.ts"
import * as Decline from "./Decline.ts"
import * as CardFields from "./CardFields.ts"
import * as Fields from "./Fields.ts"
import * as Form from "./Form.ts"
import * as Installments from "./Installments.ts"
import * as Place from "./Place.ts"
import * as Secret from "./Secret.ts"
import * as Translator from "./Translator.ts"
import * as View from "./View.ts"
import type { Display, PaymentMethods, PaymentReply, Session } from "./Wire.ts"
import { customerDone } from "./Wire.ts"

const place = Place.of(location.pathname)
let t = Translator.of(document.documentElement.lang)
let secret = ""
let loaded: { readonly session: Session; readonly display: Display } | null = null
let busy = false

const payLabel = () => (loaded === null ? "" : View.payLabel(t, loaded.display))
const showLoadError = () => View.showState(t, "state.errorTitle", t.text("state.errorBody"), { href: location.pathname, label: "state.retry" })
const showInvalid = () => {
  Secret.forget(place)
  View.showState(t, "state.invalidTitle", t.text("state.invalidBody"))
}
const showUnknown = () => View.showState(t, "state.unknownTitle", t.text("state.unknownBody"))

const render = (session: Session, display: Display, methods: PaymentMethods) => {
  if (session.status === "complete") {
    const back = Place.successUrl(session.success_url, place.sessionId)
    const link = back === null ? null : { href: back, label: "state.back" as const }
    const refund = display.refund
    if (refund !== null) {
      return refund.full
        ? View.showState(t, "state.refundedTitle", t.text("state.refundedBody", { amount: refund.amount_refunded }), link)
        : View.showState(t, "state.partlyRefundedTitle", t.text("state.partlyRefundedBody", { amount: refund.amount_refunded, total: refund.amount_captured }), link)
    }
    return View.showState(t, "state.completeTitle", t.text("state.completeBody"), link)
  }
  if (session.status === "expired") {
    const cancel = Place.cancelUrl(session.cancel_url)
    return View.showState(t, "state.expiredTitle", t.text("state.expiredBody"), cancel === null ? null : { href: cancel, label: "state.back" })
  }
  View.showCheckout(t, { livemode: session.livemode, display, plans: Installments.plansOf(methods), cancelUrl: Place.cancelUrl(session.cancel_url) })
}

const load = async (): Promise<void> => {
  View.show("loading")
  secret = Secret.take(place)
  if (secret === "") return View.showState(t, "state.incompleteTitle", t.text("state.incompleteBody"))
  let replies: ReadonlyArray<Api.Reply>
  try {
    replies = await Promise.all([
      Api.call(secret, "GET", `${place.api}?expand%5B%5D=line_items`),
      Api.call(secret, "GET", `${place.api}/payment_methods`),
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
  const [session, methods, display] = replies.map((reply) => reply.json) as [Session, PaymentMethods, Display]
  loaded = { session, display }
  t = Translator.of(display.language)
  View.applyLanguage(t)
  render(session, display, methods)
}

const succeeded = (display: Display, session: Session) => {
  const next = Place.successUrl(session.success_url, place.sessionId)
  if (next !== null) {
    View.showState(t, "state.successTitle", t.text("state.redirecting"))
    location.replace(next)
  } else {
    View.showState(t, "state.successTitle", t.text("state.successBody", { amount: display.amount_total }))
  }
}

const form = Form.wire({
  t: () => t,
  ready: () => !busy && loaded !== null,
  pay: (body) => void pay(body),
  extras: {
    check: (where) => loaded === null ? null : where === "before" ? Fields.checkFields(t, loaded.display) : Fields.checkTerms(t, loaded.display),
    addParams: (body) => {
      if (loaded !== null) Fields.addParams(loaded.display, body)
    }
  }
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
    reply = await Api.call(secret, "POST", `${place.api}/payments`, body)
  } catch {
    setBusy(false)
    return form.alert(t.text("decline.network"))
  }
  const json = reply.json as PaymentReply | null
  if (customerDone(reply.status, json)) return succeeded(display, session)
  setBusy(false)
  const error = json?.error ?? {}
  if (reply.status === 401) return showInvalid()
  if (reply.status === 404) return showUnknown()
  if (error.code === "checkout_session_not_open") return load()
  // no attempt can ever succeed (live mode with no processor configured): say so, never "try again"
  if (error.code === "livemode_unsupported") return View.showState(t, "state.unavailableTitle", t.text("state.unavailableBody"))
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
  form.busy(false, payLabel())
}

void load()
