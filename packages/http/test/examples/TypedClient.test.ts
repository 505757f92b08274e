import { assert, layer } from "@effect/vitest"
import { Api } from "@till/http/Api"
import { inMemory, SuiteServer } from "@till/http/testing"
import { Effect } from "effect"
import { FetchHttpClient, HttpClient, HttpClientRequest } from "effect/http"
import { HttpApiClient } from "effect/http-api"

// A typed client for the Till server at `baseUrl`, calling it with a secret key.
const tillClient = (baseUrl: string, secretKey: string) =>
  HttpApiClient.make(Api, {
    transformClient: HttpClient.mapRequest((request) =>
      request.pipe(HttpClientRequest.prependUrl(baseUrl), HttpClientRequest.bearerToken(secretKey))
    )
  })

// The test starts a server on a free port; in your code, use your server's URL and key.
layer(inMemory, { excludeTestServices: true })("the typed client", (it) => {
  it.effect("creates, reads, lists and pays a session, with errors typed by status", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      const till = yield* tillClient(url, keys.test)

      const session = yield* till.checkoutSessions.create({
        payload: {
          line_items: [{ price_data: { currency: "usd", unit_amount: 1200, product_data: { name: "Mug" } }, quantity: 2 }],
          client_reference_id: "order-7",
          expand: ["line_items"]
        }
      })
      assert.strictEqual(session.amount_total, 2400)
      assert.strictEqual(session.line_items?.data[0]?.description, "Mug")

      const page = yield* till.checkoutSessions.list({ query: { client_reference_id: "order-7", limit: 10 } })
      assert.deepStrictEqual(page.data.map((s) => s.id), [session.id])

      const intent = yield* till.checkoutSessions.pay({ params: { id: session.id }, payload: { payment_method: "pm_card_visa" } })
      assert.strictEqual(intent.status, "succeeded")

      const paid = yield* till.checkoutSessions.retrieve({ params: { id: session.id }, query: { expand: ["payment_intent"] } })
      assert.strictEqual(paid.status, "complete")

      // Each error status is its own class, carrying Stripe's error body.
      const missing = yield* Effect.flip(till.checkoutSessions.retrieve({ params: { id: "cs_test_missing" }, query: {} }))
      assert.strictEqual(missing._tag, "NotFoundError")
      if (missing._tag === "NotFoundError") assert.strictEqual(missing.error.code, "resource_missing")

      const invalid = yield* Effect.flip(till.checkoutSessions.create({ payload: {} }))
      assert.strictEqual(invalid._tag, "InvalidRequestError")
      if (invalid._tag === "InvalidRequestError") assert.strictEqual(invalid.error.param, "line_items")
    }).pipe(Effect.provide(FetchHttpClient.layer)))
})
