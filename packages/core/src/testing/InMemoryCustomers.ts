/**
 * An in-memory CustomerRepository over a map of customers, its events going where `addEvents` puts
 * them (InMemoryRepository's event store, so the event log reads them back).
 */
import { Effect, Option } from "effect"
import type { StoredCustomer } from "../Customer.ts"
import { ConcurrentModification } from "../Errors.ts"
import type { Event } from "../Events.ts"
import { CustomerRepository } from "../ports/CustomerRepository.ts"
import { inRange, keysetPage } from "./InMemoryRepository.ts"

const key = (s: StoredCustomer) => ({ created: s.customer.created, id: s.customer.id })

/** The repository over `customers`; each write's events go to `addEvents`, in the same synchronous step. */
export const make = (customers: Map<string, StoredCustomer>, addEvents: (events: ReadonlyArray<Event>) => void) =>
  CustomerRepository.of({
    insert: (stored, events) =>
      Effect.sync(() => {
        if (customers.has(stored.customer.id)) throw new Error(`duplicate customer id ${stored.customer.id}`)
        customers.set(stored.customer.id, stored)
        addEvents(events)
      }),
    update: (stored, events) =>
      Effect.suspend(() => {
        if (customers.get(stored.customer.id)?.version !== stored.version - 1) {
          return Effect.fail(new ConcurrentModification({ id: stored.customer.id }))
        }
        customers.set(stored.customer.id, stored)
        addEvents(events)
        return Effect.void
      }),
    // Yield after reading, as a database round trip would, so concurrent read-modify-write cycles interleave.
    findById: (id) => Effect.sync(() => Option.fromNullishOr(customers.get(id))).pipe(Effect.tap(() => Effect.yieldNow)),
    list: (scope, filter, page) =>
      Effect.sync(() => {
        const sorted = [...customers.values()]
          .filter((s) =>
            s.account === scope.account && s.customer.livemode === scope.livemode && !s.deleted &&
            (filter.email === undefined || s.customer.email === filter.email) && inRange(s.customer.created, filter.created)
          )
          .sort((a, b) => b.customer.created - a.customer.created || (a.customer.id < b.customer.id ? 1 : -1))
        return keysetPage(sorted, key, page)
      })
  })
