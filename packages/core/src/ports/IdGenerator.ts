/**
 * Port: where new ids and secrets come from.
 */
import { Context, Effect, Layer } from "effect"
import { randomBase62 } from "../Ids.ts"

/** Port: where new ids and secrets come from. Tests swap in a deterministic one. */
export class IdGenerator extends Context.Service<IdGenerator, {
  /** A new id with the given prefix. */
  readonly make: (prefix: string) => Effect.Effect<string>
  /** `n` random bytes, for secrets that are not ids (webhook signing secrets). */
  readonly bytes: (n: number) => Effect.Effect<Uint8Array>
}>()("till/IdGenerator") {
  /** Ids from WebCrypto, which every runtime has, so this default needs no adapter. */
  static readonly layerRandom = Layer.succeed(IdGenerator, IdGenerator.of({
    make: (prefix) => Effect.sync(() => prefix + randomBase62()),
    bytes: (n) => Effect.sync(() => globalThis.crypto.getRandomValues(new Uint8Array(n)))
  }))
}

