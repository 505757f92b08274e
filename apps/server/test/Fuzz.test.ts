/**
 * The HTTP package's OpenAPI fuzz suite against the bundled app on the real databases: PGlite
 * always, PostgreSQL when TILL_TEST_DATABASE_URL names a server. Here hostile values reach SQL (a
 * NUL byte, which PostgreSQL refuses in text, or a lone surrogate), which the in-memory stores never show.
 */
import { describe } from "@effect/vitest"
import { HttpApp } from "@till/http"
import type { Db } from "@till/postgres"
import { Layer } from "effect"
import { describeServer, openApiFuzz, serverLayer, SuiteServer } from "@till/http/testing"
import { hasPostgres, pgliteDb, postgresDb } from "@till/postgres/testing"
import { DomainLayer } from "../src/AppLayer.ts"
import { NoOutbox } from "@till/postgres/testing"
import { QueueSettings } from "@till/queue"

const over = (db: Layer.Layer<Db>) =>
  Layer.effect(SuiteServer, describeServer).pipe(
    Layer.provide(serverLayer(HttpApp.layer)),
    // the app without its queue: session writes enqueue nothing
    Layer.provideMerge(DomainLayer({ queue: QueueSettings.defaults }).pipe(Layer.provide(NoOutbox.layer))),
    Layer.provide(db)
  )

// About 1,200 requests each: 4-5 s per database on an idle 2-core machine, 17 s on PGlite at a load average of 13.
const options = { random: 8, budget: 300_000 }

openApiFuzz("fuzzing every route of /openapi.json, on PGlite", over(pgliteDb), options)

describe.runIf(hasPostgres)("on PostgreSQL", () => {
  openApiFuzz("fuzzing every route of /openapi.json, on PostgreSQL", over(postgresDb()), options)
})
