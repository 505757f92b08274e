/**
 * List order through the use cases: whatever is created in one second lists strictly newest first, and a
 * keyset walk stays exact while other creates land, on every backend.
 */
import { assert, type Vitest } from "@effect/vitest"
import {
  type CustomerRepository,
  CheckoutSessions,
  type Event,
  EventLog,
  type EventRepository,
  IdGenerator,
  type ListPageParams,
  type Page,
  PaymentLinks,
  type PaymentLinkRepository,
  type SessionRepository,
  type TestProcessorLedger,
  WebhookEndpoints,
  type WebhookEndpointRepository,
  type CatalogRepository,
  type TaxRateRepository,
  type PromotionRepository,
  type ShippingRateRepository
} from "@till/core"
import { PlainSnapshots, StubWebhookUrlGuard, TestPaymentProcessor } from "@till/core/testing"
import { Clock, Effect, Fiber, Layer } from "effect"
import { newScope } from "./Fixtures.ts"

/** The use cases whose lists these tests read. */
export type ListServices = CheckoutSessions | EventLog | PaymentLinks | WebhookEndpoints

/** The repositories they run over. */
export type ListRepositories =
  | SessionRepository
  | EventRepository
  | TestProcessorLedger
  | PaymentLinkRepository
  | WebhookEndpointRepository
  | CustomerRepository
  | CatalogRepository
  | TaxRateRepository
  | PromotionRepository
  | ShippingRateRepository

/** The use cases over the given repositories, the test processor, the default (ordered) ids, plain event snapshots and a guard that accepts every URL. */
export const listUseCases = <E, R>(repositories: Layer.Layer<ListRepositories, E, R>): Layer.Layer<ListServices, E, R> =>
  Layer.mergeAll(PaymentLinks.layer, WebhookEndpoints.layer).pipe(
    Layer.provideMerge(Layer.mergeAll(CheckoutSessions.layer, EventLog.layer)),
    Layer.provideMerge(Layer.mergeAll(TestPaymentProcessor.layer, IdGenerator.layerRandom, PlainSnapshots.layer, StubWebhookUrlGuard.layer)),
    Layer.provide(repositories)
  )

/** 2027-01-15T08:00:00.250Z: a second that every create of a test falls in. */
const FROZEN_MS = 1_800_000_000_250

/** A wall clock stopped at {@link FROZEN_MS} (sleeps stay real), so every create lands in the same second. */
const frozen = Effect.gen(function*() {
  const base = yield* Clock.Clock
  return {
    currentTimeMillisUnsafe: () => FROZEN_MS,
    currentTimeMillis: Effect.succeed(FROZEN_MS),
    currentTimeNanosUnsafe: () => BigInt(FROZEN_MS) * 1_000_000n,
    currentTimeNanos: Effect.succeed(BigInt(FROZEN_MS) * 1_000_000n),
    monotonicTimeNanosUnsafe: () => base.monotonicTimeNanosUnsafe(),
    monotonicTimeNanos: base.monotonicTimeNanos,
    sleep: (duration) => base.sleep(duration)
  } satisfies Clock.Clock
})

/** Runs `effect` with the wall clock stopped in one second. */
const inOneSecond = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.flatMap(frozen, (clock) => Effect.provideService(effect, Clock.Clock, clock))

type Item = { readonly id: string; readonly created: number }

/** Every item of a list, page by page (`starting_after` the last item of each), newest first. */
const walk = <A, E, R>(list: (params: ListPageParams) => Effect.Effect<Page<A>, E, R>, key: (a: A) => Item, limit = 100) =>
  Effect.gen(function*() {
    const out: Array<Item> = []
    let params: ListPageParams = { limit }
    for (;;) {
      const page = yield* list(params)
      out.push(...page.data.map(key))
      if (!page.has_more) return out
      params = { limit, starting_after: out[out.length - 1]!.id }
    }
  })

/**
 * Asserts that `listed` is `created` newest first, pair by pair: for each two neighbours in the list, the
 * first was created after the second. Every item is in one second, so `created` alone cannot order them.
 */
const assertNewestFirst = (listed: ReadonlyArray<Item>, created: ReadonlyArray<string>) => {
  assert.strictEqual(listed.length, created.length)
  assert.strictEqual(new Set(listed.map((i) => i.created)).size, 1, "every item in the same second")
  const rank = new Map(created.map((id, i) => [id, i]))
  for (let i = 1; i < listed.length; i++) {
    const newer = rank.get(listed[i - 1]!.id)
    const older = rank.get(listed[i]!.id)
    if (newer === undefined || older === undefined || newer <= older) {
      assert.fail(`item ${i - 1} (${listed[i - 1]!.id}, created #${newer}) should be newer than item ${i} (${listed[i]!.id}, created #${older})`)
    }
  }
}

const amount = { amount: 1000, currency: "usd" } as const

