/**
 * Deliveries: the fan-out in the session write's transaction (one pending delivery per subscribed,
 * enabled endpoint of the event's account and mode), attempts, and `pending_webhooks` on event reads.
 */
import { assert, describe, layer, type Vitest } from "@effect/vitest"
import {
  type Event,
  EventRepository,
  Ids,
  type Scope,
  SessionRepository,
  type StoredWebhookEndpoint,
  WebhookDeliveryRepository,
  WebhookEndpointRepository
} from "@till/core"
import { Cause, Effect, Exit, Layer, Option } from "effect"
import type { Transaction } from "kysely"
import type { Database } from "../src/Database.ts"
import type { Db } from "../src/Db.ts"
import * as Repositories from "../src/Repositories.ts"
import { SessionEventSink } from "../src/SessionEventSink.ts"
import { DeliveryResendSink, type Resent } from "../src/DeliveryResendSink.ts"
import { fanOut, type PendingDelivery } from "../src/WebhookDeliveryRepositoryPg.ts"
import { hasPostgres, pgliteDb, postgresDb } from "../src/testing/Databases.ts"
import { newScope, newSession, startPayment, step, succeedPayment } from "./support/Fixtures.ts"

const T = 1_830_000_000

const fannedOut: Array<PendingDelivery> = []
let failAfterFanOut = false

const fanOutSink = async (trx: Transaction<Database>, events: ReadonlyArray<Event>) => {
  fannedOut.push(...await fanOut(trx, events))
  if (failAfterFanOut) {
    failAfterFanOut = false
    throw new Error("the sink failed after the fan-out")
  }
}

const endpoint = (scope: Scope, enabled_events: ReadonlyArray<string>, status: "enabled" | "disabled" = "enabled"): StoredWebhookEndpoint => ({
  account: scope.account,
  version: 1,
  secret: `whsec_${Ids.randomBase62(32)}`,
  endpoint: {
    id: `we_${Ids.randomBase62()}`,
    url: "https://shop.example/hooks",
    enabled_events,
    status,
    description: null,
    metadata: {},
    api_version: "2026-11-01.till",
    livemode: scope.livemode,
    created: T
  }
})

const attempt = (id: string, delivery: string, status_code: number | null, error: string | null = null) => ({
  id,
  object: "webhook_delivery_attempt" as const,
  delivery,
  created: T + 5,
  status_code,
  latency_ms: 31,
  error,
  succeeded: status_code !== null && status_code >= 200 && status_code < 300
})

