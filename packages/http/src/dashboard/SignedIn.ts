/**
 * The shape of the dashboard's signed-in routes, for the modules that add routes of their own
 * (KeyRoutes, UserRoutes, AccountRoutes): DashboardHttp makes the routes, checking the login and, on a
 * POST, the CSRF token before `run` is called.
 */
import type { Effect } from "effect"
import type { HttpServerRequest, HttpServerResponse } from "effect/http"
import type { Route } from "../Endpoint.ts"
import type { Viewer } from "./Viewer.ts"

/** What a signed-in route does: the viewer, the request, the path's parameters and (on a POST) the form. */
export type Run = (
  viewer: Viewer,
  request: HttpServerRequest.HttpServerRequest,
  params: Readonly<Record<string, string | undefined>>,
  form: URLSearchParams
) => Effect.Effect<HttpServerResponse.HttpServerResponse>

/** Makes a signed-in route. */
export type SignedIn = (method: "GET" | "POST", path: string, run: Run) => Route

/** A request's URL, for its query. */
export const urlOf = (request: HttpServerRequest.HttpServerRequest): URL => new URL(request.url, "http://dashboard.invalid")
