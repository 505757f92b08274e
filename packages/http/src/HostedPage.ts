/**
 * The hosted checkout page (SPEC section 4, `GET /c/pay/:id`): the page itself, the formatted
 * amounts it shows, and its assets. The page carries no session data: its script reads the client
 * secret from the URL fragment and calls the client routes of the API with it.
 */
import { Charges, CheckoutSessions, Country, ValidationError } from "@till/core"
import { Effect } from "effect"
import { HttpRouter, HttpServerRequest } from "effect/http"
import * as Auth from "./Auth.ts"
import * as CheckoutDisplay from "./CheckoutDisplay.ts"
import * as Endpoint from "./Endpoint.ts"
import * as Assets from "./pages/Assets.ts"
import * as CheckoutShell from "./pages/CheckoutShell.ts"
import * as Html from "./pages/Html.ts"
import * as Locale from "./pages/Locale.ts"
import * as Notice from "./pages/Notice.ts"

/** Where a session's page lives; the session's `url` adds the client secret as the fragment. */
export const PAGE_PATH = "/c/pay/:id"

/** Where the page reads its formatted amounts (client secret as the bearer, like the API's client routes). */
export const DISPLAY_PATH = "/c/pay/:id/display"

/** Where the page applies a promotion code (client secret as the bearer). */
export const PROMOTION_CODE_PATH = "/c/pay/:id/promotion_code"

/** Where the page records the customer's country, for dynamic tax rates (client secret as the bearer). */
export const COUNTRY_PATH = "/c/pay/:id/country"

/** The routes of the hosted page. */
export const routes = Effect.gen(function*() {
  const sessions = yield* CheckoutSessions
  const charges = yield* Charges
  const auth = yield* Auth.make

  // Whether a session exists, whatever its account, without granting anything: no secret matches
  // the empty one, so the answer is either "missing" or "exists, secret wrong".
  const exists = (id: string) =>
    sessions.authorizeClient(id, "").pipe(
      Effect.as(true),
      Effect.catchTags({ ResourceMissing: () => Effect.succeed(false), InvalidClientSecret: () => Effect.succeed(true) })
    )

  const page: Endpoint.Route = {
    method: "GET",
    path: PAGE_PATH,
    handler: Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const { params } = yield* HttpRouter.RouteContext
      const { language } = Locale.resolve(null, request.headers["accept-language"])
      return (yield* exists(params.id ?? ""))
        ? Html.respond(200, CheckoutShell.render(language))
        : Html.respond(404, Notice.render(language, "state.unknownTitle", "state.unknownBody", "../assets/"))
    })
  }

  const display: Endpoint.Route = {
    method: "GET",
    path: DISPLAY_PATH,
    handler: Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const { params } = yield* HttpRouter.RouteContext
      const id = params.id ?? ""
      const { scope } = yield* auth.authorize(request.headers.authorization, "client", id)
      const state = yield* sessions.retrieve(scope, id)
      const at = Locale.resolve(state.session.locale, request.headers["accept-language"], state.session.country)
      const charge = state.session.status === "complete" ? yield* charges.chargeOfSession(state) : null
      return Endpoint.respond({ status: 200, body: JSON.stringify(CheckoutDisplay.of(state, at, charge)), store: false }, { "cache-control": "no-store" })
    }).pipe(Effect.catch((e) => Effect.succeed(Endpoint.respond(Endpoint.failed(e)))))
  }

  // The promotion-code field: the code the customer typed (form-encoded `code`; empty removes the
  // discount), checked and applied with the client secret, answering the display with the new totals.
  const promotionCode: Endpoint.Route = {
    method: "POST",
    path: PROMOTION_CODE_PATH,
    handler: Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const { params } = yield* HttpRouter.RouteContext
      const id = params.id ?? ""
      const { scope } = yield* auth.authorize(request.headers.authorization, "client", id)
      const body = yield* Effect.orElseSucceed(request.text, () => "")
      const code = (new URLSearchParams(body).get("code") ?? "").trim()
      if (code.length > 500 || !/^[A-Za-z0-9-]*$/.test(code)) {
        return yield* new ValidationError({ code: "promotion_code_invalid", message: `This code is invalid: ${code.slice(0, 50)}.`, param: "promotion_code" })
      }
      const state = yield* sessions.applyPromotionCode(scope, id, code)
      const at = Locale.resolve(state.session.locale, request.headers["accept-language"], state.session.country)
      return Endpoint.respond({ status: 200, body: JSON.stringify(CheckoutDisplay.of(state, at)), store: false }, { "cache-control": "no-store" })
    }).pipe(Effect.catch((e) => Effect.succeed(Endpoint.respond(Endpoint.failed(e)))))
  }

  // The customer's country (form-encoded `country`, ISO 3166-1 alpha-2; empty for one no dynamic rate
  // covers), which picks the line items' dynamic tax rates; answers the display with the new totals.
  const country: Endpoint.Route = {
    method: "POST",
    path: COUNTRY_PATH,
    handler: Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const { params } = yield* HttpRouter.RouteContext
      const id = params.id ?? ""
      const { scope } = yield* auth.authorize(request.headers.authorization, "client", id)
      const body = yield* Effect.orElseSucceed(request.text, () => "")
      const given = (new URLSearchParams(body).get("country") ?? "").trim().toUpperCase()
      if (given !== "" && !Country.isCountry(given)) {
        return yield* new ValidationError({ code: "parameter_invalid", message: `Unknown country: ${given.slice(0, 10)}.`, param: "country" })
      }
      const state = yield* sessions.chooseCountry(scope, id, given === "" ? null : given)
      const at = Locale.resolve(state.session.locale, request.headers["accept-language"], state.session.country)
      return Endpoint.respond({ status: 200, body: JSON.stringify(CheckoutDisplay.of(state, at)), store: false }, { "cache-control": "no-store" })
    }).pipe(Effect.catch((e) => Effect.succeed(Endpoint.respond(Endpoint.failed(e)))))
  }

  return [page, display, promotionCode, country, Assets.route] as const
})
