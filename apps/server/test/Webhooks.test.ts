/**
 * Webhooks end to end in this process, on PGlite and on PostgreSQL: session writes enqueue their
 * deliveries in their own transaction, the worker delivers them to a real receiver on loopback, both
 * signature libraries accept every delivery, failures are retried with backoff and dead-lettered when
 * they never succeed, and a session expired by the clock is delivered exactly once.
 */
import { assert, describe, layer, type Vitest } from "@effect/vitest"
import {
  CheckoutSessions,
  CreateWebhookEndpointParams,
  CurrentApiVersion,
  Customers,
  type Event,
  EventLog,
  Ids,
  type Scope,
  WebhookDeliveries,
  WebhookEndpoints
} from "@till/core"
import { Db } from "@till/postgres"
import { Boss, Queues } from "@till/queue"
import { Effect, Schema } from "effect"
import { sql } from "kysely"
import { hasPostgres } from "@till/postgres/testing"
import { Receiver } from "@till/queue/testing"
import { type Backend, fastSettings, stack, START_TIMEOUT, TestTime } from "./webhooks/Stack.ts"

const newScope = (livemode = false): Scope => ({ account: `acct_${Ids.randomBase62(12)}`, livemode })

const receiver = Effect.acquireRelease(Effect.promise(Receiver.start), (r) => Effect.promise(r.close))

/** An endpoint of `scope` at `receiver.url + path`, whose secret the receiver verifies with. */
const endpointAt = (r: Receiver.Receiver, scope: Scope, path: string, enabled_events: ReadonlyArray<string> = ["*"]) =>
  Effect.gen(function*() {
    const params = Schema.decodeUnknownSync(CreateWebhookEndpointParams)({ url: `${r.url}${path}`, enabled_events })
    const created = yield* (yield* WebhookEndpoints).create(scope, params)
    r.secrets.set(path, created.secret)
    return created.endpoint
  })

/** The events about one session (its own, and its payment intent's), newest first. */
const eventsOf = (scope: Scope, sessionId: string) =>
  EventLog.use((log) => log.list(scope, { limit: 100 })).pipe(
    Effect.map((page) =>
      page.data.filter((e: Event) =>
        e.data.object.object === "checkout.session" ? e.data.object.id === sessionId : e.data.object.checkout_session === sessionId
      )
    )
  )

const until = (what: string, check: Effect.Effect<boolean, unknown, any>, ms = 30_000) =>
  Effect.gen(function*() {
    const started = Date.now()
    while (!(yield* check)) {
      if (Date.now() - started > ms) return yield* Effect.die(new Error(`timed out waiting for ${what}`))
      yield* Effect.sleep("50 millis")
    }
  })

const okDeliveries = (r: Receiver.Receiver, path: string) => r.received.filter((x) => x.path === path && x.status >= 200 && x.status < 300)

