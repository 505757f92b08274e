/**
 * The Stripe connector against a mock server generated from Stripe's published OpenAPI document
 * (test/fixtures, see its `info.x-till-source`): Prism validates every request the connector sends
 * and answers the scenario's example. A request that breaks the document is answered 422, which the
 * connector cannot read as an outcome: every scenario below would then fail.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { type ConnectorConfig, type PaymentMethodInput, type ProcessorConnector } from "@till/core"
import { Cause, Effect, Exit, Redacted } from "effect"
import { createServer, type Server, type Socket } from "node:net"
import Stripe from "stripe"
import { StripeConnector } from "../src/index.ts"
import type { StripeCall } from "../src/StripeConnector.ts"
import { Prism } from "../src/testing/index.ts"

const PORT = 46410
const BLACKHOLE_PORT = 46411
const WEBHOOK_SECRET = "whsec_contractTestSecret"

let prism: Prism.Prism
let blackhole: Server
const sockets: Array<Socket> = []
/** Prism's `Prefer` header per call, set by each scenario. */
let prefer: Partial<Record<StripeCall, string>> = {}

const connector: ProcessorConnector = StripeConnector.make({
  headersFor: (call) => (prefer[call] === undefined ? undefined : { Prefer: prefer[call]! }),
  maxNetworkRetries: 0,
  timeoutMs: 15_000
})

const configAt = (base: string): ConnectorConfig => ({
  processor: "stripe",
  account: "acct_contract",
  livemode: true,
  credentials: { secret_key: Redacted.make("sk_live_contractTest"), webhook_secret: Redacted.make(WEBHOOK_SECRET) },
  options: { base_url: base }
})

const card: PaymentMethodInput = { type: "card", number: Redacted.make("4242424242424242"), exp_month: 12, exp_year: 2034, cvc: Redacted.make("123") }

const authorizeRequest = (attempt_id: string, method: PaymentMethodInput = card) => ({
  attempt_id,
  account: "acct_contract",
  payment_intent: "pi_mock",
  amount: 2000,
  currency: "usd",
  livemode: true,
  method,
  installments: null,
  return_url: "http://127.0.0.1/c/pay/cs_mock/action_return",
  now: 1_800_000_000
})

beforeAll(async () => {
  prism = await Prism.start(PORT)
  // accepts connections and never answers: a processor that times out
  blackhole = createServer((socket) => sockets.push(socket))
  await new Promise<void>((resolve) => blackhole.listen(BLACKHOLE_PORT, "127.0.0.1", resolve))
}, 120_000)

afterAll(async () => {
  await prism?.stop()
  sockets.forEach((socket) => socket.destroy())
  await new Promise<void>((resolve) => blackhole?.close(() => resolve()))
})

