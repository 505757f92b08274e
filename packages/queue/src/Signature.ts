/**
 * The two signatures of a delivery (SPEC section 7), both keyed by the endpoint's `whsec_` secret:
 * Stripe's scheme, which `stripe.webhooks.constructEvent(body, header, secret)` verifies, and the
 * Standard Webhooks scheme, which the `standardwebhooks` libraries verify.
 */
import { createHmac, createSecretKey, type KeyObject } from "node:crypto"

const PREFIX = "whsec_"

/** `Till-Signature`: `t=<unix>,v1=<hex HMAC-SHA256>` of `"<t>.<body>"`, keyed by the whole secret as UTF-8 (Stripe's scheme). */
export const tillSignature = (secret: string, timestamp: number, body: string): string =>
  `t=${timestamp},v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`

/**
 * `webhook-signature`: `v1,<base64 HMAC-SHA256>` of `"<id>.<timestamp>.<body>"`, keyed by the bytes the
 * base64 after `whsec_` encodes (Standard Webhooks).
 */
export const standardSignature = (secret: string, id: string, timestamp: number, body: string): string => {
  const key = Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, "base64")
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`
}

/** Signs the attempts of one endpoint: the headers of an attempt, from the event id, the timestamp and the body. */
export type Signer = (id: string, timestamp: number, body: string) => Record<string, string>

/**
 * A signer for `secret`, whose two keys are prepared once (a batch signs many attempts per endpoint):
 * the same headers as `headers`.
 */
export const signer = (secret: string): Signer => {
  const stripeKey: KeyObject = createSecretKey(Buffer.from(secret, "utf8"))
  const standardKey: KeyObject = createSecretKey(Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, "base64"))
  return (id, timestamp, body) => ({
    "content-type": "application/json; charset=utf-8",
    "user-agent": "Till-Webhooks/0.1",
    "till-signature": `t=${timestamp},v1=${createHmac("sha256", stripeKey).update(`${timestamp}.${body}`).digest("hex")}`,
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": `v1,${createHmac("sha256", standardKey).update(`${id}.${timestamp}.${body}`).digest("base64")}`
  })
}

/** Every header of one delivery attempt. `id` is the event id, on which receivers deduplicate. */
export const headers = (secret: string, id: string, timestamp: number, body: string): Record<string, string> =>
  signer(secret)(id, timestamp, body)