const tests = (it: Vitest.MethodsNonLive<Repositories.Ports | Db>) => {
  it.effect("fans each event out to the enabled, subscribed endpoints of its account and mode; pending_webhooks counts what is pending", () =>
    Effect.gen(function*() {
      const sessions = yield* SessionRepository
      const events = yield* EventRepository
      const endpoints = yield* WebhookEndpointRepository
      const deliveries = yield* WebhookDeliveryRepository
      const scope = newScope()
      const all = endpoint(scope, ["*"])
      const completedOnly = endpoint(scope, ["checkout.session.completed"])
      const expiredOnly = endpoint(scope, ["checkout.session.expired"])
      const disabled = endpoint(scope, ["*"], "disabled")
      const otherMode = endpoint({ ...scope, livemode: true }, ["*"])
      const otherAccount = endpoint(newScope(), ["*"])
      for (const e of [all, completedOnly, expiredOnly, disabled, otherMode, otherAccount]) yield* endpoints.insert(e)

      fannedOut.length = 0
      const created = newSession(scope, T)
      yield* sessions.insert(created, [])
      assert.lengthOf(fannedOut, 0)
      const started = startPayment(created, T + 1)
      yield* sessions.update(started.state, started.events)
      const paid = succeedPayment(started.state, T + 2)
      yield* sessions.update(paid.state, paid.events)

      const byType = Object.fromEntries(paid.events.map((e) => [e.type, e.id]))
      const completed = byType["checkout.session.completed"]!
      const succeeded = byType["payment_intent.succeeded"]!
      const pairs = fannedOut.map((d) => [d.event, d.webhook_endpoint].join(" ")).sort()
      assert.deepStrictEqual(pairs, [
        `${completed} ${all.endpoint.id}`,
        `${completed} ${completedOnly.endpoint.id}`,
        `${succeeded} ${all.endpoint.id}`
      ].sort())
      assert.isTrue(fannedOut.every((d) => d.id.startsWith("whdel_") && d.livemode === false))

      const read = (id: string) => Effect.map(events.findById(id), (e) => Option.getOrThrow(e).pending_webhooks)
      assert.strictEqual(yield* read(completed), 2)
      assert.strictEqual(yield* read(succeeded), 1)

      const toAll = fannedOut.find((d) => d.event === completed && d.webhook_endpoint === all.endpoint.id)!
      const toCompleted = fannedOut.find((d) => d.event === completed && d.webhook_endpoint === completedOnly.endpoint.id)!
      assert.isTrue(yield* deliveries.recordAttempt(attempt(`whatt_${Ids.randomBase62()}`, toAll.id, null, "connection refused"), "pending"))
      assert.strictEqual(yield* read(completed), 2)
      const ok = attempt(`whatt_${Ids.randomBase62()}`, toAll.id, 204)
      assert.isTrue(yield* deliveries.recordAttempt(ok, "succeeded"))
      assert.strictEqual(yield* read(completed), 1)
      // a settled delivery takes no further attempt
      assert.isFalse(yield* deliveries.recordAttempt(attempt(`whatt_${Ids.randomBase62()}`, toAll.id, 200), "succeeded"))
      assert.isFalse(yield* deliveries.markFailed(toAll.id))
      assert.isTrue(yield* deliveries.markFailed(toCompleted.id))
      assert.strictEqual(yield* read(completed), 0)
      const listed = yield* events.list(scope, {}, { limit: 10 })
      assert.deepStrictEqual(listed.data.map((e) => [e.id, e.pending_webhooks]).sort(), [[completed, 0], [succeeded, 1]].sort())

      const stored = Option.getOrThrow(yield* deliveries.findById(toAll.id))
      assert.strictEqual(stored.account, scope.account)
      assert.deepStrictEqual(stored.delivery, {
        id: toAll.id,
        object: "webhook_delivery",
        event: completed,
        webhook_endpoint: all.endpoint.id,
        status: "succeeded",
        attempts: 2,
        created: T + 2,
        livemode: false
      })
      assert.deepStrictEqual((yield* deliveries.listByEvent(completed)).map((d) => [d.webhook_endpoint, d.status]).sort(), [
        [all.endpoint.id, "succeeded"],
        [completedOnly.endpoint.id, "failed"]
      ].sort())
      const attempts = yield* deliveries.listAttempts(toAll.id)
      assert.deepStrictEqual(attempts.map((a) => [a.status_code, a.error, a.succeeded]), [[null, "connection refused", false], [204, null, true]])
      assert.deepStrictEqual(attempts[1], ok)
      assert.isTrue(Option.isNone(yield* deliveries.findById("whdel_missing")))
    }))

  it.effect("a batch: deliveries, endpoints and events read by ids; attempts recorded in one write, only for pending deliveries", () =>
    Effect.gen(function*() {
      const sessions = yield* SessionRepository
      const events = yield* EventRepository
      const endpoints = yield* WebhookEndpointRepository
      const deliveries = yield* WebhookDeliveryRepository
      const scope = newScope()
      const a = endpoint(scope, ["*"])
      const b = endpoint(scope, ["checkout.session.expired"])
      for (const e of [a, b]) yield* endpoints.insert(e)
      fannedOut.length = 0
      const created = newSession(scope, T)
      yield* sessions.insert(created, [])
      const expired = step(created, { _tag: "Expire" }, T + 1)
      yield* sessions.update(expired.state, expired.events)
      const eventId = expired.events[0]!.id
      const toA = fannedOut.find((d) => d.webhook_endpoint === a.endpoint.id)!
      const toB = fannedOut.find((d) => d.webhook_endpoint === b.endpoint.id)!

      assert.sameMembers((yield* deliveries.findByIds([toA.id, toB.id, "whdel_missing"])).map((d) => d.delivery.id), [toA.id, toB.id])
      assert.deepStrictEqual(yield* deliveries.findByIds([]), [])
      assert.sameMembers((yield* endpoints.findByIds([a.endpoint.id, b.endpoint.id, "we_missing"])).map((e) => e.endpoint.id), [a.endpoint.id, b.endpoint.id])
      const [event] = yield* events.findByIds([eventId, "evt_missing"])
      assert.deepStrictEqual(event, Option.getOrThrow(yield* events.findById(eventId)))
      assert.strictEqual(event!.pending_webhooks, 2)

      // toB is settled already: its record in the batch is left out, toA's is written
      assert.isTrue(yield* deliveries.markFailed(toB.id))
      const okA = attempt(`whatt_${Ids.randomBase62()}`, toA.id, 200)
      const recorded = yield* deliveries.recordAttempts([
        { attempt: okA, status: "succeeded" },
        { attempt: attempt(`whatt_${Ids.randomBase62()}`, toB.id, null, "connection refused"), status: "pending" }
      ])
      assert.deepStrictEqual([...recorded], [toA.id])
      assert.deepStrictEqual((yield* deliveries.listAttempts(toA.id)), [okA])
      assert.lengthOf(yield* deliveries.listAttempts(toB.id), 0)
      assert.deepStrictEqual((yield* deliveries.findByIds([toA.id, toB.id])).map((d) => [d.delivery.id, d.delivery.status, d.delivery.attempts]).sort(), [
        [toA.id, "succeeded", 1],
        [toB.id, "failed", 0]
      ].sort())
      assert.strictEqual((yield* deliveries.recordAttempts([])).size, 0)
    }))

  it.effect("a batch of the expiry sweep fans out every session's event, across accounts and modes, in one call", () =>
    Effect.gen(function*() {
      const sessions = yield* SessionRepository
      const endpoints = yield* WebhookEndpointRepository
      const deliveries = yield* WebhookDeliveryRepository
      const scopes = [newScope(), newScope(), newScope(true)]
      const [first, second, live] = scopes as [Scope, Scope, Scope]
      const a1 = endpoint(first, ["checkout.session.expired"])
      const a2 = endpoint(first, ["*"])
      const b1 = endpoint(second, ["checkout.session.completed"])
      const c1 = endpoint(live, ["*"])
      const notLive = endpoint({ ...live, livemode: false }, ["*"])
      for (const e of [a1, a2, b1, c1, notLive]) yield* endpoints.insert(e)
      // due long before every other test's session, so the sweep takes these alone
      const due = scopes.flatMap((scope) => [0, 1].map((i) => newSession(scope, 100_000 + i, { expires_at: 100_000 + 1800 + i })))
      for (const s of due) yield* sessions.insert(s, [])

      fannedOut.length = 0
      const stored = yield* sessions.expireDue(200_000, 10, (claimed) =>
        Effect.succeed(claimed.map((s) => step(s, { _tag: "ExpireByClock" }, 200_000))))
      assert.strictEqual(stored, 6)
      const targets = new Map([[first.account, [a1, a2]], [second.account, []], [live.account, [c1]]])
      for (const s of due) {
        const [event] = (yield* EventRepository.use((r) => r.list({ account: s.account, livemode: s.session.livemode }, {}, { limit: 10 }))).data
          .filter((e) => e.data.object["id"] === s.session.id)
        const listed = yield* deliveries.listByEvent(event!.id)
        assert.sameMembers(listed.map((d) => d.webhook_endpoint), targets.get(s.account)!.map((e) => e.endpoint.id), s.session.id)
        assert.isTrue(listed.every((d) => d.status === "pending" && d.livemode === s.session.livemode && d.created === 200_000))
      }
      assert.lengthOf(fannedOut, 2 * 2 + 2 * 1)
    }))

  it.effect("a write rolled back after the fan-out leaves no delivery behind", () =>
    Effect.gen(function*() {
      const sessions = yield* SessionRepository
      const endpoints = yield* WebhookEndpointRepository
      const deliveries = yield* WebhookDeliveryRepository
      const scope = newScope()
      yield* endpoints.insert(endpoint(scope, ["*"]))
      const created = newSession(scope, T)
      yield* sessions.insert(created, [])
      const expired = step(created, { _tag: "Expire" }, T + 1)
      fannedOut.length = 0
      failAfterFanOut = true
      const exit = yield* Effect.exit(sessions.update(expired.state, expired.events))
      assert.isTrue(Exit.isFailure(exit) && Cause.hasDies(exit.cause))
      assert.lengthOf(fannedOut, 1)
      assert.isTrue(Option.isNone(yield* deliveries.findById(fannedOut[0]!.id)))
      assert.lengthOf(yield* deliveries.listByEvent(expired.events[0]!.id), 0)
    }))
}

