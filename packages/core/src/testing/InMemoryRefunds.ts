/**
 * An in-memory RefundRepository over maps of refunds and charge records, its events going where
 * `addEvents` puts them (InMemoryRepository's event store, so the event log reads them back). Every
 * write is one synchronous step, so a reservation's sum and insert are as atomic as the database's.
 */
import { Effect, Option } from "effect"
import type { ChargeRecord } from "../Charge.ts"
import { ConcurrentModification } from "../Errors.ts"
import type { Event } from "../Events.ts"
import { RefundRepository } from "../ports/RefundRepository.ts"
import { refundedAmount, type StoredRefund } from "../Refund.ts"
import { inRange, keysetPage } from "./InMemoryRepository.ts"

const key = (s: StoredRefund) => ({ created: s.refund.created, id: s.refund.id })

const newestFirst = (a: StoredRefund, b: StoredRefund) => b.refund.created - a.refund.created || (a.refund.id < b.refund.id ? 1 : -1)

/** The repository over `refunds` and `charges`; each write's events go to `addEvents`, in the same synchronous step. */
export const make = (
  refunds: Map<string, StoredRefund>,
  charges: Map<string, ChargeRecord>,
  addEvents: (events: ReadonlyArray<Event>) => void
) =>
  RefundRepository.of({
    reserve: (stored, captured, events) =>
      Effect.sync(() => {
        const refund = stored.refund
        if (refunds.has(refund.id)) throw new Error(`duplicate refund id ${refund.id}`)
        const refunded = refundedAmount([...refunds.values()].filter((s) => s.refund.charge === refund.charge).map((s) => s.refund))
        if (refunded + refund.amount > captured) return { _tag: "Exceeds", refunded } as const
        if (!charges.has(refund.charge)) {
          charges.set(refund.charge, {
            id: refund.charge,
            account: stored.account,
            livemode: refund.livemode,
            payment_intent: refund.payment_intent,
            version: 0,
            details: null
          })
        }
        refunds.set(refund.id, stored)
        addEvents(events)
        return { _tag: "Reserved" } as const
      }),
    update: (stored, events) =>
      Effect.suspend(() => {
        if (refunds.get(stored.refund.id)?.version !== stored.version - 1) return Effect.fail(new ConcurrentModification({ id: stored.refund.id }))
        refunds.set(stored.refund.id, stored)
        addEvents(events)
        return Effect.void
      }),
    // Yield after reading, as a database round trip would, so concurrent read-modify-write cycles interleave.
    findById: (id) => Effect.sync(() => Option.fromNullishOr(refunds.get(id))).pipe(Effect.tap(() => Effect.yieldNow)),
    list: (scope, filter, page) =>
      Effect.sync(() => {
        const sorted = [...refunds.values()]
          .filter((s) =>
            s.account === scope.account && s.refund.livemode === scope.livemode &&
            (filter.charge === undefined || s.refund.charge === filter.charge) &&
            (filter.payment_intent === undefined || s.refund.payment_intent === filter.payment_intent) &&
            inRange(s.refund.created, filter.created)
          )
          .sort(newestFirst)
        return keysetPage(sorted, key, page)
      }),
    listByCharges: (ids) =>
      Effect.sync(() => {
        const wanted = new Set(ids)
        return [...refunds.values()].filter((s) => wanted.has(s.refund.charge)).sort(newestFirst)
      }),
    listUnsettled: (askedBy, limit) =>
      Effect.sync(() =>
        [...refunds.values()]
          .filter((s) => s.processor !== "final" && s.asked_at <= askedBy)
          .sort((a, b) => a.asked_at - b.asked_at)
          .slice(0, limit)
      ),
    findCharge: (id) => Effect.sync(() => Option.fromNullishOr(charges.get(id))).pipe(Effect.tap(() => Effect.yieldNow)),
    saveCharge: (record, events) =>
      Effect.suspend(() => {
        if ((charges.get(record.id)?.version ?? 0) !== record.version - 1) return Effect.fail(new ConcurrentModification({ id: record.id }))
        charges.set(record.id, record)
        addEvents(events)
        return Effect.void
      })
  })
