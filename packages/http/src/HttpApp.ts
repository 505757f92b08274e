/**
 * The whole HTTP application as one router layer: every contract endpoint through the Stripe
 * pipeline, `/openapi.json`, `/docs`, and the fallback that answers everything else. The server
 * serves it with `HttpRouter.serve(HttpApp.layer)` over a platform HTTP server.
 */
import type {
  AccountProfiles,
  Accounts,
  Catalog,
  Charges,
  CheckoutSessions,
  Customers,
  EmbeddedCheckout,
  EventLog,
  Files,
  IdempotencyStore,
  PaymentLinks,
  PaymentProcessor,
  ProcessorNotifications,
  ProcessorSettings,
  Promotions,
  Receipts,
  ShippingRates,
  TaxRates,
  WebhookDeliveries,
  WebhookEndpoints
} from "@till/core"
import { Effect, Layer } from "effect"
import { HttpRouter } from "effect/http"
import * as AccountHttp from "./AccountHttp.ts"
import * as Admission from "./Admission.ts"
import * as ApiKeysHttp from "./ApiKeysHttp.ts"
import * as ChargesHttp from "./ChargesHttp.ts"
import * as CheckoutSessionsHttp from "./CheckoutSessionsHttp.ts"
import * as Cors from "./Cors.ts"
import * as CustomersHttp from "./CustomersHttp.ts"
import * as EmbedSettingsHttp from "./EmbedSettingsHttp.ts"
import type { Route } from "./Endpoint.ts"
import * as EventStreamHttp from "./EventStreamHttp.ts"
import * as EventsHttp from "./EventsHttp.ts"
import * as Fallback from "./Fallback.ts"
import * as FilesHttp from "./FilesHttp.ts"
import * as HostedPage from "./HostedPage.ts"
import * as PaymentIntentsHttp from "./PaymentIntentsHttp.ts"
import * as PaymentLinkPages from "./PaymentLinkPages.ts"
import * as PaymentLinksHttp from "./PaymentLinksHttp.ts"
import * as ProcessorHttp from "./ProcessorHttp.ts"
import * as ProcessorSettingsHttp from "./ProcessorSettingsHttp.ts"
import * as EmbedScript from "./pages/EmbedScript.ts"
import * as RecoveryPages from "./RecoveryPages.ts"
import * as ReceiptPages from "./ReceiptPages.ts"
import * as RequestLog from "./RequestLog.ts"
import * as SafeInput from "./SafeInput.ts"
import * as SystemHttp from "./SystemHttp.ts"
import * as TaxRatesHttp from "./TaxRatesHttp.ts"
import * as ShippingRatesHttp from "./ShippingRatesHttp.ts"
import * as PromotionsHttp from "./PromotionsHttp.ts"
import * as WebhookEndpointsHttp from "./WebhookEndpointsHttp.ts"
import * as CatalogHttp from "./CatalogHttp.ts"

/** The use cases (and the idempotency store) the contract's routes are served with. */
export type ApiServices =
  | CheckoutSessions
  | PaymentLinks
  | EventLog
  | Accounts
  | IdempotencyStore
  | WebhookEndpoints
  | WebhookDeliveries
  | Catalog
  | Customers
  | Charges
  | TaxRates
  | Promotions
  | EmbeddedCheckout
  | AccountProfiles
  | Files
  | ShippingRates
  | ProcessorSettings
  | ProcessorNotifications
  | PaymentProcessor

/** Every route of the contract. A new group (payment links, webhook endpoints) adds its routes here. */
export const routes: Effect.Effect<ReadonlyArray<Route>, never, ApiServices> = Effect.gen(
  function*() {
    return [
      ...(yield* CheckoutSessionsHttp.routes),
      ...(yield* PaymentLinksHttp.routes),
      ...(yield* PaymentIntentsHttp.routes),
      // before the event routes: the stream's static path is not an event id
      yield* EventStreamHttp.route,
      ...(yield* ApiKeysHttp.routes),
      ...(yield* EventsHttp.routes),
      ...(yield* WebhookEndpointsHttp.routes),
      ...(yield* SystemHttp.routes),
      ...(yield* CatalogHttp.routes),
      ...(yield* CustomersHttp.routes),
      ...(yield* ChargesHttp.routes),
      ...(yield* TaxRatesHttp.routes),
      ...(yield* PromotionsHttp.routes),
      ...(yield* EmbedSettingsHttp.routes),
      ...(yield* AccountHttp.routes),
      ...(yield* FilesHttp.routes),
      ...(yield* ShippingRatesHttp.routes),
      ...(yield* ProcessorSettingsHttp.routes),
      ...(yield* ProcessorHttp.routes)
    ]
  }
)

/**
 * The browser pages (SPEC section 4): the hosted checkout page (and its embedded variant) and its
 * assets, the embed script, payment links' public addresses, recovery links and receipts.
 */
export const pageRoutes: Effect.Effect<
  ReadonlyArray<Route>,
  never,
  CheckoutSessions | PaymentLinks | Accounts | Charges | EmbeddedCheckout | Receipts | AccountProfiles | Files | PaymentProcessor
> = Effect.gen(
  function*() {
    return [
      ...(yield* HostedPage.routes),
      EmbedScript.route,
      ...(yield* PaymentLinkPages.routes),
      ...(yield* RecoveryPages.routes),
      ...(yield* ReceiptPages.routes)
    ]
  }
)

/** Routes served outside the contract pipeline, which the fallback must know to tell 404 from 405. */
export const documentRoutes = [
  { method: "GET", path: SystemHttp.OPENAPI_PATH },
  { method: "GET", path: SystemHttp.DOCS_PATH },
  { method: "GET", path: SystemHttp.DOCS_SCRIPT_PATH }
] as const

/**
 * A route's handler, reading its path parameters through the input rule: an id with a NUL byte or a
 * lone surrogate is looked up as one no object has, so every route, the pages included, answers its
 * own not-found. It notes its template on the request's record, for the logs and metrics.
 */
const served = (route: Route): Route["handler"] =>
  Effect.andThen(
    RequestLog.noteRoute(RequestLog.templateOf(route.method, route.path)),
    Effect.updateService(route.handler, HttpRouter.RouteContext, (context) => ({ ...context, params: SafeInput.pathParams(context.params) }))
  )

/**
 * The application: registers every route and the fallback on the `HttpRouter`. Requires the use
 * cases (payment links included) and the idempotency store; `HostedPageBase` and `Readiness` are
 * read from the context it is built in (both have defaults).
 */
export const layer: Layer.Layer<never, never, HttpRouter.HttpRouter | ApiServices | Receipts> = Layer
  .mergeAll(
    HttpRouter.use(Effect.fnUntraced(function*(router) {
      const all = [...(yield* routes), ...(yield* pageRoutes)]
      yield* router.addAll(all.map((route) => HttpRouter.route(route.method, route.path as HttpRouter.PathInput, served(route))))
      // the first middleware added is the outermost: the access log times everything, CORS headers reach even the fallback's answers
      const accessLog = yield* RequestLog.AccessLog
      const observer = yield* RequestLog.RequestObserver
      yield* router.addGlobalMiddleware(RequestLog.make({ accessLog, observer }))
      yield* router.addGlobalMiddleware(Cors.make(all.filter((route) => route.crossOrigin === true)))
      yield* router.addGlobalMiddleware(Fallback.make([...all, ...documentRoutes]))
      // inside the fallback, so a refusal carries a request id like any answer
      yield* router.addGlobalMiddleware(Admission.make(yield* Admission.MaxInFlight))
    })),
    SystemHttp.docsLayer
  )
