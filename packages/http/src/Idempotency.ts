/**
 * Idempotency keys (SPEC section 5) over the core's IdempotencyStore port: the first completed
 * response to a key is stored and replayed; other parameters with the same key, or the same key
 * while its first request runs, are refused. A response worth storing is one that did work;
 * anything else releases the key so a corrected retry can run.
 */
import { IdempotencyStore, type IdempotencyKey, nowSeconds, type Scope } from "@till/core"
import { Effect, Exit, Redacted } from "effect"
import { createHmac, createSecretKey, type KeyObject } from "node:crypto"
import { FingerprintKey } from "./FingerprintKey.ts"
import { IdempotencyInProgress, IdempotencyMismatch, InvalidIdempotencyKey } from "./HttpErrors.ts"
import * as SafeInput from "./SafeInput.ts"

/** Longest key accepted. */
export const MAX_KEY_LENGTH = 255

/** A finished response, as stored and replayed. */
export interface Outcome {
  readonly status: number
  readonly body: string
  readonly headers?: Readonly<Record<string, string>>
  /** Whether the request did work, so its response must be replayed to a retry. */
  readonly store: boolean
}

/**
 * The key of a request, checked: undefined when the request carries none. The key is stored, so it
 * passes the input rule too (Node's parser already refuses a NUL in a header; other servers may not).
 */
export const keyOf = (header: string | undefined): Effect.Effect<string | undefined, InvalidIdempotencyKey> =>
  header === undefined
    ? Effect.undefined
    : header.length === 0 || header.length > MAX_KEY_LENGTH
    ? Effect.fail(new InvalidIdempotencyKey({ length: header.length, reason: "length" }))
    : !SafeInput.isSafeText(header)
    ? Effect.fail(new InvalidIdempotencyKey({ length: header.length, reason: "characters" }))
    : Effect.succeed(header)

/**
 * Where a request's key lives (SPEC section 5). A secret key's requests use the account's key space;
 * a client secret's use one of the session's own, `<account>/<session id>`, which no account id can
 * equal (ids have no `/`). So the same key from the merchant and from a browser never replays or
 * blocks the other's response, and one session's browser never meets another's. The space rides in
 * the store's `account` field: the store needs no change.
 */
export const keyIn = (scope: Scope, clientSession: string | undefined, key: string): IdempotencyKey => ({
  account: clientSession === undefined ? scope.account : `${scope.account}/${clientSession}`,
  livemode: scope.livemode,
  key
})

/**
 * Parameters as one string that does not depend on key order or on the wire format: a JSON body
 * and the same form body (where every value is a string) give the same text.
 */
export const canonical = (value: unknown): string => {
  if (value === null || value === undefined) return "null"
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`
  if (typeof value === "object") {
    const record = value as Record<string, unknown>
    return `{${Object.keys(record).sort().map((k) => `${JSON.stringify(k)}:${canonical(record[k])}`).join(",")}}`
  }
  return JSON.stringify(String(value))
}

/**
 * HMAC-SHA256, under the installation's FingerprintKey, of method, path and canonical parameters: what
 * "the same request" means. Card data is part of the parameters, whole (number, CVC, expiry), so
 * another card with the same last four is another request; being keyed, a stored fingerprint cannot
 * be tested against guessed card numbers without the key. Synchronous `node:crypto` (Bun and Deno
 * have it too), since WebCrypto's HMAC is a round trip through the thread pool and every POST from
 * Stripe's client carries a key.
 */
export const fingerprint = (method: string, path: string, params: unknown): Effect.Effect<string> =>
  Effect.map(FingerprintKey, (key) => createHmac("sha256", keyObjectOf(key)).update(`${method} ${path}\n${canonical(params)}`).digest("hex"))

// Raw key bytes are made into a KeyObject on every createHmac call, which costs more than the HMAC of
// a request's parameters: each key's is made once.
const keyObjects = new WeakMap<Redacted.Redacted<Uint8Array>, KeyObject>()
const keyObjectOf = (key: Redacted.Redacted<Uint8Array>): KeyObject => {
  let made = keyObjects.get(key)
  if (made === undefined) {
    made = createSecretKey(Redacted.value(key))
    keyObjects.set(key, made)
  }
  return made
}

/** A stored response being replayed. */
export const replayed = (status: number, body: string): Outcome => ({
  status,
  body,
  headers: { "idempotent-replayed": "true" },
  store: false
})

/** Runs requests under idempotency keys; built once over the store. */
export const make = Effect.gen(function*() {
  const store = yield* IdempotencyStore

  /**
   * Runs `request` once for `key`. Once the key is claimed the request is not interrupted, and the
   * claim always ends: completed with the response if it did work, released otherwise (a defect
   * included, so a retry may run).
   */
  const run = <R>(
    key: IdempotencyKey,
    fingerprint: string,
    request: Effect.Effect<Outcome, never, R>
  ): Effect.Effect<Outcome, IdempotencyMismatch | IdempotencyInProgress, R> =>
    Effect.flatMap(nowSeconds, (now) => store.begin(key, fingerprint, now)).pipe(
      Effect.flatMap((begun): Effect.Effect<Outcome, IdempotencyMismatch | IdempotencyInProgress, R> => {
        switch (begun._tag) {
          case "Replay":
            return Effect.succeed(replayed(begun.response.status, begun.response.body))
          case "Mismatch":
            return Effect.fail(new IdempotencyMismatch({ key: key.key }))
          case "InProgress":
            return Effect.fail(new IdempotencyInProgress({ key: key.key }))
          case "Started":
            return Effect.uninterruptible(
              request.pipe(
                Effect.onExit((exit) =>
                  Exit.isSuccess(exit) && exit.value.store
                    ? Effect.flatMap(nowSeconds, (at) => store.complete(key, { status: exit.value.status, body: exit.value.body }, at))
                    : store.release(key)
                )
              )
            )
        }
      })
    )

  return { run } as const
})

/** The runner's shape. */
export type Idempotency = Effect.Success<typeof make>
