/**
 * OpenTelemetry traces, exported over OTLP/HTTP when `OTEL_EXPORTER_OTLP_ENDPOINT` is set, with
 * Effect's own OTLP exporter (`effect/observability`, what `@effect/opentelemetry`'s OTLP modules became
 * in Effect 4: no OpenTelemetry SDK to load). A request is one trace: the HTTP server's span (Effect's
 * HTTP server makes it, with the route template as `http.route`), the handler's span
 * (`checkoutSessions.create`), the use case's own where it has one, and one span per SQL statement; a
 * webhook delivery is a trace of its own. Unset, no tracer is installed and nothing here runs.
 *
 * SQL statements run inside Kysely's promises, outside any fiber, so the span they belong to is carried
 * to them in an AsyncLocalStorage: the tracer's `context` hook runs each step of a fiber with the
 * fiber's span as the store (entering it only when it differs from the one already there), and the
 * statement's span is made a child of the store's.
 */
import { Endpoint } from "@till/http"
import { Connection, type QueryInstrument } from "@till/postgres"
import { Context, Effect, Exit, Layer, Option, Tracer } from "effect"
import { FetchHttpClient } from "effect/http"
import { OtlpExporter, OtlpSerialization, OtlpTracer } from "effect/observability"
import { AsyncLocalStorage } from "node:async_hooks"

/** Where and how traces are exported (`OTEL_EXPORTER_OTLP_ENDPOINT`, `…_PROTOCOL`, `OTEL_SERVICE_NAME`). */
export interface Settings {
  /** The collector's base URL; traces go to `<endpoint>/v1/traces`. None: no tracing. */
  readonly endpoint: Option.Option<string>
  readonly protocol: "http/protobuf" | "http/json"
  readonly serviceName: string
}

/** The span each step of a fiber runs in, for the code it starts outside the fiber (SQL statements). */
const active = new AsyncLocalStorage<Tracer.AnySpan | undefined>()

/**
 * A server span named as OpenTelemetry names them, `POST /v1/checkout/sessions`: the HTTP server opens
 * it before routing (named for the method alone) and the router gives it `http.route` once a route
 * matched, which then completes the name.
 */
const namedForItsRoute = (span: Tracer.Span, method: string): Tracer.Span => {
  const attribute = span.attribute.bind(span)
  span.attribute = (key, value) => {
    if (key === "http.route") (span as { name: string }).name = `${method} ${String(value)}`
    attribute(key, value)
  }
  return span
}

/** The tracer, its fiber steps run with their span in {@link active}. */
const withActiveSpan = (tracer: Tracer.Tracer): Tracer.Tracer =>
  Tracer.make({
    span: (options) => options.kind === "server" ? namedForItsRoute(tracer.span(options), options.name) : tracer.span(options),
    context: (primitive, fiber) => {
      const span = fiber.cache.span
      return active.getStore() === span
        ? primitive["~effect/Effect/evaluate"](fiber)
        : active.run(span, () => primitive["~effect/Effect/evaluate"](fiber))
    }
  })

// wall-clock nanoseconds, precise: one reading of the epoch, then the monotonic clock
const epochOffset = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint()
const nowNanos = () => epochOffset + process.hrtime.bigint()

/** The first word of a statement (`select`, `insert`, `with`…), upper-cased, as OpenTelemetry names database spans. */
const operationOf = (sql: string): string => {
  const match = /^\s*([A-Za-z]+)/.exec(sql)
  return match === null ? "SQL" : match[1]!.toUpperCase()
}

/** A span per statement, child of the span its caller's fiber step ran in; a statement outside any span is not traced. */
const queryInstrument = (tracer: Tracer.Tracer, system: () => string): QueryInstrument => (sql, run) => {
  const parent = active.getStore()
  if (parent === undefined || !parent.sampled) return run()
  const span = tracer.span({
    name: operationOf(sql),
    parent: Option.some(parent),
    annotations: Context.empty(),
    links: [],
    startTime: nowNanos(),
    kind: "client",
    root: false,
    sampled: true
  })
  span.attribute("db.system.name", system())
  span.attribute("db.query.text", sql)
  return run().then(
    (result) => {
      span.end(nowNanos(), Exit.void)
      return result
    },
    (error: unknown) => {
      span.end(nowNanos(), Exit.die(error))
      throw error
    }
  )
}

/**
 * The tracer and what feeds it (the SQL statements' instrument, the handlers' spans), exporting to the
 * configured collector; nothing at all without an endpoint.
 */
export const layer = (settings: Settings): Layer.Layer<never> =>
  Option.match(settings.endpoint, {
    onNone: () => Layer.empty,
    onSome: (endpoint) =>
      Layer.effectContext(Effect.gen(function*() {
        const otlp = yield* OtlpTracer.make({
          url: `${endpoint.replace(/\/+$/, "")}/v1/traces`,
          resource: { serviceName: settings.serviceName },
          exportInterval: "1 second"
        })
        return Context.make(Tracer.Tracer, withActiveSpan(otlp)).pipe(
          Context.add(Connection.Instrument, queryInstrument(otlp, () => "postgresql")),
          Context.add(Endpoint.TraceHandlers, true)
        )
      })).pipe(
        Layer.provide(OtlpExporter.layerFlusher),
        Layer.provide(settings.protocol === "http/json" ? OtlpSerialization.layerJson : OtlpSerialization.layerProtobuf),
        Layer.provide(FetchHttpClient.layer)
      )
  })
