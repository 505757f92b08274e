/**
 * What the dashboard's route modules share with DashboardHttp: the shape of its `signedIn` route
 * maker (a route run with the viewer, after the login and CSRF checks), and a request's URL.
 */
import type { Effect } from "effect"
import type { HttpServerRequest, HttpServerResponse } from "effect/http"
import type { Route } from "../Endpoint.ts"
import type { Viewer } from "./Viewer.ts"

/** What a signed-in route runs: the viewer, the request, its path parameters and (for a POST) its form. */
export type SignedInRun = (
  viewer: Viewer,
  request: HttpServerRequest.HttpServerRequest,
  params: Readonly<Record<string, string | undefined>>,
  form: URLSearchParams
) => Effect.Effect<HttpServerResponse.HttpServerResponse>

/** DashboardHttp's maker of signed-in routes: without a login, the sign-in page; a POST without the CSRF token, 403. */
export type SignedIn = (method: "GET" | "POST", path: string, run: SignedInRun) => Route

/** A request's URL, parsed (the host is irrelevant: only the path and query are read). */
export const urlOf = (request: HttpServerRequest.HttpServerRequest): URL => new URL(request.url, "http://dashboard.invalid")
