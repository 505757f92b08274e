/**
 * Building blocks for request parameters. They accept what either wire format gives
 * (JSON numbers and booleans, or the strings of a form body) so every adapter decodes alike.
 */
import { Effect, Schema, SchemaGetter, SchemaIssue } from "effect"

const invalid = (message: string) => new SchemaIssue.InvalidValue({ message })

const INTEGER = /^-?\d+$/

/**
 * An integer in `[min, max]`, from a JSON number or a decimal string such as `"1200"`. Its JSON Schema
 * (and so the OpenAPI document) says `{ type: "integer", minimum, maximum }`: the string form is how form
 * bodies carry every field, not another type.
 */
export const Integer = (min: number, max: number) =>
  Schema.Union([Schema.Number, Schema.String]).pipe(
    // documents the union as the integer it decodes to; the decoding below does the checking
    Schema.check(Schema.makeFilter(() => undefined, { toJsonSchema: () => [{ type: "integer", minimum: min, maximum: max }, true] })),
    Schema.decodeTo(
      Schema.Number.pipe(
        Schema.check(
          Schema.makeFilter((n: number) =>
            !Number.isSafeInteger(n)
              ? `Expected an integer, got ${n}`
              : n < min || n > max
              ? `Expected an integer between ${min} and ${max}, got ${n}`
              : undefined
          )
        )
      ),
      {
        decode: SchemaGetter.transformEffect((v: number | string) =>
          typeof v === "number"
            ? Effect.succeed(v)
            : INTEGER.test(v.trim())
            ? Effect.succeed(Number(v.trim()))
            : Effect.fail(invalid(`Expected an integer, got ${JSON.stringify(v)}`))
        ),
        encode: SchemaGetter.transform((n: number) => n)
      }
    )
  )

/** A boolean, from JSON `true`/`false` or the strings `"true"`/`"false"`. */
export const Bool = Schema.Union([Schema.Boolean, Schema.String]).pipe(
  Schema.decodeTo(Schema.Boolean, {
    decode: SchemaGetter.transformEffect((v: boolean | string) =>
      typeof v === "boolean"
        ? Effect.succeed(v)
        : v === "true"
        ? Effect.succeed(true)
        : v === "false"
        ? Effect.succeed(false)
        : Effect.fail(invalid(`Expected true or false, got ${JSON.stringify(v)}`))
    ),
    encode: SchemaGetter.transform((b: boolean) => b)
  })
)

/** A string of `min..max` characters. */
export const Text = (min: number, max: number) =>
  Schema.String.pipe(
    Schema.check(
      Schema.makeFilter((s: string) =>
        s.length < min
          ? min === 1 ? "Expected a non-empty string" : `Expected at least ${min} characters`
          : s.length > max
          ? `Expected at most ${max} characters, got ${s.length}`
          : undefined
      )
    )
  )

/** Longest URL accepted anywhere (SPEC section 4). */
export const MAX_URL_LENGTH = 2048

/** Whether a string is an absolute http(s) URL of at most 2048 characters. */
export const isHttpUrl = (s: string): boolean => {
  if (s.length > MAX_URL_LENGTH) return false
  try {
    const url = new URL(s)
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== ""
  } catch {
    return false
  }
}

/** An absolute `http`/`https` URL of at most 2048 characters. */
export const Url = Schema.String.pipe(
  Schema.check(
    Schema.makeFilter((s: string) =>
      isHttpUrl(s) ? undefined : `Expected an absolute http or https URL of at most ${MAX_URL_LENGTH} characters`
    )
  )
)

/** Limits on `metadata` (SPEC section 4). */
export const METADATA_LIMITS = { keys: 50, keyLength: 40, valueLength: 500 } as const

/** Why a metadata record breaks the limits, or undefined. */
export const checkMetadata = (m: Readonly<Record<string, string>>): string | undefined => {
  const keys = Object.keys(m)
  if (keys.length > METADATA_LIMITS.keys) return `Expected at most ${METADATA_LIMITS.keys} keys, got ${keys.length}`
  for (const k of keys) {
    if (k.length === 0) return "Metadata keys must not be empty"
    if (k.length > METADATA_LIMITS.keyLength) return `Metadata key "${k.slice(0, 50)}" is longer than ${METADATA_LIMITS.keyLength} characters`
    if (m[k]!.length > METADATA_LIMITS.valueLength) return `Metadata value for "${k}" is longer than ${METADATA_LIMITS.valueLength} characters`
  }
  return undefined
}

/** A metadata value: strings, or numbers and booleans given in JSON, stored as strings as Stripe does. */
const MetadataValue = Schema.Union([Schema.String, Schema.Finite, Schema.Boolean]).pipe(
  Schema.decodeTo(Schema.String, {
    decode: SchemaGetter.transform((v: string | number | boolean) => String(v)),
    encode: SchemaGetter.transform((s: string) => s)
  })
)

/** A metadata record within the limits; on update an empty string value unsets a key. */
export const Metadata = Schema.Record(Schema.String, MetadataValue).pipe(
  Schema.check(Schema.makeFilter((m: Readonly<Record<string, string>>) => checkMetadata(m)))
)

/** An empty string in a form body means "unset", as with Stripe; for metadata it clears every key. */
export const MetadataOrEmpty = Schema.Union([Metadata, Schema.Literal("")])

/** A Unix timestamp in seconds. */
export const Timestamp = Integer(0, 253_402_300_799)
