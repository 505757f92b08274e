import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import type { Collected } from "../src/CheckoutFields.ts"
import { customerIdForSession } from "../src/Ids.ts"
import { ATTEMPT_TIMEOUT_SECONDS, type Command, create, EXPIRY_WINDOW, transition, view } from "../src/SessionMachine.ts"
import { basicParams, cmd, err, ok, openSession, params, T0 } from "./fixtures.ts"

const HOUR = 3600
const afterExpiry = T0 + EXPIRY_WINDOW.default

// Each test name starts with the row id of the transition table in docs/core.md.
describe("SessionMachine transitions", () => {
  it("T1 create: valid parameters give an open, unpaid session and no event", () => {
    const result = create({
      account: "acct_1", livemode: false, params: params(basicParams), id: "cs_test_abc", client_secret: "cs_test_abc_secret_1",
      payment_link: null, now: T0
    })
    assert.isTrue(Result.isSuccess(result))
    const { events, state } = Result.getOrThrow(result)
    assert.deepStrictEqual(events, [])
    assert.strictEqual(state.session.status, "open")
    assert.strictEqual(state.session.payment_status, "unpaid")
    assert.strictEqual(state.session.amount_subtotal, 2000)
    assert.strictEqual(state.session.amount_total, 2000)
    assert.strictEqual(state.session.expires_at, T0 + 24 * HOUR)
    assert.strictEqual(state.session.client_secret, "cs_test_abc_secret_1")
    assert.strictEqual(state.version, 1)
    assert.isNull(state.attempt)
  })

  it("T2 create: invalid cross-field parameters fail with the offending param", () => {
    const cases: Array<[unknown, string, string]> = [
      [{}, "line_items", "parameter_missing"],
      [{ amount: 500 }, "currency", "parameter_missing"],
      [{ ...basicParams, amount: 500, currency: "usd" }, "amount", "parameter_invalid"],
      [{ line_items: [{ price_data: { currency: "usd", unit_amount: 0, product_data: { name: "free" } }, quantity: 1 }] }, "line_items", "amount_too_small"],
      [{ line_items: [{ price_data: { currency: "usd", unit_amount: 99_999_999, product_data: { name: "a" } }, quantity: 2 }] }, "line_items", "amount_too_large"],
      [{
        line_items: [
          { price_data: { currency: "usd", unit_amount: 1, product_data: { name: "a" } }, quantity: 1 },
          { price_data: { currency: "eur", unit_amount: 1, product_data: { name: "b" } }, quantity: 1 }
        ]
      }, "line_items[1][price_data][currency]", "parameter_invalid"],
      [{ ...basicParams, expires_at: T0 + 29 * 60 }, "expires_at", "parameter_invalid"],
      [{ ...basicParams, expires_at: T0 + 24 * HOUR + 1 }, "expires_at", "parameter_invalid"],
      [{ ...basicParams, payment_method_options: { card: { installments: { enabled: true } } } }, "payment_method_options[card][installments][plans]", "parameter_missing"],
      [{ ...basicParams, payment_method_options: { card: { installments: { plans: [{ count: 3 }, { count: 3 }] } } } }, "payment_method_options[card][installments][plans][1][count]", "parameter_invalid"]
    ]
    for (const [input, param, code] of cases) {
      const result = create({
        account: "acct_1", livemode: false, params: params(input), id: "cs_test_x", client_secret: "s",
        payment_link: null, now: T0
      })
      assert.isTrue(Result.isFailure(result), JSON.stringify(input))
      const e = Result.getFailure(result).pipe((o) => (o._tag === "Some" ? o.value : undefined))!
      assert.strictEqual(e.param, param, JSON.stringify(input))
      assert.strictEqual(e.code, code, JSON.stringify(input))
    }
  })

  it("T3 open + StartPayment: an attempt is in flight and the payment intent is processing, no event", () => {
    const { events, state } = ok(openSession(), cmd.start())
    assert.deepStrictEqual(events, [])
    assert.strictEqual(state.session.status, "open")
    assert.deepStrictEqual(state.attempt, { id: "pa_1", started_at: T0 })
    assert.strictEqual(state.payment_intent?.status, "processing")
    assert.strictEqual(state.payment_intent?.amount, 2000)
    assert.strictEqual(state.session.payment_intent, "pi_1")
    assert.strictEqual(state.version, 2)
  })

  it("T4 open + StartPayment while an attempt is in flight: PaymentInProgress", () => {
    const started = ok(openSession(), cmd.start()).state
    assert.strictEqual(err(started, cmd.start("pa_2", "pi_2"), T0 + 1)._tag, "PaymentInProgress")
  })

  it("T5 open + StartPayment at or after expires_at: SessionNotOpen (expired)", () => {
    const e = err(openSession(), cmd.start(), afterExpiry)
    assert.strictEqual(e._tag, "SessionNotOpen")
    assert.strictEqual((e as { status: string }).status, "expired")
  })

  it("T6 attempt + PaymentSucceeded: complete and paid, events payment_intent.succeeded then checkout.session.completed", () => {
    const started = ok(openSession(), cmd.start()).state
    const { events, state } = ok(started, cmd.succeed(), T0 + 2)
    assert.strictEqual(state.session.status, "complete")
    assert.strictEqual(state.session.payment_status, "paid")
    assert.isNull(state.attempt)
    assert.strictEqual(state.payment_intent?.status, "succeeded")
    assert.strictEqual(state.payment_intent?.amount_received, 2000)
    assert.strictEqual(state.payment_intent?.payment_method_details?.card.last4, "4242")
    assert.deepStrictEqual(events.map((e) => e.type), ["payment_intent.succeeded", "checkout.session.completed"])
    assert.deepStrictEqual(events[1]!.object, state.session)
  })

  it("T7 attempt + PaymentFailed before expires_at: stays open, event payment_intent.payment_failed", () => {
    const started = ok(openSession(), cmd.start()).state
    const { events, state } = ok(started, cmd.fail(), T0 + 2)
    assert.strictEqual(state.session.status, "open")
    assert.isNull(state.attempt)
    assert.strictEqual(state.payment_intent?.status, "requires_payment_method")
    assert.strictEqual(state.payment_intent?.last_payment_error?.decline_code, "generic_decline")
    assert.deepStrictEqual(events.map((e) => e.type), ["payment_intent.payment_failed"])
    // the customer can try again
    assert.strictEqual(ok(state, cmd.start("pa_2", "pi_ignored"), T0 + 3).state.payment_intent?.id, "pi_1")
  })

  it("T8 attempt + PaymentFailed after expires_at: expired, events payment_failed then checkout.session.expired", () => {
    const started = ok(openSession(), cmd.start(), afterExpiry - 5).state
    const { events, state } = ok(started, cmd.fail(), afterExpiry + 5)
    assert.strictEqual(state.session.status, "expired")
    assert.strictEqual(state.payment_intent?.status, "canceled")
    assert.deepStrictEqual(events.map((e) => e.type), ["payment_intent.payment_failed", "checkout.session.expired"])
  })

  it("T9 attempt + AbandonAttempt: open again with no event", () => {
    const started = ok(openSession(), cmd.start()).state
    const { events, state } = ok(started, cmd.abandon(), T0 + 1)
    assert.deepStrictEqual(events, [])
    assert.isNull(state.attempt)
    assert.strictEqual(state.payment_intent?.status, "requires_payment_method")
  })

  it("T10 open + Expire: expired, event checkout.session.expired, payment intent canceled", () => {
    const declined = ok(ok(openSession(), cmd.start()).state, cmd.fail()).state
    const { events, state } = ok(declined, cmd.expire, T0 + 10)
    assert.strictEqual(state.session.status, "expired")
    assert.strictEqual(state.session.payment_status, "unpaid")
    assert.strictEqual(state.payment_intent?.status, "canceled")
    assert.deepStrictEqual(events.map((e) => e.type), ["checkout.session.expired"])
  })

  it("T11 open + Expire while an attempt is in flight: PaymentInProgress", () => {
    const started = ok(openSession(), cmd.start()).state
    assert.strictEqual(err(started, cmd.expire, T0 + 1)._tag, "PaymentInProgress")
  })

  it("T12 open + ExpireByClock at expires_at: expired, event checkout.session.expired", () => {
    const { events, state } = ok(openSession(), cmd.expireByClock, afterExpiry)
    assert.strictEqual(state.session.status, "expired")
    assert.deepStrictEqual(events.map((e) => e.type), ["checkout.session.expired"])
  })

  it("T13 open + ExpireByClock before expires_at: NotYetExpired", () => {
    assert.strictEqual(err(openSession(), cmd.expireByClock, afterExpiry - 1)._tag, "NotYetExpired")
  })

  it("T14 attempt + ExpireByClock past expires_at: PaymentInProgress until the attempt resolves", () => {
    const started = ok(openSession(), cmd.start(), afterExpiry - 1).state
    assert.strictEqual(err(started, cmd.expireByClock, afterExpiry + 1)._tag, "PaymentInProgress")
    // and a success that arrives late still completes the session
    assert.strictEqual(ok(started, cmd.succeed(), afterExpiry + 2).state.session.status, "complete")
  })

  it("T15 unresolved attempt + ExpireByClock, however old: PaymentInProgress (only the processor's answer frees it)", () => {
    const started = ok(openSession(), cmd.start(), afterExpiry - 1).state
    for (const later of [ATTEMPT_TIMEOUT_SECONDS, 10 * ATTEMPT_TIMEOUT_SECONDS, 100_000]) {
      assert.strictEqual(err(started, cmd.expireByClock, afterExpiry + later)._tag, "PaymentInProgress")
    }
    assert.strictEqual(view(started, afterExpiry + 100_000).session.status, "open")
  })

  it("T16 unresolved attempt + StartPayment, however old: PaymentInProgress (a timer never starts a second charge)", () => {
    const started = ok(openSession(), cmd.start()).state
    for (const later of [1, ATTEMPT_TIMEOUT_SECONDS, 10 * ATTEMPT_TIMEOUT_SECONDS]) {
      assert.strictEqual(err(started, cmd.start("pa_2", "x"), T0 + later)._tag, "PaymentInProgress")
    }
  })

  it("T17 open + UpdateMetadata: merged (empty value unsets a key, empty record clears), no event", () => {
    const s = openSession({ ...basicParams, metadata: { a: "1", b: "2" } })
    const { events, state } = ok(s, cmd.metadata({ b: "", c: "3" }))
    assert.deepStrictEqual(events, [])
    assert.deepStrictEqual(state.session.metadata, { a: "1", c: "3" })
    assert.deepStrictEqual(ok(state, cmd.metadata("")).state.session.metadata, {})
  })

  it("T18 open + UpdateMetadata past the limits: ValidationError on metadata", () => {
    const full = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"]))
    const s = openSession({ ...basicParams, metadata: full })
    const e = err(s, cmd.metadata({ extra: "1" }))
    assert.strictEqual(e._tag, "ValidationError")
    assert.strictEqual((e as { param: string }).param, "metadata")
  })

  it("T19 open + RotateClientSecret: new secret, no event", () => {
    const { events, state } = ok(openSession(), cmd.rotate())
    assert.deepStrictEqual(events, [])
    assert.strictEqual(state.session.client_secret, "cs_test_abc_secret_2")
  })

  it("T23 attempt + AbandonAttempt at or after expires_at: expired, event checkout.session.expired", () => {
    const started = ok(openSession(), cmd.start(), afterExpiry - 5).state
    const { events, state } = ok(started, cmd.abandon(), afterExpiry + 5)
    assert.strictEqual(state.session.status, "expired")
    assert.isNull(state.attempt)
    assert.deepStrictEqual(events.map((e) => e.type), ["checkout.session.expired"])
  })

  it("T24 PaymentFailed or AbandonAttempt for an attempt already resolved: nothing changes but the version, no event", () => {
    const declined = ok(ok(openSession(), cmd.start()).state, cmd.fail()).state
    for (const late of [cmd.fail(), cmd.abandon()]) {
      const { events, state } = ok(declined, late, T0 + 2)
      assert.deepStrictEqual(events, [])
      assert.deepStrictEqual({ ...state, version: declined.version }, declined)
      assert.strictEqual(state.version, declined.version + 1)
    }
    // a newer attempt keeps its claim when an older one is reported again
    const retrying = ok(declined, cmd.start("pa_2", "x"), T0 + 3).state
    assert.strictEqual(ok(retrying, cmd.fail("pa_1"), T0 + 4).state.attempt?.id, "pa_2")
    assert.strictEqual(ok(retrying, cmd.fail("pa_1"), T0 + 4).state.payment_intent?.status, "processing")
  })

  it("T20 complete or expired + any command: SessionNotOpen, nothing changes", () => {
    const complete = ok(ok(openSession(), cmd.start()).state, cmd.succeed()).state
    const expired = ok(openSession(), cmd.expire).state
    const all = [cmd.start("pa_9", "pi_9"), cmd.succeed(), cmd.fail(), cmd.abandon(), cmd.expire, cmd.expireByClock, cmd.metadata({ a: "b" }), cmd.rotate()]
    for (const terminal of [complete, expired]) {
      for (const c of all) {
        const e = err(terminal, c, afterExpiry + 10)
        assert.strictEqual(e._tag, "SessionNotOpen", `${terminal.session.status} + ${c._tag}`)
        assert.strictEqual((e as { status: string }).status, terminal.session.status)
      }
    }
  })

  it("T21 view: an open session past expires_at reads as expired before any write", () => {
    const s = openSession()
    assert.strictEqual(view(s, afterExpiry - 1).session.status, "open")
    const read = view(s, afterExpiry)
    assert.strictEqual(read.session.status, "expired")
    assert.strictEqual(read.version, s.version)
    // an attempt in flight keeps it open until it resolves
    const started = ok(s, cmd.start(), afterExpiry - 1).state
    assert.strictEqual(view(started, afterExpiry).session.status, "open")
  })

  it("T22 open past expires_at + UpdateMetadata or RotateClientSecret: SessionNotOpen (expired)", () => {
    for (const c of [cmd.metadata({ a: "1" }), cmd.rotate()]) {
      const e = err(openSession(), c, afterExpiry)
      assert.strictEqual(e._tag, "SessionNotOpen")
    }
  })

  /** `cmd.succeed()` with what the payment collected. */
  const succeedWith = (collected: { readonly customer_name?: string; readonly customer_email?: string }): Command => ({
    ...(cmd.succeed() as Extract<Command, { readonly _tag: "PaymentSucceeded" }>),
    ...collected
  })

  it("T25 attempt + PaymentSucceeded with customer_creation=always and no customer: complete, with a new customer from what was paid with", () => {
    const s = openSession({ ...basicParams, customer_creation: "always" })
    const started = ok(s, cmd.start()).state
    const t = ok(started, succeedWith({ customer_name: "Ada", customer_email: "ada@example.com" }), T0 + 5)
    const customer = t.new_customer!
    assert.strictEqual(customer.id, customerIdForSession(s.session.id))
    assert.include(customer, { email: "ada@example.com", name: "Ada", created: T0 + 5, livemode: false })
    assert.strictEqual(t.state.session.customer, customer.id)
    assert.deepStrictEqual(t.state.session.customer_details, { email: "ada@example.com", name: "Ada", phone: null, address: null })
    assert.deepStrictEqual(t.events.map((e) => e.type), ["customer.created", "payment_intent.succeeded", "checkout.session.completed"])
    // the default (if_required) creates none; an address given at creation wins over the payment's
    const plain = ok(ok(openSession({ ...basicParams, customer_email: "given@example.com" }), cmd.start()).state, succeedWith({ customer_email: "typed@example.com" }))
    assert.isUndefined(plain.new_customer)
    assert.isNull(plain.state.session.customer)
    assert.strictEqual(plain.state.session.customer_details?.email, "given@example.com")
  })

  it("T26 create with customer and customer_email or customer_creation: ValidationError (customer)", () => {
    for (const extra of [{ customer_email: "a@b.co" }, { customer_creation: "if_required" }]) {
      const result = create({
        account: "acct_1",
        livemode: false,
        params: params({ ...basicParams, customer: "cus_1", ...extra }),
        id: "cs_test_x",
        client_secret: "s",
        payment_link: null,
        now: T0
      })
      assert.isTrue(Result.isFailure(result))
      const e = Result.isFailure(result) ? result.failure : undefined
      assert.strictEqual(e?.param, "customer")
      assert.match(e?.message ?? "", /^You may only specify one of these parameters: customer, customer_(email|creation)\.$/)
    }
    assert.strictEqual(openSession({ ...basicParams, customer: "cus_1" }).session.customer_creation, null)
    assert.strictEqual(openSession(basicParams).session.customer_creation, "if_required")
  })

  const asking = {
    ...basicParams,
    custom_fields: [{ key: "engraving", label: { type: "custom", custom: "Engraving" }, type: "text" }],
    consent_collection: { terms_of_service: "required" }
  }
  const startWith = (filled: Collected): Command => ({ _tag: "StartPayment", attempt_id: "pa_1", payment_intent_id: "pi_1", payment_intent_client_secret: "pi_1_secret_test", filled })

  it("T27 open + StartPayment with a required custom field empty or the terms not accepted: ValidationError, nothing starts", () => {
    const s = openSession(asking)
    const noField = err(s, startWith({ consent: { terms_of_service: "accepted" } }))
    assert.deepStrictEqual([noField._tag, noField._tag === "ValidationError" ? noField.param : null], ["ValidationError", "custom_fields[engraving]"])
    const noTerms = err(s, startWith({ custom_fields: { engraving: "Ada" } }))
    assert.deepStrictEqual([noTerms._tag, noTerms._tag === "ValidationError" ? noTerms.param : null], ["ValidationError", "consent[terms_of_service]"])
  })

  it("T28 open + StartPayment with valid values and the terms accepted: as T3, the values and consent recorded", () => {
    const t = ok(openSession(asking), startWith({ custom_fields: { engraving: "Ada" }, consent: { terms_of_service: "accepted" } }))
    assert.isNotNull(t.state.attempt)
    assert.strictEqual(t.state.payment_intent?.status, "processing")
    assert.strictEqual(t.state.session.custom_fields[0]!.text?.value, "Ada")
    assert.deepStrictEqual(t.state.session.consent, { promotions: null, terms_of_service: "accepted" })
    assert.deepStrictEqual(t.events, [])
  })
})

