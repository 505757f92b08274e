import { assert, describe, it } from "@effect/vitest"
import { CreateSessionParams, type Event, SessionMachine, type SessionState } from "@till/core"
import { Result, Schema } from "effect"
import { SessionObject } from "../src/Responses.ts"
import * as Wire from "../src/Wire.ts"

const T0 = 1_767_225_600
const BASE = "https://pay.example.com"

/** A session made by the core's machine, then paid: the domain value the wire renders. */
const open: SessionState = Result.getOrThrow(SessionMachine.create({
  account: "acct_1",
  livemode: false,
  params: Schema.decodeUnknownSync(CreateSessionParams)({
    line_items: [{ price_data: { currency: "usd", unit_amount: 1000, product_data: { name: "T-shirt" } }, quantity: 2 }]
  }),
  id: "cs_test_1",
  client_secret: "cs_test_1_secret_a/b",
  payment_link: null,
  now: T0
})).state
const started = Result.getOrThrow(SessionMachine.transition(open, { _tag: "StartPayment", attempt_id: "pa_1", payment_intent_id: "pi_1", payment_intent_client_secret: "pi_1_secret_x" }, T0)).state
const paid = Result.getOrThrow(SessionMachine.transition(started, {
  _tag: "PaymentSucceeded",
  attempt_id: "pa_1",
  payment_method: "pm_1",
  card: { brand: "visa", last4: "4242", exp_month: 12, exp_year: 2034, installments: null },
  customer_name: null
}, T0 + 1)).state

