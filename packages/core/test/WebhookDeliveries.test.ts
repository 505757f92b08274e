import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { TestClock } from "effect/testing"
import { CheckoutSessions } from "../src/CheckoutSessions.ts"
import { EventLog } from "../src/EventLog.ts"
import { IdGenerator } from "../src/ports/IdGenerator.ts"
import { WebhookDeliveryRepository } from "../src/ports/WebhookDeliveryRepository.ts"
import { WebhookEndpointRepository } from "../src/ports/WebhookEndpointRepository.ts"
import * as InMemoryDeliveries from "../src/testing/InMemoryDeliveries.ts"
import * as InMemoryLinks from "../src/testing/InMemoryLinks.ts"
import * as InMemoryProcessorLedger from "../src/testing/InMemoryProcessorLedger.ts"
import * as InMemoryRepository from "../src/testing/InMemoryRepository.ts"
import * as PlainSnapshots from "../src/testing/PlainSnapshots.ts"
import * as TestPaymentProcessor from "../src/TestPaymentProcessor.ts"
import { testObjectOf, WebhookDeliveries } from "../src/WebhookDeliveries.ts"
import type { DeliveryAttempt, WebhookDelivery } from "../src/WebhookEndpoint.ts"
import { basicParams, params, T0 } from "./fixtures.ts"

const scope = { account: "acct_1", livemode: false }

const delivery = (id: string, event: string, created: number): WebhookDelivery => ({
  id,
  object: "webhook_delivery",
  event,
  webhook_endpoint: `we_${id}`,
  status: "pending",
  attempts: 0,
  created,
  livemode: false
})

const attempt = (id: string, deliveryId: string, status_code: number | null): DeliveryAttempt => ({
  id,
  object: "webhook_delivery_attempt",
  delivery: deliveryId,
  created: T0,
  status_code,
  latency_ms: 12,
  error: status_code === null ? "connection refused" : null,
  succeeded: status_code !== null && status_code < 300
})