const resent: Array<Resent> = []

const reopenTests = (it: Vitest.MethodsNonLive<Repositories.Ports | Db>) => {
  it.effect("reopens deliveries for a resend in one transaction with their jobs; lists an endpoint's deliveries and its failed ones since a time", () =>
    Effect.gen(function*() {
      const sessions = yield* SessionRepository
      const endpoints = yield* WebhookEndpointRepository
      const deliveries = yield* WebhookDeliveryRepository
      const scope = newScope()
      const all = endpoint(scope, ["*"])
      yield* endpoints.insert(all)
      fannedOut.length = 0
      const created = newSession(scope, T)
      yield* sessions.insert(created, [])
      const started = startPayment(created, T + 1)
      yield* sessions.update(started.state, started.events)
      const paid = succeedPayment(started.state, T + 2)
      yield* sessions.update(paid.state, paid.events)
      const [first, second] = fannedOut
      assert.isDefined(second)
      assert.isTrue(yield* deliveries.recordAttempt(attempt(`whatt_${Ids.randomBase62()}`, first!.id, null, "connection refused"), "failed"))

      const log = yield* deliveries.listByEndpoint(all.endpoint.id, 10)
      assert.sameMembers(log.map((d) => d.id), [first!.id, second!.id])
      assert.deepStrictEqual((yield* deliveries.listByEndpoint(all.endpoint.id, 10, T)).map((d) => d.id), [first!.id])
      assert.lengthOf(yield* deliveries.listByEndpoint(all.endpoint.id, 10, T + 3), 0)

      resent.length = 0
      const before = yield* deliveries.reopen([first!.id, second!.id, first!.id, "whdel_missing"])
      assert.sameDeepMembers(before.map((d) => [d.id, d.status]), [[first!.id, "failed"], [second!.id, "pending"]])
      // the settled one's attempt settles it; the pending one keeps its own retries
      assert.sameDeepMembers(resent.map((r) => [r.id, r.final, r.livemode]), [[first!.id, true, false], [second!.id, false, false]])
      assert.strictEqual(Option.getOrThrow(yield* deliveries.findById(first!.id)).delivery.status, "pending")
      assert.isTrue(yield* deliveries.recordAttempt(attempt(`whatt_${Ids.randomBase62()}`, first!.id, 200), "succeeded"))
      assert.deepStrictEqual((yield* deliveries.listAttempts(first!.id)).map((a) => a.succeeded), [false, true])

      // a hook that fails rolls the reopening back
      failResend = true
      const exit = yield* Effect.exit(deliveries.reopen([first!.id]))
      assert.isTrue(Exit.isFailure(exit))
      assert.strictEqual(Option.getOrThrow(yield* deliveries.findById(first!.id)).delivery.status, "succeeded")
    }))

  it.effect("a test event: stored, with one delivery to its one endpoint (no fan-out) and one final attempt enqueued; the log pages by keyset", () =>
    Effect.gen(function*() {
      const endpoints = yield* WebhookEndpointRepository
      const deliveries = yield* WebhookDeliveryRepository
      const events = yield* EventRepository
      const scope = newScope()
      const target = endpoint(scope, ["product.created"])
      const bystander = endpoint(scope, ["*"])
      yield* endpoints.insert(target)
      yield* endpoints.insert(bystander)
      fannedOut.length = 0
      resent.length = 0
      const sent: Array<string> = []
      for (let i = 0; i < 5; i++) {
        const event: Event = {
          id: `evt_test${i}_${Ids.randomBase62(8)}`, object: "event", account: scope.account, api_version: "2026-11-01.till", created: T + (i < 3 ? 0 : i),
          type: "checkout.session.completed", livemode: false, data: { object: { id: "cs_test_till_test_x", object: "checkout.session" } },
          request: { id: null, idempotency_key: null }, pending_webhooks: 0
        }
        const id = `whdel_${i}${Ids.randomBase62(8)}`
        yield* deliveries.sendTest(event, {
          account: scope.account,
          delivery: { id, object: "webhook_delivery", event: event.id, webhook_endpoint: target.endpoint.id, status: "pending", attempts: 0, created: event.created, livemode: false }
        })
        sent.push(id)
        assert.strictEqual(Option.getOrThrow(yield* events.findById(event.id)).type, "checkout.session.completed")
      }
      assert.lengthOf(fannedOut, 0)
      assert.deepStrictEqual(resent.map((r) => [r.id, r.final]), sent.map((id) => [id, true]))
      assert.lengthOf(yield* deliveries.listByEndpoint(bystander.endpoint.id, 10), 0)
      const log = (yield* deliveries.listByEndpoint(target.endpoint.id, 10)).map((d) => d.id)
      assert.lengthOf(log, 5)
      // pages of two, newest first by (created, id): the three made in one second are ordered by id
      const pages: Array<string> = []
      let cursor: { created: number; id: string } | undefined = undefined
      for (;;) {
        const page: ReadonlyArray<{ id: string; created: number }> = yield* deliveries.listByEndpoint(target.endpoint.id, 2, undefined, cursor)
        if (page.length === 0) break
        pages.push(...page.map((d) => d.id))
        const last = page[page.length - 1]!
        cursor = { created: last.created, id: last.id }
      }
      assert.deepStrictEqual(pages, log)
    }))
}

let failResend = false
const resendHook = async (_trx: Transaction<Database>, items: ReadonlyArray<Resent>) => {
  if (failResend) {
    failResend = false
    throw new Error("the queue refused the job")
  }
  resent.push(...items)
}

const stores = (db: Layer.Layer<Db>) =>
  Repositories.layer.pipe(Layer.provide(Layer.succeed(SessionEventSink, SessionEventSink.of({ written: fanOutSink }))), Layer.provideMerge(db))

layer(stores(pgliteDb), { timeout: "2 minutes" })("PGlite", tests)
layer(stores(pgliteDb).pipe(Layer.provide(Layer.succeed(DeliveryResendSink, resendHook))), { timeout: "2 minutes" })("PGlite resend", reopenTests)

describe.runIf(hasPostgres)("PostgreSQL", () => {
  layer(stores(postgresDb()), { timeout: "2 minutes" })("deliveries", tests)
  layer(stores(postgresDb()).pipe(Layer.provide(Layer.succeed(DeliveryResendSink, resendHook))), { timeout: "2 minutes" })("resend", reopenTests)
})
