/**
 * The rule every stored JSON document follows: a key added later is optional on read and takes a
 * default, and keys the reader does not know are ignored. So adding a field never breaks reading a
 * row written before it, and a row written by a newer version still reads on an older one.
 */
import { Effect, Schema } from "effect"

/** A document key that rows written before it existed lack: decoded from `fallback` when absent. */
export const withDefault = <S extends Schema.Top>(schema: S, fallback: S["Encoded"]) =>
  schema.pipe(Schema.withDecodingDefaultKey(Effect.succeed(fallback)))

/**
 * The version of the documents this code writes, stamped as `v`. 1 (no `v`): the wire objects as they
 * were sent, up to issue 9; 2: the domain's fields that no column holds.
 */
export const DOCUMENT_VERSION = 2

/** The `v` of a document; a document without one is version 1. */
export const documentVersion = withDefault(Schema.Number, 1)
