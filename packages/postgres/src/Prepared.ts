/**
 * Statements compiled once. Kysely builds an operation tree and compiles it to text on every call;
 * for a statement whose text never changes (a lookup by key) that work is the same each time, so it
 * is done once, when the repository is made, and each call only swaps in its parameters.
 *
 * On PostgreSQL such a statement is also prepared on the server, once per connection, under a name
 * of its own (PgPool.ts sends it by name): PostgreSQL then parses it once, and plans it once when a
 * generic plan serves, instead of at every call. Only the texts registered here are named, so the
 * statements prepared on a connection are a fixed, small set (a statement whose text varies with its
 * input, such as a list's, is never named).
 */
import { type CompiledQuery, createQueryId } from "kysely"

/** At most this many texts are named; past it, statements are sent unnamed, as before. */
export const MAX_NAMED = 1024

const names = new Map<string, string>()

/** Names `sql` for preparing on the server (see above); answers whether it is named. */
export const register = (sql: string): boolean => {
  if (names.has(sql)) return true
  if (names.size >= MAX_NAMED) return false
  names.set(sql, `till_${names.size + 1}`)
  return true
}

/** The name a registered text is prepared under, or undefined for any other text. */
export const nameOf = (sql: string): string | undefined => names.get(sql)

/**
 * A statement compiled once (its parameters placeholders); each call answers it with `parameters` in
 * their place, in the order they appear in the text, ready for `executeQuery`.
 */
export const prepare = <R>(compiled: CompiledQuery<R>): (...parameters: ReadonlyArray<unknown>) => CompiledQuery<R> => {
  const count = compiled.parameters.length
  register(compiled.sql)
  return (...parameters) => {
    if (parameters.length !== count) throw new Error(`a prepared statement takes ${count} parameters, got ${parameters.length}`)
    return { ...compiled, parameters, queryId: createQueryId() }
  }
}
