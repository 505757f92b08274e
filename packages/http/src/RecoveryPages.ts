/**
 * `GET /c/recover/:token`, a session's recovery link (`after_expiration.recovery.url`, see
 * docs/recovery.md): opens the session it brings the cart back in (the one it opened before while
 * that is open, else a new copy of the expired session) and answers 303 to that session's hosted
 * page, the client secret in the fragment (browsers keep a redirect's fragment). A link that opens
 * nothing answers a page that says why: 404 for an unknown link, 410 for one past its 30 days or
 * whose cart was paid through it.
 */
import { CheckoutSessions } from "@till/core"
import { Effect } from "effect"
import { HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"
import type { Route } from "./Endpoint.ts"
import { toMapped } from "./ErrorMapping.ts"
import { HostedPageBase } from "./HostedPageBase.ts"
import * as Html from "./pages/Html.ts"
import * as Locale from "./pages/Locale.ts"
import type { Key } from "./pages/Messages.ts"
import * as Notice from "./pages/Notice.ts"
import * as Wire from "./Wire.ts"

/** The path of a recovery link (what `Wire.recoveryUrl` builds). */
export const RECOVERY_PATH = "/c/recover/:token"

/** The routes of recovery links. */
export const routes = Effect.gen(function*() {
  const sessions = yield* CheckoutSessions
  const base = yield* HostedPageBase

  const open: Route = {
    method: "GET",
    path: RECOVERY_PATH,
    handler: Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const { params } = yield* HttpRouter.RouteContext
      const notice = (status: number, title: Key, body: Key) =>
        Html.respond(status, Notice.render(Locale.resolve(null, request.headers["accept-language"]).language, title, body, "../assets/"))
      return yield* sessions.recover(params.token ?? "").pipe(
        Effect.map(({ state }) =>
          HttpServerResponse.empty({
            status: 303,
            // the Location carries the session's client secret: nothing may keep or pass it on
            headers: { location: Wire.hostedPageUrl(base, state.session.id, state.session.client_secret ?? ""), "cache-control": "no-store", "referrer-policy": "no-referrer" }
          })
        ),
        Effect.catchTags({
          ResourceMissing: () => Effect.succeed(notice(404, "recovery.unknownTitle", "recovery.unknownBody")),
          RecoveryUnavailable: (e) =>
            Effect.succeed(e.reason === "expired" ? notice(410, "recovery.expiredTitle", "recovery.expiredBody") : notice(410, "recovery.completedTitle", "recovery.completedBody"))
        }),
        Effect.catch((e) => Effect.succeed(notice(toMapped(e).status, "recovery.errorTitle", "recovery.errorBody")))
      )
    })
  }

  return [open] as const
})
