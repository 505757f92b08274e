/**
 * Statements compiled once. Kysely builds an operation tree and compiles it to text on every call;
 * for a statement whose text never changes (a lookup by key) that work is the same each time, so it
 * is done once, when the repository is made, and each call only swaps in its parameters.
 */
import { type CompiledQuery, createQueryId } from "kysely"

/**
 * A statement compiled once (its parameters placeholders); each call answers it with `parameters` in
 * their place, in the order they appear in the text, ready for `executeQuery`.
 */
export const prepare = <R>(compiled: CompiledQuery<R>): (...parameters: ReadonlyArray<unknown>) => CompiledQuery<R> => {
  const count = compiled.parameters.length
  return (...parameters) => {
    if (parameters.length !== count) throw new Error(`a prepared statement takes ${count} parameters, got ${parameters.length}`)
    return { ...compiled, parameters, queryId: createQueryId() }
  }
}
