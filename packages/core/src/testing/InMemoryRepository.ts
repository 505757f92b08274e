/**
 * An in-memory SessionRepository, EventRepository and CustomerRepository sharing one store (with the
 * catalog's, see InMemoryCatalog, and the idempotency keys', see InMemoryIdempotency), for tests and demos.
 * Every write is one synchronous step, so it is as atomic as a database transaction.
 */
import { Context, Effect, Layer, Option } from "effect"
import { inScope, type SessionState } from "../CheckoutSession.ts"
import type { StoredCustomer } from "../Customer.ts"
import { ConcurrentModification, RedemptionLimitReached } from "../Errors.ts"
import type { Event } from "../Events.ts"
import { CustomerRepository } from "../ports/CustomerRepository.ts"
import { PromotionRepository } from "../ports/PromotionRepository.ts"
import { TaxRateRepository } from "../ports/TaxRateRepository.ts"
import { ShippingRateRepository } from "../ports/ShippingRateRepository.ts"
import type { StoredTaxRate } from "../TaxRate.ts"
import { EventRepository, type EventFilter } from "../ports/EventRepository.ts"
import { type Cursor, type Page, type PageRequest, type Range, type SessionFilter, SessionRepository } from "../ports/SessionRepository.ts"
import * as Machine from "../SessionMachine.ts"
import { CatalogRepository } from "../ports/CatalogRepository.ts"
import * as InMemoryCatalog from "./InMemoryCatalog.ts"
import * as InMemoryCustomers from "./InMemoryCustomers.ts"
import * as InMemoryIdempotency from "./InMemoryIdempotency.ts"
import { IdempotencyStore } from "../ports/IdempotencyStore.ts"
import * as InMemoryRefunds from "./InMemoryRefunds.ts"
import { RefundRepository } from "../ports/RefundRepository.ts"
import * as InMemoryPromotions from "./InMemoryPromotions.ts"
import * as InMemoryTaxRates from "./InMemoryTaxRates.ts"
import * as InMemoryShippingRates from "./InMemoryShippingRates.ts"

/** Whether `value` lies within every given bound. */
export const inRange = (value: number, r: Range | undefined): boolean =>
  r === undefined ||
  ((r.gt === undefined || value > r.gt) && (r.gte === undefined || value >= r.gte) &&
    (r.lt === undefined || value < r.lt) && (r.lte === undefined || value <= r.lte))

/** Newest first: by `created` descending, then `id` descending. */
const newestFirst = (a: Cursor, b: Cursor): number => b.created - a.created || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)

/** One keyset page of items already sorted newest first. */
export const keysetPage = <A>(sorted: ReadonlyArray<A>, key: (a: A) => Cursor, page: PageRequest): Page<A> => {
  if (page.before !== undefined) {
    const newer = sorted.filter((a) => newestFirst(key(a), page.before!) < 0)
    const data = newer.slice(Math.max(0, newer.length - page.limit))
    return { data, has_more: newer.length > page.limit }
  }
  const older = page.after === undefined ? sorted : sorted.filter((a) => newestFirst(key(a), page.after!) > 0)
  return { data: older.slice(0, page.limit), has_more: older.length > page.limit }
}

const sessionKey = (s: SessionState): Cursor => ({ created: s.session.created, id: s.session.id })

const matches = (s: SessionState, f: SessionFilter, now: number): boolean => {
  const session = s.session
  return (f.status === undefined || Machine.view(s, now).session.status === f.status) &&
    inRange(session.created, f.created) &&
    (f.customer === undefined || session.customer === f.customer) &&
    (f.customer_email === undefined || session.customer_details?.email === f.customer_email) &&
    (f.payment_intent === undefined || session.payment_intent === f.payment_intent) &&
    (f.payment_link === undefined || session.payment_link === f.payment_link) &&
    (f.client_reference_id === undefined || session.client_reference_id === f.client_reference_id) &&
    (f.recovered_from === undefined || session.recovered_from === f.recovered_from) &&
    (f.currency === undefined || session.currency === f.currency) &&
    inRange(session.amount_total, f.amount_total)
}

