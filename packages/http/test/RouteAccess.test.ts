/**
 * Every route of the contract takes exactly the credential its endpoint's middleware declares
 * (`SecretKeyAuth`: a secret key; `ClientAuth`: also the client secret of the session in the path;
 * none: nothing at all). The levels read from the contract must equal a table written here by hand,
 * so a wrong annotation in the contract is caught too; then each route is called on the wire with
 * no credential, with the client secret of a session and with a secret key.
 */
import { assert, layer } from "@effect/vitest"
import { Effect } from "effect"
import { Api } from "../src/Api.ts"
import type { Access } from "../src/Auth.ts"
import * as Endpoint from "../src/Endpoint.ts"
import { SuiteServer } from "../src/testing/stripe/SuiteServer.ts"
import { bearer, CREATE_FORM, FORM, send } from "../src/testing/Fetch.ts"
import { inMemory } from "../src/testing/TestServer.ts"

/** What each route should take, written from SPEC section 4 and not from the contract. */
const EXPECTED: Readonly<Record<string, Access>> = {
  "POST /v1/checkout/sessions": "secret",
  "GET /v1/checkout/sessions": "secret",
  "GET /v1/checkout/sessions/:id": "client",
  "POST /v1/checkout/sessions/:id": "secret",
  "GET /v1/checkout/sessions/:id/line_items": "client",
  "POST /v1/checkout/sessions/:id/expire": "secret",
  "POST /v1/checkout/sessions/:id/payments": "client",
  "POST /v1/checkout/sessions/:id/refresh_client_secret": "secret",
  "GET /v1/checkout/sessions/:id/payment_methods": "client",
  "POST /v1/payment_links": "secret",
  "GET /v1/payment_links": "secret",
  "GET /v1/payment_links/:id": "secret",
  "POST /v1/payment_links/:id": "secret",
  "GET /v1/payment_links/:id/line_items": "secret",
  "POST /v1/payment_links/token/:token/checkout_sessions": "public",
  "GET /v1/payment_intents/:id": "secret",
  "POST /v1/payment_intents/:id/capture": "secret",
  "POST /v1/payment_intents/:id/cancel": "secret",
  "GET /v1/events": "secret",
  "GET /v1/events/:id": "secret",
  "POST /v1/webhook_endpoints": "secret",
  "GET /v1/webhook_endpoints": "secret",
  "GET /v1/webhook_endpoints/:id": "secret",
  "POST /v1/webhook_endpoints/:id": "secret",
  "POST /v1/webhook_endpoints/:id/resend_failed": "secret",
  "POST /v1/webhook_deliveries/:id/resend": "secret",
  "DELETE /v1/webhook_endpoints/:id": "secret",
  "GET /v1/events/:id/deliveries": "secret",
  "GET /v1/webhook_deliveries/:id/attempts": "secret",
  "GET /healthz": "public",
  "GET /v1/account": "secret",
  "POST /v1/account": "secret",
  "GET /v1/files": "secret",
  "GET /v1/files/:id": "secret",
  "GET /readyz": "public",
  "POST /v1/products": "secret",
  "GET /v1/products": "secret",
  "GET /v1/products/:id": "secret",
  "POST /v1/products/:id": "secret",
  "DELETE /v1/products/:id": "secret",
  "POST /v1/prices": "secret",
  "GET /v1/prices": "secret",
  "GET /v1/prices/:id": "secret",
  "POST /v1/prices/:id": "secret",
  "POST /v1/customers": "secret",
  "GET /v1/customers": "secret",
  "GET /v1/customers/:id": "secret",
  "POST /v1/customers/:id": "secret",
  "DELETE /v1/customers/:id": "secret",
  "GET /v1/charges": "secret",
  "GET /v1/charges/:id": "secret",
  "POST /v1/charges/:id": "secret",
  "GET /v1/charges/:id/refunds": "secret",
  "POST /v1/refunds": "secret",
  "GET /v1/refunds": "secret",
  "GET /v1/refunds/:id": "secret",
  "POST /v1/refunds/:id": "secret",
  "POST /v1/refunds/:id/cancel": "secret",
  "POST /v1/tax_rates": "secret",
  "GET /v1/tax_rates": "secret",
  "GET /v1/tax_rates/:id": "secret",
  "POST /v1/tax_rates/:id": "secret",
  "POST /v1/coupons": "secret",
  "GET /v1/coupons": "secret",
  "GET /v1/coupons/:id": "secret",
  "POST /v1/coupons/:id": "secret",
  "DELETE /v1/coupons/:id": "secret",
  "POST /v1/promotion_codes": "secret",
  "GET /v1/promotion_codes": "secret",
  "GET /v1/promotion_codes/:id": "secret",
  "POST /v1/promotion_codes/:id": "secret",
  "GET /v1/embed_settings": "secret",
  "POST /v1/embed_settings": "secret",
  "GET /v1/account/processor_settings": "secret",
  "POST /v1/account/processor_settings": "secret",
  "POST /v1/shipping_rates": "secret",
  "GET /v1/shipping_rates": "secret",
  "GET /v1/shipping_rates/:id": "secret",
  "POST /v1/shipping_rates/:id": "secret"
}

/** Every route of the contract with the access level its endpoint declares. */
const declared = (): Record<string, Access> => {
  const groups: ReadonlyArray<Endpoint.Group> = Object.values(Api.groups)
  return Object.fromEntries(
    groups.flatMap((group) =>
      Object.values(group.endpoints).map((endpoint) => [`${endpoint.method} ${endpoint.path}`, Endpoint.accessOf(endpoint)] as const)
    )
  )
}

layer(inMemory, { excludeTestServices: true, timeout: "60 seconds" })("route access", (it) => {
  it("the contract declares the access level each route should have", () => {
    assert.deepStrictEqual(declared(), EXPECTED)
  })

  it.effect("every route answers 401 exactly to the credentials its middleware does not take", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      for (const [route, access] of Object.entries(declared())) {
        const [method, path] = route.split(" ") as [string, string]
        // a session of its own per route: expiring it or replacing its secret touches no other route's call
        const session = (yield* send(`${url}/v1/checkout/sessions`, { method: "POST", headers: { ...bearer(keys.test), ...FORM }, body: CREATE_FORM }))
          .json as { id: string; client_secret: string }
        const target = url + path.replace(":id", session.id).replace(":token", "plink_tok_nosuchtoken")
        const call = (authorization: Record<string, string>) =>
          send(target, { method, headers: { ...authorization, ...(method === "POST" ? FORM : {}) }, ...(method === "POST" ? { body: "" } : {}) })
        const credentials = [
          ["no credential", {}, access === "public"],
          ["the session's client secret", bearer(session.client_secret), access !== "secret"],
          ["a secret key", bearer(keys.test), true]
        ] as const
        for (const [what, authorization, accepted] of credentials) {
          const reply = yield* call(authorization)
          const said = `${route} with ${what}: ${reply.status} ${reply.text}`
          assert.isBelow(reply.status, 500, said)
          if (accepted) assert.notStrictEqual(reply.status, 401, said)
          else {
            assert.strictEqual(reply.status, 401, said)
            assert.strictEqual(reply.json?.error?.type, "authentication_error", said)
          }
        }
      }
    }))
})
