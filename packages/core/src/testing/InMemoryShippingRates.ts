/**
 * An in-memory ShippingRateRepository over a map of shipping rates.
 */
import { Effect, Option } from "effect"
import { ConcurrentModification } from "../Errors.ts"
import { ShippingRateRepository } from "../ports/ShippingRateRepository.ts"
import type { StoredShippingRate } from "../ShippingRate.ts"
import { inRange, keysetPage } from "./InMemoryRepository.ts"

const key = (s: StoredShippingRate) => ({ created: s.shipping_rate.created, id: s.shipping_rate.id })

/** The repository over `rates`. */
export const make = (rates: Map<string, StoredShippingRate> = new Map()) =>
  ShippingRateRepository.of({
    insert: (stored) =>
      Effect.sync(() => {
        if (rates.has(stored.shipping_rate.id)) throw new Error(`duplicate shipping rate id ${stored.shipping_rate.id}`)
        rates.set(stored.shipping_rate.id, stored)
      }),
    update: (stored) =>
      Effect.suspend(() => {
        if (rates.get(stored.shipping_rate.id)?.version !== stored.version - 1) return Effect.fail(new ConcurrentModification({ id: stored.shipping_rate.id }))
        rates.set(stored.shipping_rate.id, stored)
        return Effect.void
      }),
    // Yield after reading, as a database round trip would, so concurrent read-modify-write cycles interleave.
    findById: (scope, id) =>
      Effect.sync(() => {
        const found = rates.get(id)
        return found !== undefined && found.account === scope.account && found.shipping_rate.livemode === scope.livemode ? Option.some(found) : Option.none()
      }).pipe(Effect.tap(() => Effect.yieldNow)),
    list: (scope, filter, page) =>
      Effect.sync(() => {
        const sorted = [...rates.values()]
          .filter((s) =>
            s.account === scope.account && s.shipping_rate.livemode === scope.livemode &&
            (filter.active === undefined || s.shipping_rate.active === filter.active) &&
            (filter.currency === undefined || s.shipping_rate.fixed_amount.currency === filter.currency) &&
            inRange(s.shipping_rate.created, filter.created)
          )
          .sort((a, b) => b.shipping_rate.created - a.shipping_rate.created || (a.shipping_rate.id < b.shipping_rate.id ? 1 : -1))
        return keysetPage(sorted, key, page)
      })
  })
