/**
 * One delivery attempt against a real receiver on loopback, over the core's in-memory stores: the
 * body and both signatures, what is recorded, and what counts as success.
 */
import { assert, describe, it } from "@effect/vitest"
import {
  CheckoutSessions,
  CreateWebhookEndpointParams,
  type Event,
  EventLog,
  IdGenerator,
  type Scope,
  WebhookDeliveries,
  WebhookDeliveryRepository,
  WebhookEndpoints
} from "@till/core"
import { InMemoryDeliveries, InMemoryLinks, InMemoryRepository, TestPaymentProcessor } from "@till/core/testing"
import { Effect, Layer, Schema } from "effect"
import * as Delivery from "../src/Delivery.ts"
import * as Receiver from "./support/Receiver.ts"

const scope: Scope = { account: "acct_delivery", livemode: false }

/** Fresh in-memory stores, the use cases over them, and `add` for deliveries. */
const setup = Effect.gen(function*() {
  const store = yield* InMemoryDeliveries.make
  const layer = Layer.mergeAll(WebhookEndpoints.layer, WebhookDeliveries.layer).pipe(
    Layer.provideMerge(Layer.mergeAll(CheckoutSessions.layer, EventLog.layer)),
    Layer.provideMerge(Layer.mergeAll(InMemoryRepository.layer, InMemoryLinks.layer, TestPaymentProcessor.layer, IdGenerator.layerRandom)),
    Layer.provideMerge(Layer.succeed(WebhookDeliveryRepository, store.webhookDeliveryRepository))
  )
  return { store, context: yield* Layer.build(layer) }
})

const createEndpoint = (url: string) =>
  Effect.gen(function*() {
    const params = Schema.decodeUnknownSync(CreateWebhookEndpointParams)({ url, enabled_events: ["*"] })
    return yield* (yield* WebhookEndpoints).create(scope, params)
  })

/** An expired session's event, and a pending delivery of it to `endpoint`. */
const pendingDelivery = (store: Effect.Success<typeof InMemoryDeliveries.make>, endpoint: string) =>
  Effect.gen(function*() {
    const sessions = yield* CheckoutSessions
    const created = yield* sessions.create(scope, { amount: 1050, currency: "usd" })
    yield* sessions.expire(scope, created.session.id)
    const event = (yield* (yield* EventLog).list(scope, { type: "checkout.session.expired", limit: 1 })).data[0]!
    const id = `whdel_${Math.random().toString(36).slice(2)}`
    yield* store.add({
      account: scope.account,
      delivery: { id, object: "webhook_delivery", event: event.id, webhook_endpoint: endpoint, status: "pending", attempts: 0, created: event.created, livemode: false }
    })
    return { id, event }
  })

// a receiver on loopback answers at once; the timeout only has to outlast a loaded machine's scheduling
const attempt = (id: string, options: Partial<Delivery.AttemptOptions> = {}) =>
  Delivery.attempt(id, { final: false, timeoutMs: 30_000, ...options })

const history = (id: string) => WebhookDeliveryRepository.use((repo) => repo.listAttempts(id))
const status = (id: string) =>
  WebhookDeliveryRepository.use((repo) => repo.findById(id)).pipe(Effect.map((d) => d._tag === "Some" ? d.value.delivery.status : "missing"))

