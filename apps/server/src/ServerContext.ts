/**
 * The context requests start from. Effect keeps a context's additions (`provideService`) as a chain
 * of overlays over a base map, and copies the whole map into a new base once a chain is `maxDepth`
 * long (8 by default). A request adds about ten services (its request, scope, route, record, id,
 * and the use case's request context), so with the default every request copied the application's
 * map of about 64 services once: 13 % of the CPU of `GET /healthz` in a profile (`Context.addUnsafe`).
 * Serving from a base that allows a longer chain leaves requests with overlays alone; the base is
 * flattened once, when the server starts.
 */
import { Context, Effect, Layer } from "effect"
import { HttpServer } from "effect/http"

/** Overlays a request may add before its context is copied: room for every service a request adds. */
export const REQUEST_CONTEXT_DEPTH = 24

/** The HTTP server of the context, serving from a flattened copy of its context that allows {@link REQUEST_CONTEXT_DEPTH} overlays. */
export const layer: Layer.Layer<HttpServer.HttpServer, never, HttpServer.HttpServer> = Layer.effect(
  HttpServer.HttpServer,
  Effect.map(Effect.service(HttpServer.HttpServer), (server) =>
    HttpServer.make({
      address: server.address,
      serve: (app, middleware) =>
        Effect.updateContext(
          middleware === undefined ? server.serve(app) : server.serve(app, middleware),
          (context) => Context.makeUnsafe(context.mapUnsafe, { maxDepth: REQUEST_CONTEXT_DEPTH }) as typeof context
        )
    }))
)
