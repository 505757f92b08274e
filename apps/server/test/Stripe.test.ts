/**
 * The HTTP package's Stripe suite against the bundled app on the real databases: PGlite always,
 * PostgreSQL when TILL_TEST_DATABASE_URL names a server.
 */
import { Layer } from "effect"
import { HttpApp } from "@till/http"
import {
  brandingSuite,
  customersSuite,
  taxRatesSuite,
  promotionsSuite,
  shippingRatesSuite,
  describeServer,
  idempotencySuite,
  manualCaptureSuite,
  paymentLinksSuite,
  pricesSuite,
  productsSuite,
  refundsSuite,
  safeInputSuite,
  serverLayer,
  stripeSuite,
  SuiteServer,
  versionsSuite,
  webhookEndpointsSuite
} from "@till/http/testing"
import { hasPostgres, pgliteDb, postgresDb } from "@till/postgres/testing"
import { DomainLayer } from "../src/AppLayer.ts"
import { NoOutbox } from "@till/postgres/testing"
import { QueueSettings } from "@till/queue"
import { describe } from "@effect/vitest"
import type { Db } from "@till/postgres"
import { type Backend, stack } from "./webhooks/Stack.ts"

const over = (db: Layer.Layer<Db>) =>
  Layer.effect(SuiteServer, describeServer).pipe(
    Layer.provide(serverLayer(HttpApp.layer)),
    // the app without its queue: session writes enqueue nothing
    Layer.provideMerge(DomainLayer({ queue: QueueSettings.defaults }).pipe(Layer.provide(NoOutbox.layer))),
    Layer.provide(db)
  )

/** The app with the queue (session writes enqueue deliveries), and no worker. */
const queued = (backend: Backend) =>
  Layer.effect(SuiteServer, describeServer).pipe(Layer.provide(serverLayer(HttpApp.layer)), Layer.provideMerge(stack(backend, { workers: 0 })))

stripeSuite("stripe client against the app on PGlite", over(pgliteDb))
webhookEndpointsSuite("stripe client's webhook endpoints against the app with its queue on PGlite", queued("pglite"), { queued: true })
paymentLinksSuite("stripe client's payment links against the app on PGlite", over(pgliteDb))
safeInputSuite("the input rule against the app on PGlite", over(pgliteDb))
idempotencySuite("idempotency keys against the app on PGlite", over(pgliteDb))
versionsSuite("API versions and Stripe's request headers against the app on PGlite", over(pgliteDb))
productsSuite("stripe client's products against the app on PGlite", over(pgliteDb))
pricesSuite("stripe client's prices against the app on PGlite", over(pgliteDb))
customersSuite("stripe client's customers against the app with its queue on PGlite", queued("pglite"))
taxRatesSuite("stripe client's tax rates against the app on PGlite", over(pgliteDb))
promotionsSuite("stripe client's coupons and promotion codes against the app on PGlite", over(pgliteDb))
shippingRatesSuite("stripe client's shipping rates, custom fields and consent against the app on PGlite", over(pgliteDb))
manualCaptureSuite("stripe client's payment_intent_data and manual capture against the app on PGlite", over(pgliteDb))
refundsSuite("stripe client's charges and refunds against the app on PGlite", over(pgliteDb))
brandingSuite("stripe client's account and files against the app on PGlite", over(pgliteDb))

describe.runIf(hasPostgres)("on PostgreSQL", () => {
  stripeSuite("stripe client against the app on PostgreSQL", over(postgresDb()))
  webhookEndpointsSuite("stripe client's webhook endpoints against the app with its queue on PostgreSQL", queued("postgres"), { queued: true })
  paymentLinksSuite("stripe client's payment links against the app on PostgreSQL", over(postgresDb()))
  safeInputSuite("the input rule against the app on PostgreSQL", over(postgresDb()))
  idempotencySuite("idempotency keys against the app on PostgreSQL", over(postgresDb()))
  versionsSuite("API versions and Stripe's request headers against the app on PostgreSQL", over(postgresDb()))
  productsSuite("stripe client's products against the app on PostgreSQL", over(postgresDb()))
  pricesSuite("stripe client's prices against the app on PostgreSQL", over(postgresDb()))
  customersSuite("stripe client's customers against the app with its queue on PostgreSQL", queued("postgres"))
  taxRatesSuite("stripe client's tax rates against the app on PostgreSQL", over(postgresDb()))
  promotionsSuite("stripe client's coupons and promotion codes against the app on PostgreSQL", over(postgresDb()))
  shippingRatesSuite("stripe client's shipping rates, custom fields and consent against the app on PostgreSQL", over(postgresDb()))
  manualCaptureSuite("stripe client's payment_intent_data and manual capture against the app on PostgreSQL", over(postgresDb()))
  refundsSuite("stripe client's charges and refunds against the app on PostgreSQL", over(postgresDb()))
  brandingSuite("stripe client's account and files against the app on PostgreSQL", over(postgresDb()))
})
