/**
 * Port: embedded checkout's settings, one record per account and mode.
 */
import { Context, type Effect, type Option } from "effect"
import type { Scope } from "../CheckoutSession.ts"
import type { StoredEmbedSettings } from "../EmbeddedCheckout.ts"
import type { ConcurrentModification } from "../Errors.ts"

/** Port: the settings of embedded checkout; a write is conditional on the version the caller read. */
export class EmbedSettingsRepository extends Context.Service<EmbedSettingsRepository, {
  /** The settings of a scope, none when they were never set. */
  readonly find: (scope: Scope) => Effect.Effect<Option.Option<StoredEmbedSettings>>
  /**
   * Stores the settings of a scope at `stored.version`: the first (version 1) only if there are none
   * yet, a later one only over `stored.version - 1`. Fails with ConcurrentModification otherwise.
   */
  readonly put: (scope: Scope, stored: StoredEmbedSettings) => Effect.Effect<void, ConcurrentModification>
}>()("till/EmbedSettingsRepository") {}
