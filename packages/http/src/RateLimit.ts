/**
 * Request rate limits (SPEC section 5): a token bucket per account and mode for secret-key requests,
 * and a stricter one per checkout session for requests authorized by its client secret (a browser
 * needs few; a page stuck in a loop, or someone who has the secret, must not take the merchant's
 * share). Buckets live in this process: several processes each allow the limit.
 */
import type { Scope } from "@till/core"
import { Context, Effect } from "effect"
import { RateLimited } from "./HttpErrors.ts"
import * as TokenBuckets from "./TokenBuckets.ts"

/** The two limits. */
export interface Settings {
  /** Per account and mode, for requests with a secret key. */
  readonly account: TokenBuckets.Limit
  /** Per checkout session, for requests with its client secret. */
  readonly client: TokenBuckets.Limit
}

/** Generous: a merchant's backend is limited only when it runs away; a browser gets several times what a page needs. */
export const DEFAULTS: Settings = {
  account: { perSecond: 1000, burst: 2000 },
  client: { perSecond: 10, burst: 30 }
}

/** Admits a request or refuses it with RateLimited. */
export interface RateLimiter {
  /**
   * Takes a token for an authenticated request: from its session's bucket when a client secret
   * authorized it (`clientSession`, as `Auth.authorize` answers), else from its account's.
   */
  readonly admit: (scope: Scope, clientSession: string | undefined) => Effect.Effect<void, RateLimited>
}

/** A limiter with its own buckets; `nowMs` is a monotonic clock in milliseconds. */
export const make = (settings: Settings, nowMs: () => number = () => performance.now()): RateLimiter => {
  const accounts = TokenBuckets.make(settings.account)
  const sessions = TokenBuckets.make(settings.client)
  return {
    admit: (scope, clientSession) =>
      Effect.suspend(() => {
        const decision = clientSession !== undefined
          ? sessions.take(clientSession, nowMs())
          : accounts.take(`${scope.account}:${scope.livemode ? "live" : "test"}`, nowMs())
        return decision.allowed
          ? Effect.void
          : Effect.fail(new RateLimited({ retryAfterSeconds: Math.max(1, Math.ceil(decision.retryAfterMs / 1000)) }))
      })
  }
}

/** The limiter the API uses; the default has {@link DEFAULTS}, the server provides one from its configuration. */
export const RateLimiter = Context.Reference<RateLimiter>("till/http/RateLimiter", { defaultValue: () => make(DEFAULTS) })
