/**
 * Overload and outages as a client sees them (SPEC section 5): a store that cannot be reached is a
 * 503 `api_error` with `Retry-After`, never a 500; too many requests for an account, or for a session
 * through its client secret (a stricter limit), are a 429 `rate_limit_error` that the official client
 * retries by itself.
 */
import { assert, describe, it, layer } from "@effect/vitest"
import { IdempotencyStore, StoreUnavailable } from "@till/core"
import { Deferred, Effect, Fiber, Layer } from "effect"
import Stripe from "stripe"
import * as Admission from "../src/Admission.ts"
import * as RateLimit from "../src/RateLimit.ts"
import { SuiteServer } from "../src/testing/stripe/SuiteServer.ts"
import { bearer, CREATE_FORM, FORM, type Reply, send } from "../src/testing/Fetch.ts"
import { inMemoryWith } from "../src/testing/TestServer.ts"

const live = { excludeTestServices: true, timeout: "30 seconds" } as const

const create = (url: string, key: string, headers: Record<string, string> = {}) =>
  send(`${url}/v1/checkout/sessions`, { method: "POST", headers: { ...bearer(key), ...FORM, ...headers }, body: CREATE_FORM })

// A customer's create claims its key through the store (a session's create claims it in its own write),
// so a failing or slow store is met by this request.
const createCustomer = (url: string, key: string, headers: Record<string, string> = {}) =>
  send(`${url}/v1/customers`, { method: "POST", headers: { ...bearer(key), ...FORM, ...headers }, body: "name=Ada" })

const retrieve = (url: string, id: string, credential: string) => send(`${url}/v1/checkout/sessions/${id}`, { headers: bearer(credential) })

const assertRateLimited = (reply: Reply) => {
  assert.strictEqual(reply.status, 429, reply.text)
  assert.strictEqual(reply.json.error.type, "rate_limit_error")
  assert.strictEqual(reply.json.error.code, "rate_limit")
  assert.isAtLeast(Number(reply.headers.get("retry-after")), 1)
  assert.strictEqual(reply.headers.get("stripe-should-retry"), "true")
  assert.match(reply.headers.get("request-id") ?? "", /^req_/)
}

describe("a store that cannot be reached", () => {
  const unavailable = Layer.succeed(IdempotencyStore, IdempotencyStore.of({
    begin: () => Effect.die(new StoreUnavailable({ message: "The database is unavailable: connect ECONNREFUSED 10.1.2.3:5432" })),
    complete: () => Effect.void,
    release: () => Effect.die(new StoreUnavailable({ message: "The database is unavailable: connect ECONNREFUSED 10.1.2.3:5432" })),
    purgeExpired: () => Effect.succeed(0)
  }))

  layer(inMemoryWith(unavailable), live)("answers", (it) => {
    it.effect("503 api_error with Retry-After and the request id, naming nothing internal; the rest keeps working", () =>
      Effect.gen(function*() {
        const { keys, url } = yield* SuiteServer
        const reply = yield* createCustomer(url, keys.test, { "idempotency-key": "k1" })
        assert.strictEqual(reply.status, 503, reply.text)
        assert.strictEqual(reply.json.error.type, "api_error")
        assert.strictEqual(reply.headers.get("retry-after"), "1")
        assert.match(reply.headers.get("request-id") ?? "", /^req_/)
        assert.notInclude(reply.text, "10.1.2.3")
        assert.notInclude(reply.text, "ECONNREFUSED")
        // without a key nothing touches the failing store
        assert.strictEqual((yield* create(url, keys.test)).status, 200)
      }))
  })
})

