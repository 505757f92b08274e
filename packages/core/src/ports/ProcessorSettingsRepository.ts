/**
 * Port: each account and mode's processor settings, credentials sealed (CredentialCipher), and the
 * cipher that seals them.
 */
import { Context, type Effect, type Option } from "effect"
import type { Scope } from "../CheckoutSession.ts"
import type { ConcurrentModification } from "../Errors.ts"

/** Settings as stored: the credentials only as the cipher sealed them, with the last four characters of each to show. */
export interface StoredProcessorSettings {
  readonly version: number
  readonly processor: string
  /** The credentials as one sealed JSON object (CredentialCipher); null when the processor needs none. */
  readonly sealed_credentials: string | null
  /** The last four characters of each credential, by name: all that is ever shown of them. */
  readonly credential_hints: Readonly<Record<string, string>>
  readonly options: Readonly<Record<string, string>>
  readonly updated: number
}

/** Port: the settings of each account and mode; a write is conditional on the version the caller read. */
export class ProcessorSettingsRepository extends Context.Service<ProcessorSettingsRepository, {
  /** The settings of a scope, none when they were never set. */
  readonly find: (scope: Scope) => Effect.Effect<Option.Option<StoredProcessorSettings>>
  /**
   * Stores the settings of a scope at `stored.version`: the first (version 1) only if there are none
   * yet, a later one only over `stored.version - 1`. Fails with ConcurrentModification otherwise.
   */
  readonly put: (scope: Scope, stored: StoredProcessorSettings) => Effect.Effect<void, ConcurrentModification>
}>()("till/ProcessorSettingsRepository") {}

/**
 * Port: authenticated encryption of credentials at rest (the server's: AES-256-GCM under
 * `TILL_ENCRYPTION_KEY`). `context` binds a sealed value to its place (account and mode), so one
 * copied to another row does not open. `available` is false when no key is configured: then nothing
 * may be sealed.
 */
export class CredentialCipher extends Context.Service<CredentialCipher, {
  readonly available: boolean
  readonly seal: (plaintext: string, context: string) => Effect.Effect<string>
  /** Opens a sealed value; a wrong key or a tampered value is a defect (the operator must fix the key). */
  readonly open: (sealed: string, context: string) => Effect.Effect<string>
}>()("till/CredentialCipher") {}
