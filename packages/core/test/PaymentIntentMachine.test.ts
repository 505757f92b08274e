import { assert, describe, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import type { SessionState } from "../src/CheckoutSession.ts"
import { PaymentIntentDataParams } from "../src/PaymentIntentData.ts"
import { type Command, transition } from "../src/PaymentIntentMachine.ts"
import { basicParams, cmd, ok, openSession, T0 } from "./fixtures.ts"

const manual = { ...basicParams, payment_intent_data: { capture_method: "manual" } }

/** A session paid with manual capture: complete, its intent holding 2,000. */
const authorized = (): SessionState => ok(ok(openSession(manual), cmd.start()).state, cmd.succeed()).state

const capture = (amount: number, metadata?: Record<string, string> | ""): Command => ({
  _tag: "Capture",
  amount,
  ...(metadata === undefined ? {} : { metadata })
})
const cancel: Command = { _tag: "Cancel", reason: "requested_by_customer" }

const apply = (state: SessionState, command: Command, now = T0 + 60) => transition(state, command, now)
const success = (state: SessionState, command: Command, now = T0 + 60) => {
  const result = apply(state, command, now)
  if (Result.isFailure(result)) throw new Error(`expected success, got ${result.failure._tag}: ${result.failure.message}`)
  return result.success
}
const failure = (state: SessionState, command: Command) => {
  const result = apply(state, command)
  if (Result.isSuccess(result)) throw new Error("expected failure, got success")
  return result.failure
}

// Each test name starts with the row id of the payment-intent table in docs/core.md.
describe("PaymentIntentMachine transitions", () => {
  it("T6m open + PaymentSucceeded with manual capture: complete but unpaid, intent requires_capture holding the total", () => {
    const paid = ok(ok(openSession(manual), cmd.start()).state, cmd.succeed())
    assert.strictEqual(paid.state.session.status, "complete")
    assert.strictEqual(paid.state.session.payment_status, "unpaid")
    assert.strictEqual(paid.state.payment_intent?.status, "requires_capture")
    assert.strictEqual(paid.state.payment_intent?.amount_capturable, 2000)
    assert.strictEqual(paid.state.payment_intent?.amount_received, 0)
    assert.strictEqual(paid.state.payment_intent?.capture_method, "manual")
    assert.deepStrictEqual(paid.events.map((e) => e.type), ["payment_intent.amount_capturable_updated", "checkout.session.completed"])
  })

  it("P1 requires_capture + Capture of everything: succeeded, amount_received the total, event payment_intent.succeeded", () => {
    const before = authorized()
    const t = success(before, capture(2000))
    assert.strictEqual(t.state.payment_intent?.status, "succeeded")
    assert.strictEqual(t.state.payment_intent?.amount_received, 2000)
    assert.strictEqual(t.state.payment_intent?.amount_capturable, 0)
    assert.strictEqual(t.state.version, before.version + 1)
    assert.deepStrictEqual(t.state.session, before.session, "the session does not change")
    assert.deepStrictEqual(t.events.map((e) => e.type), ["payment_intent.succeeded"])
  })

  it("P2 requires_capture + Capture of part: succeeded with the part received, the rest released; metadata merged", () => {
    const t = success(authorized(), capture(750, { order: "42" }))
    assert.strictEqual(t.state.payment_intent?.status, "succeeded")
    assert.strictEqual(t.state.payment_intent?.amount_received, 750)
    assert.strictEqual(t.state.payment_intent?.amount_capturable, 0)
    assert.deepStrictEqual(t.state.payment_intent?.metadata, { order: "42" })
  })

  it("P2 requires_capture + Capture with statement descriptors: they replace the ones the intent took from the session", () => {
    const t = success(authorized(), { _tag: "Capture", amount: 2000, statement_descriptor_suffix: "SHIPPED 7" })
    assert.strictEqual(t.state.payment_intent?.statement_descriptor_suffix, "SHIPPED 7")
    assert.isNull(t.state.payment_intent?.statement_descriptor)
  })

  it("P3 requires_capture + Capture above amount_capturable (or below 1): ValidationError on amount_to_capture", () => {
    for (const amount of [2001, 0]) {
      const e = failure(authorized(), capture(amount))
      assert.strictEqual(e._tag, "ValidationError")
      if (e._tag === "ValidationError") assert.deepStrictEqual([e.code, e.param], ["amount_too_large", "amount_to_capture"])
    }
  })

  it("P4 requires_capture + Cancel: canceled with its reason and time, nothing received, event payment_intent.canceled", () => {
    const t = success(authorized(), cancel, T0 + 99)
    assert.strictEqual(t.state.payment_intent?.status, "canceled")
    assert.strictEqual(t.state.payment_intent?.cancellation_reason, "requested_by_customer")
    assert.strictEqual(t.state.payment_intent?.canceled_at, T0 + 99)
    assert.strictEqual(t.state.payment_intent?.amount_capturable, 0)
    assert.strictEqual(t.state.payment_intent?.amount_received, 0)
    assert.deepStrictEqual(t.events.map((e) => e.type), ["payment_intent.canceled"])
  })

  it("P5 succeeded or canceled + Capture or Cancel: PaymentIntentUnexpectedState with Stripe's message", () => {
    const captured = success(authorized(), capture(2000)).state
    const canceled = success(authorized(), cancel).state
    const cases: Array<[SessionState, Command, string]> = [
      [captured, capture(1), "This PaymentIntent could not be captured because it has already been captured."],
      [captured, cancel, "You cannot cancel this PaymentIntent because it has a status of succeeded."],
      [canceled, capture(1), "This PaymentIntent could not be captured because it has a status of canceled."],
      [canceled, cancel, "You cannot cancel this PaymentIntent because it has a status of canceled."]
    ]
    for (const [state, command, message] of cases) {
      const e = failure(state, command)
      assert.strictEqual(e._tag, "PaymentIntentUnexpectedState")
      assert.include(e.message, message)
    }
  })

  it("P6 automatic capture, succeeded + Capture: PaymentIntentUnexpectedState", () => {
    const paid = ok(ok(openSession(), cmd.start()).state, cmd.succeed()).state
    assert.strictEqual(paid.payment_intent?.capture_method, "automatic")
    assert.strictEqual(paid.session.payment_status, "paid")
    assert.strictEqual(failure(paid, capture(2000))._tag, "PaymentIntentUnexpectedState")
  })

  it("P7 intent of an open session + Cancel or Capture: PaymentIntentUnexpectedState (expire the session instead)", () => {
    const failed = ok(ok(openSession(manual), cmd.start()).state, cmd.fail()).state
    const e = failure(failed, cancel)
    assert.strictEqual(e._tag, "PaymentIntentUnexpectedState")
    assert.strictEqual(e.message, "You cannot cancel the PaymentIntent for a Checkout Session. Expire the Checkout Session instead.")
    assert.include(failure(failed, capture(1)).message, "has a status of requires_payment_method")
  })

  it("P8 requires_capture + Capture with metadata past the limits: ValidationError on metadata", () => {
    const big = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]))
    const e = failure(authorized(), capture(2000, big))
    assert.strictEqual(e._tag, "ValidationError")
  })
})

