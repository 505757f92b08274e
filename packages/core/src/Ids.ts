/**
 * Object ids and secrets: a prefix plus at least 128 random bits, base62-encoded.
 */
/** The id prefix of every object kind (SPEC section 1). */
export const Prefix = {
  account: "acct_",
  session: { test: "cs_test_", live: "cs_live_" },
  paymentIntent: "pi_",
  paymentMethod: "pm_",
  paymentLink: "plink_",
  lineItem: "li_",
  price: "price_",
  event: "evt_",
  attempt: "pa_",
  webhookEndpoint: "we_"
} as const

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

/** `bytes` random bytes as base62 (24 bytes = 192 bits, 33 characters). */
export const randomBase62 = (bytes = 24): string => {
  const buf = globalThis.crypto.getRandomValues(new Uint8Array(bytes))
  let n = 0n
  for (const b of buf) n = (n << 8n) | BigInt(b)
  let out = ""
  while (n > 0n) {
    out = ALPHABET[Number(n % 62n)]! + out
    n /= 62n
  }
  // fixed width, so ids sort and compare without surprises
  const width = Math.ceil((bytes * 8) / Math.log2(62))
  return out.padStart(width, "0")
}

/** The client secret of a session: `<session id>_secret_<random>`. */
export const clientSecretFor = (sessionId: string, random: string): string => `${sessionId}_secret_${random}`

/** Compares two secrets in time independent of where they differ. */
export const secretsEqual = (a: string, b: string): boolean => {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}
