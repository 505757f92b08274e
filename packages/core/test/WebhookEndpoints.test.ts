import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Option, Schema } from "effect"
import { TestClock } from "effect/testing"
import { IdGenerator } from "../src/ports/IdGenerator.ts"
import { WebhookEndpointRepository } from "../src/ports/WebhookEndpointRepository.ts"
import * as Testing from "../src/testing/index.ts"
import { CreateWebhookEndpointParams, signingSecrets, subscribes, UpdateWebhookEndpointParams } from "../src/WebhookEndpoint.ts"
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

      assert.deepStrictEqual(yield* endpoints.delete(scope, endpoint.id), enabled)
      assert.strictEqual((yield* Effect.flip(endpoints.retrieve(scope, endpoint.id)))._tag, "ResourceMissing")
      assert.strictEqual((yield* Effect.flip(endpoints.delete({ account: "acct_2", livemode: false }, second.endpoint.id)))._tag, "ResourceMissing")
    }).pipe(Effect.provide(Testing.layer)))

  it.effect("rolls an endpoint's signing secret: a new one, stored and answered once; another scope's endpoint is missing", () =>
    Effect.gen(function*() {
      const endpoints = yield* WebhookEndpoints
      const repo = yield* WebhookEndpointRepository
      const { endpoint, secret } = yield* endpoints.create(scope, create({ url: "https://shop.example/hooks", enabled_events: ["*"] }))
      const rolled = yield* endpoints.rollSecret(scope, endpoint.id)
      assert.match(rolled.secret, /^whsec_[A-Za-z0-9+/]{43}=$/)
      assert.notStrictEqual(rolled.secret, secret)
      assert.deepStrictEqual(rolled.endpoint, endpoint)
      const stored = Option.getOrThrow(yield* repo.findById(endpoint.id))
      assert.deepStrictEqual([stored.secret, stored.version], [rolled.secret, 2])
      assert.strictEqual((yield* Effect.flip(endpoints.rollSecret({ account: "acct_2", livemode: false }, endpoint.id)))._tag, "ResourceMissing")
      assert.strictEqual((yield* Effect.flip(endpoints.rollSecret({ ...scope, livemode: true }, endpoint.id)))._tag, "ResourceMissing")
      assert.strictEqual(Option.getOrThrow(yield* repo.findById(endpoint.id)).secret, rolled.secret)
    }).pipe(Effect.provide(Testing.layer)))

  it.effect("a roll with a grace period keeps the old secret signing until it expires; a later roll replaces it; too long a grace is refused", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(1_830_000_000_000)
      const endpoints = yield* WebhookEndpoints
      const repo = yield* WebhookEndpointRepository
      const { endpoint, secret } = yield* endpoints.create(scope, create({ url: "https://shop.example/hooks", enabled_events: ["*"] }))
      const rolled = yield* endpoints.rollSecret(scope, endpoint.id, 3600)
      assert.strictEqual(rolled.previous_secret_expires_at, 1_830_003_600)
      const stored = Option.getOrThrow(yield* repo.findById(endpoint.id))
      assert.deepStrictEqual(stored.previous_secret, { secret, expires_at: 1_830_003_600 })
      assert.deepStrictEqual(signingSecrets(stored, 1_830_003_599), [rolled.secret, secret])
      assert.deepStrictEqual(signingSecrets(stored, 1_830_003_600), [rolled.secret])
      // an update keeps the grace; a roll without one ends it
      yield* endpoints.update(scope, endpoint.id, update({ description: "x" }))
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(endpoint.id)).previous_secret, { secret, expires_at: 1_830_003_600 })
      const again = yield* endpoints.rollSecret(scope, endpoint.id)
      assert.isNull(again.previous_secret_expires_at)
      const after = Option.getOrThrow(yield* repo.findById(endpoint.id))
      assert.isUndefined(after.previous_secret)
      assert.deepStrictEqual(signingSecrets(after, 0), [again.secret])
      for (const bad of [-1, 86_401, 1.5]) {
        const refused = yield* Effect.flip(endpoints.rollSecret(scope, endpoint.id, bad))
        assert.deepStrictEqual([refused._tag, refused._tag === "ValidationError" ? refused.param : null], ["ValidationError", "previous_secret_expires_in"])
      }
      assert.strictEqual(Option.getOrThrow(yield* repo.findById(endpoint.id)).secret, again.secret)
    }).pipe(Effect.provide(Testing.layer)))

  it.effect("refuses a URL with a user name or password, on create and on update, whatever the guard says", () =>
    Effect.gen(function*() {
      const endpoints = yield* WebhookEndpoints
      for (const url of ["https://user:secret@shop.example/hooks", "https://user@shop.example/hooks", "https://:secret@shop.example/"]) {
        const refused = yield* Effect.flip(endpoints.create(scope, create({ url, enabled_events: ["*"] })))
        assert.strictEqual(refused._tag, "WebhookUrlNotAllowed")
        assert.strictEqual(refused.reason, "credentials")
        assert.include(refused.message, "user name or password")
      }
      const { endpoint } = yield* endpoints.create(scope, create({ url: "https://shop.example/hooks", enabled_events: ["*"] }))
      const refused = yield* Effect.flip(endpoints.update(scope, endpoint.id, update({ url: "https://a:b@shop.example/hooks" })))
      assert.deepInclude(refused, { _tag: "WebhookUrlNotAllowed", reason: "credentials" })
      assert.strictEqual((yield* endpoints.retrieve(scope, endpoint.id)).url, "https://shop.example/hooks")
    }).pipe(Effect.provide(Testing.layer)))

  it.effect("asks the guard about the URL and the mode on create and on a url update, and keeps the endpoint unchanged when it refuses", () =>
    Effect.gen(function*() {
      const asked: Array<[string, boolean]> = []
      const guard = Testing.StubWebhookUrlGuard.refusing((url, livemode) => {
        asked.push([url, livemode])
        return url.includes("internal") ? "no internal hosts" : undefined
      })
      yield* Effect.gen(function*() {
        const endpoints = yield* WebhookEndpoints
        const live = { account: "acct_1", livemode: true }
        const refused = yield* Effect.flip(endpoints.create(live, create({ url: "https://internal.example/", enabled_events: ["*"] })))
        assert.deepStrictEqual([refused._tag, refused.reason, refused.message], ["WebhookUrlNotAllowed", "address", "no internal hosts"])
        assert.lengthOf((yield* endpoints.list(live, {})).data, 0)

        const { endpoint } = yield* endpoints.create(live, create({ url: "https://shop.example/", enabled_events: ["*"] }))
        assert.strictEqual((yield* Effect.flip(endpoints.update(live, endpoint.id, update({ url: "https://internal.example/x" }))))._tag, "WebhookUrlNotAllowed")
        assert.strictEqual((yield* endpoints.retrieve(live, endpoint.id)).url, "https://shop.example/")
        // an update that leaves the url alone asks nothing
        yield* endpoints.update(live, endpoint.id, update({ description: "d" }))
        assert.deepStrictEqual(asked, [["https://internal.example/", true], ["https://shop.example/", true], ["https://internal.example/x", true]])
      }).pipe(Effect.provide(WebhookEndpoints.layer.pipe(Layer.provide([guard, Testing.InMemoryLinks.layer, IdGenerator.layerRandom]))))
    }))

  it.effect("an update racing a delete answers missing and never brings the endpoint back", () =>
    Effect.gen(function*() {
      const endpoints = yield* WebhookEndpoints
      const repo = yield* WebhookEndpointRepository
      const { endpoint } = yield* endpoints.create(scope, create({ url: "https://shop.example/hooks", enabled_events: ["*"] }))
      // the delete lands between the update's read and its write
      const racing = WebhookEndpointRepository.of({
        ...repo,
        update: (stored) => Effect.orDie(endpoints.delete(scope, stored.endpoint.id)).pipe(Effect.andThen(repo.update(stored)))
      })
      const raced = yield* WebhookEndpoints.make.pipe(Effect.provideService(WebhookEndpointRepository, racing))
      const lost = yield* Effect.flip(raced.update(scope, endpoint.id, update({ description: "late" })))
      assert.deepInclude(lost, { _tag: "ResourceMissing", object: "webhook_endpoint", id: endpoint.id })
      assert.isTrue(Option.isNone(yield* repo.findById(endpoint.id)))
    }).pipe(Effect.provide(Testing.layer)))

  it.effect("a delete racing an update deletes the endpoint as updated", () =>
    Effect.gen(function*() {
      const endpoints = yield* WebhookEndpoints
      const repo = yield* WebhookEndpointRepository
      const { endpoint } = yield* endpoints.create(scope, create({ url: "https://shop.example/hooks", enabled_events: ["*"] }))
      let interfered = false
      const racing = WebhookEndpointRepository.of({
        ...repo,
        delete: (id, version) =>
          Effect.gen(function*() {
            if (!interfered) {
              interfered = true
              yield* Effect.orDie(endpoints.update(scope, id, update({ description: "changed" })))
            }
            yield* repo.delete(id, version)
          })
      })
      const raced = yield* WebhookEndpoints.make.pipe(Effect.provideService(WebhookEndpointRepository, racing))
      const deleted = yield* raced.delete(scope, endpoint.id)
      assert.isTrue(interfered)
      assert.strictEqual(deleted.description, "changed")
      assert.isTrue(Option.isNone(yield* repo.findById(endpoint.id)))
      assert.strictEqual((yield* Effect.flip(endpoints.delete(scope, endpoint.id)))._tag, "ResourceMissing")
    }).pipe(Effect.provide(Testing.layer)))

  it("validates url and enabled_events", () => {
    assert.throws(() => create({ url: "not a url", enabled_events: ["*"] }))
    assert.throws(() => create({ url: "https://x.example", enabled_events: [] }))
    assert.throws(() => create({ url: "https://x.example", enabled_events: ["charge.succeeded"] }))
    assert.throws(() => create({ url: "https://x.example" }))
  })

  it("subscribes with * to every type", () => {
    const e = { id: "we_1", url: "https://x", enabled_events: ["*"], status: "enabled" as const, description: null, metadata: {}, api_version: "v", livemode: false, created: 0 }
    assert.isTrue(subscribes(e, "checkout.session.expired"))
    assert.isFalse(subscribes({ ...e, status: "disabled" }, "checkout.session.expired"))
  })

  it("encodes 32 bytes as the secret", () => {
    assert.strictEqual(webhookSecret(new Uint8Array(32)), `whsec_${"A".repeat(43)}=`)
  })
})