describe("a delivery attempt", () => {
  it.live("POSTs the event as the API shows it, signed for both libraries, and records a 2xx as success", () =>
    Effect.scoped(Effect.gen(function*() {
      const receiver = yield* Effect.acquireRelease(Effect.promise(Receiver.start), (r) => Effect.promise(r.close))
      const { context, store } = yield* setup
      yield* Effect.gen(function*() {
        const { endpoint, secret } = yield* createEndpoint(`${receiver.url}/hooks`)
        receiver.secrets.set("/hooks", secret)
        receiver.answer = () => 204
        const { event, id } = yield* pendingDelivery(store, endpoint.id)
        assert.strictEqual(yield* attempt(id), "succeeded")

        assert.lengthOf(receiver.received, 1)
        const got = receiver.received[0]!
        assert.isTrue(got.stripeVerified, "stripe.webhooks.constructEvent rejected it")
        assert.isTrue(got.standardVerified, "standardwebhooks rejected it")
        const { account: _account, ...wire } = event as Event
        assert.strictEqual(got.body, JSON.stringify({ ...wire, pending_webhooks: 0 }))
        assert.notProperty(got.event, "account")
        assert.strictEqual(got.headers["webhook-id"], event.id)
        assert.strictEqual(got.headers["content-type"], "application/json; charset=utf-8")
        assert.match(String(got.headers["till-signature"]), /^t=\d+,v1=[0-9a-f]{64}$/)
        assert.match(String(got.headers["webhook-signature"]), /^v1,[A-Za-z0-9+/]{43}=$/)
        assert.strictEqual(got.headers["webhook-timestamp"], String(got.headers["till-signature"]).slice(2, 12))

        assert.strictEqual(yield* status(id), "succeeded")
        const [recorded] = yield* history(id)
        assert.strictEqual(recorded!.status_code, 204)
        assert.isTrue(recorded!.succeeded)
        assert.isNull(recorded!.error)
        assert.isAtLeast(recorded!.latency_ms, 0)
        assert.match(recorded!.id, /^whatt_/)
        // settled: a job that runs again sends nothing
        assert.strictEqual(yield* attempt(id), "settled")
        assert.lengthOf(receiver.received, 1)
      }).pipe(Effect.provide(context))
    })))

  it.live("a non-2xx, a redirect, no answer in time and a refused connection are retried; on the last attempt the delivery fails", () =>
    Effect.scoped(Effect.gen(function*() {
      const receiver = yield* Effect.acquireRelease(Effect.promise(Receiver.start), (r) => Effect.promise(r.close))
      const { context, store } = yield* setup
      yield* Effect.gen(function*() {
        const { endpoint, secret } = yield* createEndpoint(`${receiver.url}/flaky`)
        receiver.secrets.set("/flaky", secret)
        const answers: Array<Receiver.Answer> = [500, 302, { status: 200, delayMs: 700 }, 404]
        receiver.answer = ({ nth }) => answers[nth]!
        const { id } = yield* pendingDelivery(store, endpoint.id)
        assert.strictEqual(yield* attempt(id), "retry")
        assert.strictEqual(yield* attempt(id), "retry")
        assert.strictEqual(yield* attempt(id, { timeoutMs: 300 }), "retry")
        assert.strictEqual(yield* status(id), "pending")
        assert.strictEqual(yield* attempt(id, { final: true }), "failed")
        assert.strictEqual(yield* status(id), "failed")
        assert.isTrue(receiver.received.every((r) => r.stripeVerified && r.standardVerified))
        const recorded = yield* history(id)
        assert.deepStrictEqual(recorded.map((a) => [a.status_code, a.succeeded]), [[500, false], [302, false], [null, false], [404, false]])
        assert.strictEqual(recorded[2]!.error, "no response within 0.3 s")
        assert.isAtLeast(recorded[2]!.latency_ms, 250)

        // nobody listens on the endpoint's port any more
        yield* Effect.promise(receiver.close)
        const refused = yield* pendingDelivery(store, endpoint.id)
        assert.strictEqual(yield* attempt(refused.id), "retry")
        const [failed] = yield* history(refused.id)
        assert.isNull(failed!.status_code)
        assert.match(failed!.error!, /ECONNREFUSED/)
      }).pipe(Effect.provide(context))
    })))

  it.live("a disabled or deleted endpoint fails the delivery without sending it", () =>
    Effect.scoped(Effect.gen(function*() {
      const receiver = yield* Effect.acquireRelease(Effect.promise(Receiver.start), (r) => Effect.promise(r.close))
      const { context, store } = yield* setup
      yield* Effect.gen(function*() {
        const endpoints = yield* WebhookEndpoints
        const disabled = yield* createEndpoint(`${receiver.url}/disabled`)
        yield* endpoints.update(scope, disabled.endpoint.id, { disabled: true })
        const toDisabled = yield* pendingDelivery(store, disabled.endpoint.id)
        assert.strictEqual(yield* attempt(toDisabled.id), "failed")
        assert.strictEqual((yield* history(toDisabled.id))[0]!.error, "the webhook endpoint is disabled: not sent")

        const deleted = yield* createEndpoint(`${receiver.url}/deleted`)
        const toDeleted = yield* pendingDelivery(store, deleted.endpoint.id)
        yield* endpoints.delete(scope, deleted.endpoint.id)
        assert.strictEqual(yield* attempt(toDeleted.id), "failed")
        assert.strictEqual((yield* history(toDeleted.id))[0]!.error, "the webhook endpoint was deleted: not sent")
        assert.strictEqual(yield* status(toDeleted.id), "failed")
        assert.lengthOf(receiver.received, 0)
      }).pipe(Effect.provide(context))
    })))
})
