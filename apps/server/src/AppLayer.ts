/**
 * Where the layers are composed: the database, the repositories over it, the use cases over those,
 * and the HTTP server over the use cases. Nothing else in the codebase wires adapters together.
 */
import { NodeHttpServer } from "@effect/platform-node"
import {
  Accounts,
  CheckoutSessions,
  EventLog,
  HostedPageBase,
  IdGenerator,
  PaymentLinks,
  TestPaymentProcessor,
  WebhookEndpoints
} from "@till/core"
import { HttpApp, Readiness } from "@till/http"
import { Connection, Db, Repositories } from "@till/postgres"
import { Effect, Layer, Option } from "effect"
import { HttpRouter } from "effect/http"
import { sql } from "kysely"
import { createServer } from "node:http"
import type { TillConfig } from "./Config.ts"

/** The database the configuration names: PostgreSQL at `DATABASE_URL`, else PGlite in `TILL_DATA_DIR`. */
export const DatabaseLayer = (config: TillConfig) =>
  Connection.layer({ databaseUrl: Option.getOrUndefined(config.databaseUrl), dataDir: config.dataDir })

/** The use cases over the repositories of a database. The test processor is the only one that ships. */
export const DomainLayer = Layer.mergeAll(PaymentLinks.layer, WebhookEndpoints.layer).pipe(
  Layer.provideMerge(Layer.mergeAll(CheckoutSessions.layer, Accounts.layer, EventLog.layer)),
  Layer.provideMerge(Layer.mergeAll(Repositories.layer, TestPaymentProcessor.layer, IdGenerator.layerRandom))
)

/** `/readyz` answers ready while the database answers a trivial query. */
const ReadinessLayer = Layer.effect(
  Readiness,
  Effect.gen(function*() {
    const db = yield* Db
    return { check: Effect.promise(() => sql`select 1`.execute(db.kysely)) }
  })
)

/** The HTTP server on `config.port`, serving the whole API. */
export const HttpLayer = (config: TillConfig, host?: string) =>
  HttpRouter.serve(HttpApp.layer, { disableLogger: true, disableListenLog: true }).pipe(
    Layer.provide(ReadinessLayer),
    Layer.provide(Layer.succeed(HostedPageBase, config.publicUrl)),
    Layer.provideMerge(NodeHttpServer.layer(createServer, { port: config.port, ...(host === undefined ? {} : { host }) }))
  )
