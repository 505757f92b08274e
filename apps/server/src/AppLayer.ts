/**
 * Where the layers are composed: the database, the repositories over it, the use cases over those,
 * the queue beside them, and the HTTP server and the worker over the use cases. Nothing else in the
 * codebase wires adapters together, and `layer` is the one composition of the use cases that the
 * commands run: `serve` and `worker` put the HTTP server and the worker over it, `accounts create` uses
 * it alone, `migrate` needs only its database.
 */
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import {
  AccountProfiles,
  Accounts,
  Audit,
  Files,
  AttemptTimeout,
  Catalog,
  Charges,
  CheckoutSessions,
  Customers,
  EmbeddedCheckout,
  DashboardAuth,
  TaxRates,
  Promotions,
  ShippingRates,
  EventLog,
  IdGenerator,
  PaymentLinks,
  Receipts,
  AesGcmCipher,
  AllowProcessorBaseUrl,
  type ProcessorConnector,
  ProcessorConnectors,
  ProcessorNotifications,
  ProcessorRouter,
  ProcessorSettings,
  WebhookDeliveries,
  WebhookEndpoints
} from "@till/core"
import { Admission, DashboardHttp, DashboardScrypt, EventStreamHttp, FingerprintKey, HostedPageBase, HttpApp, RateLimit, Readiness, ReceiptEmail, RequestLog, Wire } from "@till/http"
import { Connection, Db, DeliveryResendSink, InstallationSecrets, ProcessorReferencesPg, Repositories, SessionEventSink, WebhookDeliveryRepositoryPg } from "@till/postgres"
import { Boss, type QueueSettings, ReceiptMail, WebhookTargets, Worker, WriteHook } from "@till/queue"
import { Duration, Effect, Layer, Option, Redacted } from "effect"
import { HttpRouter } from "effect/http"
import { sql } from "kysely"
import { createServer } from "node:http"
import type { TillConfig } from "./Config.ts"
import * as Admin from "./Admin.ts"
import * as Connectors from "./Connectors.ts"
import * as Logging from "./Logging.ts"
import * as Metrics from "./Metrics.ts"
import * as ServerContext from "./ServerContext.ts"
import * as Sweeper from "./Sweeper.ts"
import * as Tracing from "./Tracing.ts"

/**
 * The database the configuration names: PostgreSQL at `DATABASE_URL`, else PGlite in `TILL_DATA_DIR`,
 * with the configured pool size and timeouts.
 */
export const DatabaseLayer = (config: Pick<TillConfig, "databaseUrl" | "dataDir" | "database">) =>
  Connection.layer({ databaseUrl: Option.getOrUndefined(config.databaseUrl), dataDir: config.dataDir, ...config.database })

/**
 * The use cases over the repositories of a database, their events frozen in the API's shape (under
 * `publicUrl`, as the API shows them; the default base without it). The test processor is the only one
 * that ships; its ledger lives in the same database, beside the repositories. Webhook targets
 * (`TILL_WEBHOOK_ALLOW_PRIVATE`) check endpoint URLs here and stay in the output for the worker. The
 * session repository needs a SessionEventSink: {@link QueueSinkLayer} in the server.
 */
export const DomainLayer = (config: {
  readonly queue: Pick<QueueSettings.QueueSettings, "allowPrivate">
  readonly publicUrl?: string
  /** Processor settings: the encryption key of credentials (none: none stored), whether `base_url` may be set, the connectors offered (Connectors.make's by default). */
  readonly processors?: {
    readonly encryptionKey: Option.Option<Redacted.Redacted<string>>
    readonly allowBaseUrl: boolean
    readonly connectors?: ReadonlyArray<ProcessorConnector>
  }
}) => {
  // the connectors offered: the configured ones, else Connectors.make's; one layer value, so the domain
  // and the asset route's client files share one build of it
  const connectors = config.processors?.connectors !== undefined
    ? Layer.succeed(ProcessorConnectors, config.processors.connectors)
    : Layer.effect(ProcessorConnectors, Connectors.make).pipe(Layer.provide(ProcessorReferencesPg.layer))
  return ProcessorNotifications.layer.pipe(Layer.provideMerge(Layer.mergeAll(PaymentLinks.layer, WebhookEndpoints.layer, WebhookDeliveries.layer, Catalog.layer, Customers.layer, Charges.layer, EmbeddedCheckout.layer, Receipts.layer, DashboardAuth.layer, Audit.layer).pipe(
    Layer.provideMerge(
      Layer.mergeAll(CheckoutSessions.layer, Accounts.layer, EventLog.layer, TaxRates.layer, Promotions.layer, AccountProfiles.layer, Files.layer, ShippingRates.layer)
    ),
    Layer.provideMerge(
      Layer.mergeAll(
        // each account and mode's connector by its settings; the test processor without any
        Metrics.metered(ProcessorRouter.layer),
        IdGenerator.layerRandom,
        // dashboard passwords: scrypt (issue 15)
        DashboardScrypt.layer,
        config.publicUrl === undefined
          ? Wire.EventSnapshotsLayer
          : Wire.EventSnapshotsLayer.pipe(Layer.provide(Layer.succeed(HostedPageBase, config.publicUrl))),
        WebhookTargets.layer(config.queue.allowPrivate)
      )
    ),
    Layer.provideMerge(Layer.mergeAll(ProcessorSettings.layer, ProcessorSettings.configsLayer)),
    Layer.provideMerge(AesGcmCipher.layer(Option.getOrUndefined(config.processors?.encryptionKey ?? Option.none()))),
    Layer.provideMerge(Repositories.layer)
  )), Layer.provide(Layer.mergeAll(connectors, Layer.succeed(AllowProcessorBaseUrl, config.processors?.allowBaseUrl ?? false))),
  // the connectors' client files, which the hosted page's asset route serves
  Layer.merge(Connectors.clientFilesLayer.pipe(Layer.provide(connectors))))
}

