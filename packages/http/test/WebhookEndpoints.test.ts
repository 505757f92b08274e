/**
 * The webhook-endpoint suite against the in-memory server, and random bodies to its POST routes.
 */
import { assert, layer } from "@effect/vitest"
import { Effect } from "effect"
import fc from "fast-check"
import { webhookEndpointsSuite } from "../src/testing/stripe/WebhookEndpointsSuite.ts"
import { SuiteServer } from "../src/testing/stripe/SuiteServer.ts"
import { bearer, FORM, JSON_TYPE, send } from "../src/testing/Fetch.ts"
import { inMemory } from "../src/testing/TestServer.ts"

webhookEndpointsSuite("stripe client's webhook endpoints against the in-memory server", inMemory, { queued: false })

const KEYS = ["url", "enabled_events[0]", "enabled_events[1]", "enabled_events[]", "enabled_events", "description", "metadata[a]", "metadata", "disabled", "api_version", "expand[]", "x"]
const VALUES = ["", "*", "checkout.session.completed", "https://shop.example/h", "http://127.0.0.1:9/", "ftp://x", "true", "false", "1", "null", "a".repeat(6000), "\u0000", "😀"]
const form = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 12 })), fc.oneof(fc.constantFrom(...VALUES), fc.string({ maxLength: 20 }))), { maxLength: 8 })
  .map((pairs) => ({ type: FORM, body: pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&") }))
const json = fc.record({ url: fc.jsonValue(), enabled_events: fc.jsonValue(), disabled: fc.jsonValue(), metadata: fc.jsonValue() }, { requiredKeys: [] })
  .map((v) => ({ type: JSON_TYPE, body: JSON.stringify(v) }))

layer(inMemory, { excludeTestServices: true, timeout: "60 seconds" })("webhook endpoint bodies", (it) => {
  it.effect("no body, random or half valid, gets a 5xx from create or update; errors are Stripe envelopes", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      const created = yield* send(`${url}/v1/webhook_endpoints`, {
        method: "POST",
        headers: { ...bearer(keys.test), ...FORM },
        body: "url=https%3A%2F%2Fshop.example%2Fh&enabled_events[]=*"
      })
      assert.strictEqual(created.status, 200)
      const paths = [`${url}/v1/webhook_endpoints`, `${url}/v1/webhook_endpoints/${created.json.id}`]
      yield* Effect.promise(() =>
        fc.assert(
          fc.asyncProperty(fc.constantFrom(...paths), fc.oneof(form, json), async (path, { body, type }) => {
            const reply = await Effect.runPromise(send(path, { method: "POST", headers: { ...bearer(keys.test), ...type }, body }))
            assert.isBelow(reply.status, 500, `${path} ${body.slice(0, 200)} -> ${reply.text.slice(0, 200)}`)
            if (reply.status >= 400) assert.isString(reply.json?.error?.message, reply.text.slice(0, 200))
          }),
          { numRuns: 150 }
        )
      )
    }), 60_000)
})