describe("create", () => {
  it("amount + currency make one implicit line item named by payment_description", () => {
    const s = openSession({ amount: 1200, currency: "CLP", payment_description: "Order 42" })
    assert.strictEqual(s.session.currency, "clp")
    assert.strictEqual(s.line_items.length, 1)
    assert.strictEqual(s.line_items[0]!.description, "Order 42")
    assert.strictEqual(s.session.amount_total, 1200)
    assert.strictEqual(openSession({ amount: 5, currency: "usd" }).line_items[0]!.description, "Payment")
  })

  it("keeps every ext field and defaults", () => {
    const s = openSession({
      ...basicParams,
      country: "cl",
      business_profile: { category: "retail", tax_id: "76.123.456-7" },
      payment_method_options: { card: { installments: { plans: [{ count: 3 }, { count: 6, rate: "1.5" }] } } },
      locale: "es",
      client_reference_id: "order-42",
      customer_email: "a@b.co"
    })
    assert.strictEqual(s.session.country, "CL")
    assert.deepStrictEqual(s.session.business_profile, { category: "retail", tax_id: "76.123.456-7" })
    assert.deepStrictEqual(s.session.payment_method_options.card.installments, { enabled: true, plans: [{ count: 3, rate: 0 }, { count: 6, rate: 1.5 }] })
    assert.deepStrictEqual(s.session.payment_method_types, ["card"])
    assert.deepStrictEqual(s.session.customer_details, { email: "a@b.co", name: null, phone: null, address: null })
    const ids = new Set(s.line_items.flatMap((li) => [li.id, li.price.id]))
    assert.strictEqual(ids.size, 2 * s.line_items.length)
  })

  it("line item ids are unique across 100 items", () => {
    const items = Array.from({ length: 100 }, (_, i) => ({ price_data: { currency: "usd", unit_amount: i + 1, product_data: { name: `p${i}` } }, quantity: 1 }))
    const s = openSession({ line_items: items })
    assert.strictEqual(new Set(s.line_items.map((li) => li.id)).size, 100)
    assert.strictEqual(s.session.amount_total, (100 * 101) / 2)
  })

  it("expires_at at exactly 30 minutes and 24 hours is accepted", () => {
    assert.strictEqual(openSession({ ...basicParams, expires_at: T0 + 30 * 60 }).session.expires_at, T0 + 1800)
    assert.strictEqual(openSession({ ...basicParams, expires_at: T0 + 24 * HOUR }).session.expires_at, T0 + 86400)
  })

  it("transition results are independent of input mutation (pure)", () => {
    const s = openSession()
    const before = JSON.stringify(s)
    transition(s, { _tag: "StartPayment", attempt_id: "a", payment_intent_id: "p", payment_intent_client_secret: "p_secret_x" }, T0)
    transition(s, { _tag: "Expire" }, T0)
    assert.strictEqual(JSON.stringify(s), before)
  })
})
