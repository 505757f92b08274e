/**
 * The in-memory store of a settings document kept per account and mode, with optimistic versions: what
 * the embed settings and the processor settings stores share.
 */
import { Effect, Option } from "effect"
import { ConcurrentModification } from "../Errors.ts"

/** An account and mode, the key of one settings document. */
export interface SettingsScope {
  readonly account: string
  readonly livemode: boolean
}

/** Makes `find` and `put` over a fresh map: `put` stores version n + 1 over version n only, else ConcurrentModification. */
export const make = <T extends { readonly version: number }>() => {
  const stored = new Map<string, T>()
  const key = (scope: SettingsScope) => `${scope.account}\u0000${scope.livemode}`
  return {
    find: (scope: SettingsScope) => Effect.sync(() => Option.fromNullishOr(stored.get(key(scope)))),
    put: (scope: SettingsScope, next: T) =>
      Effect.suspend(() => {
        const current = stored.get(key(scope))
        if ((current?.version ?? 0) !== next.version - 1) return Effect.fail(new ConcurrentModification({ id: scope.account }))
        stored.set(key(scope), next)
        return Effect.void
      })
  }
}
