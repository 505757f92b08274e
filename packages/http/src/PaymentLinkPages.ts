/**
 * `GET /l/:token`, the public address of a payment link: every visit mints a fresh session and
 * answers 303 to its hosted page, client secret in the fragment (browsers keep a redirect's
 * fragment). A link that cannot mint answers a page that says why: 404 for an unknown token,
 * 410 for a deactivated or expired one.
 */
import { PaymentLinks } from "@till/core"
import { Effect } from "effect"
import { HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"
import type { Route } from "./Endpoint.ts"
import { toMapped } from "./ErrorMapping.ts"
import * as Html from "./pages/Html.ts"
import * as Locale from "./pages/Locale.ts"
import type { Key } from "./pages/Messages.ts"
import * as Notice from "./pages/Notice.ts"
import * as Wire from "./Wire.ts"
import { HostedPageBase } from "./HostedPageBase.ts"

/** The public path of a payment link (what `Wire.paymentLinkUrl` builds). */
export const LINK_PATH = "/l/:token"

/** The routes of payment-link pages. */
export const routes = Effect.gen(function*() {
  const links = yield* PaymentLinks
  const base = yield* HostedPageBase

  const open: Route = {
    method: "GET",
    path: LINK_PATH,
    handler: Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const { params } = yield* HttpRouter.RouteContext
      const notice = (status: number, title: Key, body: Key) =>
        Html.respond(status, Notice.render(Locale.resolve(null, request.headers["accept-language"]).language, title, body, "../c/assets/"))
      return yield* links.mint(params.token ?? "").pipe(
        Effect.map((state) =>
          HttpServerResponse.empty({
            status: 303,
            // the Location carries the new session's client secret: nothing may keep or pass it on
            headers: { location: Wire.hostedPageUrl(base, state.session.id, state.session.client_secret ?? ""), "cache-control": "no-store", "referrer-policy": "no-referrer" }
          })
        ),
        Effect.catchTags({
          ResourceMissing: () => Effect.succeed(notice(404, "link.unknownTitle", "link.unknownBody")),
          // Gone, not 200: the link is there but takes no payments. Reactivating it works at once: nothing caches the answer.
          PaymentLinkUnavailable: (e) =>
            Effect.succeed(
              e.reason === "inactive" ? notice(410, "link.inactiveTitle", "link.inactiveBody") : notice(410, "link.expiredTitle", "link.expiredBody")
            )
        }),
        Effect.catch((e) => Effect.succeed(notice(toMapped(e).status, "link.errorTitle", "link.errorBody")))
      )
    })
  }

  return [open] as const
})
