/**
 * Webhook endpoints through the official `stripe` client (`stripe.webhookEndpoints.*`), and the
 * delivery log (*ext*) through `rawRequest`, against a running Till server. Reusable like the Stripe
 * suite: any layer that provides `SuiteServer`.
 */
import { assert, layer } from "@effect/vitest"
import { Effect, type Layer } from "effect"
import type Stripe from "stripe"
import { createSession, ok, rejects, stripeClient, unique } from "./StripeSuite.ts"
import { START_TIMEOUT, SuiteServer } from "./SuiteServer.ts"

const status = (e: unknown) => (e as { statusCode?: number }).statusCode
const raw = (e: unknown) => (e as { raw?: { code?: string; param?: string; type?: string } }).raw ?? {}

/**
 * The webhook-endpoint suite, registered as a describe block running against `server`. With
 * `queued`, the server's session writes create deliveries (a database with the queue); without, they
 * create none (the in-memory stores).
 */
export const webhookEndpointsSuite = (name: string, server: Layer.Layer<SuiteServer, unknown>, options: { readonly queued: boolean }) =>
  layer(server, { excludeTestServices: true, timeout: START_TIMEOUT })(name, (it) => {
    it.effect("creates an endpoint whose secret is shown once, then retrieves, lists, updates and deletes it", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const stripe = stripeClient(server)
        const tag = unique("we")
        const created = yield* ok(() =>
          stripe.webhookEndpoints.create({
            url: "https://shop.example/hooks",
            enabled_events: ["checkout.session.completed", "checkout.session.expired"],
            description: "orders",
            metadata: { tag }
          })
        )
        assert.match(created.id, /^we_/)
        assert.strictEqual(created.object, "webhook_endpoint")
        assert.match(created.secret!, /^whsec_[A-Za-z0-9+/]{43}=$/)
        assert.strictEqual(created.status, "enabled")
        assert.strictEqual(created.url, "https://shop.example/hooks")
        assert.deepStrictEqual(created.enabled_events, ["checkout.session.completed", "checkout.session.expired"])
        assert.strictEqual(created.description, "orders")
        assert.deepStrictEqual(created.metadata, { tag })
        assert.isFalse(created.livemode)
        assert.match(created.lastResponse.requestId, /^req_/)

        const read = yield* ok(() => stripe.webhookEndpoints.retrieve(created.id))
        assert.strictEqual(read.id, created.id)
        assert.isUndefined(read.secret)
        assert.notInclude(JSON.stringify(read), created.secret!)

        const all = yield* ok(() => stripe.webhookEndpoints.create({ url: "https://shop.example/all", enabled_events: ["*"] }))
        const page = yield* ok(() => stripe.webhookEndpoints.list({ limit: 100 }))
        assert.strictEqual(page.object, "list")
        assert.strictEqual(page.url, "/v1/webhook_endpoints")
        assert.includeMembers(page.data.map((e) => e.id), [created.id, all.id])
        assert.isTrue(page.data.every((e) => e.secret === undefined))
        const first = yield* ok(() => stripe.webhookEndpoints.list({ limit: 1 }))
        assert.lengthOf(first.data, 1)
        assert.isTrue(first.has_more)

        const disabled = yield* ok(() => stripe.webhookEndpoints.update(created.id, { disabled: true, enabled_events: ["*"], metadata: { note: "paused" } }))
        assert.strictEqual(disabled.status, "disabled")
        assert.deepStrictEqual(disabled.enabled_events, ["*"])
        assert.deepStrictEqual(disabled.metadata, { tag, note: "paused" })
        const enabled = yield* ok(() => stripe.webhookEndpoints.update(created.id, { disabled: false, url: "https://shop.example/v2" }))
        assert.strictEqual(enabled.status, "enabled")
        assert.strictEqual(enabled.url, "https://shop.example/v2")

        const deleted = yield* ok(() => stripe.webhookEndpoints.del(created.id))
        assert.deepStrictEqual({ id: deleted.id, object: deleted.object, deleted: deleted.deleted }, { id: created.id, object: "webhook_endpoint", deleted: true })
        const gone = yield* rejects(() => stripe.webhookEndpoints.retrieve(created.id))
        assert.strictEqual(status(gone), 404)
        assert.strictEqual(raw(gone).code, "resource_missing")
        assert.strictEqual(status(yield* rejects(() => stripe.webhookEndpoints.del(created.id))), 404)
      }))

    it.effect("an endpoint belongs to one account and one mode", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const endpoint = yield* ok(() => stripeClient(server).webhookEndpoints.create({ url: "https://shop.example/h", enabled_events: ["*"] }))
        for (const key of [server.keys.live, server.keys.otherTest]) {
          const other = stripeClient(server, key)
          assert.strictEqual(status(yield* rejects(() => other.webhookEndpoints.retrieve(endpoint.id))), 404)
          assert.strictEqual(status(yield* rejects(() => other.webhookEndpoints.update(endpoint.id, { disabled: true }))), 404)
          assert.strictEqual(status(yield* rejects(() => other.webhookEndpoints.del(endpoint.id))), 404)
          const listed = yield* ok(() => other.webhookEndpoints.list({ limit: 100 }))
          assert.notInclude(listed.data.map((e) => e.id), endpoint.id)
        }
        const live = yield* ok(() => stripeClient(server, server.keys.live).webhookEndpoints.create({ url: "https://shop.example/l", enabled_events: ["*"] }))
        assert.isTrue(live.livemode)
      }))

    it.effect("bad parameters are refused with the parameter named", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const cases: ReadonlyArray<[Record<string, unknown>, string]> = [
          [{ url: "https://shop.example/h", enabled_events: ["order.shipped"] }, "enabled_events[0]"],
          [{ url: "ftp://shop.example/h", enabled_events: ["*"] }, "url"],
          [{ enabled_events: ["*"] }, "url"],
          [{ url: "https://shop.example/h" }, "enabled_events"],
          [{ url: "https://shop.example/h", enabled_events: ["*"], colour: "red" }, "colour"]
        ]
        for (const [params, param] of cases) {
          const e = yield* rejects(() => stripe.webhookEndpoints.create(params as unknown as Stripe.WebhookEndpointCreateParams))
          assert.strictEqual(status(e), 400, JSON.stringify(params))
          assert.strictEqual(raw(e).param, param, JSON.stringify(params))
        }
      }))

    it.effect("a URL with a user name or password is refused, on create and on update: 400 url_invalid on url", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const created = yield* rejects(() => stripe.webhookEndpoints.create({ url: "https://user:secret@shop.example/h", enabled_events: ["*"] }))
        assert.strictEqual(status(created), 400)
        assert.deepInclude(raw(created), { type: "invalid_request_error", code: "url_invalid", param: "url" })
        const endpoint = yield* ok(() => stripe.webhookEndpoints.create({ url: "https://shop.example/h", enabled_events: ["*"] }))
        const updated = yield* rejects(() => stripe.webhookEndpoints.update(endpoint.id, { url: "https://user@shop.example/h" }))
        assert.deepInclude(raw(updated), { code: "url_invalid", param: "url" })
        yield* ok(() => stripe.webhookEndpoints.del(endpoint.id))
      }))

    it.effect("the delivery log (*ext*): an event's deliveries and a delivery's attempts, in scope only", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const stripe = stripeClient(server)
        // nothing listens on port 9 of loopback (the server under test runs no worker anyway)
        const endpoint = yield* ok(() => stripe.webhookEndpoints.create({ url: "http://127.0.0.1:9/hooks", enabled_events: ["checkout.session.expired"] }))
        const session = yield* createSession(stripe)
        yield* ok(() => stripe.checkout.sessions.expire(session.id))
        const events = yield* ok(() => stripe.events.list({ type: "checkout.session.expired", limit: 10 }))
        const event = events.data.find((e) => (e.data.object as { id: string }).id === session.id)!
        const deliveries = yield* ok(() => stripe.rawRequest("GET", `/v1/events/${event.id}/deliveries`, {}))
        const list = deliveries as unknown as { object: string; url: string; has_more: boolean; data: Array<{ object: string; event: string }> }
        assert.strictEqual(list.object, "list")
        assert.strictEqual(list.url, `/v1/events/${event.id}/deliveries`)
        assert.isFalse(list.has_more)
        assert.isTrue(list.data.every((d) => d.object === "webhook_delivery" && d.event === event.id))
        const mine = list.data.filter((d) => (d as unknown as { webhook_endpoint: string }).webhook_endpoint === endpoint.id)
        assert.lengthOf(mine, options.queued ? 1 : 0)
        if (options.queued) {
          const delivery = mine[0] as unknown as { id: string; status: string; attempts: number; livemode: boolean }
          assert.match(delivery.id, /^whdel_/)
          assert.deepStrictEqual([delivery.status, delivery.attempts, delivery.livemode], ["pending", 0, false])
          assert.strictEqual((event as unknown as { pending_webhooks: number }).pending_webhooks, list.data.length)
          const attempts = yield* ok(() => stripe.rawRequest("GET", `/v1/webhook_deliveries/${delivery.id}/attempts`, {}))
          assert.deepStrictEqual((attempts as unknown as { data: Array<unknown> }).data, [])
          assert.strictEqual(
            status(yield* rejects(() => stripeClient(server, server.keys.otherTest).rawRequest("GET", `/v1/webhook_deliveries/${delivery.id}/attempts`, {}))),
            404
          )
        }
        const other = stripeClient(server, server.keys.otherTest)
        assert.strictEqual(status(yield* rejects(() => other.rawRequest("GET", `/v1/events/${event.id}/deliveries`, {}))), 404)
        assert.strictEqual(status(yield* rejects(() => stripe.rawRequest("GET", "/v1/webhook_deliveries/whdel_missing/attempts", {}))), 404)
      }))

    it.effect("catalog changes reach the endpoints subscribed to them, as session changes do", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const endpoint = yield* ok(() => stripe.webhookEndpoints.create({ url: "http://127.0.0.1:9/catalog", enabled_events: ["product.created", "price.updated"] }))
        const product = yield* ok(() => stripe.products.create({ name: "Announced", default_price_data: { currency: "usd", unit_amount: 100 } }))
        for (const type of ["product.created", "price.created"] as const) {
          const events = yield* ok(() => stripe.events.list({ type, limit: 100 }))
          const event = events.data.find((e) => [product.id, product.default_price].includes((e.data.object as { id: string }).id))!
          const deliveries = yield* ok(() => stripe.rawRequest("GET", `/v1/events/${event.id}/deliveries`, {}))
          const mine = (deliveries as unknown as { data: Array<{ webhook_endpoint: string }> }).data.filter((d) => d.webhook_endpoint === endpoint.id)
          // price.created is not among the endpoint's events
          assert.lengthOf(mine, options.queued && type === "product.created" ? 1 : 0, type)
        }
        yield* ok(() => stripe.webhookEndpoints.del(endpoint.id))
      }))
  })

