/**
 * CORS for the client-secret routes (SPEC section 5). A merchant's page on another origin drives its
 * session with the client secret as a Bearer token, never with cookies, so any origin may call those
 * routes: `Access-Control-Allow-Origin: *`, which browsers never combine with credentials. Secret-key
 * routes answer no CORS at all, their preflight included, so a page that sends a secret key
 * cross-origin is stopped by the browser before the request leaves it.
 */
import { Effect } from "effect"
import { FindMyWay, type HttpMethod, HttpServerRequest, HttpServerResponse } from "effect/http"
import type { Route } from "./Endpoint.ts"
import * as RequestId from "./RequestId.ts"

/** Request headers a page may send: the credential, the body's type, an idempotency key, an API version. */
export const ALLOW_HEADERS = "authorization, content-type, idempotency-key, stripe-version"

/** Response headers a page may read besides the safelisted ones. */
export const EXPOSE_HEADERS = "request-id, idempotency-key, idempotent-replayed, stripe-version"

/** How long a browser may keep a preflight's answer: two hours, Chromium's cap. */
export const MAX_AGE_SECONDS = 7200

const METHODS: ReadonlyArray<HttpMethod.HttpMethod> = ["GET", "POST", "PUT", "PATCH", "DELETE"]

/** What every response of a cross-origin route carries. */
export const RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": EXPOSE_HEADERS
}

/**
 * The middleware, given the routes that browsers on other origins may call. It goes outside the
 * fallback, so even a 500 on such a route is readable by the page. It answers a preflight for one of
 * them itself (204, with its own request id, since the fallback never sees it); any other OPTIONS
 * request goes on to the fallback's 404 or 405, with no CORS headers.
 */
export const make = (routes: ReadonlyArray<Pick<Route, "method" | "path">>) => {
  const open = FindMyWay.make<true>()
  for (const route of routes) open.on(route.method, route.path as FindMyWay.PathInput, true)
  const allows = (method: string, url: string) => (METHODS as ReadonlyArray<string>).includes(method) && open.find(method as HttpMethod.HttpMethod, url) !== undefined

  const preflight = (url: string) =>
    HttpServerResponse.empty({
      status: 204,
      headers: {
        ...RESPONSE_HEADERS,
        "access-control-allow-methods": METHODS.filter((m) => allows(m, url)).join(", "),
        "access-control-allow-headers": ALLOW_HEADERS,
        "access-control-max-age": String(MAX_AGE_SECONDS),
        "request-id": RequestId.make()
      }
    })

  return <E, R>(
    app: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>
  ): Effect.Effect<HttpServerResponse.HttpServerResponse, E, R | HttpServerRequest.HttpServerRequest> =>
    Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => {
      if (request.method === "OPTIONS") {
        const asked = request.headers["access-control-request-method"]
        return asked !== undefined && allows(asked, request.url) ? Effect.succeed(preflight(request.url)) : app
      }
      return allows(request.method, request.url) ? Effect.map(app, HttpServerResponse.setHeaders(RESPONSE_HEADERS)) : app
    })
}
