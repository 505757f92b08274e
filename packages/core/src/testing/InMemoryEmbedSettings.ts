/**
 * In-memory EmbedSettingsRepository, for tests and demos.
 */
import { Effect, Layer, Option } from "effect"
import type { StoredEmbedSettings } from "../EmbeddedCheckout.ts"
import { ConcurrentModification } from "../Errors.ts"
import { EmbedSettingsRepository } from "../ports/EmbedSettingsRepository.ts"

/** Makes a fresh, empty store. */
export const make = Effect.sync(() => {
  const stored = new Map<string, StoredEmbedSettings>()
  const key = (scope: { readonly account: string; readonly livemode: boolean }) => `${scope.account}\u0000${scope.livemode}`
  return EmbedSettingsRepository.of({
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
export const layer = Layer.effect(EmbedSettingsRepository, make)
