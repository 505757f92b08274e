/**
 * The Adyen connector against a Prism mock of Adyen's published Checkout v71 document
 * (test/fixtures/CheckoutService-v71.trimmed.json): every request the connector sends is validated
 * against Adyen's schemas, and every test but the malformed-request one fails if Prism reports a
 * violation. Prism answers from the document's examples, chosen with `Prefer`.
 */
import { Cause, Effect, Exit, Redacted } from "effect"
import { fileURLToPath } from "node:url"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import * as AdyenConnector from "../src/AdyenConnector.ts"
import { memoryReferences } from "../src/AdyenReferences.ts"
import type { AuthorizeRequest, ConnectorConfig } from "../src/Port.ts"
import { type PrismServer, recordingTransport, startPrism } from "../src/testing/Prism.ts"

const DOCUMENT = fileURLToPath(new URL("./fixtures/CheckoutService-v71.trimmed.json", import.meta.url))
const PORT = 46510

let prism: PrismServer
const wire = recordingTransport()
let references = memoryReferences()
let connector = AdyenConnector.make({ transport: wire.transport, references })

const config = (options: Record<string, string> = {}): ConnectorConfig => ({
  processor: "adyen",
  account: "acct_1",
  livemode: true,
  credentials: { api_key: Redacted.make("AQE_secret_api_key"), hmac_key: Redacted.make("44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056") },
  options: { merchant_account: "TillMerchantECOM", client_key: "live_CLIENTKEY", base_url: prism.url, ...options }
})

/** Adyen Web's card component state, encrypted fields only (what the hosted page sends as the processor token). */
const encryptedToken = JSON.stringify({
  type: "scheme",
  encryptedCardNumber: "adyenjs_0_1_25$T3uQ0XfJx7n2N1uUQ8dC3VbL0wz+example/Card==",
  encryptedExpiryMonth: "adyenjs_0_1_25$bW9udGg=",
  encryptedExpiryYear: "adyenjs_0_1_25$eWVhcg==",
  encryptedSecurityCode: "adyenjs_0_1_25$Y3Zj",
  brand: "visa"
})

let counter = 0
const request = (overrides: Partial<AuthorizeRequest> = {}): AuthorizeRequest => {
  counter++
  return {
    attempt_id: `pa_contract${counter}`,
    account: "acct_1",
    return_url: "https://till.example/c/pay/cs_live_1/action_return",
    payment_intent: `pi_contract${counter}`,
    amount: 2500,
    currency: "eur",
    livemode: true,
    method: { type: "processor_token", processor: "adyen", data: Redacted.make(encryptedToken) },
    installments: null,
    now: 1_800_000_000,
    ...overrides
  }
}

const bodyOf = (index: number) => JSON.parse(wire.exchanges[index]!.request.body)
const paths = () => wire.exchanges.map((e) => new URL(e.request.url).pathname)

const defectOf = <A, E>(exit: Exit.Exit<A, E>): unknown => {
  if (!Exit.isFailure(exit)) throw new Error(`expected a defect, got ${JSON.stringify(exit)}`)
  const defects = exit.cause.reasons.filter(Cause.isDieReason).map((r) => r.defect)
  if (defects.length === 0) throw new Error(`expected a defect, got ${Cause.pretty(exit.cause)}`)
  return defects[0]
}

beforeAll(async () => {
  prism = await startPrism(DOCUMENT, PORT)
})
afterAll(async () => {
  await prism?.stop()
})
afterEach(() => {
  // the guard every scenario keeps: the connector's requests are valid against Adyen's document
  const violations = wire.violations()
  wire.reset()
  references = memoryReferences()
  connector = AdyenConnector.make({ transport: wire.transport, references })
  expect(violations).toEqual([])
})

