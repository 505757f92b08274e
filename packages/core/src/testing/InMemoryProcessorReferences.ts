/**
 * In-memory ProcessorReferences, for tests and a connector used without a database.
 */
import { Effect, Layer, Option } from "effect"
import { ProcessorReferences, type ReferenceKey } from "../ports/ProcessorReferences.ts"

const keyOf = (at: ReferenceKey) => `${at.processor}\u0000${at.key}`

/** A fresh store. */
export const make = Effect.sync(() => {
  const values = new Map<string, string>()
  return ProcessorReferences.of({
    find: (at) => Effect.sync(() => Option.fromNullishOr(values.get(keyOf(at)))),
    put: (at, value) => Effect.sync(() => void values.set(keyOf(at), value)),
    putFirst: (at, value) =>
      Effect.sync(() => {
        const first = values.get(keyOf(at))
        if (first !== undefined) return first
        values.set(keyOf(at), value)
        return value
      })
  })
})

/** The store as a layer. */
export const layer = Layer.effect(ProcessorReferences, make)
