/**
 * Where webhooks may go, checked when an endpoint is created or its url changed: literal addresses of
 * every refused class, names through a fake resolver (no real DNS), each mode's default, and the three
 * settings of TILL_WEBHOOK_ALLOW_PRIVATE. Nothing here connects anywhere.
 */
import { assert, describe, it } from "@effect/vitest"
import {
  CreateWebhookEndpointParams,
  IdGenerator,
  type Scope,
  UpdateWebhookEndpointParams,
  WebhookEndpoints,
  type WebhookUrlGuard
} from "@till/core"
import { InMemoryLinks } from "@till/core/testing"
import { Effect, Fiber, Layer, Schema } from "effect"
import { TestClock } from "effect/testing"
import * as QueueSettings from "../src/QueueSettings.ts"
import { Resolver } from "../src/Resolver.ts"
import * as WebhookTargets from "../src/WebhookTargets.ts"
import { refused } from "./support/Addresses.ts"
import * as FakeDns from "../src/testing/FakeDns.ts"

const live: Scope = { account: "acct_targets", livemode: true }
const test: Scope = { account: "acct_targets", livemode: false }
const defaults = QueueSettings.defaults.allowPrivate

/** The endpoints' use cases over an in-memory store, with the real targets under `targets`. */
const endpointsWith = <E>(targets: Layer.Layer<WebhookTargets.WebhookTargets | WebhookUrlGuard, E>, dns: FakeDns.FakeDns) =>
  WebhookEndpoints.layer.pipe(
    Layer.provideMerge(targets),
    Layer.provide(Layer.mergeAll(InMemoryLinks.layer, IdGenerator.layerRandom, Layer.succeed(Resolver, dns.resolve)))
  )

/** Tries to create an endpoint at `url`: `"created"`, or why it was refused. */
const create = (scope: Scope, url: string) =>
  WebhookEndpoints.use((endpoints) =>
    endpoints.create(scope, Schema.decodeUnknownSync(CreateWebhookEndpointParams)({ url, enabled_events: ["*"] }))
  ).pipe(
    Effect.as("created"),
    Effect.catchTag("WebhookUrlNotAllowed", (e) => Effect.succeed(e.message))
  )

const urlOf = (address: string) => `https://${address.includes(":") ? `[${address}]` : address}/hooks`