/** The settings the use cases read at call time: where hosted pages live, when an attempt is reconciled. */
export const SettingsLayer = (config: TillConfig) =>
  Layer.mergeAll(Layer.succeed(HostedPageBase, config.publicUrl), Layer.succeed(AttemptTimeout, config.reconcileSeconds))

/**
 * pg-boss on the application's database, with the configured queue settings: its own pool on the
 * PostgreSQL server at `databaseUrl`, or the process's PGlite instance.
 */
export const BossLayer = (config: Pick<TillConfig, "databaseUrl" | "queue">): Layer.Layer<Boss.Boss, never, Db> =>
  Layer.unwrap(Effect.gen(function*() {
    const db = yield* Db
    if (db.backend === "pglite" && db.pglite !== null) return Boss.layer({ backend: "pglite", pglite: db.pglite }, config.queue)
    if (Option.isNone(config.databaseUrl)) return yield* Effect.die(new Error("a PostgreSQL database needs its URL for the queue"))
    return Boss.layer({ backend: "postgres", connectionString: config.databaseUrl.value }, config.queue)
  }))

/**
 * The session event sink of the server: each write's events (or each batch of the expiry sweep's) fan
 * out to deliveries, whose jobs are enqueued in its transaction.
 */
export const QueueSinkLayer: Layer.Layer<SessionEventSink, never, Boss.Boss> = Layer.effect(
  SessionEventSink,
  // the queue's work is the events' deliveries (a create has none), so a write without events stays one statement
  Effect.map(Boss.Boss, (boss) => SessionEventSink.of({ written: WriteHook.make(boss, WebhookDeliveryRepositoryPg.fanOut), onlyWithEvents: true }))
).pipe(
  // a resent delivery's attempt is enqueued in the transaction that reopens it
  Layer.merge(Layer.effect(DeliveryResendSink, Effect.map(Boss.Boss, (boss) => WriteHook.resend(boss))))
)

/**
 * The server's sink with e-mailed receipts on (a mail server is configured): each write's deliveries as
 * {@link QueueSinkLayer}'s, and in the same transaction the receipt of a payment that succeeded
 * (ReceiptMail.enqueue). Without a mail server nothing is recorded for receipts, so configuring one
 * later sends none for payments made before.
 */
export const QueueSinkLayerWithReceipts: Layer.Layer<SessionEventSink, never, Boss.Boss> = Layer.effect(
  SessionEventSink,
  Effect.map(Boss.Boss, (boss) => {
    const deliveries = WriteHook.make(boss, WebhookDeliveryRepositoryPg.fanOut)
    const receipts = ReceiptMail.enqueue(boss)
    return SessionEventSink.of({
      written: async (trx, events, writes) => {
        await deliveries(trx, events)
        await receipts(trx, events, writes)
      },
      onlyWithEvents: true
    })
  })
)

/**
 * The application: the use cases with the queue over the configured database. Boss and the Db stay in
 * the output for the worker and the HTTP server.
 */
export const layer = (config: TillConfig) =>
  DomainLayer(config).pipe(
    Layer.provide(Option.isSome(config.mail.smtpUrl) ? QueueSinkLayerWithReceipts : QueueSinkLayer),
    Layer.provideMerge(BossLayer(config)),
    Layer.provideMerge(DatabaseLayer(config))
  )

/**
 * Sessions the sweep expires per transaction on PGlite: its one connection serves nothing else while a
 * transaction is open, so a backlog is taken in batches short enough not to hold up requests.
 */
const PGLITE_SWEEP_BATCH = 100

/**
 * The worker: deliveries and dead letters, plus the sweep (the expiry of sessions past their time, and
 * the reconciliation of payment attempts left unresolved).
 */
export const WorkerLayer = (config: TillConfig) =>
  Layer.mergeAll(
    Worker.layer,
    Sweeper.layer(Duration.seconds(config.sweepSeconds), Option.isSome(config.databaseUrl) ? Sweeper.DEFAULT_BATCH : PGLITE_SWEEP_BATCH),
    ReceiptWorkerLayer(config)
  ).pipe(Layer.provide(SettingsLayer(config)))

/**
 * The e-mailed receipts' worker when a mail server is configured (`TILL_SMTP_URL`), rendering each
 * with `@till/http`'s ReceiptEmail, its link under the public URL; nothing otherwise.
 */
