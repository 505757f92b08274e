/**
 * The Effect HTTP stack alone, for the HTTP floor benchmark (bench/floor.ts): the same `HttpRouter.serve`
 * over `NodeHttpServer` that `till serve` uses, with one route, `GET /healthz`, answering `{"status":"ok"}`.
 * No middleware, no contract, no services: what any Effect HTTP server pays per request before its own code.
 *
 *   node bench/floor/effect-server.ts   (started by bench/floor.ts; environment: PORT)
 */
import { createServer } from "node:http"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Effect, Layer } from "effect"
import { HttpRouter, HttpServerResponse } from "effect/http"

const port = Number(process.env["PORT"] ?? 4346)

const Routes = HttpRouter.use((router) => router.add("GET", "/healthz", Effect.succeed(HttpServerResponse.jsonUnsafe({ status: "ok" }))))

const Main = HttpRouter.serve(Routes, { disableLogger: true, disableListenLog: true }).pipe(
  Layer.provideMerge(NodeHttpServer.layer(createServer, { port }))
)

NodeRuntime.runMain(
  Layer.launch(Layer.merge(Main, Layer.effectDiscard(Effect.sync(() => process.stdout.write(`listening on ${port}\n`)))))
)