/** Registers the scenarios. */
export const listOrderScenarios = (it: Vitest.MethodsNonLive<ListServices>) => {
  it.effect("1,000 sessions created in one second list newest first, every neighbouring pair", () =>
    Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const scope = newScope()
      const created: Array<string> = []
      for (let i = 0; i < 1_000; i++) created.push((yield* sessions.create(scope, amount)).session.id)
      assertNewestFirst(yield* walk((params) => sessions.list(scope, params), (s) => s.session), created)
    }).pipe(inOneSecond), 180_000)

  it.effect("sessions created in one second read back newest first with ending_before too", () =>
    Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const scope = newScope()
      const created: Array<string> = []
      for (let i = 0; i < 60; i++) created.push((yield* sessions.create(scope, amount)).session.id)
      // from the oldest toward the newest: each page is the 7 items just newer than its cursor, newest first
      const out: Array<{ id: string; created: number }> = []
      let cursor = created[0]!
      for (;;) {
        const page = yield* sessions.list(scope, { limit: 7, ending_before: cursor })
        out.unshift(...page.data.map((s) => s.session))
        if (!page.has_more) break
        cursor = page.data[0]!.session.id
      }
      const oldest = (yield* sessions.retrieve(scope, created[0]!)).session
      assertNewestFirst([...out, oldest], created)
    }).pipe(inOneSecond), 60_000)

  it.effect("events caused in one second list newest first", () =>
    Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const events = yield* EventLog
      const scope = newScope()
      const opened: Array<string> = []
      for (let i = 0; i < 150; i++) opened.push((yield* sessions.create(scope, amount)).session.id)
      // each expiry causes one event, in the order of the calls
      for (const id of opened) yield* sessions.expire(scope, id)
      const listed: Array<Event> = []
      yield* walk((params) => events.list(scope, params), (e) => (listed.push(e), e), 40)
      const expired = listed.filter((e) => e.type === "checkout.session.expired")
      assert.strictEqual(expired.length, 150)
      // an event stands for its session here: expired in the order opened, so newest first is `opened` reversed
      assertNewestFirst(expired.map((e) => ({ id: (e.data.object as { readonly id: string }).id, created: e.created })), opened)
    }).pipe(inOneSecond), 120_000)

  it.effect("payment links and webhook endpoints created in one second list newest first", () =>
    Effect.gen(function*() {
      const links = yield* PaymentLinks
      const endpoints = yield* WebhookEndpoints
      const scope = newScope()
      const linkIds: Array<string> = []
      const endpointIds: Array<string> = []
      for (let i = 0; i < 120; i++) {
        linkIds.push((yield* links.create(scope, { line_items: [{ price_data: { currency: "usd", unit_amount: 500, product_data: { name: "Mug" } }, quantity: 1 }] })).id)
        endpointIds.push((yield* endpoints.create(scope, { url: `https://shop.example/hooks/${i}`, enabled_events: ["*"] })).endpoint.id)
      }
      assertNewestFirst(yield* walk((params) => links.list(scope, params), (l) => l, 25), linkIds)
      assertNewestFirst(yield* walk((params) => endpoints.list(scope, params), (e) => e, 25), endpointIds)
    }).pipe(inOneSecond), 120_000)

  it.effect("a keyset walk while other sessions are created: every earlier session once, in order, none of the new", () =>
    Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const scope = newScope()
      const before: Array<string> = []
      for (let i = 0; i < 200; i++) before.push((yield* sessions.create(scope, amount)).session.id)
      // creates keep landing, in the same second, for as long as the walk goes on
      const during: Array<string> = []
      const writer = yield* Effect.forkChild(Effect.forever(
        Effect.flatMap(sessions.create(scope, amount), (s) => Effect.sync(() => void during.push(s.session.id)))
      ))
      const listed: Array<{ id: string; created: number }> = []
      let params: ListPageParams = { limit: 9 }
      for (;;) {
        const page = yield* sessions.list(scope, params)
        listed.push(...page.data.map((s) => s.session))
        // let the writer land some creates between pages
        yield* Effect.sleep("5 millis")
        if (!page.has_more) break
        // 200 earlier sessions take 23 pages; new ones landing behind the cursor would keep the walk going
        if (listed.length > 400) assert.fail(`the walk has not ended after ${listed.length} sessions`)
        params = { limit: 9, starting_after: page.data[page.data.length - 1]!.session.id }
      }
      yield* Fiber.interrupt(writer)
      assert.isAbove(during.length, 0, "creates landed during the walk")
      // the first page may have seen creates made before it was read; everything after it is the earlier sessions
      const fresh = new Set(during)
      const earlier = listed.filter((s) => !fresh.has(s.id))
      assert.strictEqual(new Set(listed.map((s) => s.id)).size, listed.length, "no session twice")
      assertNewestFirst(earlier, before)
      // a new session is newer than every earlier one, so it can only come before them in the walk
      const firstEarlier = listed.findIndex((s) => !fresh.has(s.id))
      assert.isTrue(listed.slice(firstEarlier).every((s) => !fresh.has(s.id)), "no new session after the walk passed it")
    }).pipe(inOneSecond), 120_000)
}
