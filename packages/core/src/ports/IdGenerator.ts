/**
 * Port: where new ids and secrets come from.
 */
import { Context, Effect, Layer } from "effect"
import { randomBase62 } from "../Ids.ts"

/** Port: where new ids and secrets come from. Tests swap in a deterministic one. */
export class IdGenerator extends Context.Service<IdGenerator, {
  /** A new id with the given prefix. */
  readonly make: (prefix: string) => Effect.Effect<string>
}>()("till/IdGenerator") {
  /** Ids from WebCrypto, which every runtime has, so this default needs no adapter. */
  static readonly layerRandom = Layer.succeed(IdGenerator, IdGenerator.of({ make: (prefix) => Effect.sync(() => prefix + randomBase62()) }))
}

