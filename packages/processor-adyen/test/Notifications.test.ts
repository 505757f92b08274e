import { Effect, Exit, Redacted } from "effect"
import { describe, expect, it } from "vitest"
import * as AdyenConnector from "../src/AdyenConnector.ts"
import { memoryReferences } from "../src/AdyenReferences.ts"
import { ACCEPTED, type NotificationItem, sign } from "../src/Notifications.ts"
import type { ConnectorConfig } from "../src/Port.ts"

const HMAC_KEY = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056"

const config: ConnectorConfig = {
  processor: "adyen",
  account: "acct_1",
  livemode: true,
  credentials: { api_key: Redacted.make("AQE_key"), hmac_key: Redacted.make(HMAC_KEY) },
  options: { merchant_account: "TillMerchantECOM", base_url: "http://127.0.0.1:46599" }
}

const item = (overrides: Partial<NotificationItem> = {}): NotificationItem => ({
  additionalData: { "metadata.till_payment_intent": "pi_123", cardSummary: "1111", expiryDate: "3/2030", paymentMethod: "visa" },
  amount: { currency: "EUR", value: 2500 },
  eventCode: "AUTHORISATION",
  eventDate: "2026-12-07T10:00:00+01:00",
  merchantAccountCode: "TillMerchantECOM",
  merchantReference: "pa_123",
  pspReference: "993617895215577D",
  reason: "065696:1111:03/2030",
  success: "true",
  ...overrides
})

const body = (...items: ReadonlyArray<NotificationItem>) =>
  JSON.stringify({ live: "true", notificationItems: items.map((i) => ({ NotificationRequestItem: i })) })

const parse = (text: string, references = memoryReferences()) =>
  Effect.runPromiseExit(AdyenConnector.make({ references }).parseNotification(config, { headers: { "content-type": "application/json" }, body: text }))

describe("Adyen notifications", () => {
  it("a signed AUTHORISATION success is the attempt's approval, acknowledged with [accepted]", async () => {
    const exit = await parse(body(sign(item(), HMAC_KEY)))
    expect(exit).toEqual(Exit.succeed({
      notifications: [{
        _tag: "Attempt",
        attempt_id: "pa_123",
        payment_intent: "pi_123",
        outcome: { _tag: "Succeeded", payment_method: "pm_123", card: { brand: "visa", last4: "1111", exp_month: 3, exp_year: 2030, installments: null } }
      }],
      reply: ACCEPTED
    }))
    expect(ACCEPTED.body).toBe("[accepted]")
  })

  it("a signed AUTHORISATION failure is the attempt's decline, its reason mapped", async () => {
    const exit = await parse(body(sign(item({ success: "false", reason: "Not enough balance" }), HMAC_KEY)))
    expect(Exit.isSuccess(exit) && exit.value.notifications[0]).toMatchObject({
      _tag: "Attempt",
      outcome: { _tag: "Failed", error: { type: "card_error", code: "card_declined", decline_code: "insufficient_funds" } }
    })
  })

  it("an invalid HMAC rejects the whole request: nothing is recorded", async () => {
    const tampered = { ...sign(item({ success: "false" }), HMAC_KEY), success: "true" }
    const exit = await parse(body(sign(item({ pspReference: "OTHER" }), HMAC_KEY), tampered))
    expect(Exit.isFailure(exit)).toBe(true)
    expect(JSON.stringify(exit)).toContain("does not verify")
  })

  it("an item signed with another key, or not signed, is rejected", async () => {
    expect(Exit.isFailure(await parse(body(sign(item(), "00".repeat(32)))))).toBe(true)
    expect(Exit.isFailure(await parse(body(item())))).toBe(true)
  })

  it("a body that is not a notification is rejected", async () => {
    expect(Exit.isFailure(await parse("not json"))).toBe(true)
    expect(Exit.isFailure(await parse(JSON.stringify({ notificationItems: [{ NotificationRequestItem: { eventCode: "X" } }] })))).toBe(true)
  })

  it("REFUND success and REFUND_FAILED are where the refund (its reference) ends; retrieveRefund then answers it", async () => {
    const references = memoryReferences()
    const refund = item({ eventCode: "REFUND", merchantReference: "re_9", originalReference: "993617895215577D", pspReference: "REFUNDPSP", additionalData: {} })
    const exit = await parse(body(sign(refund, HMAC_KEY)), references)
    expect(Exit.isSuccess(exit) && exit.value.notifications).toEqual([
      { _tag: "Refund", refund_id: "re_9", outcome: { _tag: "Refund", status: "succeeded", failure_reason: null, final: true } }
    ])
    const connector = AdyenConnector.make({ references })
    expect(await Effect.runPromise(connector.retrieveRefund(config, { refund_id: "re_9", livemode: true }))).toMatchObject({ status: "succeeded", final: true })
    const failed = await parse(body(sign({ ...refund, eventCode: "REFUND_FAILED" }, HMAC_KEY)))
    expect(Exit.isSuccess(failed) && failed.value.notifications[0]).toMatchObject({ _tag: "Refund", outcome: { status: "failed", final: true } })
  })

  it("CAPTURE and CANCELLATION are acknowledged and record nothing; another merchant account's events are skipped", async () => {
    const exit = await parse(body(
      sign(item({ eventCode: "CAPTURE", originalReference: "993617895215577D" }), HMAC_KEY),
      sign(item({ eventCode: "CANCELLATION", originalReference: "993617895215577D" }), HMAC_KEY),
      sign(item({ merchantAccountCode: "SomeoneElse" }), HMAC_KEY)
    ))
    expect(exit).toEqual(Exit.succeed({ notifications: [], reply: ACCEPTED }))
  })

  it("an AUTHORISATION without Till's payment intent metadata records nothing (reconciliation asks instead)", async () => {
    const exit = await parse(body(sign(item({ additionalData: {} }), HMAC_KEY)))
    expect(exit).toEqual(Exit.succeed({ notifications: [], reply: ACCEPTED }))
  })

  it("an account without an HMAC key accepts no notification", async () => {
    const { hmac_key: _, ...credentials } = config.credentials
    const exit = await Effect.runPromiseExit(
      AdyenConnector.make().parseNotification({ ...config, credentials }, { headers: {}, body: body(sign(item(), HMAC_KEY)) })
    )
    expect(Exit.isFailure(exit)).toBe(true)
  })
})
