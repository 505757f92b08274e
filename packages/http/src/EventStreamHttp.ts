/**
 * `GET /v1/events/stream` (a Till extension, what `till listen` reads): the account's events as they
 * happen, as Server-Sent Events. Authenticated by a secret key like the API; each event is one SSE
 * message whose `id` is the event id and whose data is the event as `GET /v1/events/:id` shows it. A
 * client that reconnects sends the last id it received (`Last-Event-ID`, or `?after=`), and the stream
 * resumes just past it: nothing between is lost, nothing before it is sent again. Without one it starts
 * with the events that commit from now on. `types` (comma-separated or `types[]=`) keeps those types.
 */
import { EventLog } from "@till/core"
import { Context, Effect, Stream } from "effect"
import { HttpServerRequest, HttpServerResponse } from "effect/http"
import * as Auth from "./Auth.ts"
import { failed, respond, type Route } from "./Endpoint.ts"
import * as Wire from "./Wire.ts"

/** Where the stream is served. */
export const STREAM_PATH = "/v1/events/stream"

/** How often an idle stream sends a comment, so proxies and clients see the connection alive. */
const KEEP_ALIVE_MS = 15_000

/**
 * Completes when the server begins to shut down: open streams end then, instead of holding the
 * graceful shutdown until its timeout. By default, never.
 */
export const StreamsClosing = Context.Reference<Effect.Effect<void>>("till/http/StreamsClosing", { defaultValue: () => Effect.never })

/** One event as an SSE message. */
const message = (e: ReturnType<typeof Wire.event>): string => `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`

/** The types asked for: `types=a,b`, `types[]=a`, `types[0]=a`, in any mix; undefined when none. */
const typesOf = (query: URLSearchParams): ReadonlyArray<string> | undefined => {
  const types = [...query.entries()]
    .filter(([key]) => /^types(\[\d*\])?$/.test(key))
    .flatMap(([, value]) => value.split(","))
    .map((t) => t.trim())
    .filter((t) => t !== "")
  return types.length === 0 ? undefined : types
}

/** The route, built once with the authenticator and the event log. */
export const route = Effect.gen(function*() {
  const auth = yield* Auth.make
  const events = yield* EventLog
  const closing = yield* StreamsClosing
  const handler: Route["handler"] = Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const { scope } = yield* auth.authorize(request.headers.authorization, "secret", undefined, { method: request.method, path: new URL(request.url, "http://till.invalid").pathname })
    const query = new URL(request.url, "http://localhost").searchParams
    const lastId = request.headers["last-event-id"] ?? query.get("after") ?? undefined
    const types = typesOf(query)
    const feed = yield* events.follow(scope, {
      ...(types === undefined ? {} : { types }),
      ...(lastId === undefined || lastId === "" ? {} : { after: lastId })
    })
    const body = Stream.succeed(": connected\n\n").pipe(
      Stream.concat(Stream.merge(
        Stream.map(feed, (e) => message(Wire.event(e))),
        Stream.map(Stream.tick(KEEP_ALIVE_MS), () => ": keep-alive\n\n"),
        { haltStrategy: "either" }
      )),
      Stream.interruptWhen(closing),
      Stream.encodeText
    )
    return HttpServerResponse.stream(body, {
      contentType: "text/event-stream",
      headers: { "cache-control": "no-cache", "x-accel-buffering": "no" }
    })
  }).pipe(Effect.catch((e) => Effect.succeed(respond(failed(e)))))
  return { method: "GET", path: STREAM_PATH, handler } satisfies Route
})
