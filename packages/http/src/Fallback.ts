/**
 * The outermost middleware: gives every request its id, answers what no route answered (unknown
 * path 404, known path with another method 405) and turns defects into a 500 that names the
 * request and nothing else, so every response is a Stripe error envelope with `Request-Id`. A defect
 * that says the database is unavailable (core's StoreUnavailable) is a 503 with `Retry-After` instead:
 * the request may succeed in a moment, and clients retry a 503.
 */
import { isStoreUnavailable, type StoreUnavailable } from "@till/core"
import { Cause, Effect, Option } from "effect"
import { FindMyWay, HttpServerError, HttpServerRequest, HttpServerResponse } from "effect/http"
import { pathOf } from "./BodyParser.ts"
import type { Route } from "./Endpoint.ts"
import { defect, type Mapped, toMapped } from "./ErrorMapping.ts"
import { MethodNotAllowed, RouteNotFound } from "./HttpErrors.ts"
import * as RequestId from "./RequestId.ts"
import * as RequestLog from "./RequestLog.ts"

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const

const toResponse = (mapped: Mapped) =>
  HttpServerResponse.text(JSON.stringify(mapped.body), {
    status: mapped.status,
    contentType: "application/json",
    ...(mapped.headers === undefined ? {} : { headers: mapped.headers })
  })

const isRouteNotFound = (e: unknown): boolean =>
  HttpServerError.isHttpServerError(e) && e.reason._tag === "RouteNotFound"

/** The StoreUnavailable among the defects of `cause`, if any. */
export const storeUnavailableOf = (cause: Cause.Cause<unknown>): StoreUnavailable | undefined => {
  for (const reason of cause.reasons) {
    if (Cause.isDieReason(reason) && isStoreUnavailable(reason.defect)) return reason.defect
  }
  return undefined
}

/** The middleware, given every route the router serves (so it can tell 404 from 405). */
export const make = (routes: ReadonlyArray<Pick<Route, "method" | "path">>) => {
  const known = FindMyWay.make<true>()
  for (const route of routes) known.on(route.method, route.path as FindMyWay.PathInput, true)

  const unmatched = (request: HttpServerRequest.HttpServerRequest) => {
    const path = pathOf(request.url).slice(0, 200)
    const allow = METHODS.filter((m) => known.find(m, request.url) !== undefined)
    return toMapped(
      allow.length === 0
        ? new RouteNotFound({ method: request.method, path })
        : new MethodNotAllowed({ method: request.method, path, allow })
    )
  }

  return <E, R>(
    app: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>
  ): Effect.Effect<HttpServerResponse.HttpServerResponse, E, R | HttpServerRequest.HttpServerRequest> =>
    Effect.withFiber((fiber) => {
      const requestId = RequestId.make()
      const record = fiber.getRef(RequestLog.CurrentRequest)
      if (record !== undefined) record.requestId = requestId
      return app.pipe(
        Effect.provideService(RequestId.CurrentRequestId, requestId),
        Effect.catchCause((cause) => {
          // a client that went away gets no answer; let the server see the interruption
          if (Cause.hasInterruptsOnly(cause)) return Effect.failCause(cause)
          const error = Cause.findErrorOption(cause)
          if (Option.isSome(error) && isRouteNotFound(error.value)) {
            return Effect.map(HttpServerRequest.HttpServerRequest, (request) => toResponse(unmatched(request)))
          }
          const unavailable = storeUnavailableOf(cause)
          if (unavailable !== undefined) {
            // expected during an outage, and one per request: the message, not the whole cause
            return Effect.logWarning("request failed: the database is unavailable", unavailable.message).pipe(
              Effect.annotateLogs({ request_id: requestId }),
              Effect.as(toResponse(toMapped(unavailable)))
            )
          }
          return Effect.logError("request failed", cause).pipe(
            Effect.annotateLogs({ request_id: requestId }),
            Effect.as(toResponse(defect(requestId)))
          )
        }),
        Effect.map(HttpServerResponse.setHeader("request-id", requestId))
      )
    })
}
