/**
 * Prometheus metrics (`prom-client`): what requests took, by route template and status; how the
 * database connections are used and waited for; how deep and how old the queues are; how webhook
 * deliveries and payments ended; how far behind the expiry sweep is. Counters and histograms are fed
 * by observers the adapters call (RequestLog, Worker.DeliveryObserver, the metered processor); gauges
 * are read when Prometheus scrapes. Served at `/metrics`, behind a bearer token on the API's port
 * (`TILL_METRICS_TOKEN`) or on an address of the operator's own (`TILL_METRICS_ADDRESS`); off otherwise.
 */
import { type AuthorizeOutcome, nowSeconds, PaymentProcessor } from "@till/core"
import { RequestLog } from "@till/http"
import { Backlog, Db } from "@till/postgres"
import { Boss, Worker } from "@till/queue"
import { Context, Effect, Layer, Option, Redacted } from "effect"
import { HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"
import { timingSafeEqual } from "node:crypto"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client"

/** Where `/metrics` is served: on the API's port behind `token`, or on `address` (behind `token` too, when set). */
export interface Settings {
  readonly token: Option.Option<Redacted.Redacted<string>>
  readonly address: Option.Option<{ readonly host: string; readonly port: number }>
}

/** Whether metrics are on: a token or an address is configured. */
export const enabled = (settings: Settings): boolean => Option.isSome(settings.token) || Option.isSome(settings.address)

/** How an authorization ended, as the payments counter labels it. */
export type PaymentOutcome = AuthorizeOutcome["_tag"] | "error"

/** Told how each payment attempt ended (the metered processor); none by default. */
export const PaymentObserver = Context.Reference<((outcome: AuthorizeOutcome | undefined) => void) | undefined>(
  "till/server/PaymentObserver",
  { defaultValue: () => undefined }
)

/** The registry and the series fed by observers. */
export class Metrics extends Context.Service<Metrics, {
  readonly registry: Registry
  readonly request: RequestLog.Observer
  readonly delivery: (outcome: Worker.DeliveryOutcome, livemode: boolean) => void
  readonly payment: (outcome: AuthorizeOutcome | undefined) => void
}>()("till/server/Metrics") {}

/** Seconds, from a millisecond to ten: a create is a few milliseconds, a request waiting out the database's bounds a few seconds. */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

/** A fresh registry with Till's series and Node's process metrics (CPU, memory, event-loop delay). */
export const make = (): Metrics["Service"] => {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const requests = new Histogram({
    name: "till_http_request_duration_seconds",
    help: "Time from a request's arrival to its answer, by method, route template and status.",
    labelNames: ["method", "route", "status"] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry]
  })
  // one child per route and status, found without building the label set on every request
  const children = new Map<string, Histogram.Internal<"method" | "route" | "status">>()
  const deliveries = new Counter({
    name: "till_webhook_deliveries_total",
    help: "Webhook delivery attempts by outcome: succeeded, retry (failed, to be retried), failed (given up), settled (already done), error (could not be recorded).",
    labelNames: ["outcome", "livemode"] as const,
    registers: [registry]
  })
  const payments = new Counter({
    name: "till_payments_total",
    help: "Payment attempts the processor decided, by outcome (Succeeded, Failed, Rejected, RequiresAction, error) and code (the decline code, else the error code).",
    labelNames: ["outcome", "code"] as const,
    registers: [registry]
  })
  return Metrics.of({
    registry,
    request: ({ durationMs, method, route, status }) => {
      const key = `${route} ${status}`
      let child = children.get(key)
      if (child === undefined) children.set(key, child = requests.labels({ method, route, status: String(status) }))
      child.observe(durationMs / 1000)
    },
    delivery: (outcome, livemode) => deliveries.inc({ outcome, livemode: String(livemode) }),
    payment: (outcome) => {
      if (outcome === undefined) return payments.inc({ outcome: "error", code: "" })
      const code = outcome._tag === "Failed" ? outcome.error.decline_code ?? outcome.error.code : outcome._tag === "Rejected" ? outcome.code : ""
      payments.inc({ outcome: outcome._tag, code })
    }
  })
}

