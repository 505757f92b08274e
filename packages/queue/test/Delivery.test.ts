/**
 * One delivery attempt against a real receiver on loopback, over the core's in-memory stores: the
 * body and both signatures, what is recorded, what counts as success, and which addresses are refused
 * at delivery. A fake resolver stands in for DNS, and a network fence fails (and records) any connection
 * to an address other than loopback, so nothing here leaves the machine even if the guard were broken.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import {
  CheckoutSessions,
  CreateWebhookEndpointParams,
  type Event,
  EventLog,
  IdGenerator,
  type Scope,
  WebhookDeliveries,
  WebhookDeliveryRepository,
  WebhookEndpointRepository,
  WebhookEndpoints
} from "@till/core"
import { InMemoryDeliveries, InMemoryLinks, InMemoryProcessorLedger, InMemoryRepository, PlainSnapshots, TestPaymentProcessor } from "@till/core/testing"
import { Effect, Exit, Layer, Schema } from "effect"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import * as AttemptError from "../src/AttemptError.ts"
import * as Delivery from "../src/Delivery.ts"
import { QueueSettings } from "../src/index.ts"
import { Resolver } from "../src/Resolver.ts"
import * as WebhookTargets from "../src/WebhookTargets.ts"
import * as FakeDns from "../src/testing/FakeDns.ts"
import * as NetworkFence from "../src/testing/NetworkFence.ts"
import * as Receiver from "../src/testing/Receiver.ts"

const scope: Scope = { account: "acct_delivery", livemode: false }
const live: Scope = { account: "acct_delivery", livemode: true }

let fence: NetworkFence.Fence
beforeAll(() => void (fence = NetworkFence.install()))
afterAll(() => fence.remove())

/**
 * Fresh in-memory stores, the use cases over them, and `add` for deliveries; webhook targets as
 * `allowPrivate` says (by default: test mode only), names resolved by `dns`.
 */
const setup = (
  allowPrivate: QueueSettings.PrivateAddresses = QueueSettings.defaults.allowPrivate,
  dns = FakeDns.make(),
  wrap: (repo: WebhookDeliveryRepository["Service"]) => WebhookDeliveryRepository["Service"] = (repo) => repo
) =>
  Effect.gen(function*() {
    const store = yield* InMemoryDeliveries.make
    const layer = Layer.mergeAll(WebhookEndpoints.layer, WebhookDeliveries.layer).pipe(
      Layer.provideMerge(Layer.mergeAll(CheckoutSessions.layer, EventLog.layer)),
      Layer.provideMerge(Layer.mergeAll(InMemoryRepository.layer, InMemoryLinks.layer, TestPaymentProcessor.layer.pipe(Layer.provide(InMemoryProcessorLedger.layer)), IdGenerator.layerRandom, PlainSnapshots.layer)),
      Layer.provideMerge(Layer.succeed(WebhookDeliveryRepository, wrap(store.webhookDeliveryRepository))),
      Layer.provideMerge(WebhookTargets.layer(allowPrivate).pipe(Layer.provide(Layer.succeed(Resolver, dns.resolve))))
    )
    return { store, dns, context: yield* Layer.build(layer) }
  })

const createEndpoint = (url: string, in_: Scope = scope) =>
  Effect.gen(function*() {
    const params = Schema.decodeUnknownSync(CreateWebhookEndpointParams)({ url, enabled_events: ["*"] })
    return yield* (yield* WebhookEndpoints).create(in_, params)
  })

