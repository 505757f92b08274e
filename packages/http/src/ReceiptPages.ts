/**
 * `GET /receipts/:id/:secret`, a paid session's receipt page: no API key and no client secret, the
 * address's own secret is what opens it (as Stripe's `pay.stripe.com/receipts/…` addresses are), so a
 * charge's `receipt_url` can be e-mailed and shared. In the session's language, else the browser's.
 */
import { Receipts } from "@till/core"
import { Effect } from "effect"
import { HttpRouter, HttpServerRequest } from "effect/http"
import type { Route } from "./Endpoint.ts"
import { toMapped } from "./ErrorMapping.ts"
import * as Html from "./pages/Html.ts"
import * as Locale from "./pages/Locale.ts"
import * as Notice from "./pages/Notice.ts"
import { receiptMessages } from "./pages/ReceiptMessages.ts"
import * as ReceiptPage from "./pages/ReceiptPage.ts"
import * as ReceiptView from "./ReceiptView.ts"

/** Where a receipt lives: its charge's id and its secret (what `Wire.receiptUrl` builds). */
export const RECEIPT_PATH = "/receipts/:id/:secret"

/** From a receipt page's directory (`/receipts/:id/`) to the pages' assets. */
const ASSETS = "../../c/assets/"

/** The routes of receipt pages. */
export const routes = Effect.gen(function*() {
  const receipts = yield* Receipts

  const page: Route = {
    method: "GET",
    path: RECEIPT_PATH,
    handler: Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const { params } = yield* HttpRouter.RouteContext
      const browser = request.headers["accept-language"]
      const notice = (status: number) => {
        const { language } = Locale.resolve(null, browser)
        const t = receiptMessages[language]
        return Html.respond(status, Notice.renderText(language, t["receipt.unknownTitle"], t["receipt.unknownBody"], ASSETS))
      }
      return yield* receipts.byAddress(params.id ?? "", params.secret ?? "").pipe(
        Effect.map(({ state, charge, merchant }) => {
          const at = Locale.resolve(state.session.locale, browser, state.session.country)
          return Html.respond(200, ReceiptPage.render(ReceiptView.of(state, charge, merchant, at), ASSETS))
        }),
        Effect.catchTag("ResourceMissing", () => Effect.succeed(notice(404))),
        Effect.catch((e) => Effect.succeed(notice(toMapped(e).status)))
      )
    })
  }

  return [page] as const
})
