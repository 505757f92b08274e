/**
 * Till as the HTTP benchmark (bench/http.ts) runs it with `BENCH_TILL=layers` (by default it runs `till serve`): the API over PostgreSQL composed from the
 * server's own layers (apps/server/src/AppLayer.ts: `DatabaseLayer`, `DomainLayer`, `HttpLayer`), with the
 * server's configuration (`TillConfig`) and start-up (the default account, `TILL_SECRET_KEY`), listening on
 * 127.0.0.1 only. Nothing else runs in the process: no queue (stated: `NoOutbox.layer`), no worker, no
 * expiry sweep, so a request sends exactly the SQL of the repositories: the API's own cost, without the queue.
 * SIGTERM drains and exits 0, so `--cpu-prof` gets to write its profile.
 *
 *   DATABASE_URL=… PORT=… TILL_SECRET_KEY=sk_test_… node --conditions=@till/source bench/http-till.ts
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Cause, Console, Effect, Exit, Layer, Runtime } from "effect"
import { NoOutbox } from "@till/postgres/testing"
import * as AppLayer from "@till/server/AppLayer"
import { TillConfig } from "@till/server/Config"
import * as Startup from "@till/server/Startup"

const program = Effect.gen(function*() {
  const config = yield* TillConfig
  const domain = AppLayer.DomainLayer(config).pipe(Layer.provide(NoOutbox.layer), Layer.provideMerge(AppLayer.DatabaseLayer(config)))
  const app = AppLayer.HttpLayer(config, "127.0.0.1").pipe(Layer.provideMerge(domain))
  yield* Effect.gen(function*() {
    yield* Startup.ensureDefaultAccount(config)
    yield* Console.log(`Till (bench) is listening on ${config.publicUrl}`)
    return yield* Effect.never
  }).pipe(Effect.provide(app), Effect.scoped)
})

const teardown: Runtime.Teardown = (exit, onExit) =>
  Exit.isFailure(exit) && Cause.hasInterruptsOnly(exit.cause) ? onExit(0) : Runtime.defaultTeardown(exit, onExit)

program.pipe(Effect.provide(NodeServices.layer), NodeRuntime.runMain({ teardown }))
