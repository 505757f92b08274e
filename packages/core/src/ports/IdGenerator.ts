/**
 * Port: where new ids and secrets come from.
 */
import { Context, Effect, Layer } from "effect"
import { ordered, randomBase62 } from "../Ids.ts"

/**
 * Port: where new ids and secrets come from. Tests swap in a deterministic one. Object ids sort by
 * creation, so lists keyed on `(created, id)` are newest first within a second; secrets must not, so
 * that nothing about one can be learnt from an id or another secret.
 */
export class IdGenerator extends Context.Service<IdGenerator, {
  /** A new object id with the given prefix, sorting after every id this process made before it. */
  readonly make: (prefix: string) => Effect.Effect<string>
  /** A new secret with the given prefix (client secrets, payment link tokens, API keys): random only. */
  readonly secret: (prefix: string) => Effect.Effect<string>
  /** `n` random bytes, for secrets that are not ids (webhook signing secrets). */
  readonly bytes: (n: number) => Effect.Effect<Uint8Array>
}>()("till/IdGenerator") {
  /**
   * Randomness from WebCrypto, which every runtime has, so this default needs no adapter: ordered ids
   * (time, counter, 128 random bits) and wholly random secrets.
   */
  static readonly layerRandom = Layer.succeed(IdGenerator, IdGenerator.of({
    make: (prefix) => Effect.sync(() => prefix + ordered()),
    secret: (prefix) => Effect.sync(() => prefix + randomBase62()),
    bytes: (n) => Effect.sync(() => globalThis.crypto.getRandomValues(new Uint8Array(n)))
  }))
}

