/**
 * The check that the contract's response schemas describe exactly what is sent. Handlers write
 * wire objects directly (no encoder runs per response in production); with `CheckResponses` on,
 * as every test server has it, each success body is encoded through its endpoint's success schema,
 * strictly (a field the schema does not name is an error), and the JSON so encoded must be the JSON
 * sent. A mismatch is a defect: the request answers 500 and the test that made it fails.
 */
import { Context, Data, Effect, Schema } from "effect"
import { isDeepStrictEqual } from "node:util"

/** Whether responses are checked against their schemas; off by default, on in the test servers. */
export const CheckResponses = Context.Reference<boolean>("till/http/CheckResponses", { defaultValue: () => false })

/** A success body its endpoint's schema does not describe: a bug in the handler or in the schema. */
export class ResponseMismatch extends Data.TaggedError("ResponseMismatch")<{
  /** `METHOD /path` of the route. */
  readonly route: string
  readonly message: string
}> {}

const strict = { errors: "all", onExcessProperty: "error" } as const

/** A checker of one route's success bodies: fails with ResponseMismatch when the schema does not describe the value sent. */
export const checker = (route: string, schema: Schema.Top) => {
  const encode = Schema.encodeUnknownEffect(Schema.toCodecJson(schema as Schema.Codec<unknown, unknown>))
  return (value: unknown): Effect.Effect<void, ResponseMismatch> =>
    encode(value, strict).pipe(
      Effect.mapError((e) => new ResponseMismatch({ route, message: `${route}: the response does not encode through its schema: ${e.message}` })),
      Effect.flatMap((encoded) =>
        isDeepStrictEqual(encoded, JSON.parse(JSON.stringify(value)))
          ? Effect.void
          : Effect.fail(
            new ResponseMismatch({
              route,
              message: `${route}: the schema encodes ${JSON.stringify(encoded)} but the response sends ${JSON.stringify(value)}`
            })
          )
      )
    )
}