describe("Adyen connector against Adyen's Checkout v71 document (Prism)", () => {
  it("approve: /payments with the attempt id as reference and idempotency key, the card's summary kept", async () => {
    wire.prefer(() => "example=till-authorised")
    const req = request()
    const outcome = await Effect.runPromise(connector.authorize(config(), req))
    expect(outcome).toEqual({
      _tag: "Succeeded",
      payment_method: AdyenConnector.paymentMethodId(req.attempt_id),
      card: { brand: "visa", last4: "1111", exp_month: 3, exp_year: 2030, installments: null }
    })
    expect(paths()).toEqual(["/payments"])
    const sent = wire.exchanges[0]!.request
    expect(sent.headers["idempotency-key"]).toBe(req.attempt_id)
    expect(sent.headers["x-api-key"]).toBe("AQE_secret_api_key")
    const body = bodyOf(0)
    expect(body).toMatchObject({
      merchantAccount: "TillMerchantECOM",
      reference: req.attempt_id,
      amount: { currency: "EUR", value: 2500 },
      returnUrl: req.return_url,
      metadata: { till_payment_intent: req.payment_intent }
    })
    // only the encrypted fields: no card number ever leaves Till (it never had one)
    expect(Object.keys(body.paymentMethod).sort()).toEqual(["brand", "encryptedCardNumber", "encryptedExpiryMonth", "encryptedExpiryYear", "encryptedSecurityCode", "type"])
  })

  it("decline: Refused with reason 12 is card_declined / insufficient_funds, Adyen's reason kept", async () => {
    wire.prefer(() => "example=till-refused")
    const outcome = await Effect.runPromise(connector.authorize(config(), request()))
    expect(outcome).toMatchObject({
      _tag: "Failed",
      error: { type: "card_error", code: "card_declined", decline_code: "insufficient_funds", message: "Your card has insufficient funds. (Adyen: Not enough balance)" }
    })
  })

  it("timeout then reconcile: a lost answer is a defect, never Failed; retrieve re-sends under the same key and gets the first outcome", async () => {
    wire.prefer(() => "example=till-authorised")
    wire.loseNextAnswers(1)
    const req = request()
    const lost = await Effect.runPromiseExit(connector.authorize(config(), req))
    expect(String(defectOf(lost))).toContain("answer lost")
    // Adyen answers a known idempotency key with the first response: the mock plays that answer
    const retrieved = await Effect.runPromise(connector.retrieve(config(), { attempt_id: req.attempt_id, livemode: true, account: "acct_1" }))
    expect(retrieved).toMatchObject({ _tag: "Succeeded", card: { last4: "1111" } })
    expect(paths()).toEqual(["/payments", "/payments"])
    expect(wire.exchanges[1]!.request.headers["idempotency-key"]).toBe(req.attempt_id)
    // the probe can never be authorised: zero amount, fields no key decrypts
    expect(bodyOf(1)).toMatchObject({ reference: req.attempt_id, amount: { value: 0 } })
    // the reconciled approval is remembered under its payment intent: it can be refunded
    wire.prefer(() => "code=201")
    const refund = await Effect.runPromise(connector.refund(config(), {
      refund_id: "re_reconciled", payment_intent: req.payment_intent, amount: 500, currency: "eur", livemode: true, reason: null, now: 1_800_000_100
    }))
    expect(refund).toMatchObject({ status: "pending" })
    expect(paths().at(-1)).toBe("/payments/993617895215577D/refunds")
  })

  it("reconcile an attempt Adyen never received: the probe is refused (422), the reference is voided by a technical cancel, NotFound", async () => {
    wire.prefer((path) => (path === "/payments" ? "code=422" : "code=201"))
    const outcome = await Effect.runPromise(connector.retrieve(config(), { attempt_id: "pa_never", livemode: true }))
    expect(outcome).toEqual({ _tag: "NotFound" })
    expect(paths()).toEqual(["/payments", "/cancels"])
    expect(bodyOf(1)).toEqual({ merchantAccount: "TillMerchantECOM", paymentReference: "pa_never", reference: "pa_never:void" })
  })

  it("a reconciliation whose technical cancel fails is a defect: NotFound is only said once the reference is void", async () => {
    wire.prefer((path) => (path === "/payments" ? "code=422" : "code=500"))
    const exit = await Effect.runPromiseExit(connector.retrieve(config(), { attempt_id: "pa_never2", livemode: true }))
    expect(String(defectOf(exit))).toContain("technical cancel")
  })

  it("3-D Secure redirect: RedirectShopper is requires_action with the redirect; /payments/details completes it", async () => {
    wire.prefer(() => "example=card-3d-secure-redirect")
    const req = request()
    const outcome = await Effect.runPromise(connector.authorize(config(), req))
    expect(outcome).toEqual({
      _tag: "RequiresAction",
      payment_method: AdyenConnector.paymentMethodId(req.attempt_id),
      next_action: {
        type: "redirect_to_url",
        redirect_to_url: { url: "https://checkoutshopper-test.adyen.com/checkoutshopper/threeDS/redirect...", return_url: req.return_url }
      }
    })
    expect(bodyOf(0).authenticationData).toEqual({ threeDSRequestData: { nativeThreeDS: "disabled" } })

    // still waiting, asked with final: false: the shopper has time
    const waiting = await Effect.runPromise(connector.retrieve(config(), { attempt_id: req.attempt_id, livemode: true, final: false }))
    expect(waiting._tag).toBe("RequiresAction")

    wire.prefer(() => "example=till-authorised")
    const completed = await Effect.runPromise(connector.completeAction(config(), {
      attempt_id: req.attempt_id,
      livemode: true,
      account: "acct_1",
      payment_intent: req.payment_intent,
      params: { redirectResult: "X6XtfGC3!Y...", cs: "ignored" },
      now: 1_800_000_100
    }))
    expect(completed).toMatchObject({ _tag: "Succeeded", card: { brand: "mastercard", last4: "5454" } })
    const details = wire.exchanges.at(-1)!
    expect(new URL(details.request.url).pathname).toBe("/payments/details")
    expect(JSON.parse(details.request.body)).toEqual({ details: { redirectResult: "X6XtfGC3!Y..." } })
    expect(details.request.headers["idempotency-key"]).toMatch(new RegExp(`^${req.attempt_id}:details:[0-9a-f]{16}$`))
    expect(details.request.headers["idempotency-key"]!.length).toBeLessThanOrEqual(64)
    // reconciliation replays /payments, whose first answer was the redirect: the approval /payments/details gave stands
    wire.prefer(() => "example=card-3d-secure-redirect")
    const reconciled = await Effect.runPromise(connector.retrieve(config(), { attempt_id: req.attempt_id, livemode: true }))
    expect(reconciled).toEqual(completed)
    expect(paths().at(-1)).toBe("/payments")
    // the approval that came back through /payments/details is remembered: it can be captured
    wire.prefer(() => "code=201")
    const captured = await Effect.runPromise(connector.settle(config(), {
      reference: "capture_3ds", payment_intent: req.payment_intent, livemode: true, action: { _tag: "Capture", amount: 2500 }, now: 1_800_000_200
    }))
    expect(captured).toEqual({ _tag: "Captured", reference: "capture_3ds", amount: 2500 })
    expect(paths().at(-1)).toBe("/payments/V4HZ4RBFJGXXGN82/captures")
    expect(JSON.parse(wire.exchanges.at(-1)!.request.body).amount).toEqual({ currency: "EUR", value: 2500 })
  })

  it("an action the shopper never completed is voided when reconciliation asks for an end (final): NotFound", async () => {
    wire.prefer((path) => (path === "/payments" ? "example=card-3d-secure-redirect" : "code=201"))
    const outcome = await Effect.runPromise(connector.retrieve(config(), { attempt_id: "pa_abandoned", livemode: true }))
    expect(outcome).toEqual({ _tag: "NotFound" })
    expect(paths()).toEqual(["/payments", "/cancels"])
  })

  it("capture (manual) by the authorisation's pspReference; the first settlement answers every later one", async () => {
    wire.prefer(() => "example=till-authorised")
    const req = request({ capture: "manual" })
    await Effect.runPromise(connector.authorize(config(), req))
    expect(bodyOf(0).additionalData).toEqual({ manualCapture: "true" })
    wire.prefer(() => "code=201")
    const captured = await Effect.runPromise(connector.settle(config(), {
      reference: "capture_1",
      payment_intent: req.payment_intent,
      livemode: true,
      action: { _tag: "Capture", amount: 2000 },
      now: 1_800_000_200
    }))
    expect(captured).toEqual({ _tag: "Captured", reference: "capture_1", amount: 2000 })
    const capture = wire.exchanges[1]!
    expect(new URL(capture.request.url).pathname).toBe("/payments/993617895215577D/captures")
    expect(JSON.parse(capture.request.body)).toEqual({ merchantAccount: "TillMerchantECOM", amount: { currency: "EUR", value: 2000 }, reference: "capture_1" })
    const late = await Effect.runPromise(connector.settle(config(), {
      reference: "cancel_1",
      payment_intent: req.payment_intent,
      livemode: true,
      action: { _tag: "Release", reason: null },
      now: 1_800_000_300
    }))
    expect(late).toEqual(captured)
    expect(wire.exchanges.length).toBe(2)
  })

  it("release (cancel) by pspReference", async () => {
    wire.prefer(() => "example=till-authorised")
    const req = request({ capture: "manual" })
    await Effect.runPromise(connector.authorize(config(), req))
    wire.prefer(() => "code=201")
    const released = await Effect.runPromise(connector.settle(config(), {
      reference: "cancel_2",
      payment_intent: req.payment_intent,
      livemode: true,
      action: { _tag: "Release", reason: "requested_by_customer" },
      now: 1_800_000_200
    }))
    expect(released).toEqual({ _tag: "Released", reference: "cancel_2", reason: "requested_by_customer" })
    expect(paths().at(-1)).toBe("/payments/993617895215577D/cancels")
  })

  it("refund: /refunds with the refund id as reference and key; pending until the notification, retrieveRefund answers it", async () => {
    wire.prefer(() => "example=till-authorised")
    const req = request()
    await Effect.runPromise(connector.authorize(config(), req))
    wire.prefer(() => "code=201")
    const refund = await Effect.runPromise(connector.refund(config(), {
      refund_id: "re_contract1",
      payment_intent: req.payment_intent,
      amount: 1000,
      currency: "eur",
      livemode: true,
      reason: null,
      now: 1_800_000_300
    }))
    expect(refund).toEqual({ _tag: "Refund", status: "pending", failure_reason: null, final: false })
    const sent = wire.exchanges.at(-1)!
    expect(new URL(sent.request.url).pathname).toBe("/payments/993617895215577D/refunds")
    expect(sent.request.headers["idempotency-key"]).toBe("re_contract1")
    expect(JSON.parse(sent.request.body)).toEqual({ merchantAccount: "TillMerchantECOM", amount: { currency: "EUR", value: 1000 }, reference: "re_contract1" })
    expect(await Effect.runPromise(connector.retrieveRefund(config(), { refund_id: "re_contract1", livemode: true }))).toEqual(refund)
    expect(await Effect.runPromise(connector.retrieveRefund(config(), { refund_id: "re_unsent", livemode: true }))).toEqual({ _tag: "NotFound" })
  })

  it("Adyen's validation refusal (422) is Rejected: nothing was tried", async () => {
    wire.prefer(() => "code=422")
    const outcome = await Effect.runPromise(connector.authorize(config(), request()))
    expect(outcome).toEqual({ _tag: "Rejected", param: "payment_method", code: "processor_invalid_request", message: "Adyen refused the request: Return URL is missing." })
  })

  it("Adyen refusing Till's credentials (401) is an api_error: nothing was charged", async () => {
    wire.prefer(() => "code=401")
    const outcome = await Effect.runPromise(connector.authorize(config(), request()))
    expect(outcome).toMatchObject({ _tag: "Failed", payment_method: null, error: { type: "api_error", code: "processor_authentication_failed" } })
  })

  it("a 500 is a defect (the outcome is unknown), never Failed", async () => {
    wire.prefer(() => "code=500")
    const exit = await Effect.runPromiseExit(connector.authorize(config(), request()))
    expect(defectOf(exit)).toBeInstanceOf(Error)
  })

  it("an unreachable Adyen is a defect, and the API key is in no error text", async () => {
    const exit = await Effect.runPromiseExit(connector.authorize(config({ base_url: "http://127.0.0.1:46599", timeout_ms: "2000" }), request()))
    const defect = defectOf(exit)
    expect(String(defect)).toContain("Adyen did not answer /payments")
    expect(Cause.pretty((exit as Exit.Failure<unknown, unknown>).cause)).not.toContain("AQE_secret_api_key")
  })

  it("a malformed request is caught by the mock: the guard every other test keeps would fail", async () => {
    wire.prefer(() => "example=till-authorised")
    // break the request as a faulty connector would: amount as a string, no merchant account
    wire.mangle((r) => {
      const body = JSON.parse(r.body)
      delete body.merchantAccount
      body.amount.value = String(body.amount.value)
      return { ...r, body: JSON.stringify(body) }
    })
    const outcome = await Effect.runPromise(connector.authorize(config(), request()))
    const violations = wire.violations()
    expect(violations.length).toBe(1)
    expect(violations[0]).toContain("merchantAccount")
    // Prism refuses it with the document's 422, which the connector reads as Rejected
    expect(outcome._tag).toBe("Rejected")
    wire.reset()
  })
})