describe("the Stripe connector against Stripe's OpenAPI document (Prism)", () => {
  it.effect("approves: a PaymentMethod from the typed card, then one PaymentIntent created and confirmed", () =>
    Effect.gen(function*() {
      prefer = { "payment_methods.create": "example=card", "payment_intents.create": "example=succeeded" }
      const outcome = yield* connector.authorize(configAt(prism.url), authorizeRequest("pa_approve"))
      assert.strictEqual(outcome._tag, "Succeeded")
      if (outcome._tag !== "Succeeded") return
      assert.deepStrictEqual({ ...outcome.card }, { brand: "visa", last4: "4242", exp_month: 12, exp_year: 2034, installments: null })
      assert.strictEqual(outcome.payment_method, "pm_1MockCard")
      // the card number and CVC went to the processor, never anywhere else the mock could echo them
      assert.notInclude(JSON.stringify(outcome), "4242424242424242")
    }))

  it.effect("a Stripe.js PaymentMethod (processor token) is charged as is; another processor's token is refused before anything happens", () =>
    Effect.gen(function*() {
      prefer = { "payment_intents.create": "example=succeeded" }
      const outcome = yield* connector.authorize(configAt(prism.url), authorizeRequest("pa_token", { type: "processor_token", processor: "stripe", data: Redacted.make("pm_1MockCard") }))
      assert.strictEqual(outcome._tag, "Succeeded")
      const other = yield* connector.authorize(configAt(prism.url), authorizeRequest("pa_token2", { type: "processor_token", processor: "adyen", data: Redacted.make("{}") }))
      assert.deepStrictEqual(other._tag === "Rejected" ? other.param : other._tag, "processor_token[processor]")
    }))

  it.effect("declines with Stripe's own code and decline code", () =>
    Effect.gen(function*() {
      prefer = { "payment_intents.create": "code=402, example=card_declined" }
      const outcome = yield* connector.authorize(configAt(prism.url), authorizeRequest("pa_decline", { type: "token", token: "pm_card_visa" }))
      assert.strictEqual(outcome._tag, "Failed")
      if (outcome._tag !== "Failed") return
      assert.deepStrictEqual({ ...outcome.error }, { type: "card_error", code: "card_declined", decline_code: "insufficient_funds", message: "Your card has insufficient funds." })
    }))

  it.effect("a payment the processor never answers is a defect (unknown), and reconciliation finds it by its metadata", () =>
    Effect.gen(function*() {
      prefer = {}
      const slow = StripeConnector.make({ maxNetworkRetries: 0, timeoutMs: 500 })
      const lost = yield* Effect.exit(slow.authorize(configAt(`http://127.0.0.1:${BLACKHOLE_PORT}`), authorizeRequest("pa_timeout", { type: "token", token: "pm_card_visa" })))
      assert.isTrue(Exit.isFailure(lost) && Cause.hasDies(lost.cause), "a timeout is never an outcome")
      prefer = { "payment_intents.search": "example=succeeded" }
      const found = yield* connector.retrieve(configAt(prism.url), { attempt_id: "pa_mock", account: "acct_contract", livemode: true })
      assert.strictEqual(found._tag, "Succeeded")
    }))

  it.effect("an attempt Stripe never received is voided: its idempotency key is burned with a canceled intent, and NotFound is final", () =>
    Effect.gen(function*() {
      prefer = { "payment_intents.search": "example=empty", "payment_intents.void": "example=voided", "payment_intents.cancel": "example=voided" }
      const found = yield* connector.retrieve(configAt(prism.url), { attempt_id: "pa_mock", account: "acct_contract", livemode: true })
      assert.strictEqual(found._tag, "NotFound")
    }))

  it.effect("3-D Secure: the intent asks for a redirect; once the shopper is back, completing the action reads the intent", () =>
    Effect.gen(function*() {
      prefer = { "payment_intents.create": "example=requires_action" }
      const outcome = yield* connector.authorize(configAt(prism.url), authorizeRequest("pa_mock", { type: "token", token: "pm_card_threeDSecure2Required" }))
      assert.strictEqual(outcome._tag, "RequiresAction")
      if (outcome._tag !== "RequiresAction") return
      assert.strictEqual(outcome.next_action.type, "redirect_to_url")
      assert.match(outcome.next_action.redirect_to_url.url, /^https:\/\/hooks\.stripe\.com\//)

      // not final: the shopper still has time, so reconciliation leaves it waiting
      prefer = { "payment_intents.search": "example=requires_action" }
      const waiting = yield* connector.retrieve(configAt(prism.url), { attempt_id: "pa_mock", account: "acct_contract", livemode: true, final: false })
      assert.strictEqual(waiting._tag, "RequiresAction")

      prefer = { "payment_intents.retrieve": "example=succeeded" }
      const completed = yield* connector.completeAction(configAt(prism.url), {
        attempt_id: "pa_mock",
        account: "acct_contract",
        livemode: true,
        payment_intent: "pi_mock",
        params: { payment_intent: "pi_3MockIntent", payment_intent_client_secret: "pi_3MockIntent_secret_mock" },
        now: 1_800_000_000
      })
      assert.strictEqual(completed._tag, "Succeeded")
      // an intent id that is not this attempt's completes nothing: the attempt's own intent is looked for, and there is none
      prefer = { "payment_intents.retrieve": "example=succeeded", "payment_intents.search": "example=empty" }
      const other = yield* connector.completeAction(configAt(prism.url), {
        attempt_id: "pa_someone_else",
        account: "acct_contract",
        livemode: true,
        payment_intent: "pi_other",
        params: { payment_intent: "pi_3MockIntent" },
        now: 1_800_000_000
      })
      assert.strictEqual(other._tag, "Rejected")
    }))

  it.effect("notifications: a signed event is read into the attempt's outcome; a forged one is rejected", () =>
    Effect.gen(function*() {
      const stripe = new Stripe("sk_test_unused")
      const body = JSON.stringify({
        id: "evt_contract",
        object: "event",
        type: "payment_intent.succeeded",
        data: {
          object: {
            id: "pi_3MockIntent",
            object: "payment_intent",
            status: "succeeded",
            payment_method: "pm_1MockCard",
            metadata: { till_attempt: "pa_async", till_payment_intent: "pi_async" }
          }
        }
      })
      const signature = stripe.webhooks.generateTestHeaderString({ payload: body, secret: WEBHOOK_SECRET })
      const parsed = yield* connector.parseNotification(configAt(prism.url), { headers: { "stripe-signature": signature }, body })
      assert.strictEqual(parsed.notifications.length, 1)
      const [n] = parsed.notifications
      assert.isTrue(n?._tag === "Attempt" && n.attempt_id === "pa_async" && n.payment_intent === "pi_async" && n.outcome._tag === "Succeeded")
      const forged = yield* Effect.flip(connector.parseNotification(configAt(prism.url), { headers: { "stripe-signature": signature }, body: body.replace("succeeded", "succeeded ") }))
      assert.strictEqual(forged._tag, "NotificationRejected")
      const refund = JSON.stringify({
        id: "evt_refund",
        object: "event",
        type: "refund.failed",
        data: { object: { id: "re_1", object: "refund", status: "failed", failure_reason: "expired_or_canceled_card", metadata: { till_refund: "re_till" } } }
      })
      const refunded = yield* connector.parseNotification(configAt(prism.url), {
        headers: { "stripe-signature": stripe.webhooks.generateTestHeaderString({ payload: refund, secret: WEBHOOK_SECRET }) },
        body: refund
      })
      assert.deepStrictEqual(refunded.notifications, [{ _tag: "Refund", refund_id: "re_till", outcome: { _tag: "Refund", status: "failed", failure_reason: "expired_or_canceled_card", final: true } }])
    }))

  it.effect("refunds with the refund id as idempotency key, and finds a refund again among the intent's", () =>
    Effect.gen(function*() {
      prefer = { "payment_intents.search": "example=succeeded", "refunds.create": "example=pending" }
      const made = yield* connector.refund(configAt(prism.url), {
        refund_id: "re_mock",
        account: "acct_contract",
        payment_intent: "pi_mock",
        amount: 2000,
        currency: "usd",
        livemode: true,
        reason: "requested_by_customer",
        now: 1_800_000_000
      })
      assert.deepStrictEqual(made, { _tag: "Refund", status: "pending", failure_reason: null, final: false })
      prefer = { "payment_intents.search": "example=succeeded", "refunds.list": "example=listed" }
      const later = yield* connector.retrieveRefund(configAt(prism.url), { refund_id: "re_mock", livemode: true, account: "acct_contract", payment_intent: "pi_mock" })
      assert.deepStrictEqual(later, { _tag: "Refund", status: "succeeded", failure_reason: null, final: true })
      prefer = { "payment_intents.search": "example=succeeded", "refunds.list": "example=empty" }
      const never = yield* connector.retrieveRefund(configAt(prism.url), { refund_id: "re_mock", livemode: true, account: "acct_contract", payment_intent: "pi_mock" })
      assert.strictEqual(never._tag, "NotFound")
    }))

  it.effect("captures a held payment once", () =>
    Effect.gen(function*() {
      prefer = { "payment_intents.search": "example=succeeded", "payment_intents.capture": "example=captured" }
      const settled = yield* connector.settle(configAt(prism.url), {
        reference: "pa_capture_ref",
        account: "acct_contract",
        payment_intent: "pi_mock",
        livemode: true,
        action: { _tag: "Capture", amount: 2000 },
        now: 1_800_000_000
      })
      assert.deepStrictEqual(settled, { _tag: "Captured", reference: "pa_capture_ref", amount: 2000 })
    }))

  it("the mock refuses a request that breaks the published document (so a malformed connector request fails its scenario)", async () => {
    const response = await fetch(`${prism.url}/v1/payment_intents`, {
      method: "POST",
      headers: { authorization: "Bearer sk_live_contractTest", "content-type": "application/x-www-form-urlencoded", prefer: "example=succeeded" },
      body: new URLSearchParams({ amount: "twenty", currency: "usd", capture_method: "whenever" })
    })
    assert.strictEqual(response.status, 422)
    const violations = JSON.parse(response.headers.get("sl-violations") ?? "[]") as Array<{ location: Array<string> }>
    assert.deepStrictEqual(violations.map((v) => v.location.join(".")).sort(), ["request.body.amount", "request.body.capture_method"])
  })
})