const deliveryTests = (it: Vitest.MethodsNonLive<any>) => {
  it.effect("a first send to a fresh queue inside a transaction does not hang, and commits or rolls back with it", () =>
    Effect.gen(function*() {
      const { boss, within } = yield* Boss.Boss
      const { kysely } = yield* Db
      const name = `till.test.fresh.${Ids.randomBase62(8)}`
      yield* Effect.promise(() => boss.createQueue(name))
      const send = (commit: boolean) =>
        Effect.promise(() =>
          kysely.transaction().execute(async (trx) => {
            await sql`select 1`.execute(trx)
            await within(trx, (db) => boss.send(name, { commit }, { db }))
            if (!commit) throw new Error("roll back")
          }).then(() => "committed", (e: Error) => e.message)
        ).pipe(Effect.timeout("10 seconds"))
      assert.strictEqual(yield* send(false), "roll back")
      assert.lengthOf(yield* Effect.promise(() => boss.findJobs(name)), 0)
      assert.strictEqual(yield* send(true), "committed")
      const jobs = yield* Effect.promise(() => boss.findJobs<{ commit: boolean }>(name))
      assert.deepStrictEqual(jobs.map((j) => j.data), [{ commit: true }])
    }), 30_000)

  it.effect("every event goes to each enabled, subscribed endpoint of its account and mode; both libraries verify every delivery", () =>
    Effect.scoped(Effect.gen(function*() {
      const r = yield* receiver
      const scope = newScope()
      yield* endpointAt(r, scope, "/all")
      yield* endpointAt(r, scope, "/completed", ["checkout.session.completed"])
      yield* endpointAt(r, scope, "/expired", ["checkout.session.expired"])
      const disabled = yield* endpointAt(r, scope, "/disabled")
      yield* (yield* WebhookEndpoints).update(scope, disabled.id, { disabled: true })
      yield* endpointAt(r, { ...scope, livemode: true }, "/live")
      yield* endpointAt(r, newScope(), "/other")

      const sessions = yield* CheckoutSessions
      const created = yield* sessions.create(scope, { amount: 1050, currency: "usd" })
      yield* sessions.pay(scope, created.session.id, { payment_method: "pm_card_visa" })
      const events = yield* eventsOf(scope, created.session.id)
      assert.sameMembers(events.map((e) => e.type), ["payment_intent.succeeded", "checkout.session.completed"])

      yield* Effect.promise(() => r.until("3 deliveries", (all) => all.filter((x) => x.status === 200).length >= 3))
      yield* Effect.sleep("1 second")
      assert.sameMembers(r.received.map((x) => `${x.path} ${x.event.type}`), [
        "/all payment_intent.succeeded",
        "/all checkout.session.completed",
        "/completed checkout.session.completed"
      ])
      for (const got of r.received) {
        assert.isTrue(got.stripeVerified, `stripe.webhooks.constructEvent rejected ${got.path} ${got.event.type}`)
        assert.isTrue(got.standardVerified, `standardwebhooks rejected ${got.path} ${got.event.type}`)
        assert.notProperty(got.event, "account")
        assert.strictEqual(got.headers["webhook-id"], got.event.id)
        const stored = events.find((e) => e.id === got.event.id)!
        const { account: _account, pending_webhooks: _pending, ...wire } = stored
        const { pending_webhooks, ...sent } = got.event as unknown as Event
        assert.deepStrictEqual(sent, wire)
        assert.isAtLeast(pending_webhooks, 1)
      }

      // pending_webhooks counts what is still pending; every delivery and its attempt are on record
      const deliveries = yield* WebhookDeliveries
      yield* until("deliveries settled", Effect.map(eventsOf(scope, created.session.id), (es) => es.every((e) => e.pending_webhooks === 0)))
      const completed = events.find((e) => e.type === "checkout.session.completed")!
      const listed = yield* deliveries.listForEvent(scope, completed.id)
      assert.lengthOf(listed, 2)
      for (const d of listed) {
        assert.strictEqual(d.status, "succeeded")
        assert.strictEqual(d.attempts, 1)
        const [attempt] = yield* deliveries.listAttempts(scope, d.id)
        assert.strictEqual(attempt!.status_code, 200)
        assert.isNull(attempt!.error)
        assert.isTrue(attempt!.succeeded)
      }

      // the session has no job of its own: the sweep expires it when it is due
      const { boss } = yield* Boss.Boss
      assert.isNull(yield* Effect.promise(() => boss.getQueue(Queues.RETIRED_EXPIRE_QUEUE)))
    })), 60_000)

  it.effect("a test event reaches its one endpoint, once, signed; a roll with a grace period signs with both secrets, one without with the new only", () =>
    Effect.scoped(Effect.gen(function*() {
      const r = yield* receiver
      const scope = newScope()
      const target = yield* endpointAt(r, scope, "/target", ["product.created"])
      yield* endpointAt(r, scope, "/bystander")
      const deliveries = yield* WebhookDeliveries
      const sent = yield* deliveries.sendTest(scope, target.id, "checkout.session.completed")
      yield* Effect.promise(() => r.until("the test event", (all) => all.some((x) => x.path === "/target" && x.status === 200)))
      yield* Effect.sleep("500 millis")
      assert.deepStrictEqual(r.received.map((x) => `${x.path} ${x.event.type}`), ["/target checkout.session.completed"])
      const [got] = r.received
      assert.isTrue(got!.stripeVerified && got!.standardVerified)
      assert.strictEqual(got!.event.id, sent.event)
      assert.strictEqual(((got!.event as unknown as Event).data.object["metadata"] as Record<string, string>).till_test_event, "true")
      yield* until("the test delivery settled", Effect.map(deliveries.listForEndpoint(scope, target.id), (log) => log.deliveries[0]?.status === "succeeded"))

      // a roll with an hour's grace: the receiver still holding the old secret verifies, and so does one holding the new
      const endpoints = yield* WebhookEndpoints
      const graced = yield* endpoints.rollSecret(scope, target.id, 3600)
      yield* deliveries.resend(scope, sent.id)
      yield* Effect.promise(() => r.until("the resend", (all) => all.length >= 2))
      assert.isTrue(r.received[1]!.stripeVerified && r.received[1]!.standardVerified)
      r.secrets.set("/target", graced.secret)
      yield* deliveries.resend(scope, sent.id)
      yield* Effect.promise(() => r.until("the second resend", (all) => all.length >= 3))
      assert.isTrue(r.received[2]!.stripeVerified && r.received[2]!.standardVerified)

      // a roll with none: the old secret (the graced one's) stops at once; the new one verifies
      const rolled = yield* endpoints.rollSecret(scope, target.id)
      yield* deliveries.resend(scope, sent.id)
      yield* Effect.promise(() => r.until("the third resend", (all) => all.length >= 4))
      assert.isFalse(r.received[3]!.stripeVerified || r.received[3]!.standardVerified)
      r.secrets.set("/target", rolled.secret)
      yield* deliveries.resend(scope, sent.id)
      yield* Effect.promise(() => r.until("the fourth resend", (all) => all.length >= 5))
      assert.isTrue(r.received[4]!.stripeVerified && r.received[4]!.standardVerified)
    })), 60_000)

  it.effect("an endpoint pinned to an API version gets events in it; an unpinned one gets each event's own", () =>
    Effect.scoped(Effect.gen(function*() {
      const r = yield* receiver
      const scope = newScope()
      const params = Schema.decodeUnknownSync(CreateWebhookEndpointParams)({ url: `${r.url}/pinned`, enabled_events: ["*"], api_version: "2026-07-29.dahlia" })
      r.secrets.set("/pinned", (yield* (yield* WebhookEndpoints).create(scope, params)).secret)
      yield* endpointAt(r, scope, "/unpinned")
      const sessions = yield* CheckoutSessions
      const created = yield* sessions.create(scope, { amount: 900, currency: "usd" })
      yield* sessions.expire(scope, created.session.id).pipe(Effect.provideService(CurrentApiVersion, "2026-10-28.endive"))
      yield* Effect.promise(() => r.until("2 deliveries", (all) => all.filter((x) => x.status === 200).length >= 2))
      const got = Object.fromEntries(r.received.map((x) => [x.path, x]))
      assert.strictEqual(got["/pinned"]!.event.api_version, "2026-07-29.dahlia")
      assert.strictEqual(got["/unpinned"]!.event.api_version, "2026-10-28.endive")
      // the stored event keeps the version of the call; both deliveries are signed over what was sent
      assert.strictEqual((yield* eventsOf(scope, created.session.id))[0]!.api_version, "2026-10-28.endive")
      assert.isTrue(got["/pinned"]!.stripeVerified && got["/unpinned"]!.stripeVerified)
    })), 60_000)

  it.effect("customer events reach the endpoints subscribed to them, signed, whether the API or a completing session made the customer", () =>
    Effect.scoped(Effect.gen(function*() {
      const r = yield* receiver
      const scope = newScope()
      yield* endpointAt(r, scope, "/customers", ["customer.created", "customer.updated", "customer.deleted"])
      yield* endpointAt(r, scope, "/sessions", ["checkout.session.completed"])
      const customers = yield* Customers
      const made = yield* customers.create(scope, { email: "ada@example.com" })
      yield* customers.update(scope, made.id, { name: "Ada" })
      yield* customers.delete(scope, made.id)
      const sessions = yield* CheckoutSessions
      const created = yield* sessions.create(scope, { amount: 1050, currency: "usd", customer_creation: "always" })
      yield* sessions.pay(scope, created.session.id, { payment_method: "pm_card_visa" })

      yield* Effect.promise(() => r.until("5 deliveries", (all) => all.filter((x) => x.status === 200).length >= 5))
      yield* Effect.sleep("500 millis")
      const newCustomer = Ids.customerIdForSession(created.session.id)
      const objectOf = (event: { readonly [key: string]: unknown }) => (event["data"] as { readonly object: { readonly id: string; readonly object: string } }).object
      assert.sameMembers(r.received.map((x) => `${x.path} ${x.event.type} ${objectOf(x.event).id}`), [
        `/customers customer.created ${made.id}`,
        `/customers customer.updated ${made.id}`,
        `/customers customer.deleted ${made.id}`,
        `/customers customer.created ${newCustomer}`,
        `/sessions checkout.session.completed ${created.session.id}`
      ])
      for (const got of r.received) {
        assert.isTrue(got.stripeVerified, `stripe.webhooks.constructEvent rejected ${got.path} ${got.event.type}`)
        assert.strictEqual(objectOf(got.event).object, got.event.type.startsWith("customer.") ? "customer" : "checkout.session")
      }
    })), 60_000)

  it.effect("a receiver that fails twice gets the event on the third attempt, after a growing backoff", () =>
    Effect.scoped(Effect.gen(function*() {
      const r = yield* receiver
      const scope = newScope()
      yield* endpointAt(r, scope, "/flaky")
      r.answer = ({ nth }) => (nth < 2 ? 500 : 200)
      const sessions = yield* CheckoutSessions
      const created = yield* sessions.create(scope, { amount: 700, currency: "eur" })
      yield* sessions.expire(scope, created.session.id)
      yield* Effect.promise(() => r.until("the third attempt", (all) => all.length >= 3))
      yield* Effect.sleep("1500 millis")
      assert.deepStrictEqual(r.received.map((x) => x.status), [500, 500, 200])
      assert.isTrue(r.received.every((x) => x.stripeVerified && x.standardVerified))
      assert.strictEqual(new Set(r.received.map((x) => x.event.id)).size, 1)
      // pg-boss waits retryDelay × 2^(n-1) to retryDelay × 2^n seconds after the n-th failure (here 1–2 s, then 2–4 s)
      const [first, second, third] = r.received.map((x) => x.at)
      assert.isAtLeast(second! - first!, 900)
      assert.isAtLeast(third! - second!, 1900)

      const [event] = yield* eventsOf(scope, created.session.id)
      const deliveries = yield* WebhookDeliveries
      const [delivery] = yield* deliveries.listForEvent(scope, event!.id)
      assert.deepStrictEqual([delivery!.status, delivery!.attempts], ["succeeded", 3])
      assert.deepStrictEqual((yield* deliveries.listAttempts(scope, delivery!.id)).map((a) => a.status_code), [500, 500, 200])
      assert.strictEqual(event!.pending_webhooks, 0)
    })), 60_000)

  it.effect("a delivery that never succeeds fails once its retries run out, and its job is dead-lettered", () =>
    Effect.scoped(Effect.gen(function*() {
      const r = yield* receiver
      const scope = newScope(true)
      yield* endpointAt(r, scope, "/down")
      r.answer = () => 503
      const sessions = yield* CheckoutSessions
      const created = yield* sessions.create(scope, { amount: 700, currency: "eur" })
      yield* sessions.expire(scope, created.session.id)
      const [event] = yield* eventsOf(scope, created.session.id)
      const deliveries = yield* WebhookDeliveries
      // retryLimit 3: four attempts, then failed
      yield* until("the delivery to fail", Effect.map(deliveries.listForEvent(scope, event!.id), ([d]) => d?.status === "failed"), 40_000)
      assert.lengthOf(r.received, 4)
      const [delivery] = yield* deliveries.listForEvent(scope, event!.id)
      assert.strictEqual(delivery!.attempts, 4)
      assert.isTrue((yield* deliveries.listAttempts(scope, delivery!.id)).every((a) => a.status_code === 503 && !a.succeeded))
      const [read] = yield* eventsOf(scope, created.session.id)
      assert.strictEqual(read!.pending_webhooks, 0)
      const { boss } = yield* Boss.Boss
      yield* until("the dead letter", Effect.map(
        Effect.promise(() => boss.findJobs(Queues.WEBHOOK_DEAD_LETTER_QUEUE, { data: { delivery: delivery!.id } })),
        (jobs) => jobs.length === 1
      ))
    })), 60_000)

  it.effect("deliveries fetched and sent as one batch settle each on its own: the failed ones alone are retried", () =>
    Effect.scoped(Effect.gen(function*() {
      const r = yield* receiver
      const scope = newScope()
      yield* endpointAt(r, scope, "/steady", ["checkout.session.expired"])
      yield* endpointAt(r, scope, "/flaky", ["checkout.session.expired"])
      r.answer = ({ path, nth }) => (path === "/flaky" && nth === 0 ? 500 : 200)
      const sessions = yield* CheckoutSessions
      const created = yield* Effect.forEach(Array.from({ length: 6 }), () => sessions.create(scope, { amount: 990, currency: "usd" }))
      // expired together: their twelve jobs are due at once, so the worker takes them in batches
      yield* Effect.forEach(created, (c) => sessions.expire(scope, c.session.id), { concurrency: "unbounded" })
      yield* Effect.promise(() => r.until("every event at both endpoints", (all) => all.filter((x) => x.status === 200).length >= 12))
      yield* Effect.sleep("1 second")
      assert.strictEqual(okDeliveries(r, "/steady").length, 6)
      assert.strictEqual(okDeliveries(r, "/flaky").length, 6)
      assert.strictEqual(r.received.filter((x) => x.path === "/steady").length, 6, "a delivery that succeeded was sent again")
      assert.strictEqual(r.received.filter((x) => x.path === "/flaky").length, 12)
      const deliveries = yield* WebhookDeliveries
      for (const c of created) {
        const [event] = yield* eventsOf(scope, c.session.id)
        const listed = yield* deliveries.listForEvent(scope, event!.id)
        assert.lengthOf(listed, 2)
        for (const d of listed) {
          assert.strictEqual(d.status, "succeeded")
          const attempts = (yield* deliveries.listAttempts(scope, d.id)).map((a) => a.status_code)
          assert.strictEqual(d.attempts, attempts.length)
          assert.includeMembers([[200], [500, 200]].map(String), [String(attempts)])
        }
        assert.sameMembers(
          yield* Effect.forEach(listed, (d) => Effect.map(deliveries.listAttempts(scope, d.id), (a) => a.length)),
          [1, 2]
        )
      }
    })), 60_000)

  // last in this block: it moves the app's clock forward for the rest of it
  it.effect("once the clock passes expires_at, one sweep expires the session and its event is delivered once", () =>
    Effect.scoped(Effect.gen(function*() {
      const r = yield* receiver
      const scope = newScope()
      yield* endpointAt(r, scope, "/expired", ["checkout.session.expired"])
      const sessions = yield* CheckoutSessions
      const created = yield* sessions.create(scope, { amount: 990, currency: "usd", expires_at: Math.floor(Date.now() / 1000) + 1800 + 5 })
      const id = created.session.id
      assert.strictEqual(yield* sessions.sweepExpired(), 0)
      ;(yield* TestTime).advance(1800 + 10)
      assert.strictEqual(yield* sessions.sweepExpired(), 1)
      assert.strictEqual(yield* sessions.sweepExpired(), 0)
      yield* Effect.promise(() => r.until("the expiry", (all) => all.length >= 1))
      yield* Effect.sleep("1 second")
      assert.lengthOf(r.received, 1)
      assert.strictEqual(r.received[0]!.event.type, "checkout.session.expired")
      assert.isTrue(r.received[0]!.stripeVerified && r.received[0]!.standardVerified)
      assert.deepStrictEqual((yield* eventsOf(scope, id)).map((e) => e.type), ["checkout.session.expired"])
    })), 60_000)
}

