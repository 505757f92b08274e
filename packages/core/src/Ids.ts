/**
 * Object ids and secrets, base62-encoded after a Stripe-style prefix. Object ids sort by creation (a
 * millisecond time and a per-process counter, then 128 random bits), so lists can be newest first
 * within a second; secrets are random through and through.
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
  webhookEndpoint: "we_",
  product: "prod_",
  customer: "cus_",
  charge: "ch_",
  refund: "re_",
  taxRate: "txr_",
  coupon: "co_",
  promotionCode: "promo_",
  discount: "di_",
  file: "file_",
  shippingRate: "shr_"
} as const

/** The id of a session's `i`-th discount: the session's own random part under `di_`, so it never changes. */
export const discountIdFor = (sessionId: string, i: number): string => Prefix.discount + sessionId.slice(sessionId.lastIndexOf("_") + 1) + i.toString(36)

/**
 * The id of the customer a completed session creates: the session's own random part under `cus_`, so
 * that a completion recorded twice (a retry, a reconciliation) names the same customer, never two.
 */
export const customerIdForSession = (sessionId: string): string => Prefix.customer + sessionId.slice(sessionId.lastIndexOf("_") + 1)

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

/** Random bytes drawn per refill of the pool: one `getRandomValues` call serves about 120 ids. */
const POOL_BYTES = 4096

/**
 * A source of uniformly random base62 strings over `fill` (a function that fills its argument with
 * random bytes). Each character takes the low six bits of one byte, and bytes of 62 or 63 there are
 * skipped, so every character is uniform over the alphabet, with no BigInt arithmetic. Bytes come from
 * a pool refilled `POOL_BYTES` at a time, each byte used once.
 */
export const makeRandomChars = (fill: (buffer: Uint8Array<ArrayBuffer>) => void): (length: number) => string => {
  const pool = new Uint8Array(POOL_BYTES)
  let at = POOL_BYTES
  return (length) => {
    let out = ""
    while (out.length < length) {
      if (at === POOL_BYTES) {
        fill(pool)
        at = 0
      }
      const six = pool[at++]! & 63
      if (six < 62) out += ALPHABET[six]
    }
    return out
  }
}

const randomChars = makeRandomChars((buffer) => void globalThis.crypto.getRandomValues(buffer))

/**
 * A random base62 string carrying at least `bytes` random bytes (24 bytes = 192 bits, 33 characters of
 * 5.95 bits each); the width is fixed by `bytes`, so ids sort and compare without surprises.
 */
export const randomBase62 = (bytes = 24): string => randomChars(Math.ceil((bytes * 8) / Math.log2(62)))

/** Exactly `width` base62 digits of a non-negative integer below 62^width, most significant first. */
const fixedBase62 = (n: number, width: number): string => {
  let out = ""
  for (let i = 0; i < width; i++) {
    out = ALPHABET[n % 62]! + out
    n = Math.floor(n / 62)
  }
  return out
}

/** Digits of the millisecond time in an ordered id: enough until the year 8888. */
const TIME_WIDTH = 8
/** Digits of the counter within one millisecond: 238,328 ids per millisecond per process. */
const COUNTER_WIDTH = 3
const COUNTER_LIMIT = 62 ** COUNTER_WIDTH
/** Random bytes in an ordered id: 128 bits, 22 characters. */
const RANDOM_BYTES = 16

/**
 * A source of ordered id bodies: each is 33 characters (like {@link randomBase62}'s default) and sorts
 * after every body this source made before it, compared as bytes (`collate "C"`) or as JavaScript strings.
 * The time never runs backwards: after the clock is set back the last time is kept (the counter goes on),
 * and a millisecond whose counter is used up borrows the next one.
 */
export const makeOrdered = (now: () => number): () => string => {
  let last = 0
  let counter = 0
  return () => {
    const t = Math.floor(now())
    if (t > last) {
      last = t
      counter = 0
    } else if (++counter === COUNTER_LIMIT) {
      last += 1
      counter = 0
    }
    return fixedBase62(last, TIME_WIDTH) + fixedBase62(counter, COUNTER_WIDTH) + randomBase62(RANDOM_BYTES)
  }
}

/** The body of a new object id, ordered after every earlier one of this process (one counter per process). */
export const ordered: () => string = makeOrdered(() => Date.now())

/** The client secret of a session: `<session id>_secret_<random>`. */
export const clientSecretFor = (sessionId: string, random: string): string => `${sessionId}_secret_${random}`

/** The secret of a session's recovery link: `<session id>_recovery_<random>`, so the link finds its session by id. */
export const recoveryTokenFor = (sessionId: string, random: string): string => `${sessionId}_recovery_${random}`

/** The session a recovery token names, or "" when it is not one. */
export const sessionIdOfRecoveryToken = (token: string): string => {
  const at = token.lastIndexOf("_recovery_")
  return at <= 0 ? "" : token.slice(0, at)
}

/** Compares two secrets in time independent of where they differ. */
export const secretsEqual = (a: string, b: string): boolean => {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}
