/**
 * In-memory ProcessorSettingsRepository, for tests and demos.
 */
import { Effect, Layer, Option } from "effect"
import { ConcurrentModification } from "../Errors.ts"
import { ProcessorSettingsRepository, type StoredProcessorSettings } from "../ports/ProcessorSettingsRepository.ts"

/** Makes a fresh, empty store. */
export const make = Effect.sync(() => {
  const stored = new Map<string, StoredProcessorSettings>()
  const key = (scope: { readonly account: string; readonly livemode: boolean }) => `${scope.account}\u0000${scope.livemode}`
  return ProcessorSettingsRepository.of({
    find: (scope) => Effect.sync(() => Option.fromNullishOr(stored.get(key(scope)))),
    put: (scope, next) =>
      Effect.suspend(() => {
        const current = stored.get(key(scope))
        if ((current?.version ?? 0) !== next.version - 1) return Effect.fail(new ConcurrentModification({ id: scope.account }))
        stored.set(key(scope), next)
        return Effect.void
      })
  })
})

/** A fresh in-memory store. */
export const layer = Layer.effect(ProcessorSettingsRepository, make)
