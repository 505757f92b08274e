import { Effect, Redacted } from "effect"
import { describe, expect, it } from "vitest"
import * as AdyenConnector from "../src/AdyenConnector.ts"
import { AdyenSettingsInvalid, settingsOf } from "../src/AdyenSettings.ts"
import type { ConnectorConfig } from "../src/Port.ts"

const config = (options: Record<string, string>, livemode = true): ConnectorConfig => ({
  processor: "adyen",
  account: "acct_1",
  livemode,
  credentials: { api_key: Redacted.make("AQE_key"), hmac_key: Redacted.make("00") },
  options
})

describe("Adyen settings", () => {
  it("live mode goes to the merchant's live endpoint, test mode to Adyen's test host, base_url anywhere", () => {
    expect(settingsOf(config({ merchant_account: "M", live_endpoint_prefix: "1797a841fbb37ca7-AdyenDemo" })).endpoint)
      .toBe("https://1797a841fbb37ca7-AdyenDemo-checkout-live.adyenpayments.com/checkout/v71")
    expect(settingsOf(config({ merchant_account: "M" }, false)).endpoint).toBe("https://checkout-test.adyen.com/v71")
    expect(settingsOf(config({ merchant_account: "M", environment: "test" })).endpoint).toBe("https://checkout-test.adyen.com/v71")
    expect(settingsOf(config({ merchant_account: "M", base_url: "http://127.0.0.1:1/v71" })).endpoint).toBe("http://127.0.0.1:1/v71")
  })
  it("defaults: 20 s timeout, raw cards refused, a return URL for callers that give none", () => {
    const s = settingsOf(config({ merchant_account: "M" }, false))
    expect(s).toMatchObject({ timeoutMs: 20_000, acceptRawCards: false, clientKey: null, environment: "test" })
  })
  for (const [options, setting] of [
    [{}, "merchant_account"],
    [{ merchant_account: "M" }, "live_endpoint_prefix"],
    [{ merchant_account: "M", live_endpoint_prefix: "bad prefix!" }, "live_endpoint_prefix"],
    [{ merchant_account: "M", environment: "staging" }, "environment"],
    [{ merchant_account: "M", environment: "test", timeout_ms: "5" }, "timeout_ms"]
  ] as const) {
    it(`${JSON.stringify(options)} is refused naming \`${setting}\``, async () => {
      expect(() => settingsOf(config(options))).toThrow(AdyenSettingsInvalid)
      expect(() => settingsOf(config(options))).toThrow(setting)
      // a payment on such an account is refused before anything reaches Adyen
      const outcome = await Effect.runPromise(AdyenConnector.make().authorize(config(options), {
        attempt_id: "pa_1",
        payment_intent: "pi_1",
        amount: 100,
        currency: "eur",
        livemode: true,
        method: { type: "token", token: "pm_card_visa" },
        installments: null,
        now: 1_800_000_000
      }))
      expect(outcome).toMatchObject({ _tag: "Rejected", param: "processor_settings", code: "processor_misconfigured" })
    })
  }
  it("an account without an API key is refused", () => {
    expect(() => settingsOf({ ...config({ merchant_account: "M" }), credentials: {} })).toThrow("api_key")
  })
  it("the client component is offered only with a client key, and carries no secret", () => {
    const connector = AdyenConnector.make()
    expect(connector.clientComponent(config({ merchant_account: "M" }, false))).toBeNull()
    // a misconfigured account (no merchant account) offers none, client key or not
    expect(connector.clientComponent(config({ client_key: "test_CLIENT" }, false))).toBeNull()
    const component = connector.clientComponent(config({ merchant_account: "M", client_key: "test_CLIENT" }, false))
    // its files are the connector's own, which Till serves; the page's policy allows Adyen's test host only
    expect(component).toEqual({
      processor: "adyen",
      script: "adyen-card.js",
      stylesheet: "adyen-card.css",
      config: { clientKey: "test_CLIENT", environment: "test" },
      hosts: ["https://checkoutshopper-test.adyen.com"]
    })
    expect(Object.keys(connector.clientFiles ?? {})).toEqual(["adyen-card.js", "adyen-card.css"])
    expect(JSON.stringify(component)).not.toContain("AQE_key")
  })
})
