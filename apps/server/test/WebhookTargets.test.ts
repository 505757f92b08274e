/**
 * Where webhooks may go, through the bundled app (HTTP, the queue and its worker on PGlite) with the
 * server's own default for TILL_WEBHOOK_ALLOW_PRIVATE (unset): a live key cannot register a non-public
 * address, a test key can, and a live endpoint whose name is rebound to loopback after it was created
 * gets nothing, its attempt saying why. Names resolve through a fake resolver, and a network fence fails
 * any connection beyond loopback, so nothing leaves the machine.
 */
import { afterAll, assert, beforeAll, layer } from "@effect/vitest"
import { HttpApp } from "@till/http"
import { AttemptError } from "@till/queue"
import { Effect, Layer } from "effect"
import { createSession, describeServer, ok, rejects, serverLayer, stripeClient, SuiteServer } from "@till/http/testing"
import { FakeDns, NetworkFence, Receiver } from "@till/queue/testing"
import { stack } from "./webhooks/Stack.ts"

const dns = FakeDns.make({ "internal.shop.test": ["10.0.0.1"], "hooks.shop.test": ["93.184.215.14"] })

let fence: NetworkFence.Fence
beforeAll(() => void (fence = NetworkFence.install()))
afterAll(() => fence.remove())

const app = Layer.effect(SuiteServer, describeServer).pipe(
  Layer.provide(serverLayer(HttpApp.layer)),
  Layer.provideMerge(stack("pglite", { workers: 1, allowPrivate: "unset", dns }))
)

const stripeError = (e: unknown) => {
  const error = e as { statusCode?: number; type?: string; raw?: { code?: string; param?: string; type?: string; message?: string } }
  return { status: error.statusCode, type: error.raw?.type, code: error.raw?.code, param: error.raw?.param, message: error.raw?.message ?? "" }
}

const receiver = Effect.acquireRelease(Effect.promise(Receiver.start), (r) => Effect.promise(r.close))

layer(app, { excludeTestServices: true, timeout: "2 minutes" })("webhook targets in the bundled app", (it) => {
  it.effect("a live key cannot register a loopback, private, link-local or unspecified address, nor a name resolving to one: 400 url_invalid on url", () =>
    Effect.gen(function*() {
      const server = yield* SuiteServer
      const stripe = stripeClient(server, server.keys.live)
      for (const url of ["http://127.0.0.1:4242/hooks", "http://[::1]/hooks", "http://169.254.169.254/latest/meta-data", "http://10.0.0.1/", "http://0.0.0.0/", "https://internal.shop.test/hooks"]) {
        const error = stripeError(yield* rejects(() => stripe.webhookEndpoints.create({ url, enabled_events: ["*"] })))
        assert.deepInclude(error, { status: 400, type: "invalid_request_error", code: "url_invalid", param: "url" }, url)
        assert.include(error.message, "TILL_WEBHOOK_ALLOW_PRIVATE", url)
      }
      const created = yield* ok(() => stripe.webhookEndpoints.create({ url: "https://hooks.shop.test/hooks", enabled_events: ["*"] }))
      const update = stripeError(yield* rejects(() => stripe.webhookEndpoints.update(created.id, { url: "http://127.0.0.1:4242/hooks" })))
      assert.deepInclude(update, { status: 400, code: "url_invalid", param: "url" })
      assert.strictEqual((yield* ok(() => stripe.webhookEndpoints.retrieve(created.id))).url, "https://hooks.shop.test/hooks")
      const list = yield* ok(() => stripe.webhookEndpoints.list({ limit: 100 }))
      assert.deepStrictEqual(list.data.map((e) => e.url), ["https://hooks.shop.test/hooks"])
      // a public address: nothing may be sent to it from here
      yield* ok(() => stripe.webhookEndpoints.del(created.id))
    }), 60_000)

  it.effect("a test key may register loopback (local development), and its receiver gets the events", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* SuiteServer
      const r = yield* receiver
      const stripe = stripeClient(server, server.keys.test)
      const endpoint = yield* ok(() => stripe.webhookEndpoints.create({ url: `${r.url}/test`, enabled_events: ["checkout.session.expired"] }))
      r.secrets.set("/test", endpoint.secret!)
      const session = yield* createSession(stripe)
      yield* ok(() => stripe.checkout.sessions.expire(session.id))
      yield* Effect.promise(() => r.until("the expiry event", (all) => all.some((x) => x.event.data !== undefined && x.stripeVerified)))
    })), 60_000)

  it.effect("a live endpoint whose name is rebound to loopback after it was created gets nothing; the attempt says why in a short phrase", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* SuiteServer
      const r = yield* receiver
      const stripe = stripeClient(server, server.keys.live)
      const port = new URL(r.url).port
      dns.names.set("rebound.shop.test", ["93.184.215.14"])
      const endpoint = yield* ok(() => stripe.webhookEndpoints.create({ url: `http://rebound.shop.test:${port}/live`, enabled_events: ["checkout.session.expired"] }))
      dns.names.set("rebound.shop.test", ["127.0.0.1"])
      const before = fence.attempts.length

      const session = yield* createSession(stripe)
      yield* ok(() => stripe.checkout.sessions.expire(session.id))
      const events = yield* ok(() => stripe.events.list({ type: "checkout.session.expired", limit: 1 }))
      const event = events.data[0]!
      const deliveries = (yield* ok(() => stripe.rawRequest("GET", `/v1/events/${event.id}/deliveries`, {}))) as unknown as {
        data: Array<{ id: string; webhook_endpoint: string }>
      }
      const delivery = deliveries.data.find((d) => d.webhook_endpoint === endpoint.id)!
      const attempts = (): Effect.Effect<Array<{ error: string | null; status_code: number | null }>> =>
        Effect.map(
          ok(() => stripe.rawRequest("GET", `/v1/webhook_deliveries/${delivery.id}/attempts`, {}) as Promise<unknown>),
          (page) => (page as { data: Array<{ error: string | null; status_code: number | null }> }).data
        )
      const started = Date.now()
      while ((yield* attempts()).length === 0) {
        if (Date.now() - started > 30_000) return yield* Effect.die(new Error("no attempt within 30 s"))
        yield* Effect.sleep("100 millis")
      }
      const [first] = yield* attempts()
      assert.deepStrictEqual(first, { ...first!, status_code: null, error: AttemptError.Phrase.addressNotAllowed })
      assert.lengthOf(r.received, 0)
      assert.deepStrictEqual(fence.attempts.slice(before), [])
    })), 60_000)
})
