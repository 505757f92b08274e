/**
 * The in-memory test server with the dashboard beside the API (`/dashboard`): users in memory, their
 * passwords hashed with the real scrypt hasher. `SuiteServer` gives its address and two accounts' keys.
 */
import { Accounts, DashboardAuth } from "@till/core"
import * as Testing from "@till/core/testing"
import { Effect, Layer } from "effect"
import * as DashboardHttp from "../dashboard/DashboardHttp.ts"
import * as Scrypt from "../dashboard/Scrypt.ts"
import * as HttpApp from "../HttpApp.ts"
import * as Wire from "../Wire.ts"
import { SuiteServer } from "./stripe/SuiteServer.ts"
import { describeServer, serverLayer } from "./TestServer.ts"

/** The dashboard's use case over in-memory users and the scrypt hasher, beside the core's use cases. */
export const dashboardDomain = DashboardAuth.layer.pipe(
  Layer.provideMerge(Layer.mergeAll(Testing.InMemoryDashboardUsers.layer, Scrypt.layer)),
  Layer.provideMerge(Testing.layerWith(Wire.EventSnapshotsLayer))
)

/** The API and the dashboard on one server, over fresh in-memory stores. */
export const withDashboard = Layer.effect(SuiteServer, describeServer).pipe(
  Layer.provide(serverLayer(Layer.mergeAll(HttpApp.layer, DashboardHttp.layer))),
  Layer.provideMerge(dashboardDomain)
)

/** The accounts of the suite server, by key (the dashboard binds merchant users to accounts). */
export const accountOfKey = (key: string) =>
  Effect.gen(function*() {
    const accounts = yield* Accounts
    const scope = yield* accounts.authenticate(key)
    if (scope._tag === "None") return yield* Effect.die(new Error("no such key"))
    return scope.value.account
  })
