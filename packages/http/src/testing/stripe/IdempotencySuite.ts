/**
 * Idempotency keys where money moves (SPEC section 5): a session's client secret has a key space of
 * its own, apart from the merchant's and from every other session's, and a payment's fingerprint
 * covers the whole card. Reusable like the Stripe suite:
 * in memory here, over PGlite and PostgreSQL in apps/server.
 */
import { assert, layer } from "@effect/vitest"
import { Effect, type Layer } from "effect"
import { bearer, CREATE_FORM, FORM, type Reply, send } from "../Fetch.ts"
import { SuiteServer } from "./SuiteServer.ts"

type Server = SuiteServer["Service"]

/** A new open session: its id and client secret. */
export const openSession = (server: Server) =>
  send(`${server.url}/v1/checkout/sessions`, { method: "POST", headers: { ...bearer(server.keys.test), ...FORM }, body: CREATE_FORM }).pipe(
    Effect.tap((reply) => Effect.sync(() => assert.strictEqual(reply.status, 200, reply.text))),
    Effect.map((reply) => reply.json as { id: string; client_secret: string })
  )

/** `POST …/payments` with `credential` as the bearer and `key` as the Idempotency-Key. */
export const payWith = (server: Server, sessionId: string, credential: string, key: string, body: string) =>
  send(`${server.url}/v1/checkout/sessions/${sessionId}/payments`, {
    method: "POST",
    headers: { ...bearer(credential), ...FORM, "idempotency-key": key },
    body
  })

const replayed = (reply: Reply) => reply.headers.get("idempotent-replayed") === "true"

/** A card payment body: the card's number, CVC and expiry year as given. */
export const cardBody = (number: string, cvc = "123", exp_year = "2040") =>
  [
    "payment_method_data[type]=card",
    `payment_method_data[card][number]=${number}`,
    "payment_method_data[card][exp_month]=12",
    `payment_method_data[card][exp_year]=${exp_year}`,
    `payment_method_data[card][cvc]=${cvc}`
  ].join("&")

const VISA = "payment_method=pm_card_visa"
const DECLINED = "payment_method=pm_card_chargeDeclined"

/** The suite, registered as a describe block running against `server`. */
export const idempotencySuite = (name: string, server: Layer.Layer<SuiteServer, unknown>) =>
  layer(server, { excludeTestServices: true, timeout: "60 seconds" })(name, (it) => {
    it.effect("keeps a browser's keys (client secret) apart from the merchant's (secret key): no replay, no collision", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const key = `shared-${Date.now()}-${Math.random()}`
        const s = yield* openSession(server)
        const merchant = yield* payWith(server, s.id, server.keys.test, key, DECLINED)
        assert.strictEqual(merchant.status, 402, merchant.text)
        // the merchant's stored decline is neither replayed to the browser nor a reason to refuse its other parameters
        const browser = yield* payWith(server, s.id, s.client_secret, key, VISA)
        assert.strictEqual(browser.status, 200, browser.text)
        assert.isFalse(replayed(browser))
        assert.strictEqual(browser.json.status, "succeeded")
        // each side still replays its own response
        const browserAgain = yield* payWith(server, s.id, s.client_secret, key, VISA)
        assert.isTrue(replayed(browserAgain))
        assert.strictEqual(browserAgain.text, browser.text)
        const merchantAgain = yield* payWith(server, s.id, server.keys.test, key, DECLINED)
        assert.isTrue(replayed(merchantAgain))
        assert.strictEqual(merchantAgain.status, 402)
        assert.strictEqual(merchantAgain.text, merchant.text)
      }))

    it.effect("does not replay a browser's response to the merchant sending the same key and parameters", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const key = `same-${Date.now()}-${Math.random()}`
        const s = yield* openSession(server)
        const browser = yield* payWith(server, s.id, s.client_secret, key, DECLINED)
        assert.strictEqual(browser.status, 402, browser.text)
        const merchant = yield* payWith(server, s.id, server.keys.test, key, DECLINED)
        assert.strictEqual(merchant.status, 402, merchant.text)
        assert.isFalse(replayed(merchant))
      }))

    it.effect("replays a payment for the same card, and refuses the key for another card with the same last four or another CVC", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const key = `card-${Date.now()}-${Math.random()}`
        const s = yield* openSession(server)
        const first = yield* payWith(server, s.id, s.client_secret, key, cardBody("4000000000000002"))
        assert.strictEqual(first.status, 402, first.text)
        assert.strictEqual(first.json.error.code, "card_declined")
        const again = yield* payWith(server, s.id, s.client_secret, key, cardBody("4000000000000002"))
        assert.isTrue(replayed(again))
        assert.strictEqual(again.text, first.text)
        for (const other of [cardBody("4242424242420002"), cardBody("4000000000000002", "999"), cardBody("4000000000000002", "123", "2041")]) {
          const refused = yield* payWith(server, s.id, s.client_secret, key, other)
          assert.strictEqual(refused.status, 400, refused.text)
          assert.strictEqual(refused.json.error.type, "idempotency_error")
        }
        // the same for a success: the session is paid once, by the card that paid it
        const t = yield* openSession(server)
        const paid = yield* payWith(server, t.id, t.client_secret, key, cardBody("4242424242424242"))
        assert.strictEqual(paid.status, 200, paid.text)
        assert.isTrue(replayed(yield* payWith(server, t.id, t.client_secret, key, cardBody("4242424242424242"))))
        const sameLastFour = yield* payWith(server, t.id, t.client_secret, key, cardBody("4000056655664242"))
        assert.strictEqual(sameLastFour.status, 400, sameLastFour.text)
        assert.strictEqual(sameLastFour.json.error.type, "idempotency_error")
      }))

    it.effect("keeps each session's browser keys to that session", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const key = `per-session-${Date.now()}-${Math.random()}`
        const a = yield* openSession(server)
        const b = yield* openSession(server)
        const first = yield* payWith(server, a.id, a.client_secret, key, VISA)
        assert.strictEqual(first.status, 200, first.text)
        // same key, another session (another path): its own request, not an idempotency_error
        const second = yield* payWith(server, b.id, b.client_secret, key, VISA)
        assert.strictEqual(second.status, 200, second.text)
        assert.isFalse(replayed(second))
        assert.notStrictEqual(second.json.id, first.json.id)
      }))
  })
