/**
 * What the server tells about each request: one record per request (its id, the route template it
 * matched, the account it acted for), which the logger reads for every line logged while the request
 * runs, an access-log line once it is answered, and the observers (metrics) told how it went. The
 * record is filled in as the request goes: the fallback gives it its id, the route its template, the
 * authentication its account. Nothing here formats or writes: the server's logger does.
 */
import { Context, Effect, LogLevel, References } from "effect"
import { HttpServerRequest, type HttpServerResponse } from "effect/http"

/** The request being served, as far as it is known. */
export interface RequestRecord {
  readonly method: string
  /** `req_…`, once the fallback has made it. */
  requestId: string | undefined
  /** The route template it matched (`POST /v1/checkout/sessions/:id/expire`), never the raw path. */
  route: string | undefined
  /** The account it acts for, once authenticated. */
  account: string | undefined
}

/** What one answered request was, for the observers. */
export interface Served {
  readonly method: string
  /** The route template, or `unmatched` for what no route answered (404, 405). */
  readonly route: string
  readonly status: number
  readonly durationMs: number
}

/** Told once per answered request (metrics); called synchronously, so it must be cheap and never throw. */
export type Observer = (served: Served) => void

/** The record of the request being served; undefined outside a request. */
export const CurrentRequest = Context.Reference<RequestRecord | undefined>("till/http/CurrentRequest", {
  defaultValue: () => undefined
})

/** Whether each answered request is logged (at Info); off by default, `TILL_ACCESS_LOG` in the server. */
export const AccessLog = Context.Reference<boolean>("till/http/AccessLog", { defaultValue: () => false })

/** Who is told about each answered request; none by default. */
export const RequestObserver = Context.Reference<Observer | undefined>("till/http/RequestObserver", {
  defaultValue: () => undefined
})

/** What routes that matched nothing are counted and logged as: a raw path would make one series per URL typed. */
export const UNMATCHED = "unmatched"

/** The template of a route, as the logs and metrics name it. */
export const templateOf = (method: string, path: string): string => `${method} ${path}`

/** Notes the route template on the current request's record (a route calls it as it starts). */
export const noteRoute = (route: string) =>
  Effect.withFiber((fiber) => {
    const record = fiber.getRef(CurrentRequest)
    if (record !== undefined) record.route = route
    return Effect.void
  })

/** Notes the account the current request acts for on its record (authentication calls it). */
export const noteAccount = (account: string) =>
  Effect.withFiber((fiber) => {
    const record = fiber.getRef(CurrentRequest)
    if (record !== undefined) record.account = account
    return Effect.void
  })

/**
 * The outermost middleware: keeps the request's record, and once it is answered, logs the access line
 * (when `accessLog`) and tells `observer`. With neither, it only keeps the record (one small object
 * per request), so every line logged during the request still names it.
 */
export const make = (options: { readonly accessLog: boolean; readonly observer: Observer | undefined }) => {
  const { accessLog, observer } = options
  return <E, R>(
    app: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>
  ): Effect.Effect<HttpServerResponse.HttpServerResponse, E, R | HttpServerRequest.HttpServerRequest> =>
    Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => {
      const record: RequestRecord = { method: request.method, requestId: undefined, route: undefined, account: undefined }
      if (!accessLog && observer === undefined) return Effect.provideService(app, CurrentRequest, record)
      const started = performance.now()
      const served = (status: number): Effect.Effect<void> => {
        const durationMs = performance.now() - started
        const route = record.route ?? UNMATCHED
        observer?.({ method: record.method, route, status, durationMs })
        // the level is checked first, so nothing is built for a line that would not be written
        if (!accessLog) return Effect.void
        return Effect.withFiber((fiber) =>
          LogLevel.isGreaterThan(fiber.getRef(References.MinimumLogLevel), "Info")
            ? Effect.void
            : Effect.logInfo("request").pipe(
              Effect.annotateLogs({ method: record.method, status, duration_ms: Math.round(durationMs * 100) / 100 })
            )
        )
      }
      return app.pipe(
        Effect.onExit((exit) => exit._tag === "Success" ? served(exit.value.status) : Effect.void),
        Effect.provideService(CurrentRequest, record)
      )
    })
}
