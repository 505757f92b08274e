/**
 * Deterministic ids for tests that compare exact values: `cs_test_000001`, `evt_000002`, ...
 */
import { Effect, Layer } from "effect"
import { IdGenerator } from "../ports/IdGenerator.ts"

/** Ids from one counter, in order of creation. */
export const layer = Layer.effect(
  IdGenerator,
  Effect.sync(() => {
    let n = 0
    return IdGenerator.of({
      make: (prefix) => Effect.sync(() => `${prefix}${String(++n).padStart(6, "0")}`),
      secret: (prefix) => Effect.sync(() => `${prefix}${String(++n).padStart(6, "0")}`),
      bytes: (size) => Effect.sync(() => new Uint8Array(size).fill(++n % 256))
    })
  })
)