/** Makes a fresh store and both repositories over it. */
export const make = Effect.sync(() => {
  const sessions = new Map<string, SessionState>()
  const byIntent = new Map<string, string>()
  const events = new Map<string, Event>()
  const customers = new Map<string, StoredCustomer>()
  const promotions = InMemoryPromotions.stores()
  // sessions a sweep has claimed and not yet written: other sweeps skip them, as SKIP LOCKED does
  const claimed = new Set<string>()
  const idempotency = InMemoryIdempotency.make()

  const put = (state: SessionState, newEvents: ReadonlyArray<Event>) => {
    sessions.set(state.session.id, state)
    if (state.session.payment_intent !== null) byIntent.set(state.session.payment_intent, state.session.id)
    for (const e of newEvents) events.set(e.id, e)
  }

  const sessionRepository = SessionRepository.of({
    insert: (state, newEvents) =>
      Effect.sync(() => {
        if (sessions.has(state.session.id)) throw new Error(`duplicate session id ${state.session.id}`)
        put(state, newEvents)
      }),
    insertAnswered: (state, newEvents, { fingerprint, key, now, response }) =>
      Effect.sync(() => {
        if (sessions.has(state.session.id)) throw new Error(`duplicate session id ${state.session.id}`)
        if (!idempotency.claim(key, fingerprint, now, response)) return false
        put(state, newEvents)
        return true
      }),
    update: (state, newEvents, newCustomers = [], redemptions = [], lineItemsChanged = false) =>
      Effect.suspend((): Effect.Effect<void, ConcurrentModification | RedemptionLimitReached> => {
        const stored = sessions.get(state.session.id)
        if (stored === undefined || stored.version !== state.version - 1) {
          return Effect.fail(new ConcurrentModification({ id: state.session.id }))
        }
        const refused = InMemoryPromotions.redeem(promotions, { account: state.account, livemode: state.session.livemode }, redemptions)
        if (refused !== undefined) return Effect.fail(refused)
        // line items are written once, unless the write says they changed (as the database adapter does)
        put(lineItemsChanged ? state : { ...state, line_items: stored.line_items }, newEvents)
        for (const c of newCustomers) if (!customers.has(c.customer.id)) customers.set(c.customer.id, c)
        return Effect.void
      }),
    // Yield after reading, as a database round trip would, so concurrent read-modify-write cycles interleave.
    findById: (id) => Effect.sync(() => Option.fromNullishOr(sessions.get(id))).pipe(Effect.tap(() => Effect.yieldNow)),
    findByPaymentIntent: (id) =>
      Effect.sync(() => {
        const sessionId = byIntent.get(id)
        return Option.fromNullishOr(sessionId === undefined ? undefined : sessions.get(sessionId))
      }),
    list: (scope, filter, page, now) =>
      Effect.sync(() => {
        const sorted = [...sessions.values()]
          .filter((s) => inScope(s, scope) && matches(s, filter, now))
          .sort((a, b) => newestFirst(sessionKey(a), sessionKey(b)))
        return keysetPage(sorted, sessionKey, page)
      }),
    // An update that lands while the batch is decided is not held off (no row lock here): the batch's
    // version check then leaves that session out, so it is still changed once.
    expireDue: (now, limit, decide) =>
      Effect.acquireUseRelease(
        Effect.sync(() => {
          const due = [...sessions.values()]
            .filter((s) => Machine.isDueForExpiry(s, now) && !claimed.has(s.session.id))
            .sort((a, b) => a.session.expires_at - b.session.expires_at || (a.session.id < b.session.id ? -1 : a.session.id > b.session.id ? 1 : 0))
            .slice(0, limit)
          for (const s of due) claimed.add(s.session.id)
          return due
        }),
        // yield after claiming, as a database round trip would, so that concurrent sweeps and writes interleave
        (due) =>
          Effect.map(Effect.andThen(Effect.yieldNow, decide(due)), (changes) => {
            const ids = new Set(due.map((s) => s.session.id))
            let stored = 0
            for (const change of changes) {
              const current = sessions.get(change.state.session.id)
              if (!ids.has(change.state.session.id) || current === undefined || current.version !== change.state.version - 1) continue
              put(change.state, change.events)
              stored++
            }
            return stored
          }),
        (due) => Effect.sync(() => due.forEach((s) => claimed.delete(s.session.id)))
      ),
    listStaleAttempts: (startedBy, limit) =>
      Effect.sync(() =>
        [...sessions.values()]
          .filter((s) => s.attempt !== null && s.attempt.started_at <= startedBy)
          .sort((a, b) => a.attempt!.started_at - b.attempt!.started_at)
          .slice(0, limit)
      )
  })

  const eventRepository = EventRepository.of({
    findById: (id) => Effect.sync(() => Option.fromNullishOr(events.get(id))),
    findByIds: (ids) => Effect.sync(() => ids.flatMap((id) => events.get(id) ?? [])),
    list: (scope, filter: EventFilter, page) =>
      Effect.sync(() => {
        const sorted = [...events.values()]
          .filter((e) =>
            e.account === scope.account && e.livemode === scope.livemode &&
            (filter.types === undefined || filter.types.includes(e.type)) && inRange(e.created, filter.created) &&
            (filter.objects === undefined || filter.objects.includes(String(e.data.object["id"])))
          )
          .sort(newestFirst)
        return keysetPage(sorted, (e) => e, page)
      }),
    // the map keeps insertion order and every write is final at once: a cursor is a count of events
    feedStart: (scope, after) =>
      Effect.sync(() => {
        if (after === undefined) return Option.some(String(events.size))
        const ids = [...events.keys()]
        const at = ids.indexOf(after)
        const event = events.get(after)
        return at < 0 || event === undefined || event.account !== scope.account || event.livemode !== scope.livemode
          ? Option.none()
          : Option.some(String(at + 1))
      }),
    feed: (scope, filter, cursor, limit) =>
      Effect.sync(() => {
        const all = [...events.values()]
        const found: Array<Event> = []
        let next = Number(cursor)
        for (; next < all.length && found.length < limit; next++) {
          const e = all[next]!
          if (e.account === scope.account && e.livemode === scope.livemode && (filter.types === undefined || filter.types.includes(e.type))) {
            found.push(e)
          }
        }
        return { events: found, cursor: String(next) }
      })
  })

  const customerRepository = InMemoryCustomers.make(customers, (newEvents) => {
    for (const e of newEvents) events.set(e.id, e)
  })

  // the catalog's changes add their events to the same store, so the event list sees them
  const catalogRepository = InMemoryCatalog.make(events)

  const refundRepository = InMemoryRefunds.make(new Map(), new Map(), (newEvents) => {
    for (const e of newEvents) events.set(e.id, e)
  })
  const taxRateRepository = InMemoryTaxRates.make(new Map<string, StoredTaxRate>(), (newEvents) => {
    for (const e of newEvents) events.set(e.id, e)
  })

  const promotionRepository = InMemoryPromotions.make(promotions, (newEvents) => {
    for (const e of newEvents) events.set(e.id, e)
  })

  const idempotencyStore = idempotency.store
  const shippingRateRepository = InMemoryShippingRates.make()

  return { sessionRepository, eventRepository, customerRepository, catalogRepository, taxRateRepository, promotionRepository, refundRepository, shippingRateRepository, idempotencyStore }
})

/** The repositories (and the idempotency store) over one fresh in-memory store. */
export const layer = Layer.effectContext(
  Effect.map(make, ({ catalogRepository, customerRepository, eventRepository, idempotencyStore, promotionRepository, refundRepository, sessionRepository, shippingRateRepository, taxRateRepository }) =>
    Context.make(SessionRepository, sessionRepository).pipe(
      Context.add(EventRepository, eventRepository),
      Context.add(CustomerRepository, customerRepository),
      Context.add(CatalogRepository, catalogRepository),
      Context.add(RefundRepository, refundRepository),
      Context.add(TaxRateRepository, taxRateRepository),
      Context.add(PromotionRepository, promotionRepository),
      Context.add(IdempotencyStore, idempotencyStore),
      Context.add(ShippingRateRepository, shippingRateRepository)
    )
  )
)
