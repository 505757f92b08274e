/**
 * Stripe's request headers about whom and which version a call is for: `Stripe-Version` is checked
 * against the versions Till accepts and echoed on the answer, as Stripe does; `Stripe-Account` (Connect)
 * is refused, as Stripe refuses it for a key that is not a Connect platform's.
 */
import { API_VERSION, isSupportedApiVersion } from "@till/core"
import { Effect } from "effect"
import type { HttpServerRequest } from "effect/http"
import { HttpServerResponse } from "effect/http"
import { ConnectUnsupported, InvalidApiVersion } from "./HttpErrors.ts"

/** The response header that says which version answered. */
export const HEADER = "stripe-version"

/** The version a request is answered in: the one it names if Till accepts it, else Till's default. */
export const inForce = (request: HttpServerRequest.HttpServerRequest): string => {
  const named = request.headers[HEADER]
  return named !== undefined && isSupportedApiVersion(named) ? named : API_VERSION
}

/** Fails when the request names a version Till does not accept, or another account. */
export const check = (request: HttpServerRequest.HttpServerRequest): Effect.Effect<void, InvalidApiVersion | ConnectUnsupported> => {
  const named = request.headers[HEADER]
  if (named !== undefined && !isSupportedApiVersion(named)) return Effect.fail(new InvalidApiVersion({ version: named }))
  if (request.headers["stripe-account"] !== undefined) return Effect.fail(new ConnectUnsupported())
  return Effect.void
}

/** The answer with the version it was made in. */
export const echo = (response: HttpServerResponse.HttpServerResponse, version: string): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.setHeader(response, HEADER, version)