const clockTests = (it: Vitest.MethodsNonLive<any>) => {
  it.effect("sessions expired by the clock give exactly one checkout.session.expired each, delivered once per endpoint, while jobs, sweeps and calls race", () =>
    Effect.scoped(Effect.gen(function*() {
      const r = yield* receiver
      const scope = newScope()
      yield* endpointAt(r, scope, "/a", ["checkout.session.expired"])
      yield* endpointAt(r, scope, "/b")
      const sessions = yield* CheckoutSessions
      const now = Math.floor(Date.now() / 1000)
      const created = yield* Effect.forEach(Array.from({ length: 8 }), () => sessions.create(scope, { amount: 990, currency: "usd", expires_at: now + 1800 + 5 }))
      const ids = created.map((s) => s.session.id)

      // the app's clock passes expires_at: the stack's sweep finds them due
      ;(yield* TestTime).advance(1800 + 10)
      // and more sweeps, in small batches, and the merchant's own expire calls pile on
      yield* Effect.all([
        ...Array.from({ length: 3 }, () => Effect.ignore(sessions.sweepExpired(2))),
        ...ids.map((id) => Effect.ignore(sessions.expire(scope, id)))
      ], { concurrency: "unbounded" })

      yield* Effect.promise(() => r.until("16 deliveries", (all) => all.length >= 16))
      yield* Effect.sleep("2 seconds")
      for (const id of ids) {
        const events = yield* eventsOf(scope, id)
        assert.deepStrictEqual(events.map((e) => e.type), ["checkout.session.expired"], id)
        assert.strictEqual((yield* sessions.retrieve(scope, id)).session.status, "expired")
      }
      assert.lengthOf(r.received, 16)
      for (const path of ["/a", "/b"]) {
        const got = okDeliveries(r, path)
        assert.strictEqual(new Set(got.map((x) => x.event.id)).size, 8, path)
        assert.isTrue(got.every((x) => x.event.type === "checkout.session.expired" && x.stripeVerified && x.standardVerified))
      }
    })), 60_000)
}

