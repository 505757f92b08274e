/**
 * The key of idempotency fingerprints (HMAC-SHA256, SPEC section 5). A fingerprint is stored for 24
 * hours and compared by every process that shares the database, so the key must be one per
 * installation, the same across processes and restarts: the server provides it (`TILL_FINGERPRINT_KEY`,
 * else a secret its database keeps). The default, random per process, suits tests and a single
 * process that never restarts within a day.
 */
import { Context, Redacted } from "effect"
import { randomBytes } from "node:crypto"

/** Bytes of a generated key: the HMAC-SHA256 block's worth of entropy many times over. */
export const FINGERPRINT_KEY_BYTES = 32

/** The fingerprint key; redacted, so it never prints. */
export const FingerprintKey = Context.Reference<Redacted.Redacted<Uint8Array>>("till/http/FingerprintKey", {
  defaultValue: () => Redacted.make(new Uint8Array(randomBytes(FINGERPRINT_KEY_BYTES)))
})