/** An expired session's event, and a pending delivery of it to `endpoint`. */
const pendingDelivery = (store: Effect.Success<typeof InMemoryDeliveries.make>, endpoint: string, in_: Scope = scope) =>
  Effect.gen(function*() {
    const sessions = yield* CheckoutSessions
    const created = yield* sessions.create(in_, { amount: 1050, currency: "usd" })
    yield* sessions.expire(in_, created.session.id)
    const event = (yield* (yield* EventLog).list(in_, { type: "checkout.session.expired", limit: 1 })).data[0]!
    const id = `whdel_${Math.random().toString(36).slice(2)}`
    yield* store.add({
      account: in_.account,
      delivery: {
        id,
        object: "webhook_delivery",
        event: event.id,
        webhook_endpoint: endpoint,
        status: "pending",
        attempts: 0,
        created: event.created,
        livemode: in_.livemode
      }
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
      const { context, store } = yield* setup()
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
        assert.match(String(got.headers["stripe-signature"]), /^t=\d+,v1=[0-9a-f]{64}$/)
        // the alias of earlier versions, kept for their receivers
        assert.strictEqual(got.headers["till-signature"], got.headers["stripe-signature"])
        assert.match(String(got.headers["webhook-signature"]), /^v1,[A-Za-z0-9+/]{43}=$/)
        assert.strictEqual(got.headers["webhook-timestamp"], String(got.headers["stripe-signature"]).slice(2, 12))

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
      const { context, store } = yield* setup()
      yield* Effect.gen(function*() {
        const { endpoint, secret } = yield* createEndpoint(`${receiver.url}/flaky`)
        receiver.secrets.set("/flaky", secret)
        // the redirect points at a path that would answer 200: following it would make the attempt a success
        const answers: Array<Receiver.Answer> = [500, { status: 302, headers: { location: `${receiver.url}/elsewhere` } }, { status: 200, delayMs: 700 }, 404]
        receiver.answer = ({ nth }) => answers[nth]!
        const { id } = yield* pendingDelivery(store, endpoint.id)
        assert.strictEqual(yield* attempt(id), "retry")
        assert.strictEqual(yield* attempt(id), "retry")
        assert.strictEqual(yield* attempt(id, { timeoutMs: 300 }), "retry")
        assert.strictEqual(yield* status(id), "pending")
        assert.strictEqual(yield* attempt(id, { final: true }), "failed")
        assert.strictEqual(yield* status(id), "failed")
        assert.isTrue(receiver.received.every((r) => r.stripeVerified && r.standardVerified))
        assert.deepStrictEqual(receiver.received.map((r) => r.path), ["/flaky", "/flaky", "/flaky", "/flaky"], "the redirect was followed")
        const recorded = yield* history(id)
        assert.deepStrictEqual(recorded.map((a) => [a.status_code, a.succeeded]), [[500, false], [302, false], [null, false], [404, false]])
        assert.strictEqual(recorded[2]!.error, "timeout: no response within 0.3 s")
        assert.isAtLeast(recorded[2]!.latency_ms, 250)

        // nobody listens on the endpoint's port any more
        yield* Effect.promise(receiver.close)
        const refused = yield* pendingDelivery(store, endpoint.id)
        assert.strictEqual(yield* attempt(refused.id), "retry")
        const [failed] = yield* history(refused.id)
        assert.isNull(failed!.status_code)
        // the phrase alone: no address, port or system error text
        assert.strictEqual(failed!.error, AttemptError.Phrase.refused)
      }).pipe(Effect.provide(context))
    })))

  it.live("a disabled or deleted endpoint fails the delivery without sending it", () =>
    Effect.scoped(Effect.gen(function*() {
      const receiver = yield* Effect.acquireRelease(Effect.promise(Receiver.start), (r) => Effect.promise(r.close))
      const { context, store } = yield* setup()
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

const outcomes = (exits: ReadonlyArray<Exit.Exit<Delivery.Outcome>>) => exits.map((e) => Exit.isSuccess(e) ? e.value : "not recorded")

describe("a batch of deliveries", () => {
  it.live("each delivery of a batch is sent, recorded and answered on its own: successes, failures, a deleted endpoint, a settled delivery", () =>
    Effect.scoped(Effect.gen(function*() {
      const receiver = yield* Effect.acquireRelease(Effect.promise(Receiver.start), (r) => Effect.promise(r.close))
      const { context, store } = yield* setup()
      yield* Effect.gen(function*() {
        const good = yield* createEndpoint(`${receiver.url}/good`)
        const bad = yield* createEndpoint(`${receiver.url}/bad`)
        const gone = yield* createEndpoint(`${receiver.url}/gone`)
        receiver.secrets.set("/good", good.secret)
        receiver.secrets.set("/bad", bad.secret)
        receiver.answer = ({ path }) => (path === "/good" ? 200 : 500)
        const ok1 = yield* pendingDelivery(store, good.endpoint.id)
        const ok2 = yield* pendingDelivery(store, good.endpoint.id)
        const failing = yield* pendingDelivery(store, bad.endpoint.id)
        const lastTry = yield* pendingDelivery(store, bad.endpoint.id)
        const toGone = yield* pendingDelivery(store, gone.endpoint.id)
        yield* (yield* WebhookEndpoints).delete(scope, gone.endpoint.id)
        const done = yield* pendingDelivery(store, good.endpoint.id)
        assert.strictEqual(yield* attempt(done.id), "succeeded")
        const sentBefore = receiver.received.length

        const exits = yield* Delivery.attemptBatch([
          { delivery: ok1.id, final: false },
          { delivery: failing.id, final: false },
          { delivery: toGone.id, final: false },
          { delivery: ok2.id, final: true },
          { delivery: lastTry.id, final: true },
          { delivery: done.id, final: false },
          // the same delivery twice in one batch is sent once
          { delivery: ok1.id, final: false },
          { delivery: "whdel_missing", final: false }
        ], 30_000)
        assert.deepStrictEqual(outcomes(exits), ["succeeded", "retry", "failed", "succeeded", "failed", "settled", "settled", "settled"])

        const sent = receiver.received.slice(sentBefore)
        assert.sameMembers(sent.map((r) => r.event.id), [ok1.event.id, ok2.event.id, failing.event.id, lastTry.event.id])
        assert.isTrue(sent.every((r) => r.stripeVerified && r.standardVerified))
        assert.deepStrictEqual(
          yield* Effect.forEach([ok1, ok2, failing, lastTry, toGone, done], ({ id }) => status(id)),
          ["succeeded", "succeeded", "pending", "failed", "failed", "succeeded"]
        )
        const attempts = yield* Effect.forEach([ok1, ok2, failing, lastTry, toGone, done], ({ id }) => history(id))
        assert.deepStrictEqual(attempts.map((a) => a.map((x) => [x.status_code, x.succeeded])), [
          [[200, true]], [[200, true]], [[500, false]], [[500, false]], [[null, false]], [[200, true]]
        ])
        assert.strictEqual(attempts[4]![0]!.error, "the webhook endpoint was deleted: not sent")
      }).pipe(Effect.provide(context))
    })))

  it.live("when recording fails mid-batch, the deliveries it carried stay pending and are answered as failures (their jobs are retried); the rest are recorded", () =>
    Effect.scoped(Effect.gen(function*() {
      const receiver = yield* Effect.acquireRelease(Effect.promise(Receiver.start), (r) => Effect.promise(r.close))
      let doomed = ""
      // the database goes away for one write: the one carrying `doomed`'s attempt
      const { context, store } = yield* setup(undefined, undefined, (repo) => ({
        ...repo,
        recordAttempts: (records) =>
          records.some((r) => r.attempt.delivery === doomed) ? Effect.die(new Error("connection terminated")) : repo.recordAttempts(records)
      }))
      yield* Effect.gen(function*() {
        const { endpoint, secret } = yield* createEndpoint(`${receiver.url}/hooks`)
        receiver.secrets.set("/hooks", secret)
        // the doomed delivery's answer comes last, so the others' records are written before it
        const slow = yield* pendingDelivery(store, endpoint.id)
        const fast = yield* pendingDelivery(store, endpoint.id)
        doomed = slow.id
        receiver.answer = ({ eventId }) => (eventId === slow.event.id ? { status: 200, delayMs: 200 } : 200)
        const exits = yield* Delivery.attemptBatch([{ delivery: slow.id, final: false }, { delivery: fast.id, final: false }], 30_000)
        assert.deepStrictEqual(outcomes(exits), ["not recorded", "succeeded"])
        assert.strictEqual(yield* status(slow.id), "pending")
        assert.lengthOf(yield* history(slow.id), 0)
        assert.strictEqual(yield* status(fast.id), "succeeded")

        // its job's retry sends it again (at least once), and this time it is recorded
        doomed = ""
        assert.strictEqual(yield* attempt(slow.id), "succeeded")
        assert.strictEqual(receiver.received.filter((r) => r.event.id === slow.event.id).length, 2)
      }).pipe(Effect.provide(context))
    })))
})

describe("connections", () => {
  it.live("the next batch to a receiver reuses the connections the last one opened (keep-alive)", () =>
    Effect.scoped(Effect.gen(function*() {
      let connections = 0
      const server = createServer((req, res) => {
        req.resume()
        req.on("end", () => res.writeHead(200).end())
      })
      server.on("connection", () => void connections++)
      yield* Effect.acquireRelease(
        Effect.promise(() => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))),
        () => Effect.promise(() => new Promise<void>((resolve) => server.close(() => resolve())))
      )
      const { context, store } = yield* setup()
      yield* Effect.gen(function*() {
        const { endpoint } = yield* createEndpoint(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`)
        const batch = Effect.gen(function*() {
          const items = yield* Effect.forEach(Array.from({ length: 4 }), () => pendingDelivery(store, endpoint.id))
          return outcomes(yield* Delivery.attemptBatch(items.map(({ id }) => ({ delivery: id, final: false })), 30_000))
        })
        assert.deepStrictEqual(yield* batch, ["succeeded", "succeeded", "succeeded", "succeeded"])
        const opened = connections
        assert.isAtMost(opened, 4)
        assert.deepStrictEqual(yield* batch, ["succeeded", "succeeded", "succeeded", "succeeded"])
        assert.deepStrictEqual(yield* batch, ["succeeded", "succeeded", "succeeded", "succeeded"])
        assert.strictEqual(connections, opened, "a batch opened new connections instead of reusing the idle ones")
      }).pipe(Effect.provide(context))
    })))
})

/** Runs `body` with a receiver on loopback and fresh stores under `allowPrivate` and `dns`. */
const withReceiver = <A, E>(
  allowPrivate: QueueSettings.PrivateAddresses,
  dns: FakeDns.FakeDns,
  body: (receiver: Receiver.Receiver, store: Effect.Success<typeof InMemoryDeliveries.make>) => Effect.Effect<A, E, any>
) =>
  Effect.scoped(Effect.gen(function*() {
    const receiver = yield* Effect.acquireRelease(Effect.promise(Receiver.start), (r) => Effect.promise(r.close))
    const { context, store } = yield* setup(allowPrivate, dns)
    return yield* body(receiver, store).pipe(Effect.provide(context))
  }))

/** The receiver's port: a fake name resolving to 127.0.0.1 reaches it. */
const portOf = (receiver: Receiver.Receiver) => new URL(receiver.url).port

describe("addresses refused at delivery", () => {
  const defaults = QueueSettings.defaults.allowPrivate

  it.live("a live endpoint whose name resolved to a public address when created, and to 10.0.0.1 now, is not sent: the attempt says why", () => {
    const dns = FakeDns.make({ "hooks.shop.test": ["93.184.215.14"] })
    return withReceiver(defaults, dns, (receiver, store) =>
      Effect.gen(function*() {
        const before = fence.attempts.length
        const { endpoint } = yield* createEndpoint(`http://hooks.shop.test:${portOf(receiver)}/hooks`, live)
        dns.names.set("hooks.shop.test", ["10.0.0.1"])
        const { id } = yield* pendingDelivery(store, endpoint.id, live)
        assert.strictEqual(yield* attempt(id), "retry")
        const [recorded] = yield* history(id)
        assert.deepStrictEqual([recorded!.status_code, recorded!.succeeded, recorded!.error], [null, false, AttemptError.Phrase.addressNotAllowed])
        assert.deepStrictEqual(fence.attempts.slice(before), [], "a connection to a refused address was attempted")
        assert.strictEqual(yield* attempt(id, { final: true }), "failed")
        assert.lengthOf(receiver.received, 0)
      }))
  }, 30_000)

  it.live("a live endpoint's name rebound to loopback (alone, or beside a public address) reaches nothing", () => {
    const dns = FakeDns.make({ "hooks.shop.test": ["93.184.215.14"] })
    return withReceiver(defaults, dns, (receiver, store) =>
      Effect.gen(function*() {
        const before = fence.attempts.length
        const { endpoint } = yield* createEndpoint(`http://hooks.shop.test:${portOf(receiver)}/hooks`, live)
        for (const answer of [["127.0.0.1"], ["::ffff:127.0.0.1"], ["93.184.215.14", "127.0.0.1"], ["127.0.0.1", "93.184.215.14"]]) {
          dns.names.set("hooks.shop.test", answer)
          const { id } = yield* pendingDelivery(store, endpoint.id, live)
          assert.strictEqual(yield* attempt(id), "retry", answer.join(", "))
          assert.strictEqual((yield* history(id))[0]!.error, AttemptError.Phrase.addressNotAllowed, answer.join(", "))
        }
        assert.lengthOf(receiver.received, 0)
        assert.deepStrictEqual(fence.attempts.slice(before), [])
      }))
  }, 30_000)

  it.live("the socket connects to the very address that was checked: the name is resolved once per connection", () => {
    const dns = FakeDns.make({ "hooks.shop.test": ["93.184.215.14"] })
    return withReceiver(defaults, dns, (_receiver, store) =>
      Effect.gen(function*() {
        const { endpoint } = yield* createEndpoint("http://hooks.shop.test:8080/hooks", live)
        const { id } = yield* pendingDelivery(store, endpoint.id, live)
        // right after the check, the name rebinds to loopback: a second lookup before connecting would get it
        dns.afterAnswer = (name) => dns.names.set(name, ["127.0.0.1"])
        const asked = dns.asked.length
        const before = fence.attempts.length
        assert.strictEqual(yield* attempt(id), "retry")
        assert.deepStrictEqual(dns.asked.slice(asked), ["hooks.shop.test"])
        // the fence, standing in for the internet, stopped the connection to the address that was checked
        assert.deepStrictEqual(fence.attempts.slice(before), ["93.184.215.14"])
      }))
  }, 30_000)

  it.live("an endpoint stored with a non-public literal address is refused at delivery, live by default and test when the operator says so", () =>
    Effect.gen(function*() {
      for (const [allowPrivate, mode] of [[defaults, live], [{ live: false, test: false }, scope]] as const) {
        const dns = FakeDns.make()
        yield* withReceiver(allowPrivate, dns, (receiver, store) =>
          Effect.gen(function*() {
            const before = fence.attempts.length
            for (const host of ["127.0.0.1", "[::1]", "[::ffff:127.0.0.1]", "10.0.0.1", "169.254.169.254", "0.0.0.0"]) {
              // as if created before the rule, or while the operator allowed private addresses
              const id = `we_stored_${Math.random().toString(36).slice(2)}`
              yield* WebhookEndpointRepository.use((repo) =>
                repo.insert({
                  account: mode.account,
                  version: 1,
                  secret: "whsec_AAAA",
                  endpoint: {
                    id,
                    url: `http://${host}:${portOf(receiver)}/stored`,
                    enabled_events: ["*"],
                    status: "enabled",
                    description: null,
                    metadata: {},
                    api_version: "v",
                    livemode: mode.livemode,
                    created: 0
                  }
                })
              )
              const delivery = yield* pendingDelivery(store, id, mode)
              assert.strictEqual(yield* attempt(delivery.id), "retry", host)
              assert.strictEqual((yield* history(delivery.id))[0]!.error, AttemptError.Phrase.addressNotAllowed, host)
            }
            assert.lengthOf(receiver.received, 0)
            assert.deepStrictEqual(fence.attempts.slice(before), [])
            assert.deepStrictEqual(dns.asked, [], "a literal address needs no lookup")
          }))
      }
    }), 30_000)

  it.live("test mode delivers to loopback by default, and every mode does when TILL_WEBHOOK_ALLOW_PRIVATE=true; names go through the same resolver", () =>
    Effect.gen(function*() {
      for (const [allowPrivate, mode] of [[defaults, scope], [{ live: true, test: true }, live]] as const) {
        const dns = FakeDns.make({ "receiver.test": ["127.0.0.1"] })
        yield* withReceiver(allowPrivate, dns, (receiver, store) =>
          Effect.gen(function*() {
            const { endpoint, secret } = yield* createEndpoint(`http://receiver.test:${portOf(receiver)}/ok`, mode)
            receiver.secrets.set("/ok", secret)
            const { id } = yield* pendingDelivery(store, endpoint.id, mode)
            assert.strictEqual(yield* attempt(id), "succeeded")
            assert.lengthOf(receiver.received, 1)
            assert.isTrue(receiver.received[0]!.stripeVerified)
            assert.include(dns.asked, "receiver.test")
          }))
      }
    }), 30_000)

  it.live("a failed lookup, a TLS failure and credentials in a stored URL are recorded as short fixed phrases", () =>
    withReceiver({ live: true, test: true }, FakeDns.make(), (receiver, store) =>
      Effect.gen(function*() {
        const phraseOf = (url: string) =>
          Effect.gen(function*() {
            const { endpoint } = yield* createEndpoint(url)
            const { id } = yield* pendingDelivery(store, endpoint.id)
            assert.strictEqual(yield* attempt(id), "retry")
            return (yield* history(id))[0]!.error
          })
        assert.strictEqual(yield* phraseOf(`http://nowhere.test:${portOf(receiver)}/`), AttemptError.Phrase.dns)
        // TLS to a receiver that speaks plain HTTP
        assert.strictEqual(yield* phraseOf(`https://127.0.0.1:${portOf(receiver)}/`), AttemptError.Phrase.tls)

        const id = `we_cred_${Math.random().toString(36).slice(2)}`
        yield* WebhookEndpointRepository.use((repo) =>
          repo.insert({
            account: scope.account,
            version: 1,
            secret: "whsec_AAAA",
            endpoint: {
              id,
              url: `http://user:secret@127.0.0.1:${portOf(receiver)}/`,
              enabled_events: ["*"],
              status: "enabled",
              description: null,
              metadata: {},
              api_version: "v",
              livemode: false,
              created: 0
            }
          })
        )
        const delivery = yield* pendingDelivery(store, id)
        assert.strictEqual(yield* attempt(delivery.id), "retry")
        assert.strictEqual((yield* history(delivery.id))[0]!.error, AttemptError.Phrase.urlNotAllowed)
        assert.lengthOf(receiver.received, 0)
      })), 30_000)
})