const suites = (backend: Backend) => {
  layer(stack(backend), { excludeTestServices: true, timeout: START_TIMEOUT })("deliveries", deliveryTests)
  layer(stack(backend, { workers: 3, sweep: "300 millis", settings: fastSettings({ concurrency: 2 }) }), {
    excludeTestServices: true,
    timeout: START_TIMEOUT
  })("expiry", clockTests)
}

describe("PGlite", () => suites("pglite"))

describe.runIf(hasPostgres)("PostgreSQL", () => {
  suites("postgres")

  // pg-boss has its own pool on PostgreSQL. A session write must not need a connection of it while
  // its transaction holds one of the app's: once that pool is busy (three processes' maintenance on
  // a loaded machine), the write waits and then fails, and a create answers 500.
  layer(stack("postgres", { workers: 0, bossPoolSize: 1 }), { excludeTestServices: true, timeout: START_TIMEOUT })("pg-boss's pool", (it) => {
    it.effect("right after start, session writes enqueue their jobs in their own transaction while pg-boss's only connection is busy", () =>
      Effect.scoped(Effect.gen(function*() {
        const { boss } = yield* Boss.Boss
        const { kysely } = yield* Db
        const sleeper = sql<{ pid: number }>`select pid from pg_stat_activity
          where application_name = 'till-queue' and state = 'active' and query like 'select pg_sleep(600)%'`
        // longer than pg-boss lets a caller wait for a connection (connectionTimeoutMillis, 10 s), so a
        // write that needs one fails however slow the machine is; cancelled once the writes are done
        const held = boss.getDb().executeSql("select pg_sleep(600) -- hold pg-boss's connection").then(() => "finished", () => "cancelled")
        yield* Effect.addFinalizer(() =>
          Effect.promise(async () => {
            for (const { pid } of (await sleeper.execute(kysely)).rows) await sql`select pg_cancel_backend(${pid})`.execute(kysely)
            await held
          })
        )
        yield* until("pg-boss's connection to be busy", Effect.promise(() => sleeper.execute(kysely)).pipe(Effect.map((r) => r.rows.length === 1)), 60_000)

        const r = yield* receiver
        const scope = newScope()
        yield* endpointAt(r, scope, "/all")
        const sessions = yield* CheckoutSessions
        const created = yield* sessions.create(scope, { amount: 1050, currency: "usd" })
        yield* sessions.pay(scope, created.session.id, { payment_method: "pm_card_visa" })

        const jobs = yield* Effect.promise(() =>
          sql<{ name: string; n: string }>`select name, count(*) as n from pgboss.job group by name`.execute(kysely)
        )
        const count = (name: string) => Number(jobs.rows.find((j) => j.name === name)?.n ?? 0)
        assert.strictEqual(count(Queues.RETIRED_EXPIRE_QUEUE), 0, "no expiry job: the sweep expires sessions")
        assert.strictEqual(count(Queues.webhookQueue(false)), 2, "a delivery job per event")
        assert.strictEqual(yield* Effect.promise(() => Promise.race([held, Promise.resolve("running")])), "running")
      })), 120_000)
  })
})
