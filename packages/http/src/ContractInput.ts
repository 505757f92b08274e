/**
 * How the contract declares an endpoint's parameters so that the server decodes them with the very
 * schema the contract documents. HttpApi endpoints keep their payload and query schemas wrapped in
 * codecs (JSON, string tree) meant for its own flat decoding; the server parses bracket notation
 * itself and decodes strictly with the schema as written. So each parameter schema is declared
 * through `query` or `body`, which mark it with itself, and the pipeline reads the mark back
 * (`declared`): the schema is stated once, in the contract.
 */
import type { Schema } from "effect"
import { HttpApiSchema } from "effect/http-api"

const DECLARED = "till/http/declaredInput"

const mark = <S extends Schema.Top>(schema: S): S => schema.annotate({ [DECLARED]: schema }) as S

/** A query string's parameters (GET, DELETE), in bracket notation. */
export const query = mark

/** Body of a POST: JSON or form-encoded with bracket notation, the same fields either way. */
export const body = <S extends Schema.Top>(schema: S) => {
  const marked = mark(schema)
  return [marked, marked.pipe(HttpApiSchema.asFormUrlEncoded())] as const
}

/** The schema a payload or query schema of the contract was declared with, or undefined when it was not declared through this module. */
export const declared = (schema: Schema.Top): Schema.Top | undefined => {
  const value = schema.ast.annotations?.[DECLARED]
  return value === undefined ? undefined : value as Schema.Top
}