/** The observers the adapters call, fed into `metrics`; a layer of references, so it costs nothing when absent. */
export const observersLayer = (metrics: Metrics["Service"]) =>
  Layer.mergeAll(
    Layer.succeed(Metrics, metrics),
    Layer.succeed(RequestLog.RequestObserver, metrics.request),
    Layer.succeed(Worker.DeliveryObserver, metrics.delivery),
    Layer.succeed(PaymentObserver, metrics.payment)
  )

/** `inner` with its authorizations counted when a PaymentObserver is installed; `inner` itself otherwise. */
export const metered = <E, R>(inner: Layer.Layer<PaymentProcessor, E, R>): Layer.Layer<PaymentProcessor, E, R> =>
  Layer.effect(
    PaymentProcessor,
    Effect.gen(function*() {
      const processor = yield* PaymentProcessor
      const observe = yield* PaymentObserver
      if (observe === undefined) return processor
      return PaymentProcessor.of({
        ...processor,
        authorize: (request) =>
          processor.authorize(request).pipe(Effect.onExit((exit) => Effect.sync(() => observe(exit._tag === "Success" ? exit.value : undefined))))
      })
    })
  ).pipe(Layer.provide(inner))

/**
 * The gauges read at each scrape: connections in use, waiting and their totals (and the `pg` pool's own
 * counts on PostgreSQL), each queue's ready, deferred and active jobs and how long its oldest ready job
 * has waited, and the expiry lag.
 */
export const gaugesLayer: Layer.Layer<never, never, Metrics | Db | Boss.Boss> = Layer.effectDiscard(Effect.gen(function*() {
  const { registry } = yield* Metrics
  const db = yield* Db
  const { boss, settings } = yield* Boss.Boss
  // every queue is reported, an empty one as 0s, so a dashboard's series do not come and go
  const known = Boss.queues(settings).map((q) => q.name)
  const depths = async () => {
    const found = new Map((await Boss.depths(boss)).map((d) => [d.queue, d]))
    for (const queue of known) if (!found.has(queue)) found.set(queue, { queue, ready: 0, deferred: 0, active: 0, oldestReadySeconds: 0 })
    return [...found.values()]
  }
  const run = Effect.runPromiseWith(yield* Effect.context<never>())
  const registers = [registry]
  const stats = db.stats
  if (stats !== undefined) {
    new Gauge({
      name: "till_db_connections",
      help: "The application's database connections: max (the pool's size, 1 on PGlite), in_use, and queries waiting for one now.",
      labelNames: ["state"] as const,
      registers,
      collect() {
        const s = stats()
        this.set({ state: "max" }, s.max)
        this.set({ state: "in_use" }, s.inUse)
        this.set({ state: "waiting" }, s.waiting)
      }
    })
    new Gauge({
      name: "till_db_connection_waits",
      help: "Queries that had to wait for a free connection since the start (outcome waited), and those that gave up (timed_out: answered 503).",
      labelNames: ["outcome"] as const,
      registers,
      collect() {
        const s = stats()
        this.set({ outcome: "waited" }, s.waits)
        this.set({ outcome: "timed_out" }, s.timeouts)
      }
    })
    if (db.backend === "postgres") {
      new Gauge({
        name: "till_db_pg_pool_clients",
        help: "The pg pool's own counts: total (open connections), idle, and waiting (checkouts queued in the pool).",
        labelNames: ["state"] as const,
        registers,
        collect() {
          const pg = stats().pg
          if (pg === undefined) return
          this.set({ state: "total" }, pg.total)
          this.set({ state: "idle" }, pg.idle)
          this.set({ state: "waiting" }, pg.waiting)
        }
      })
    }
  }
  new Gauge({
    name: "till_queue_jobs",
    help: "Jobs per pg-boss queue: ready (due, waiting for a worker), deferred (waiting for a retry's time), active (being worked).",
    labelNames: ["queue", "state"] as const,
    registers,
    async collect() {
      this.reset()
      for (const d of await depths()) {
        this.set({ queue: d.queue, state: "ready" }, d.ready)
        this.set({ queue: d.queue, state: "deferred" }, d.deferred)
        this.set({ queue: d.queue, state: "active" }, d.active)
      }
    }
  })
  new Gauge({
    name: "till_queue_oldest_ready_seconds",
    help: "Per pg-boss queue, how long its longest-waiting ready job has been due (0 with none).",
    labelNames: ["queue"] as const,
    registers,
    async collect() {
      this.reset()
      for (const d of await depths()) this.set({ queue: d.queue }, d.oldestReadySeconds)
    }
  })
  new Gauge({
    name: "till_expiry_lag_seconds",
    help: "Seconds since the earliest open session became due for expiry (0 when none is due): how far behind the expiry sweep is.",
    registers,
    async collect() {
      this.set(await Backlog.expiryLagSeconds(db.kysely, await run(nowSeconds)))
    }
  })
}))