describe("Wire", () => {
  it("reads expand[] for a session and for a list's data", () => {
    assert.deepStrictEqual(Wire.expansionOf(undefined), Wire.noExpansion)
    assert.deepStrictEqual(Wire.expansionOf(["line_items"]), { ...Wire.noExpansion, line_items: true })
    assert.deepStrictEqual(Wire.expansionOf(["data.payment_intent"], "data."), { ...Wire.noExpansion, payment_intent: true })
    assert.deepStrictEqual(Wire.expansionOf(["data.customer"], "data."), { ...Wire.noExpansion, customer: true })
    assert.deepStrictEqual(Wire.expansionOf(["data.shipping_cost.shipping_rate", "data.shipping_options.shipping_rate"], "data."), {
      ...Wire.noExpansion,
      shipping_cost_rate: true,
      shipping_options_rate: true
    })
    assert.deepStrictEqual(Wire.expansionOf(["payment_intent"], "data."), Wire.noExpansion)
  })

  it("renders a session in Stripe's shape: `object`, and every field its schema names, no more", () => {
    const wire = Wire.session(open, BASE)
    assert.strictEqual(wire.object, "checkout.session")
    // present only when set, as Stripe shows them: line items (expanded), and an embedded session's return URL and redirect
    const sometimes = ["line_items", "return_url", "redirect_on_completion"]
    assert.sameMembers(Object.keys(wire), Object.keys(SessionObject.fields).filter((k) => !sometimes.includes(k)))
    assert.deepStrictEqual(Schema.encodeSync(SessionObject)(wire), wire)
  })

  it("makes the hosted page's url from the base it is given, while the session is open", () => {
    assert.strictEqual(Wire.session(open, BASE).url, "https://pay.example.com/c/pay/cs_test_1#cs_test_1_secret_a%2Fb")
    assert.strictEqual(Wire.session(open, "http://localhost:4242/").url, "http://localhost:4242/c/pay/cs_test_1#cs_test_1_secret_a%2Fb")
    assert.isNull(Wire.session(paid, BASE).url)
    assert.isNull(Wire.session(SessionMachine.view(open, open.session.expires_at), BASE).url)
  })

  it("embeds line items as a list and the payment intent as an object only when asked", () => {
    assert.strictEqual(Wire.session(paid, BASE).payment_intent, "pi_1")
    const both = Wire.session(paid, BASE, { line_items: true, payment_intent: true })
    assert.deepStrictEqual(both.line_items, {
      object: "list",
      url: "/v1/checkout/sessions/cs_test_1/line_items",
      has_more: false,
      data: paid.line_items.map((item) => Wire.lineItem(item, paid.session))
    })
    assert.strictEqual(both.line_items!.data[0]!.object, "item")
    assert.strictEqual(both.line_items!.data[0]!.price.object, "price")
    assert.deepStrictEqual(both.payment_intent, Wire.paymentIntent(paid.payment_intent!))
    assert.strictEqual(Wire.paymentIntent(paid.payment_intent!).client_secret, "pi_1_secret_x")
    assert.notProperty(Wire.session(paid, BASE, { line_items: false, payment_intent: true }), "line_items")
  })

  it("leaves return_url out unless it is set, as Stripe does, and shows the session's discount and tax totals", () => {
    assert.notProperty(Wire.session(open, BASE), "return_url")
    const withReturn = { ...open, session: { ...open.session, return_url: "https://shop.example/back" } }
    assert.strictEqual(Wire.session(withReturn, BASE).return_url, "https://shop.example/back")
    assert.deepStrictEqual(Wire.session(open, BASE).total_details, { amount_discount: 0, amount_shipping: 0, amount_tax: 0 })
    const taxed = { ...open, session: { ...open.session, amount_tax: 150, amount_discount: 20 } }
    assert.deepStrictEqual(Wire.session(taxed, BASE).total_details, { amount_discount: 20, amount_shipping: 0, amount_tax: 150 })
  })

  it("renders an embedded session with no url, its client secret, return_url and redirect_on_completion, and ui_mode", () => {
    const make = (params: Record<string, unknown>) => Result.getOrThrow(SessionMachine.create({
      account: "acct_1",
      livemode: false,
      params: Schema.decodeUnknownSync(CreateSessionParams)({ amount: 1000, currency: "usd", ...params }),
      id: "cs_test_2",
      client_secret: "cs_test_2_secret_x",
      payment_link: null,
      now: T0
    })).state
    const embedded = Wire.session(make({ ui_mode: "embedded", return_url: "https://shop.example/back?s={CHECKOUT_SESSION_ID}" }), BASE)
    assert.strictEqual(embedded.ui_mode, "embedded_page")
    assert.isNull(embedded.url)
    assert.strictEqual(embedded.client_secret, "cs_test_2_secret_x")
    assert.strictEqual(embedded.return_url, "https://shop.example/back?s={CHECKOUT_SESSION_ID}")
    assert.strictEqual(embedded.redirect_on_completion, "always")
    assert.deepStrictEqual(Schema.encodeSync(SessionObject)(embedded), embedded)
    const never = Wire.session(make({ ui_mode: "embedded_page", redirect_on_completion: "never" }), BASE)
    assert.strictEqual(never.redirect_on_completion, "never")
    assert.notProperty(never, "return_url")
    const hosted = Wire.session(make({ ui_mode: "hosted", redirect_on_completion: "always" }), BASE)
    assert.strictEqual(hosted.ui_mode, "hosted_page")
    assert.notProperty(hosted, "redirect_on_completion")
    assert.isNull(hosted.after_expiration)
    assert.isNull(hosted.recovered_from)
  })

  it("shows a recovery's url and expiry only once the session has expired, under the base it is given", () => {
    const recovering = Result.getOrThrow(SessionMachine.create({
      account: "acct_1",
      livemode: false,
      params: Schema.decodeUnknownSync(CreateSessionParams)({ amount: 1000, currency: "usd", after_expiration: { recovery: { enabled: "true", allow_promotion_codes: "true" } } }),
      id: "cs_test_3",
      client_secret: "cs_test_3_secret_x",
      payment_link: null,
      now: T0,
      recovery_token: "cs_test_3_recovery_abc"
    })).state
    assert.deepStrictEqual(Wire.session(recovering, BASE).after_expiration, { recovery: { allow_promotion_codes: true, enabled: true, expires_at: null, url: null } })
    // read past its time, it reads as expired at its expires_at, and so does its recovery's window
    const expired = SessionMachine.view(recovering, recovering.session.expires_at + 60)
    assert.deepStrictEqual(Wire.session(expired, BASE).after_expiration, {
      recovery: {
        allow_promotion_codes: true,
        enabled: true,
        expires_at: recovering.session.expires_at + SessionMachine.RECOVERY_WINDOW_SECONDS,
        url: "https://pay.example.com/c/recover/cs_test_3_recovery_abc"
      }
    })
    const off = Result.getOrThrow(SessionMachine.create({
      account: "acct_1",
      livemode: false,
      params: Schema.decodeUnknownSync(CreateSessionParams)({ amount: 1000, currency: "usd", after_expiration: { recovery: { enabled: false } } }),
      id: "cs_test_4",
      client_secret: "cs_test_4_secret_x",
      payment_link: null,
      now: T0
    })).state
    assert.deepStrictEqual(Wire.session(SessionMachine.view(off, off.session.expires_at), BASE).after_expiration, {
      recovery: { allow_promotion_codes: false, enabled: false, expires_at: null, url: null }
    })
  })

  it("keeps the payment intent an id when there is none to embed", () => {
    assert.isNull(Wire.session(open, BASE, { line_items: false, payment_intent: true }).payment_intent)
  })

  it("freezes an event's object in the wire shape of its moment", () => {
    const session = Wire.eventSnapshot({ type: "checkout.session.completed", object: paid.session }, BASE)
    assert.deepStrictEqual(session, Wire.sessionObject(paid.session, BASE))
    const intent = Wire.eventSnapshot({ type: "payment_intent.succeeded", object: paid.payment_intent! }, BASE)
    assert.deepStrictEqual(intent, Wire.paymentIntent(paid.payment_intent!))
  })

  it("wraps a page in the list envelope and leaves the account off events", () => {
    assert.deepStrictEqual(Wire.list("/v1/x", { data: [1, 2], has_more: true }, (n) => n * 10), { object: "list", url: "/v1/x", has_more: true, data: [10, 20] })
    const event = { id: "evt_1", object: "event", account: "acct_1", type: "checkout.session.completed" } as unknown as Event
    assert.deepStrictEqual(Wire.event(event) as unknown, { id: "evt_1", object: "event", type: "checkout.session.completed" })
  })
})
