/**
 * Port: idempotency records (SPEC section 5): the first completed response to a key, kept 24 hours.
 */
import { Context, type Effect } from "effect"

/** How long a completed response is replayed, in seconds. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60

/** How long a started request may hold its key before a retry may take it over (its process died). */
export const IDEMPOTENCY_LOCK_SECONDS = 60

/** A stored response. */
export interface StoredResponse {
  readonly status: number
  readonly body: string
}

/** What a new request with a key finds. */
export type BeginResult =
  /** The key is new (or its record expired): this request runs and owns it. */
  | { readonly _tag: "Started" }
  /** A request with the same parameters completed: replay its response. */
  | { readonly _tag: "Replay"; readonly response: StoredResponse }
  /** A request with the same key is still running. */
  | { readonly _tag: "InProgress" }
  /** The key was used with other parameters. */
  | { readonly _tag: "Mismatch" }

/** Identifies one key: keys are per key space and mode. */
export interface IdempotencyKey {
  /**
   * The key space: an account id, or a narrower space of that account's (the HTTP adapter keeps the
   * requests a session's client secret authorizes in `<account>/<session id>`). Stores compare it as text.
   */
  readonly account: string
  readonly livemode: boolean
  readonly key: string
}

/**
 * A key claimed by the very write its request makes, with the response already stored
 * (SessionRepository.insertAnswered): one commit holds the work, the claim and the answer, so a crash
 * leaves either all three (a retry replays) or none (a retry runs).
 */
export interface AnsweredKey {
  readonly key: IdempotencyKey
  readonly fingerprint: string
  readonly now: number
  readonly response: StoredResponse
}

/** Port: claims, completes and releases idempotency keys. Claims must be atomic across processes. */
export class IdempotencyStore extends Context.Service<IdempotencyStore, {
  /** Claims `key` for a request whose method, path and parameters hash to `fingerprint`. */
  readonly begin: (key: IdempotencyKey, fingerprint: string, now: number) => Effect.Effect<BeginResult>
  /** Stores the response of the request that owns `key`. */
  readonly complete: (key: IdempotencyKey, response: StoredResponse, now: number) => Effect.Effect<void>
  /** Drops an unfinished claim, when the request was not worth storing (it failed validation). */
  readonly release: (key: IdempotencyKey) => Effect.Effect<void>
  /** Deletes records no request can use any more (completed past the TTL, abandoned past the lock); answers how many. */
  readonly purgeExpired: (now: number) => Effect.Effect<number>
}>()("till/IdempotencyStore") {}
