/**
 * Accounts and their secret keys. A key's mode (`sk_test_` or `sk_live_`) is the mode of every call made with it.
 */
import { Effect, Schema } from "effect"

/** A merchant. */
export const Account = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  created: Schema.Int
})
/** See {@link Account}. */
export type Account = typeof Account.Type

/** An account as stored, with the version its writes are conditional on (1 when created). */
export interface StoredAccount {
  readonly account: Account
  readonly version: number
}

/** The prefix of a secret key in each mode. */
export const keyPrefix = (livemode: boolean): string => (livemode ? "sk_live_" : "sk_test_")

/** The mode a secret key (full `sk_…` or restricted `rk_…`) belongs to, or null when it is not a secret key at all. */
export const modeOfKey = (key: string): boolean | null =>
  key.startsWith("sk_live_") || key.startsWith("rk_live_") ? true : key.startsWith("sk_test_") || key.startsWith("rk_test_") ? false : null

/** A key's prefix (`sk_test_`, `rk_live_`…), or "" when it is not a secret key. */
export const prefixOfKey = (key: string): string => (modeOfKey(key) === null ? "" : key.slice(0, 8))

/** SHA-256 of a secret, hex-encoded: what is stored instead of the secret itself. */
export const hashSecret = (secret: string): Effect.Effect<string> =>
  Effect.promise(() => globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(secret))).pipe(
    Effect.map((buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, "0")).join(""))
  )
