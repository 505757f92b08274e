/**
 * A Till server on a real port (127.0.0.1, port 0), over the core's in-memory stores: what the
 * end-to-end tests and the Stripe suite run against here. apps/server provides the same
 * `SuiteServer` over PGlite and PostgreSQL.
 */
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import { Accounts } from "@till/core"
import * as Testing from "@till/core/testing"
import { Effect, Layer } from "effect"
import { HttpRouter, HttpServer } from "effect/http"
import { createServer } from "node:http"
import * as HttpApp from "../HttpApp.ts"
import { HostedPageBase } from "../HostedPageBase.ts"
import { CheckResponses } from "../ResponseCheck.ts"
import * as Wire from "../Wire.ts"
import { SuiteServer } from "./stripe/SuiteServer.ts"

/** `http://127.0.0.1:port` of a server listening there. */
export const urlOf = (server: HttpServer.HttpServer["Service"]): string => {
  const address = server.address
  if (address._tag === "UnixPathAddress") throw new Error("expected a TCP address")
  return `http://127.0.0.1:${address.port}`
}

/**
 * Serves the app on an ephemeral port of 127.0.0.1. Hosted pages and payment links live on that
 * server (so a browser can follow a session's `url`) unless the app is given another `HostedPageBase`.
 * Every success body is checked against its endpoint's schema (`CheckResponses`): a response the
 * contract does not describe answers 500, so every suite run against it fails on one.
 */
export const serverLayer = <E, R>(app: Layer.Layer<never, E, R>) =>
  Layer.unwrap(Effect.map(HttpServer.HttpServer, (server) =>
    HttpRouter.serve(
      app.pipe(Layer.provide(Layer.succeed(HostedPageBase, urlOf(server))), Layer.provide(Layer.succeed(CheckResponses, true))),
      { disableLogger: true, disableListenLog: true }
    ))).pipe(
      Layer.provideMerge(NodeHttpServer.layer(() => createServer(), { port: 0, host: "127.0.0.1" }))
    )

/** The server's address and two accounts' keys, once the server listens. */
export const describeServer = Effect.gen(function*() {
  const server = yield* HttpServer.HttpServer
  const accounts = yield* Accounts
  const address = server.address
  if (address._tag === "UnixPathAddress") return yield* Effect.die(new Error("expected a TCP address"))
  const port = address.port
  const main = yield* accounts.create("suite")
  const other = yield* accounts.create("other")
  return SuiteServer.of({
    host: "127.0.0.1",
    port,
    url: `http://127.0.0.1:${port}`,
    keys: { test: main.secret_keys.test, live: main.secret_keys.live, otherTest: other.secret_keys.test }
  })
})

/**
 * The in-memory server with its accounts; the use cases and stores stay in the output so a test
 * can inspect them. `overrides` replaces services of the app only (a failing store, a readiness check).
 */
export const inMemoryWith = <A>(overrides: Layer.Layer<A>) =>
  Layer.effect(SuiteServer, describeServer).pipe(
    Layer.provide(serverLayer(HttpApp.layer.pipe(Layer.provide(overrides)))),
    Layer.provideMerge(Testing.layerWith(Wire.EventSnapshotsLayer))
  )

/** The in-memory server as is. */
export const inMemory = inMemoryWith(Layer.empty)
