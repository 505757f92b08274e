/**
 * In-memory AuditRepository: records in an array, read newest first.
 */
import { Effect, Layer } from "effect"
import type { AuditRecord } from "../Audit.ts"
import { type AuditQuery, AuditRepository } from "../ports/AuditRepository.ts"

const pick = (records: ReadonlyArray<AuditRecord>, keep: (r: AuditRecord) => boolean, query: AuditQuery) => {
  const out: Array<AuditRecord> = []
  // appended in order, so newest is last; equal `created` keep their insertion order (newest first)
  for (let i = records.length - 1; i >= 0 && out.length < query.limit; i--) {
    const r = records[i]!
    if (keep(r) && (query.actions === undefined || query.actions.includes(r.action))) out.push(r)
  }
  return out
}

/** A fresh, empty repository. */
export const make = Effect.sync(() => {
  const records: Array<AuditRecord> = []
  return AuditRepository.of({
    insert: (record) =>
      Effect.sync(() => {
        // kept sorted by `created`, so a record stamped earlier (another clock) still lists in time order
        let at = records.length
        while (at > 0 && records[at - 1]!.created > record.created) at--
        records.splice(at, 0, record)
      }),
    listForObjects: (scope, objects, query) =>
      Effect.sync(() => pick(records, (r) => r.account === scope.account && r.livemode === scope.livemode && objects.includes(r.object_id), query)),
    listForAccount: (scope, query) => Effect.sync(() => pick(records, (r) => r.account === scope.account && r.livemode === scope.livemode, query))
  })
})

/** The repository, fresh and empty. */
export const layer = Layer.effect(AuditRepository, make)