describe("webhook targets when an endpoint is created", () => {
  it.effect("a live endpoint at a literal address of any refused class is refused, naming TILL_WEBHOOK_ALLOW_PRIVATE; a public one is not", () => {
    const dns = FakeDns.make()
    return Effect.gen(function*() {
      for (const [address] of refused) {
        const outcome = yield* create(live, urlOf(address))
        assert.include(outcome, "TILL_WEBHOOK_ALLOW_PRIVATE", address)
        assert.match(outcome, /^Invalid URL: .* is a loopback, private, link-local or other non-public address/, address)
      }
      for (const url of ["http://0/", "http://[::]/", "http://2130706433/", "http://0x7f.1/", "http://[::ffff:7f00:1]:8080/x"]) {
        // the URL parser's canonical forms of 0.0.0.0, 127.0.0.1 and ::ffff:127.0.0.1
        assert.notStrictEqual(yield* create(live, url), "created", url)
      }
      assert.strictEqual(yield* create(live, "https://93.184.215.14/hooks"), "created")
      assert.strictEqual(yield* create(live, "https://[2606:4700:4700::1111]/hooks"), "created")
      assert.deepStrictEqual(dns.asked, [], "a literal address needs no lookup")
    }).pipe(Effect.provide(endpointsWith(WebhookTargets.layer(defaults), dns)))
  })

  it.effect("a live endpoint whose name resolves to a non-public address, even beside a public one, is refused", () => {
    const dns = FakeDns.make({
      "api.internal.test": ["10.0.0.1"],
      "metadata.test": ["169.254.169.254"],
      "v6.test": ["fd00::1"],
      "mapped.test": ["::ffff:127.0.0.1"],
      "mixed.test": ["93.184.215.14", "192.168.0.10"],
      "shop.test": ["93.184.215.14", "2606:4700:4700::1111"]
    })
    return Effect.gen(function*() {
      for (const name of ["api.internal.test", "metadata.test", "v6.test", "mapped.test", "mixed.test"]) {
        const outcome = yield* create(live, `https://${name}/hooks`)
        assert.include(outcome, `${name} resolves to a loopback, private, link-local or other non-public address`)
        assert.include(outcome, "TILL_WEBHOOK_ALLOW_PRIVATE=true")
        // what the name resolved to is not told: the message would map the operator's DNS
        assert.notMatch(outcome, /10\.0\.0\.1|169\.254|fd00|192\.168/)
      }
      assert.strictEqual(yield* create(live, "https://shop.test/hooks"), "created")
      // a name that does not resolve (yet) is accepted: each delivery checks the address it connects to
      assert.strictEqual(yield* create(live, "https://not-yet.test/hooks"), "created")
      assert.includeMembers(dns.asked, ["api.internal.test", "mixed.test", "shop.test", "not-yet.test"])
    }).pipe(Effect.provide(endpointsWith(WebhookTargets.layer(defaults), dns)))
  })

  it.effect("a url update is checked as a create is, and a refused one leaves the endpoint as it was", () => {
    const dns = FakeDns.make({ "shop.test": ["93.184.215.14"], "api.internal.test": ["10.0.0.1"] })
    return Effect.gen(function*() {
      const endpoints = yield* WebhookEndpoints
      const update = Schema.decodeUnknownSync(UpdateWebhookEndpointParams)
      const { endpoint } = yield* endpoints.create(live, Schema.decodeUnknownSync(CreateWebhookEndpointParams)({ url: "https://shop.test/a", enabled_events: ["*"] }))
      for (const url of ["https://api.internal.test/a", "http://127.0.0.1:8080/a", "http://[::1]/a"]) {
        const error = yield* Effect.flip(endpoints.update(live, endpoint.id, update({ url })))
        assert.strictEqual(error._tag, "WebhookUrlNotAllowed", url)
      }
      assert.strictEqual((yield* endpoints.retrieve(live, endpoint.id)).url, "https://shop.test/a")
      assert.strictEqual((yield* endpoints.update(live, endpoint.id, update({ url: "https://93.184.215.14/b" }))).url, "https://93.184.215.14/b")
    }).pipe(Effect.provide(endpointsWith(WebhookTargets.layer(defaults), dns)))
  })

  it.effect("test mode allows non-public addresses by default, without resolving anything", () => {
    const dns = FakeDns.make({ "api.internal.test": ["10.0.0.1"] })
    return Effect.gen(function*() {
      for (const url of ["http://127.0.0.1:4242/hooks", "http://[::1]:4242/hooks", "http://localhost:4242/hooks", "https://api.internal.test/"]) {
        assert.strictEqual(yield* create(test, url), "created", url)
      }
      assert.deepStrictEqual(dns.asked, [])
      assert.notStrictEqual(yield* create(live, "http://127.0.0.1:4242/hooks"), "created")
    }).pipe(Effect.provide(endpointsWith(WebhookTargets.layer(defaults), dns)))
  })

  it.effect("allowPrivate (TILL_WEBHOOK_ALLOW_PRIVATE): unset allows test mode only, true both modes, false neither", () =>
    Effect.gen(function*() {
      const outcomes = (allowPrivate: boolean | undefined) => {
        const dns = FakeDns.make({ "api.internal.test": ["10.0.0.1"] })
        const targets = WebhookTargets.layer(QueueSettings.make({ allowPrivate }).allowPrivate)
        return Effect.gen(function*() {
          const result: Array<boolean> = []
          for (const scope of [test, live]) {
            for (const url of ["http://127.0.0.1:4242/", "http://10.0.0.1/", "https://api.internal.test/"]) {
              result.push((yield* create(scope, url)) === "created")
            }
          }
          return result
        }).pipe(Effect.provide(endpointsWith(targets, dns)))
      }
      const testOnly = [true, true, true, false, false, false]
      assert.deepStrictEqual(yield* outcomes(undefined), testOnly)
      assert.deepStrictEqual(yield* outcomes(true), [true, true, true, true, true, true])
      assert.deepStrictEqual(yield* outcomes(false), [false, false, false, false, false, false])
    }), 30_000)

  it.effect("a name that takes too long to resolve is accepted after 5 seconds, to be checked at delivery", () =>
    Effect.gen(function*() {
      const dns = FakeDns.make()
      const slow: FakeDns.FakeDns = { ...dns, resolve: () => new Promise(() => undefined) }
      yield* Effect.gen(function*() {
        const fiber = yield* Effect.forkChild(create(live, "https://slow.test/hooks"))
        yield* TestClock.adjust(WebhookTargets.RESOLVE_TIMEOUT_MS - 1)
        assert.isUndefined(fiber.pollUnsafe())
        yield* TestClock.adjust(1)
        assert.strictEqual(yield* Fiber.join(fiber), "created")
      }).pipe(Effect.provide(endpointsWith(WebhookTargets.layer(defaults), slow)))
    }))
})
