/**
 * An in-memory TaxRateRepository over a map of tax rates, its events going where `addEvents` puts them.
 */
import { Effect, Option } from "effect"
import { ConcurrentModification } from "../Errors.ts"
import type { Event } from "../Events.ts"
import { TaxRateRepository } from "../ports/TaxRateRepository.ts"
import type { StoredTaxRate } from "../TaxRate.ts"
import { inRange, keysetPage } from "./InMemoryRepository.ts"

const key = (s: StoredTaxRate) => ({ created: s.tax_rate.created, id: s.tax_rate.id })

/** The repository over `rates`; each write's events go to `addEvents`, in the same synchronous step. */
export const make = (rates: Map<string, StoredTaxRate>, addEvents: (events: ReadonlyArray<Event>) => void) =>
  TaxRateRepository.of({
    insert: (stored, events) =>
      Effect.sync(() => {
        if (rates.has(stored.tax_rate.id)) throw new Error(`duplicate tax rate id ${stored.tax_rate.id}`)
        rates.set(stored.tax_rate.id, stored)
        addEvents(events)
      }),
    update: (stored, events) =>
      Effect.suspend(() => {
        if (rates.get(stored.tax_rate.id)?.version !== stored.version - 1) return Effect.fail(new ConcurrentModification({ id: stored.tax_rate.id }))
        rates.set(stored.tax_rate.id, stored)
        addEvents(events)
        return Effect.void
      }),
    // Yield after reading, as a database round trip would, so concurrent read-modify-write cycles interleave.
    findById: (scope, id) =>
      Effect.sync(() => {
        const found = rates.get(id)
        return found !== undefined && found.account === scope.account && found.tax_rate.livemode === scope.livemode ? Option.some(found) : Option.none()
      }).pipe(Effect.tap(() => Effect.yieldNow)),
    list: (scope, filter, page) =>
      Effect.sync(() => {
        const sorted = [...rates.values()]
          .filter((s) =>
            s.account === scope.account && s.tax_rate.livemode === scope.livemode &&
            (filter.active === undefined || s.tax_rate.active === filter.active) &&
            (filter.inclusive === undefined || s.tax_rate.inclusive === filter.inclusive) &&
            inRange(s.tax_rate.created, filter.created)
          )
          .sort((a, b) => b.tax_rate.created - a.tax_rate.created || (a.tax_rate.id < b.tax_rate.id ? 1 : -1))
        return keysetPage(sorted, key, page)
      })
  })
