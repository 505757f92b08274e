/**
 * API versions and Stripe's request headers through the official `stripe` client: `Stripe-Version`
 * checked and echoed, the version in force on the events a call causes, endpoints pinned to a version,
 * `Stripe-Account` refused, and the event list's `type` (with wildcards) and `types[]` filters.
 * Reusable like the Stripe suite: any layer that provides `SuiteServer`.
 */
import { assert, layer } from "@effect/vitest"
import { API_VERSION } from "@till/core"
import { Effect, type Layer } from "effect"
import Stripe from "stripe"
import { createSession, ok, rejects, stripeClient } from "./StripeSuite.ts"
import { START_TIMEOUT, SuiteServer } from "./SuiteServer.ts"

const status = (e: unknown) => (e as { statusCode?: number }).statusCode
const raw = (e: unknown) => (e as { raw?: { code?: string; param?: string; type?: string; message?: string } }).raw ?? {}
const headerOf = (e: unknown, name: string) => (e as { headers?: Record<string, string> }).headers?.[name]

/** The version stripe-node sends when it is given none (`2026-10-28.endive` in stripe 23.1). */
const CLIENT_VERSION = Stripe.API_VERSION

/** The versions suite, registered as a describe block running against `server`. */
export const versionsSuite = (name: string, server: Layer.Layer<SuiteServer, unknown>) =>
  layer(server, { excludeTestServices: true, timeout: START_TIMEOUT })(name, (it) => {
    it.effect("echoes the version in force: the client's own, one it names, or Till's default when it names none", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const stripe = stripeClient(server)
        assert.strictEqual(CLIENT_VERSION, "2026-10-28.endive")
        const session = yield* createSession(stripe)
        assert.strictEqual(session.lastResponse.apiVersion, CLIENT_VERSION)
        const older = yield* ok(() => stripe.checkout.sessions.retrieve(session.id, {}, { apiVersion: "2026-03-25.dahlia" }))
        assert.strictEqual(older.lastResponse.apiVersion, "2026-03-25.dahlia")
        const bare = yield* Effect.promise(() => fetch(`${server.url}/v1/checkout/sessions/${session.id}`, { headers: { authorization: `Bearer ${server.keys.test}` } }))
        assert.strictEqual(bare.status, 200)
        assert.strictEqual(bare.headers.get("stripe-version"), API_VERSION)
        // errors say it too
        const missing = yield* rejects(() => stripe.checkout.sessions.retrieve("cs_test_missing"))
        assert.strictEqual(status(missing), 404)
        assert.strictEqual(headerOf(missing, "stripe-version"), CLIENT_VERSION)
      }))

    it.effect("refuses a version it does not accept with Stripe's 400", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const stripe = stripeClient(server)
        for (const version of ["2099-01-01", "2024-06-20", "2026-10-28", "2026-10-28.endive, 2026-10-28.endive"]) {
          const refused = yield* rejects(() => stripe.checkout.sessions.list({ limit: 1 }, { apiVersion: version }))
          assert.strictEqual(status(refused), 400, version)
          assert.strictEqual((refused as Stripe.errors.StripeError).type, "StripeInvalidRequestError")
          assert.deepStrictEqual(raw(refused).message, `Invalid Stripe API version: ${version}`)
          assert.strictEqual(raw(refused).type, "invalid_request_error")
          assert.isUndefined(raw(refused).param)
        }
        const empty = yield* Effect.promise(() =>
          fetch(`${server.url}/v1/checkout/sessions`, { headers: { authorization: `Bearer ${server.keys.test}`, "stripe-version": "" } })
        )
        assert.strictEqual(empty.status, 400)
        assert.strictEqual(((yield* Effect.promise(() => empty.json())) as { error: { message: string } }).error.message, "Invalid Stripe API version: ")
        // nothing is done: a create with a bad version creates nothing
        const before = yield* ok(() => stripe.checkout.sessions.list({ limit: 1 }))
        yield* rejects(() => stripe.checkout.sessions.create({ mode: "payment", line_items: [], success_url: "https://x.example" }, { apiVersion: "1999-01-01" }))
        const after = yield* ok(() => stripe.checkout.sessions.list({ limit: 1 }))
        assert.deepStrictEqual(after.data.map((s) => s.id), before.data.map((s) => s.id))
      }))

    it.effect("refuses a Stripe-Account header as Stripe does for a key that is not a Connect platform's", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const stripe = stripeClient(server)
        const refused = yield* rejects(() => stripe.checkout.sessions.list({ limit: 1 }, { stripeAccount: "acct_1Other" }))
        assert.strictEqual(status(refused), 403)
        assert.strictEqual((refused as Stripe.errors.StripeError).type, "StripePermissionError")
        assert.strictEqual(raw(refused).code, "platform_account_required")
        assert.match(raw(refused).message!, /^Only Stripe Connect platforms can work with other accounts\./)
        const fromClient = yield* rejects(() =>
          stripeClient(server, undefined, { stripeAccount: "acct_1Other" }).webhookEndpoints.create({ url: "https://shop.example/h", enabled_events: ["*"] })
        )
        assert.strictEqual(status(fromClient), 403)
      }))

    it.effect("the events a call causes carry the version it was made in", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const inDefault = yield* createSession(stripe)
        const inDahlia = yield* createSession(stripe)
        yield* ok(() => stripe.checkout.sessions.expire(inDefault.id))
        yield* ok(() => stripe.checkout.sessions.expire(inDahlia.id, {}, { apiVersion: "2026-07-29.dahlia" }))
        const events = yield* ok(() => stripe.events.list({ type: "checkout.session.expired", limit: 100 }))
        const of = (id: string) => events.data.find((e) => (e.data.object as Stripe.Checkout.Session).id === id)!
        assert.strictEqual(of(inDefault.id).api_version, CLIENT_VERSION)
        assert.strictEqual(of(inDahlia.id).api_version, "2026-07-29.dahlia")
      }))

    it.effect("a webhook endpoint is pinned to a version it names, or to none; an unknown one is refused", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const pinned = yield* ok(() => stripe.webhookEndpoints.create({ url: "https://shop.example/p", enabled_events: ["*"], api_version: "2026-09-30.endive" }))
        assert.strictEqual(pinned.api_version, "2026-09-30.endive")
        assert.strictEqual((yield* ok(() => stripe.webhookEndpoints.retrieve(pinned.id))).api_version, "2026-09-30.endive")
        const unpinned = yield* ok(() => stripe.webhookEndpoints.create({ url: "https://shop.example/u", enabled_events: ["*"] }))
        assert.isNull(unpinned.api_version)
        const refused = yield* rejects(() =>
          stripe.webhookEndpoints.create({ url: "https://shop.example/x", enabled_events: ["*"], api_version: "2024-06-20" })
        )
        assert.strictEqual(status(refused), 400)
        assert.strictEqual(raw(refused).param, "api_version")
        assert.strictEqual(raw(refused).code, "parameter_invalid")
      }))

    it.effect("lists events by type, by a type with wildcards, or by types[], not by both", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const session = yield* createSession(stripe)
        yield* ok(() => stripe.checkout.sessions.expire(session.id))
        const ids = (list: Stripe.ApiList<Stripe.Event>) => list.data.map((e) => e.id)
        const expired = yield* ok(() => stripe.events.list({ type: "checkout.session.expired", limit: 100 }))
        assert.isAbove(expired.data.length, 0)
        assert.isTrue(expired.data.every((e) => e.type === "checkout.session.expired"))
        const all = yield* ok(() => stripe.events.list({ limit: 100 }))
        const wildcard = yield* ok(() => stripe.events.list({ type: "checkout.session.*", limit: 100 }))
        assert.deepStrictEqual(ids(wildcard), ids(all).filter((id) => all.data.find((e) => e.id === id)!.type.startsWith("checkout.session.")))
        const star = yield* ok(() => stripe.events.list({ type: "*.expired", limit: 100 }))
        assert.deepStrictEqual(ids(star), ids(expired))
        const none = yield* ok(() => stripe.events.list({ type: "invoice.*", limit: 100 }))
        assert.deepStrictEqual(none.data, [])
        const types = yield* ok(() => stripe.events.list({ types: ["checkout.session.expired", "checkout.session.completed"], limit: 100 }))
        assert.deepStrictEqual(ids(types), ids(wildcard))
        const one = yield* ok(() => stripe.events.list({ types: ["checkout.session.expired"], limit: 100 }))
        assert.deepStrictEqual(ids(one), ids(expired))

        const both = yield* rejects(() => stripe.events.list({ type: "checkout.session.expired", types: ["checkout.session.completed"] }))
        assert.strictEqual(status(both), 400)
        assert.strictEqual(raw(both).param, "types")
        const unknown = yield* rejects(() => stripe.events.list({ types: ["checkout.session.expired", "nope.nope"] }))
        assert.strictEqual(status(unknown), 400)
        assert.strictEqual(raw(unknown).param, "types[1]")
        const tooMany = yield* rejects(() => stripe.events.list({ types: Array.from({ length: 21 }, () => "checkout.session.expired") }))
        assert.strictEqual(status(tooMany), 400)
        assert.strictEqual(raw(tooMany).param, "types")
      }))
  })
