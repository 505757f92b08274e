/**
 * The events pages' routes (issue 15): `/dashboard/events` and `/dashboard/events/:id`, signed in.
 */
import type { Audit, EventLog, WebhookDeliveries } from "@till/core"
import { Effect } from "effect"
import type { HttpServerRequest, HttpServerResponse } from "effect/http"
import type { Route } from "../Endpoint.ts"
import * as EventPages from "./EventPages.ts"
import * as Frame from "./Frame.ts"
import * as SessionPages from "./SessionPages.ts"
import type { Viewer } from "./Viewer.ts"

/** How DashboardHttp makes a signed-in route. */
export type SignedIn = (
  method: "GET" | "POST",
  path: string,
  run: (viewer: Viewer, request: HttpServerRequest.HttpServerRequest, params: Readonly<Record<string, string | undefined>>, form: URLSearchParams) => Effect.Effect<HttpServerResponse.HttpServerResponse>
) => Route

const urlOf = (request: HttpServerRequest.HttpServerRequest) => new URL(request.url, "http://dashboard.invalid")

/** The events routes over the use cases. */
export const routes = (signedIn: SignedIn, events: EventLog["Service"], deliveries: WebhookDeliveries["Service"], audit: Audit["Service"]): ReadonlyArray<Route> => [
  signedIn("GET", "/dashboard/events", (viewer, request) =>
    Effect.map(EventPages.list(events, viewer, urlOf(request)), (answer) => Frame.respond(answer.status, answer.html))),
  signedIn("GET", "/dashboard/events/:id", (viewer, request, params) =>
    Effect.map(EventPages.detail(deliveries, audit, viewer, params.id ?? "", SessionPages.flashOf(viewer, urlOf(request))), (answer) =>
      Frame.respond(answer.status, answer.html)))
]