describe("rate limits", () => {
  const limiter = RateLimit.make({ account: { perSecond: 0.001, burst: 5 }, client: { perSecond: 0.001, burst: 2 } })

  layer(inMemoryWith(Layer.succeed(RateLimit.RateLimiter, limiter)), live)("with small limits", (it) => {
    it.effect("an account (per mode) gets 429 rate_limit_error past its limit; other accounts and the other mode do not", () =>
      Effect.gen(function*() {
        const { keys, url } = yield* SuiteServer
        const list = (key: string) => send(`${url}/v1/checkout/sessions`, { headers: bearer(key) })
        for (let i = 0; i < 5; i++) assert.strictEqual((yield* list(keys.test)).status, 200)
        assertRateLimited(yield* list(keys.test))
        assertRateLimited(yield* create(url, keys.test))
        assert.strictEqual((yield* list(keys.live)).status, 200)
        assert.strictEqual((yield* list(keys.otherTest)).status, 200)
      }))

    it.effect("a client secret has a stricter limit of its own, per session, apart from the account's", () =>
      Effect.gen(function*() {
        const { keys, url } = yield* SuiteServer
        const a = (yield* create(url, keys.otherTest)).json
        const b = (yield* create(url, keys.otherTest)).json
        assert.strictEqual((yield* retrieve(url, a.id, a.client_secret)).status, 200)
        assert.strictEqual((yield* retrieve(url, a.id, a.client_secret)).status, 200)
        assertRateLimited(yield* retrieve(url, a.id, a.client_secret))
        assertRateLimited(yield* send(`${url}/v1/checkout/sessions/${a.id}/line_items`, { headers: bearer(a.client_secret) }))
        // another session's customer, and the merchant's own key, are not held back
        assert.strictEqual((yield* retrieve(url, b.id, b.client_secret)).status, 200)
        assert.strictEqual((yield* retrieve(url, a.id, keys.otherTest)).status, 200)
      }))
  })

  describe("the defaults", () => {
    it.effect("are stricter for a client secret than for an account", () =>
      Effect.sync(() => {
        assert.isBelow(RateLimit.DEFAULTS.client.perSecond, RateLimit.DEFAULTS.account.perSecond)
        assert.isBelow(RateLimit.DEFAULTS.client.burst, RateLimit.DEFAULTS.account.burst)
      }))
  })

  // the limiter's clock moves only when it refuses a request: a retry then finds a token
  let now = 0
  let refused = 0
  const inner = RateLimit.make({ account: { perSecond: 1, burst: 1 }, client: { perSecond: 1, burst: 1 } }, () => now)
  const clocked: RateLimit.RateLimiter = {
    admit: (...args) =>
      inner.admit(...args).pipe(Effect.tapError(() =>
        Effect.sync(() => {
          refused++
          now += 1_000
        })
      ))
  }

  layer(inMemoryWith(Layer.succeed(RateLimit.RateLimiter, clocked)), live)("and the official client", (it) => {
    it.effect("stripe-node sees a StripeRateLimitError, and with retries on it retries a 429 by itself", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const client = (maxNetworkRetries: number) =>
          new Stripe(server.keys.test, { host: server.host, port: server.port, protocol: "http", maxNetworkRetries })
        yield* Effect.promise(() => client(0).checkout.sessions.list())
        const error = yield* Effect.promise(() => client(0).checkout.sessions.list().then(() => undefined, (e: unknown) => e))
        assert.strictEqual((error as { type?: string } | undefined)?.type, "StripeRateLimitError")
        assert.strictEqual(refused, 1)
        yield* Effect.promise(() => client(0).checkout.sessions.list())
        const retried = yield* Effect.promise(() => client(2).checkout.sessions.list())
        assert.strictEqual(retried.object, "list")
        assert.strictEqual(refused, 2)
      }))
  })
})

describe("a process past its in-flight limit", () => {
  // two requests hold the process (their idempotency claim waits on the gate), so a third is one too many
  const gate = Effect.runSync(Deferred.make<void>())
  let entered = 0
  const holding = Layer.succeed(IdempotencyStore, IdempotencyStore.of({
    begin: () => Effect.sync(() => void entered++).pipe(Effect.andThen(Deferred.await(gate)), Effect.as({ _tag: "Started" as const })),
    complete: () => Effect.void,
    release: () => Effect.void,
    purgeExpired: () => Effect.succeed(0)
  }))

  layer(inMemoryWith(Layer.mergeAll(holding, Layer.succeed(Admission.MaxInFlight, 2))), live)("answers", (it) => {
    it.effect("503 api_error with Retry-After at once, before doing any work; /healthz still answers; then requests are admitted again", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const held = yield* Effect.forkChild(
          Effect.all([1, 2].map((i) => createCustomer(server.url, server.keys.test, { "idempotency-key": `held-${i}` })), { concurrency: 2 })
        )
        for (let i = 0; i < 400 && entered < 2; i++) yield* Effect.sleep("50 millis")
        assert.strictEqual(entered, 2)

        const refused = yield* send(`${server.url}/v1/checkout/sessions`, { headers: bearer(server.keys.test) })
        assert.strictEqual(refused.status, 503, refused.text)
        assert.strictEqual(refused.json.error.type, "api_error")
        assert.isAtLeast(Number(refused.headers.get("retry-after")), 1)
        assert.match(refused.headers.get("request-id") ?? "", /^req_/)
        assert.strictEqual((yield* send(`${server.url}/healthz`)).status, 200)

        yield* Deferred.succeed(gate, undefined)
        const replies = yield* Fiber.join(held)
        assert.deepStrictEqual(replies.map((r) => r.status), [200, 200])
        assert.strictEqual((yield* send(`${server.url}/v1/checkout/sessions`, { headers: bearer(server.keys.test) })).status, 200)
      }))
  })
})
