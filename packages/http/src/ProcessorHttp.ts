/**
 * The routes a processor and the shopper's browser reach outside the API contract (docs/processors.md):
 * - `POST /v1/processor_notifications/:processor/:account/:mode`: the processor's asynchronous
 *   notifications (Stripe's webhooks, Adyen's notifications) for one account and mode. No API key: the
 *   account's connector verifies the signature or HMAC over the raw body, and the outcomes go through
 *   the same write as reconciliation (ProcessorNotifications).
 * - `GET|POST /c/pay/:id/action_return`: where the processor sends the shopper back after 3-D Secure
 *   or a redirect (the `return_url` the page gives): Till asks the processor what became of the attempt,
 *   records it, and sends the browser back to the session's page.
 */
import { CheckoutSessions, PaymentProcessor, ProcessorClientFiles, ProcessorNotifications, ValidationError } from "@till/core"
import * as Auth from "./Auth.ts"
import { Effect } from "effect"
import { HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"
import * as Endpoint from "./Endpoint.ts"
import { HostedPageBase } from "./HostedPageBase.ts"
import * as Assets from "./pages/Assets.ts"

/** Where a processor sends notifications for one account and mode (`live` or `test`). */
export const NOTIFICATION_PATH = "/v1/processor_notifications/:processor/:account/:mode"

/**
 * Where the hosted page asks (client secret as the bearer) which client-side component tokenizes cards
 * for the session's account and mode: `{ client_component: { processor, script, stylesheet, config, hosts? } }`
 * (a file Till serves at its `/c/assets/` address), or null for Till's own card form. See
 * docs/processors.md#client-side-components.
 */
export const CLIENT_COMPONENT_PATH = "/c/pay/:id/client_component"

/** Where the processor sends the shopper back after an action. */
export const ACTION_RETURN_PATH = "/c/pay/:id/action_return"

/** The notification address of an account's mode, for the processor's dashboard. */
export const notificationUrl = (base: string, processor: string, account: string, livemode: boolean): string =>
  `${base.replace(/\/+$/, "")}/v1/processor_notifications/${processor}/${account}/${livemode ? "live" : "test"}`

/** The return URL of a session's page after an action. */
export const actionReturnUrl = (base: string, sessionId: string): string => `${base.replace(/\/+$/, "")}/c/pay/${sessionId}/action_return`

/** The largest notification body read (Adyen batches up to a few items; Stripe's events are small). */
const MAX_NOTIFICATION_BYTES = 1024 * 1024

/** The routes, built once with the use cases. */
export const routes = Effect.gen(function*() {
  const notifications = yield* ProcessorNotifications
  const sessions = yield* CheckoutSessions
  const base = yield* HostedPageBase
  const processor = yield* PaymentProcessor
  const clientFiles = yield* ProcessorClientFiles
  const auth = yield* Auth.make

  const notify: Endpoint.Route = {
    method: "POST",
    path: NOTIFICATION_PATH,
    handler: Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const { params } = yield* HttpRouter.RouteContext
      const mode = params.mode
      if (mode !== "live" && mode !== "test") {
        return Endpoint.respond(Endpoint.failed(new ValidationError({ code: "parameter_invalid", message: "The mode is `live` or `test`.", param: "mode" })))
      }
      const announced = Number(request.headers["content-length"] ?? "0")
      if (announced > MAX_NOTIFICATION_BYTES) {
        return Endpoint.respond(Endpoint.failed(new ValidationError({ code: "parameter_invalid", message: "The notification is too large.", param: null })))
      }
      const body = yield* Effect.orElseSucceed(request.text, () => "")
      const headers: Record<string, string> = {}
      for (const [name, value] of Object.entries(request.headers)) if (typeof value === "string") headers[name.toLowerCase()] = value
      const reply = yield* notifications.receive({ account: params.account ?? "", livemode: mode === "live" }, params.processor ?? "", { headers, body })
      return HttpServerResponse.text(reply.body, { status: 200, contentType: reply.contentType })
    }).pipe(
      Effect.catchTag("NotificationRejected", (e) =>
        // the reason goes to the processor's delivery log (never a secret); nothing was recorded
        Effect.succeed(Endpoint.respond(Endpoint.failed(new ValidationError({ code: "notification_rejected", message: e.message, param: null }))))),
      Effect.catch((e) => Effect.succeed(Endpoint.respond(Endpoint.failed(e))))
    )
  }

  const actionReturn = (method: "GET" | "POST"): Endpoint.Route => ({
    method,
    path: ACTION_RETURN_PATH,
    handler: Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const { params } = yield* HttpRouter.RouteContext
      const id = params.id ?? ""
      const query = new URL(request.url, "http://till.invalid").searchParams
      const form = method === "POST" ? new URLSearchParams(yield* Effect.orElseSucceed(request.text, () => "")) : new URLSearchParams()
      const given: Record<string, string> = {}
      for (const [k, v] of [...query, ...form]) if (k.length <= 100 && v.length <= 20_000) given[k] = v
      const state = yield* sessions.completeSessionAction(id, given)
      const page = state.session.ui_mode === "embedded_page" ? "embed" : "pay"
      // the page keeps the client secret in this tab's storage, so it opens without the fragment
      return HttpServerResponse.empty({ status: 303, headers: { location: `${base.replace(/\/+$/, "")}/c/${page}/${id}`, "cache-control": "no-store" } })
    }).pipe(Effect.catch((e) => Effect.succeed(Endpoint.respond(Endpoint.failed(e)))))
  })

  const clientComponent: Endpoint.Route = {
    method: "GET",
    path: CLIENT_COMPONENT_PATH,
    crossOrigin: true,
    handler: Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const { params } = yield* HttpRouter.RouteContext
      const { scope } = yield* auth.authorize(request.headers.authorization, "client", params.id ?? "")
      const component = processor.clientComponent === undefined ? null : yield* processor.clientComponent(scope)
      const shown = component === null ? null : Assets.addressed(component, clientFiles)
      return Endpoint.respond({ status: 200, body: JSON.stringify({ client_component: shown }), store: false }, { "cache-control": "no-store" })
    }).pipe(Effect.catch((e) => Effect.succeed(Endpoint.respond(Endpoint.failed(e)))))
  }

  return [notify, actionReturn("GET"), actionReturn("POST"), clientComponent] as const
})
