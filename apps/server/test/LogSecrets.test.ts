/**
 * The log of a real `till serve`, at its most verbose, through a whole flow: a session created with a
 * secret key, its hosted page opened, paid with a typed-in card (declined once, then approved) through
 * the client secret as the page does, the completion delivered to a webhook endpoint with its signing
 * secret, and a request with a wrong key. Everything the process wrote is one JSON object a line, the
 * access log names each request by its route template, and none of the secrets, client secrets, card
 * numbers or CVCs appears anywhere in it.
 */
import { assert, describe, it } from "@effect/vitest"
import { Receiver } from "@till/queue/testing"
import { freshDataDir, printChildrenOnFailure, serveTill, stopTill, waitFor } from "./support.ts"

printChildrenOnFailure()

const KEY = "sk_test_logsecretsKey9f3Q"
const WRONG_KEY = "sk_test_wrongKeyZq81Lm4"
const DECLINED_CARD = "4000000000000002"
const CARD = "4242424242424242"
const CVC = "947"

/** `value` as a whole token: not inside a longer number or id, nor as the digits of a time or a duration. */
const token = (value: string) => new RegExp(`(?<![0-9A-Za-z.:])${value.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}(?![0-9A-Za-z])`)

describe("the log of till serve", () => {
  it("is JSON lines with an access line per request, and names no secret", async () => {
    const receiver = await Receiver.start()
    const till = await serveTill({
      TILL_DATA_DIR: freshDataDir(),
      TILL_SECRET_KEY: KEY,
      TILL_LOG_LEVEL: "trace",
      TILL_EXPIRY_SWEEP_SECONDS: "1"
    })
    try {
      const api = (path: string, init: { method?: string; auth?: string; body?: Record<string, string> } = {}) =>
        fetch(`${till.url}${path}`, {
          method: init.method ?? (init.body === undefined ? "GET" : "POST"),
          headers: { authorization: `Bearer ${init.auth ?? KEY}` },
          ...(init.body === undefined ? {} : { body: new URLSearchParams(init.body) })
        })

      const endpoint = await (await api("/v1/webhook_endpoints", {
        body: { url: `${receiver.url}/hook`, "enabled_events[0]": "checkout.session.completed" }
      })).json() as { secret: string }
      assert.match(endpoint.secret, /^whsec_/)
      receiver.secrets.set("/hook", endpoint.secret)

      const session = await (await api("/v1/checkout/sessions", {
        body: {
          mode: "payment",
          "line_items[0][price_data][currency]": "usd",
          "line_items[0][price_data][unit_amount]": "1200",
          "line_items[0][price_data][product_data][name]": "T-shirt",
          "line_items[0][quantity]": "1",
          success_url: "https://example.com/thanks"
        }
      })).json() as { id: string; client_secret: string; url: string }
      assert.match(session.client_secret, /_secret_/)

      assert.strictEqual((await fetch(session.url.split("#")[0]!)).status, 200)
      const card = (number: string) => ({
        "payment_method_data[type]": "card",
        "payment_method_data[card][number]": number,
        "payment_method_data[card][exp_month]": "12",
        "payment_method_data[card][exp_year]": "2040",
        "payment_method_data[card][cvc]": CVC
      })
      const pay = `/v1/checkout/sessions/${session.id}/payments`
      assert.strictEqual((await api(pay, { auth: session.client_secret, body: card(DECLINED_CARD) })).status, 402)
      const paid = await api(pay, { auth: session.client_secret, body: card(CARD) })
      assert.strictEqual(paid.status, 200)
      const intent = await paid.json() as { client_secret: string }
      assert.strictEqual((await api("/v1/checkout/sessions", { auth: WRONG_KEY })).status, 401)

      await receiver.until("the completion delivered", (r) => r.some((x) => x.event.type === "checkout.session.completed" && x.status === 200))
      assert.isTrue(receiver.received.every((x) => x.stripeVerified))
      // the delivery's outcome is recorded after the receiver answered: wait for the worker to settle it
      await waitFor("the access line of the payment", () => till.output.stdout.includes(`"route":"POST /v1/checkout/sessions/:id/payments"`))
      await stopTill(till)

      const output = till.output.stdout + till.output.stderr
      const lines = till.output.stdout.trimEnd().split("\n")
      const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>)
      for (const line of parsed) {
        assert.isString(line["time"])
        assert.isString(line["level"])
        assert.isString(line["message"])
      }
      const access = parsed.filter((l) => l["message"] === "request")
      const routes = access.map((l) => l["route"])
      assert.includeMembers(routes, [
        "POST /v1/webhook_endpoints",
        "POST /v1/checkout/sessions",
        "GET /c/pay/:id",
        "POST /v1/checkout/sessions/:id/payments",
        "GET /v1/checkout/sessions"
      ])
      const payments = access.filter((l) => l["route"] === "POST /v1/checkout/sessions/:id/payments")
      assert.deepStrictEqual(payments.map((l) => l["status"]), [402, 200])
      for (const line of payments) {
        assert.match(String(line["request_id"]), /^req_/)
        assert.match(String(line["account"]), /^acct_/)
        assert.isNumber(line["duration_ms"])
      }
      assert.notInclude(output, "[object Object]")

      const secrets: Record<string, RegExp> = {
        "the secret key": token(KEY),
        "a wrong secret key": token(WRONG_KEY),
        "the webhook signing secret": token(endpoint.secret),
        "the session's client secret": token(session.client_secret),
        "the payment intent's client secret": token(intent.client_secret),
        "the card number": token(CARD),
        "the declined card number": token(DECLINED_CARD),
        "the CVC": token(CVC)
      }
      for (const [what, pattern] of Object.entries(secrets)) {
        assert.notMatch(output, pattern, `the log has ${what}`)
      }
      // the patterns can match: the values are in what the test itself saw
      assert.match(JSON.stringify({ KEY, endpoint, session, intent, CARD, CVC }), token(endpoint.secret))
    } finally {
      await stopTill(till)
      await receiver.close()
    }
  }, 240_000)
})
