/**
 * The webhook pages' actions (issue 15): add an endpoint, change or delete it, enable or disable it,
 * roll its signing secret, send it a test event. Each goes through the API's use cases (`WebhookEndpoints`,
 * `WebhookDeliveries`) in the viewer's scope, so another account's endpoint is "not found" as it is to
 * the API. A new secret (create, roll) is shown on the answer itself, once: never in a URL. Each
 * action that succeeds is recorded (who, what, when: `Audit`) and listed on the endpoint's page.
 */
import {
  Audit,
  CreateWebhookEndpointParams,
  dashboardActor,
  EVENT_TYPES,
  type EventType,
  UpdateWebhookEndpointParams,
  Validation,
  WebhookDeliveries,
  WebhookEndpoints
} from "@till/core"
import { Effect } from "effect"
import type { Route } from "../Endpoint.ts"
import { audited } from "./Audited.ts"
import * as Frame from "./Frame.ts"
import { t } from "./Messages.ts"
import { type SignedIn, urlOf } from "./SignedIn.ts"
import * as Viewer from "./Viewer.ts"
import * as WebhookPages from "./WebhookPages.ts"

/** The routes, made with DashboardHttp's `signedIn`. */
export const routes = (signedIn: SignedIn) =>
  Effect.gen(function*() {
    const endpoints = yield* WebhookEndpoints
    const deliveries = yield* WebhookDeliveries
    const audit = yield* Audit
    const pathOf = (id: string) => `/dashboard/webhooks/${encodeURIComponent(id)}`

    const list = signedIn("GET", "/dashboard/webhooks", (viewer, request) =>
      Effect.map(WebhookPages.list(endpoints, viewer, urlOf(request)), (answer) => Frame.respond(answer.status, answer.html)))

    const page = signedIn("GET", "/dashboard/webhooks/:id", (viewer, request, params) =>
      Effect.gen(function*() {
        const url = urlOf(request)
        const after = url.searchParams.get("starting_after")
        const answer = yield* WebhookPages.detail(deliveries, audit, viewer, params.id ?? "", {
          flash: WebhookPages.flashOf(viewer, url),
          startingAfter: after === null || after === "" ? undefined : after
        })
        return Frame.respond(answer.status, answer.html)
      }))

    // the answer is the new endpoint's page with its secret, shown once; a refusal, the form again with the reason
    const create = signedIn("POST", "/dashboard/webhooks", (viewer, request, _params, form) =>
      Effect.gen(function*() {
        const input: WebhookPages.CreateInput = {
          url: (form.get("url") ?? "").trim(),
          description: (form.get("description") ?? "").trim(),
          events: form.getAll("enabled_events")
        }
        const refuse = (message: string) => Effect.map(WebhookPages.list(endpoints, viewer, urlOf(request), input, message), (a) => Frame.respond(400, a.html))
        if (viewer.scope === null) return yield* refuse(t(viewer.language, "account.choose"))
        const scope = viewer.scope
        const decoded = yield* Effect.result(Validation.decode(CreateWebhookEndpointParams)({
          url: input.url,
          enabled_events: input.events,
          ...(input.description === "" ? {} : { description: input.description })
        }))
        if (decoded._tag === "Failure") return yield* refuse(decoded.failure.message)
        const made = yield* Effect.result(Effect.flatMap(endpoints.create(scope, decoded.success), (result) =>
          audit.record(scope, dashboardActor(viewer.user), "webhook_endpoint.create", result.endpoint.id, { url: result.endpoint.url }).pipe(Effect.as(result))))
        if (made._tag === "Failure") return yield* refuse(made.failure.message)
        const answer = yield* WebhookPages.detail(deliveries, audit, viewer, made.success.endpoint.id, {
          flash: null,
          fresh: { secret: made.success.secret, text: t(viewer.language, "webhooks.created") }
        })
        return Frame.respond(answer.status, answer.html)
      }))

    const toggle = (disabled: boolean): Route =>
      signedIn("POST", `/dashboard/webhooks/:id/${disabled ? "disable" : "enable"}`, (viewer, _request, params) =>
        Effect.gen(function*() {
          const id = params.id ?? ""
          const outcome = viewer.scope === null
            ? { failed: "account" }
            : yield* Effect.match(audited(audit, viewer, viewer.scope, `webhook_endpoint.${disabled ? "disable" : "enable"}`, id, endpoints.update(viewer.scope, id, { disabled })), {
              onSuccess: () => ({ done: disabled ? "disabled" : "enabled" }),
              onFailure: (e) => ({ failed: e._tag })
            })
          return Frame.seeOther(`${pathOf(id)}${Viewer.carry(viewer, outcome)}`)
        }))

    // the new secret is shown on this answer, once (no redirect: it must not land in a URL or the history)
    const roll = signedIn("POST", "/dashboard/webhooks/:id/roll_secret", (viewer, _request, params, form) =>
      Effect.gen(function*() {
        const id = params.id ?? ""
        const grace = Number(form.get("previous_secret_expires_in") ?? "0")
        if (viewer.scope === null || !WebhookPages.SECRET_GRACE_CHOICES.some(([seconds]) => seconds === grace)) {
          return Frame.seeOther(`${pathOf(id)}${Viewer.carry(viewer, { failed: "input" })}`)
        }
        const rolled = yield* Effect.result(
          audited(audit, viewer, viewer.scope, "webhook_endpoint.roll_secret", id, endpoints.rollSecret(viewer.scope, id, grace), () => ({ previous_secret_expires_in: grace }))
        )
        if (rolled._tag === "Failure") return Frame.seeOther(`${pathOf(id)}${Viewer.carry(viewer, { failed: rolled.failure._tag })}`)
        const until = rolled.success.previous_secret_expires_at
        const answer = yield* WebhookPages.detail(deliveries, audit, viewer, id, {
          flash: null,
          fresh: {
            secret: rolled.success.secret,
            text: until === null
              ? t(viewer.language, "webhooks.rolled")
              : t(viewer.language, "webhooks.rolledGrace", { at: new Date(until * 1000).toISOString().replace("T", " ").slice(0, 16) + " UTC" })
          }
        })
        return Frame.respond(answer.status, answer.html)
      }))

    // a made-up event to this endpoint alone (test mode only); the page then shows its delivery
    const test = signedIn("POST", "/dashboard/webhooks/:id/test", (viewer, _request, params, form) =>
      Effect.gen(function*() {
        const id = params.id ?? ""
        const type = form.get("type") ?? ""
        const outcome = viewer.scope === null || !(EVENT_TYPES as ReadonlyArray<string>).includes(type)
          ? { failed: "input" }
          : yield* Effect.match(audited(audit, viewer, viewer.scope, "webhook_endpoint.test", id, deliveries.sendTest(viewer.scope, id, type as EventType), (d) => ({ type, delivery: d.id })), {
            onSuccess: () => ({ done: "tested" }),
            onFailure: (e) => ({ failed: e._tag })
          })
        return Frame.seeOther(`${pathOf(id)}${Viewer.carry(viewer, outcome)}`)
      }))

    // a change of URL, events or description: the same checks as POST /v1/webhook_endpoints/:id; a refusal, the page again with the reason
    const edit = signedIn("POST", "/dashboard/webhooks/:id", (viewer, _request, params, form) =>
      Effect.gen(function*() {
        const id = params.id ?? ""
        const input: WebhookPages.CreateInput = {
          url: (form.get("url") ?? "").trim(),
          description: (form.get("description") ?? "").trim(),
          events: form.getAll("enabled_events")
        }
        if (viewer.scope === null) return Frame.seeOther(`${pathOf(id)}${Viewer.carry(viewer, { failed: "account" })}`)
        const scope = viewer.scope
        const refuse = (error: string) =>
          Effect.map(WebhookPages.detail(deliveries, audit, viewer, id, { flash: null, edit: { input, error } }), (a) => Frame.respond(a.status, a.html))
        const decoded = yield* Effect.result(Validation.decode(UpdateWebhookEndpointParams)({ url: input.url, enabled_events: input.events, description: input.description }))
        if (decoded._tag === "Failure") return yield* refuse(decoded.failure.message)
        const changed = yield* Effect.result(audited(audit, viewer, scope, "webhook_endpoint.update", id, endpoints.update(scope, id, decoded.success), (e) => ({ url: e.url })))
        if (changed._tag === "Failure") {
          return changed.failure._tag === "ResourceMissing"
            ? Frame.seeOther(`${pathOf(id)}${Viewer.carry(viewer, { failed: "ResourceMissing" })}`)
            : yield* refuse(changed.failure.message)
        }
        return Frame.seeOther(`${pathOf(id)}${Viewer.carry(viewer, { done: "saved" })}`)
      }))

    const remove = signedIn("POST", "/dashboard/webhooks/:id/delete", (viewer, _request, params) =>
      Effect.gen(function*() {
        const id = params.id ?? ""
        if (viewer.scope === null) return Frame.seeOther(`${pathOf(id)}${Viewer.carry(viewer, { failed: "account" })}`)
        const deleted = yield* Effect.result(audited(audit, viewer, viewer.scope, "webhook_endpoint.delete", id, endpoints.delete(viewer.scope, id), (e) => ({ url: e.url })))
        return deleted._tag === "Failure"
          ? Frame.seeOther(`${pathOf(id)}${Viewer.carry(viewer, { failed: deleted.failure._tag })}`)
          : Frame.seeOther(`/dashboard/webhooks${Viewer.carry(viewer, { done: "deleted" })}`)
      }))

    return [list, page, create, edit, remove, toggle(true), toggle(false), roll, test] as ReadonlyArray<Route>
  })
