/**
 * Countries: ISO 3166-1 alpha-2 codes.
 */
import { Schema, SchemaGetter } from "effect"
import { COUNTRY_CODES } from "./AddressRules.ts"

const CODES: ReadonlySet<string> = new Set(COUNTRY_CODES)

/** Whether a code (any case) is an officially assigned ISO 3166-1 alpha-2 country code. */
export const isCountry = (code: string): boolean => CODES.has(code.toUpperCase())

/** A country code: accepted in any case, decoded to upper case, unassigned codes rejected. */
export const Country = Schema.String.pipe(
  Schema.decodeTo(
    Schema.String.pipe(
      Schema.check(Schema.makeFilter((s: string) => isCountry(s) || `Unknown country "${s}": expected an ISO 3166-1 alpha-2 code`))
    ),
    { decode: SchemaGetter.toUpperCase(), encode: SchemaGetter.transform((s: string) => s) }
  )
)