export const ReceiptWorkerLayer = (config: Pick<TillConfig, "mail" | "publicUrl">) =>
  Option.match(config.mail.smtpUrl, {
    onNone: () => Layer.empty,
    onSome: (smtpUrl) =>
      ReceiptMail.workerLayer({ smtpUrl, from: config.mail.from }).pipe(
        Layer.provide(Layer.succeed(ReceiptMail.ReceiptComposer, ReceiptMail.ReceiptComposer.of({ compose: (receipt) => ReceiptEmail.compose(receipt, config.publicUrl) })))
      )
  })

/** `/readyz` answers ready while the database answers a trivial query. */
const ReadinessLayer = Layer.effect(
  Readiness,
  Effect.gen(function*() {
    const db = yield* Db
    return { check: Effect.promise(() => sql`select 1`.execute(db.kysely)) }
  })
)

/**
 * The key of idempotency fingerprints, one for the installation: `TILL_FINGERPRINT_KEY` when set (then
 * nothing is stored, and a database dump alone cannot test a fingerprint), else the secret the
 * database keeps for it, made by the first process that asks.
 */
export const FingerprintKeyLayer = (config: Pick<TillConfig, "fingerprintKey">): Layer.Layer<never, never, Db> =>
  Layer.effect(
    FingerprintKey,
    Option.match(config.fingerprintKey, {
      onSome: (key) => Effect.succeed(Redacted.make(new TextEncoder().encode(Redacted.value(key)))),
      onNone: () => Effect.map(InstallationSecrets.get(InstallationSecrets.FINGERPRINT_KEY), Redacted.make)
    })
  )

/**
 * What a process tells its operator, around everything it runs: the log, the metrics' registry and
 * observers when metrics are on, and the tracer when traces are exported.
 */
export const ObservabilityLayer = (config: Pick<TillConfig, "log" | "metrics" | "tracing">) =>
  Layer.mergeAll(
    Logging.layer(config.log, Option.isSome(config.tracing.endpoint)),
    Metrics.enabled(config.metrics) ? Layer.suspend(() => Metrics.observersLayer(Metrics.make())) : Layer.empty,
    Tracing.layer(config.tracing)
  )

/** `make`'s layer over the process's metrics registry (ObservabilityLayer), or nothing when metrics are off. */
const withMetrics = <R>(make: Layer.Layer<never, never, R | Metrics.Metrics>): Layer.Layer<never, never, Exclude<R, Metrics.Metrics>> =>
  Layer.unwrap(Effect.map(Effect.serviceOption(Metrics.Metrics), Option.match({
    onNone: () => Layer.empty,
    onSome: (metrics) => make.pipe(Layer.provide(Layer.succeed(Metrics.Metrics, metrics)))
  })))

/** The metrics' gauges (read from the database and the queue at each scrape), when metrics are on. */
export const GaugesLayer = withMetrics(Metrics.gaugesLayer)

/** A process without an API server (`till worker`): its gauges, and `/metrics` only on an address of its own. */
export const WorkerMetricsLayer = (config: Pick<TillConfig, "metrics">) =>
  withMetrics(Layer.mergeAll(Metrics.gaugesLayer, Metrics.listenerLayer(config.metrics)))

/**
 * The HTTP server on `config.port`, serving the whole API with the configured rate limits, and `/metrics`
 * when metrics are on (on an address of its own when so configured; GaugesLayer adds the gauges).
 * `closing` completes when shutdown begins, to end the open event streams (which would otherwise hold it up).
 */
export const HttpLayer = (config: TillConfig, host?: string, closing?: Effect.Effect<void>) =>
  HttpRouter.serve(
    Layer.mergeAll(
      // on the embedded database the CLI cannot open it while this runs: it asks through the admin route
      Option.isNone(config.databaseUrl)
        ? Layer.mergeAll(HttpApp.layer, DashboardHttp.layer, Admin.layer(config.dataDir, `http://${host ?? "127.0.0.1"}:${config.port}`))
        : Layer.merge(HttpApp.layer, DashboardHttp.layer),
      withMetrics(Metrics.serveLayer(config.metrics))
    ),
    { disableLogger: true, disableListenLog: true }
  ).pipe(
    Layer.provide(closing === undefined ? Layer.empty : Layer.succeed(EventStreamHttp.StreamsClosing, closing)),
    Layer.provide(ReadinessLayer),
    Layer.provide(Layer.effect(RateLimit.RateLimiter, Effect.sync(() => RateLimit.make(config.rateLimits)))),
    Layer.provide(Layer.succeed(Admission.MaxInFlight, config.maxInFlight)),
    Layer.provide(Layer.succeed(RequestLog.AccessLog, config.log.access)),
    Layer.provide(SettingsLayer(config)),
    Layer.provide(FingerprintKeyLayer(config)),
    // requests start from a context that takes their services as overlays, without copying it (ServerContext.ts)
    Layer.provideMerge(
      Layer.provideMerge(ServerContext.layer, NodeHttpServer.layer(createServer, { port: config.port, ...(host === undefined ? {} : { host }) }))
    )
  )
