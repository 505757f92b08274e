/**
 * The check that the contract's response schemas describe exactly what is sent. Handlers write
 * wire objects directly (no encoder runs per response in production); with `CheckResponses` on,
 * as every test server has it, each success body is encoded through its endpoint's success schema,
 * strictly (a field the schema does not name is an error), and the JSON so encoded must be the JSON
 * sent. An error must have a status the endpoint declares, and its body must be Stripe's envelope
 * as `ErrorBody` describes it. A mismatch is a defect: the request answers 500 and the test that
 * made it fails.
 */
import { Context, Data, Effect, Schema } from "effect"
import { HttpApi, HttpApiGroup } from "effect/http-api"
import { isDeepStrictEqual } from "node:util"
import { ErrorBody } from "./Responses.ts"

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

const ErrorEnvelope = Schema.Struct({ error: ErrorBody })

/** The statuses an endpoint declares: its success's and its errors'. */
export const statusesOf = (endpoint: unknown): ReadonlySet<number> => {
  const statuses = new Set<number>()
  const api = HttpApi.make("check").add(HttpApiGroup.make("check").add(endpoint as never))
  HttpApi.reflect(api, {
    onGroup: () => {},
    onEndpoint: ({ errors, successes }) => {
      for (const status of [...successes.keys(), ...errors.keys()]) statuses.add(status)
    }
  })
  return statuses
}

/**
 * A checker of one route's errors: the status must be one the endpoint declares (`statuses`), and
 * the body Stripe's envelope as `ErrorBody` describes it.
 */
export const errorChecker = (route: string, statuses: ReadonlySet<number>) => {
  const envelope = checker(route, ErrorEnvelope)
  return (status: number, body: unknown): Effect.Effect<void, ResponseMismatch> =>
    statuses.has(status) ? envelope(body) : Effect.fail(
      new ResponseMismatch({ route, message: `${route}: answers ${status}, which the contract does not declare (${[...statuses].join(", ")})` })
    )
}
