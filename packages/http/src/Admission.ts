/**
 * Admission: this process handles at most `MaxInFlight` requests at once; one past that is refused at
 * once (503 `api_error` with `Retry-After`) before any work is done for it, instead of waiting behind
 * the others. The database's own bounds (a pool, an acquire timeout) cannot do this alone: on the
 * embedded database one connection serializes everything on the same thread that parses requests, so
 * a burst of ten thousand would otherwise each wait their turn for over a minute. `/healthz` is always
 * admitted, so a busy process is not taken for a dead one.
 */
import { Context, Effect } from "effect"
import { HttpServerRequest, type HttpServerResponse } from "effect/http"
import { pathOf } from "./BodyParser.ts"
import { failed, respond } from "./Endpoint.ts"
import { Overloaded } from "./HttpErrors.ts"

/** How many requests one process handles at once (`TILL_MAX_IN_FLIGHT`). */
export const MaxInFlight = Context.Reference<number>("till/http/MaxInFlight", { defaultValue: () => DEFAULT_MAX_IN_FLIGHT })

/** Enough for any one merchant's traffic on one process; each admitted request still waits at most the database's bounds. */
export const DEFAULT_MAX_IN_FLIGHT = 256

const ALWAYS_ADMITTED = new Set(["/healthz"])

/** The middleware: counts requests in flight and answers one past `limit` itself, through the error table. */
export const make = (limit: number) => {
  let inFlight = 0
  const refusal = respond(failed(new Overloaded({ limit })))
  return <E, R>(
    app: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>
  ): Effect.Effect<HttpServerResponse.HttpServerResponse, E, R | HttpServerRequest.HttpServerRequest> =>
    Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) =>
      ALWAYS_ADMITTED.has(pathOf(request.url))
        ? app
        : Effect.suspend(() => {
          if (inFlight >= limit) return Effect.succeed(refusal)
          // nothing yields between the count and the finalizer that undoes it
          inFlight++
          return Effect.ensuring(app, Effect.sync(() => void inFlight--))
        }))
}
