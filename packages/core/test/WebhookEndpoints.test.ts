import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { TestClock } from "effect/testing"
import * as Testing from "../src/testing/index.ts"
import { CreateWebhookEndpointParams, subscribes, UpdateWebhookEndpointParams } from "../src/WebhookEndpoint.ts"
import { WebhookEndpoints, webhookSecret } from "../src/WebhookEndpoints.ts"

const scope = { account: "acct_1", livemode: false }
const create = Schema.decodeUnknownSync(CreateWebhookEndpointParams)
const update = Schema.decodeUnknownSync(UpdateWebhookEndpointParams)

describe("WebhookEndpoints", () => {
  it.effect("creates an endpoint whose secret is shown once, then lists, updates and deletes it", () =>
    Effect.gen(function*() {
      const endpoints = yield* WebhookEndpoints
      const { endpoint, secret } = yield* endpoints.create(scope, create({ url: "https://shop.example/hooks", enabled_events: ["*"] }))
      assert.match(endpoint.id, /^we_/)
      assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/)
      assert.strictEqual(atob(secret.slice(6)).length, 32)
      assert.notInclude(JSON.stringify(yield* endpoints.retrieve(scope, endpoint.id)), secret)
      assert.strictEqual(endpoint.status, "enabled")

      yield* TestClock.adjust("1 second")
      const second = yield* endpoints.create(scope, create({ url: "https://shop.example/b", enabled_events: ["checkout.session.completed"] }))
      const list = yield* endpoints.list(scope, {})
      assert.deepStrictEqual(list.data.map((e) => e.id), [second.endpoint.id, endpoint.id])
      assert.lengthOf((yield* endpoints.list({ account: "acct_2", livemode: false }, {})).data, 0)

      const disabled = yield* endpoints.update(scope, endpoint.id, update({ disabled: "true", metadata: { team: "ops" } }))
      assert.strictEqual(disabled.status, "disabled")
      assert.isFalse(subscribes(disabled, "checkout.session.completed"))
      assert.deepStrictEqual(disabled.metadata, { team: "ops" })
      const enabled = yield* endpoints.update(scope, endpoint.id, update({ disabled: false, enabled_events: ["payment_intent.succeeded"] }))
      assert.isTrue(subscribes(enabled, "payment_intent.succeeded"))
      assert.isFalse(subscribes(enabled, "checkout.session.completed"))

      assert.deepStrictEqual(yield* endpoints.delete(scope, endpoint.id), { id: endpoint.id, object: "webhook_endpoint", deleted: true })
      assert.strictEqual((yield* Effect.flip(endpoints.retrieve(scope, endpoint.id)))._tag, "ResourceMissing")
      assert.strictEqual((yield* Effect.flip(endpoints.delete({ account: "acct_2", livemode: false }, second.endpoint.id)))._tag, "ResourceMissing")
    }).pipe(Effect.provide(Testing.layer)))

  it("validates url and enabled_events", () => {
    assert.throws(() => create({ url: "not a url", enabled_events: ["*"] }))
    assert.throws(() => create({ url: "https://x.example", enabled_events: [] }))
    assert.throws(() => create({ url: "https://x.example", enabled_events: ["charge.succeeded"] }))
    assert.throws(() => create({ url: "https://x.example" }))
  })

  it("subscribes with * to every type", () => {
    const e = { id: "we_1", object: "webhook_endpoint" as const, url: "https://x", enabled_events: ["*"], status: "enabled" as const, description: null, metadata: {}, api_version: "v", livemode: false, created: 0 }
    assert.isTrue(subscribes(e, "checkout.session.expired"))
    assert.isFalse(subscribes({ ...e, status: "disabled" }, "checkout.session.expired"))
  })

  it("encodes 32 bytes as the secret", () => {
    assert.strictEqual(webhookSecret(new Uint8Array(32)), `whsec_${"A".repeat(43)}=`)
  })
})