const sameToken = (given: string | undefined, token: Redacted.Redacted<string>): boolean => {
  if (given === undefined) return false
  const a = Buffer.from(given)
  const b = Buffer.from(`Bearer ${Redacted.value(token)}`)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** The scrape's answer: 401 without the token (when one is set), else the registry's text. */
const scrape = async (metrics: Metrics["Service"], token: Option.Option<Redacted.Redacted<string>>, authorization: string | undefined) => {
  if (Option.isSome(token) && !sameToken(authorization, token.value)) {
    return { status: 401, contentType: "text/plain; charset=utf-8", body: "a bearer token is required (TILL_METRICS_TOKEN)\n" }
  }
  return { status: 200, contentType: metrics.registry.contentType, body: await metrics.registry.metrics() }
}

/** The path Prometheus scrapes. */
export const PATH = "/metrics"

/** `GET /metrics` on the API's server, behind the token. */
const routeLayer = (token: Option.Option<Redacted.Redacted<string>>): Layer.Layer<never, never, Metrics | HttpRouter.HttpRouter> =>
  HttpRouter.use(Effect.fnUntraced(function*(router) {
    const metrics = yield* Metrics
    yield* router.add("GET", PATH, Effect.gen(function*() {
      yield* RequestLog.noteRoute(RequestLog.templateOf("GET", PATH))
      const request = yield* HttpServerRequest.HttpServerRequest
      const answer = yield* Effect.promise(() => scrape(metrics, token, request.headers.authorization))
      return HttpServerResponse.text(answer.body, { status: answer.status, contentType: answer.contentType })
    }))
  }))

/** A server of its own at `TILL_METRICS_ADDRESS`, answering `/metrics` only; nothing without an address. */
export const listenerLayer = (settings: Settings): Layer.Layer<never, never, Metrics> =>
  Option.match(settings.address, { onNone: () => Layer.empty, onSome: (address) => listener(address, settings.token) })

const listener = (
  address: { readonly host: string; readonly port: number },
  token: Option.Option<Redacted.Redacted<string>>
): Layer.Layer<never, never, Metrics> =>
  Layer.effectDiscard(Effect.gen(function*() {
    const metrics = yield* Metrics
    const handle = (req: IncomingMessage, res: ServerResponse) => {
      if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== PATH) {
        res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found: metrics are at /metrics\n")
        return
      }
      scrape(metrics, token, req.headers.authorization).then(
        (answer) => res.writeHead(answer.status, { "content-type": answer.contentType }).end(answer.body),
        () => res.writeHead(500).end()
      )
    }
    yield* Effect.acquireRelease(
      Effect.callback<ReturnType<typeof createServer>>((resume) => {
        const server = createServer(handle)
        server.once("error", (error) => resume(Effect.die(new Error(`cannot serve metrics on ${address.host}:${address.port} (TILL_METRICS_ADDRESS): ${error.message}`))))
        server.listen(address.port, address.host, () => resume(Effect.succeed(server)))
      }),
      (server) => Effect.callback<void>((resume) => void server.close(() => resume(Effect.void)))
    )
  }))

/** Serves `/metrics` as configured: on its own address, else on the API's port behind the token; nothing when off. */
export const serveLayer = (settings: Settings): Layer.Layer<never, never, Metrics | HttpRouter.HttpRouter> =>
  Option.isSome(settings.address) ? listenerLayer(settings) : Option.isSome(settings.token) ? routeLayer(settings.token) : Layer.empty
