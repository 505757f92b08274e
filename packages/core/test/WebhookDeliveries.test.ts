import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { TestClock } from "effect/testing"
import { CheckoutSessions } from "../src/CheckoutSessions.ts"
import { EventLog } from "../src/EventLog.ts"
import { IdGenerator } from "../src/ports/IdGenerator.ts"
import { WebhookDeliveryRepository } from "../src/ports/WebhookDeliveryRepository.ts"
import * as InMemoryDeliveries from "../src/testing/InMemoryDeliveries.ts"
import * as InMemoryProcessorLedger from "../src/testing/InMemoryProcessorLedger.ts"
import * as InMemoryRepository from "../src/testing/InMemoryRepository.ts"
import * as PlainSnapshots from "../src/testing/PlainSnapshots.ts"
import * as TestPaymentProcessor from "../src/TestPaymentProcessor.ts"
import { WebhookDeliveries } from "../src/WebhookDeliveries.ts"
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
        Layer.provideMerge(Layer.mergeAll(InMemoryRepository.layer, TestPaymentProcessor.layer.pipe(Layer.provide(InMemoryProcessorLedger.layer)), IdGenerator.layerRandom, PlainSnapshots.layer)),
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

        const other = { account: "acct_2", livemode: false }
        assert.strictEqual((yield* Effect.flip(deliveries.listForEvent(other, event!.id)))._tag, "ResourceMissing")
        assert.strictEqual((yield* Effect.flip(deliveries.listForEvent({ ...scope, livemode: true }, event!.id)))._tag, "ResourceMissing")
        assert.strictEqual((yield* Effect.flip(deliveries.listAttempts(other, "whdel_a")))._tag, "ResourceMissing")
        assert.strictEqual((yield* Effect.flip(deliveries.listAttempts(scope, "whdel_missing")))._tag, "ResourceMissing")
      }).pipe(Effect.provide(layer))
    }))
})