describe("WebhookDeliveries", () => {
  it.effect("lists an event's deliveries and a delivery's attempts, within the scope only; settled deliveries never change", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(T0 * 1000)
      const store = yield* InMemoryDeliveries.make
      const layer = WebhookDeliveries.layer.pipe(
        Layer.provideMerge(Layer.mergeAll(CheckoutSessions.layer, EventLog.layer)),
        Layer.provideMerge(Layer.mergeAll(InMemoryRepository.layer, InMemoryLinks.layer, TestPaymentProcessor.layer.pipe(Layer.provide(InMemoryProcessorLedger.layer)), IdGenerator.layerRandom, PlainSnapshots.layer)),
        Layer.provideMerge(Layer.succeed(WebhookDeliveryRepository, store.webhookDeliveryRepository))
      )
      yield* Effect.gen(function*() {
        const sessions = yield* CheckoutSessions
        const created = yield* sessions.create(scope, params(basicParams))
        yield* sessions.expire(scope, created.session.id)
        const [event] = (yield* (yield* EventLog).list(scope, {})).data
        assert.strictEqual(event!.type, "checkout.session.expired")

        yield* store.add({ account: scope.account, delivery: delivery("whdel_b", event!.id, T0 + 1) })
        yield* store.add({ account: scope.account, delivery: delivery("whdel_a", event!.id, T0) })
        yield* store.add({ account: scope.account, delivery: delivery("whdel_other", "evt_other", T0) })
        assert.strictEqual(yield* store.pendingOf(event!.id), 2)

        const repo = yield* WebhookDeliveryRepository
        assert.isTrue(yield* repo.recordAttempt(attempt("whatt_1", "whdel_a", 500), "pending"))
        assert.isTrue(yield* repo.recordAttempt(attempt("whatt_2", "whdel_a", 200), "succeeded"))
        assert.isFalse(yield* repo.recordAttempt(attempt("whatt_3", "whdel_a", 200), "succeeded"))
        assert.isFalse(yield* repo.markFailed("whdel_a"))
        assert.isTrue(yield* repo.markFailed("whdel_b"))
        assert.strictEqual(yield* store.pendingOf(event!.id), 0)

        const deliveries = yield* WebhookDeliveries
        const list = yield* deliveries.listForEvent(scope, event!.id)
        assert.deepStrictEqual(list.map((d) => [d.id, d.status, d.attempts]), [["whdel_a", "succeeded", 2], ["whdel_b", "failed", 0]])
        assert.deepStrictEqual((yield* deliveries.listAttempts(scope, "whdel_a")).map((a) => [a.id, a.status_code, a.succeeded]), [
          ["whatt_1", 500, false],
          ["whatt_2", 200, true]
        ])

        // an event's page: the event with its deliveries and their attempts (the endpoint is gone: no URL)
        const entry = yield* deliveries.eventWithDeliveries(scope, event!.id)
        assert.strictEqual(entry.event.id, event!.id)
        assert.deepStrictEqual(entry.deliveries.map((d) => [d.delivery.id, d.url, d.attempts.map((a) => a.id)]), [["whdel_a", null, ["whatt_1", "whatt_2"]], ["whdel_b", null, []]])

        const other = { account: "acct_2", livemode: false }
        assert.strictEqual((yield* Effect.flip(deliveries.eventWithDeliveries(other, event!.id)))._tag, "ResourceMissing")
        assert.strictEqual((yield* Effect.flip(deliveries.eventWithDeliveries(scope, "evt_missing")))._tag, "ResourceMissing")
        assert.strictEqual((yield* Effect.flip(deliveries.listForEvent(other, event!.id)))._tag, "ResourceMissing")
        assert.strictEqual((yield* Effect.flip(deliveries.listForEvent({ ...scope, livemode: true }, event!.id)))._tag, "ResourceMissing")
        assert.strictEqual((yield* Effect.flip(deliveries.listAttempts(other, "whdel_a")))._tag, "ResourceMissing")
        assert.strictEqual((yield* Effect.flip(deliveries.listAttempts(scope, "whdel_missing")))._tag, "ResourceMissing")

        // a resend makes a settled delivery pending again (its attempt is the adapter's to send), in its scope only
        assert.strictEqual((yield* Effect.flip(deliveries.resend(other, "whdel_b")))._tag, "ResourceMissing")
        assert.strictEqual((yield* Effect.flip(deliveries.resend(scope, "whdel_missing")))._tag, "ResourceMissing")
        const resent = yield* deliveries.resend(scope, "whdel_b")
        assert.deepStrictEqual([resent.id, resent.status], ["whdel_b", "pending"])
        assert.strictEqual(yield* store.pendingOf(event!.id), 1)
        assert.isTrue(yield* repo.recordAttempt(attempt("whatt_4", "whdel_b", 200), "succeeded"))
        assert.deepStrictEqual((yield* deliveries.listForEvent(scope, event!.id)).map((d) => d.status), ["succeeded", "succeeded"])
      }).pipe(Effect.provide(layer))
    }))

  it.effect("resends every failed delivery of an endpoint since a time, and lists an endpoint's deliveries newest first", () =>
    Effect.gen(function*() {
      const store = yield* InMemoryDeliveries.make
      const layer = WebhookDeliveries.layer.pipe(
        Layer.provideMerge(Layer.mergeAll(InMemoryRepository.layer, InMemoryLinks.layer)),
        Layer.provideMerge(Layer.succeed(WebhookDeliveryRepository, store.webhookDeliveryRepository))
      )
      yield* Effect.gen(function*() {
        const endpoints = yield* WebhookEndpointRepository
        const endpoint = {
          id: "we_1", url: "https://hooks.example/till", enabled_events: ["*"] as const, status: "enabled" as const, description: null,
          metadata: {}, api_version: null, livemode: false, created: T0
        }
        yield* endpoints.insert({ account: scope.account, version: 1, endpoint, secret: "whsec_x" })
        const repo = yield* WebhookDeliveryRepository
        for (const [id, created, outcome] of [["old", T0, "failed"], ["ok", T0 + 10, "succeeded"], ["new", T0 + 20, "failed"], ["newer", T0 + 30, "failed"]] as const) {
          yield* store.add({ account: scope.account, delivery: { ...delivery(`whdel_${id}`, `evt_${id}`, created), webhook_endpoint: "we_1" } })
          yield* repo.recordAttempt(attempt(`whatt_${id}`, `whdel_${id}`, outcome === "failed" ? null : 200), outcome)
        }
        const deliveries = yield* WebhookDeliveries
        const log = yield* deliveries.listForEndpoint(scope, "we_1")
        assert.deepStrictEqual(log.deliveries.map((d) => d.id), ["whdel_newer", "whdel_new", "whdel_ok", "whdel_old"])
        const resent = yield* deliveries.resendFailed(scope, "we_1", T0 + 5)
        assert.deepStrictEqual(resent.map((d) => d.id).sort(), ["whdel_new", "whdel_newer"])
        assert.deepStrictEqual((yield* deliveries.listForEndpoint(scope, "we_1")).deliveries.map((d) => d.status), ["pending", "pending", "succeeded", "failed"])
        assert.strictEqual((yield* Effect.flip(deliveries.resendFailed({ account: "acct_2", livemode: false }, "we_1", T0)))._tag, "ResourceMissing")
        assert.strictEqual((yield* Effect.flip(deliveries.listForEndpoint({ ...scope, livemode: true }, "we_1")))._tag, "ResourceMissing")

        // pages of the log by keyset: two at a time, then the last
        const page1 = yield* deliveries.listForEndpoint(scope, "we_1", 2)
        assert.deepStrictEqual([page1.deliveries.map((d) => d.id), page1.has_more], [["whdel_newer", "whdel_new"], true])
        const page2 = yield* deliveries.listForEndpoint(scope, "we_1", 2, "whdel_new")
        assert.deepStrictEqual([page2.deliveries.map((d) => d.id), page2.has_more], [["whdel_ok", "whdel_old"], false])
        const bad = yield* Effect.flip(deliveries.listForEndpoint(scope, "we_1", 2, "whdel_missing"))
        assert.deepStrictEqual([bad._tag, bad._tag === "ResourceMissing" ? bad.param : null], ["ResourceMissing", "starting_after"])

        // a test event: one delivery to this endpoint, of a made-up object; test mode only; never another scope's endpoint
        const test = yield* deliveries.sendTest(scope, "we_1", "charge.refund.updated")
        assert.deepStrictEqual([test.webhook_endpoint, test.status, test.livemode], ["we_1", "pending", false])
        assert.strictEqual((yield* deliveries.listForEndpoint(scope, "we_1")).deliveries.length, 5)
        assert.strictEqual((yield* Effect.flip(deliveries.sendTest({ ...scope, livemode: true }, "we_1", "product.created")))._tag, "ValidationError")
        assert.strictEqual((yield* Effect.flip(deliveries.sendTest({ account: "acct_2", livemode: false }, "we_1", "product.created")))._tag, "ResourceMissing")
        const object = testObjectOf("charge.refund.updated")
        assert.deepStrictEqual([object.object, object.metadata], ["refund", { till_test_event: "true" }])
        assert.match(String(object.id), /^re_till_test_/)
        assert.match(String(testObjectOf("checkout.session.completed").id), /^cs_test_till_test_/)
      }).pipe(Effect.provide(layer))
    }))
})
