/**
 * The two signatures of a delivery (SPEC section 7), both keyed by the endpoint's `whsec_` secret:
 * Stripe's scheme in `Stripe-Signature`, which `stripe.webhooks.constructEvent(body, header, secret)`
 * verifies, and the Standard Webhooks scheme, which the `standardwebhooks` libraries verify.
 */
import { createHmac, createSecretKey, type KeyObject } from "node:crypto"

const PREFIX = "whsec_"

// The keys of the two schemes: the whole secret as UTF-8 (Stripe's), the bytes the base64 after `whsec_` encodes (Standard Webhooks).
const stripeKeyOf = (secret: string): KeyObject => createSecretKey(Buffer.from(secret, "utf8"))
const standardKeyOf = (secret: string): KeyObject =>
  createSecretKey(Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, "base64"))

const signStripe = (key: KeyObject, timestamp: number, body: string): string =>
  `t=${timestamp},v1=${createHmac("sha256", key).update(`${timestamp}.${body}`).digest("hex")}`
const signStandard = (key: KeyObject, id: string, timestamp: number, body: string): string =>
  `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`

/** `Stripe-Signature`: `t=<unix>,v1=<hex HMAC-SHA256>` of `"<t>.<body>"`, keyed by the whole secret as UTF-8 (Stripe's scheme). */
export const stripeSignature = (secret: string, timestamp: number, body: string): string => signStripe(stripeKeyOf(secret), timestamp, body)

/**
 * `webhook-signature`: `v1,<base64 HMAC-SHA256>` of `"<id>.<timestamp>.<body>"`, keyed by the bytes the
 * base64 after `whsec_` encodes (Standard Webhooks).
 */
export const standardSignature = (secret: string, id: string, timestamp: number, body: string): string =>
  signStandard(standardKeyOf(secret), id, timestamp, body)

/** Signs the attempts of one endpoint: the headers of an attempt, from the event id, the timestamp and the body. */
export type Signer = (id: string, timestamp: number, body: string) => Record<string, string>

/**
 * A signer for `secrets` (one, or after a roll with a grace period the new and the old), whose keys are
 * prepared once (a batch signs many attempts per endpoint). With several, each scheme's header carries
 * a signature by each, as Stripe's does while an old secret expires (`t=…,v1=…,v1=…`; Standard
 * Webhooks' space-separated `v1,…`): a receiver holding either secret verifies the delivery.
 */
export const signer = (secrets: string | ReadonlyArray<string>): Signer => {
  const all = typeof secrets === "string" ? [secrets] : secrets
  const stripeKeys = all.map(stripeKeyOf)
  const standardKeys = all.map(standardKeyOf)
  return (id, timestamp, body) => {
    const stripeScheme = `t=${timestamp},${stripeKeys.map((key) => signStripe(key, timestamp, body).slice(`t=${timestamp},`.length)).join(",")}`
    return {
      "content-type": "application/json; charset=utf-8",
      "user-agent": "Till-Webhooks/0.1",
      "stripe-signature": stripeScheme,
      // the header earlier versions sent the same value under; receivers written for them keep working
      "till-signature": stripeScheme,
      "webhook-id": id,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": standardKeys.map((key) => signStandard(key, id, timestamp, body)).join(" ")
    }
  }
}

/** Every header of one delivery attempt. `id` is the event id, on which receivers deduplicate. */
export const headers = (secret: string, id: string, timestamp: number, body: string): Record<string, string> =>
  signer(secret)(id, timestamp, body)