describe("payment_intent_data", () => {
  const decode = Schema.decodeUnknownResult(PaymentIntentDataParams)

  it("carries onto the payment intent made at payment", () => {
    const started = ok(openSession({
      ...basicParams,
      payment_description: "ext description",
      payment_intent_data: {
        description: "Order 42",
        metadata: { order: "42" },
        statement_descriptor: "TILL SHOP",
        statement_descriptor_suffix: "ORDER 42",
        receipt_email: "buyer@example.com"
      }
    }), cmd.start()).state
    const pi = started.payment_intent!
    assert.deepStrictEqual(
      [pi.description, pi.metadata, pi.statement_descriptor, pi.statement_descriptor_suffix, pi.receipt_email, pi.capture_method],
      ["Order 42", { order: "42" }, "TILL SHOP", "ORDER 42", "buyer@example.com", "automatic"]
    )
  })

  it("defaults: automatic capture, the ext payment_description, no metadata", () => {
    const pi = ok(openSession({ ...basicParams, payment_description: "ext description" }), cmd.start()).state.payment_intent!
    assert.deepStrictEqual([pi.description, pi.metadata, pi.capture_method, pi.statement_descriptor], ["ext description", {}, "automatic", null])
  })

  it("checks statement descriptors as Stripe does: 5 to 22 Latin characters, a letter, none of < > \\ ' \" *", () => {
    for (const bad of ["ABC", "A".repeat(23), "12345", "SHOP*1", "SHOP<1", "CAFÉ SHOP", "SHOP\"S"]) {
      assert.isTrue(Result.isFailure(decode({ statement_descriptor: bad })), bad)
    }
    for (const bad of ["", "1234", "A".repeat(23), "X'"]) assert.isTrue(Result.isFailure(decode({ statement_descriptor_suffix: bad })), bad)
    assert.isTrue(Result.isSuccess(decode({ statement_descriptor: "TILL SHOP 42", statement_descriptor_suffix: "A1" })))
  })

  it("takes capture_method automatic, automatic_async or manual, nothing else", () => {
    for (const m of ["automatic", "automatic_async", "manual"]) assert.isTrue(Result.isSuccess(decode({ capture_method: m })), m)
    assert.isTrue(Result.isFailure(decode({ capture_method: "later" })))
    assert.isTrue(Result.isFailure(decode({ receipt_email: "not-an-email" })))
  })
})
