/**
 * The hosted checkout page (SPEC section 4, `GET /c/pay/:id`): the page itself, its embedded variant
 * (`GET /c/embed/:id`, which the merchant's allowed origins may frame), the formatted amounts it
 * shows, and its assets. The page carries no session data: its script reads the client secret from
 * the URL fragment and calls the client routes of the API with it.
 */
import { AccountProfiles, Charges, CheckoutSessions, Country, EmbeddedCheckout, Files, isProfileSet, PaymentProcessor, ProcessorClientFiles, type Scope, type SessionState, ValidationError } from "@till/core"
import { Effect, Option } from "effect"
import { HttpRouter, HttpServerRequest } from "effect/http"
import * as Auth from "./Auth.ts"
import * as CheckoutDisplay from "./CheckoutDisplay.ts"
import * as Endpoint from "./Endpoint.ts"
import type { HttpError } from "./ErrorMapping.ts"
import * as MerchantDisplay from "./MerchantDisplay.ts"
import * as Assets from "./pages/Assets.ts"
import * as CheckoutShell from "./pages/CheckoutShell.ts"
import * as Html from "./pages/Html.ts"
import * as Locale from "./pages/Locale.ts"
import type { Language } from "./pages/Messages.ts"
import * as Notice from "./pages/Notice.ts"
import { HostedPageBase } from "./HostedPageBase.ts"
import * as Wire from "./Wire.ts"

/** Where a session's page lives; the session's `url` adds the client secret as the fragment. */
export const PAGE_PATH = "/c/pay/:id"

/**
 * Where an embedded session's page lives: the same page, framed by the merchant's page (the embed
 * script makes the iframe, the client secret in its fragment). Its `frame-ancestors` are the
 * account's allowed origins; a hosted session is not served here.
 */
export const EMBED_PAGE_PATH = "/c/embed/:id"

/** Where the page reads its formatted amounts (client secret as the bearer, like the API's client routes). */
export const DISPLAY_PATH = "/c/pay/:id/display"

/** Where the page applies a promotion code (client secret as the bearer). */
export const PROMOTION_CODE_PATH = "/c/pay/:id/promotion_code"

/** Where the page records the customer's country, for dynamic tax rates (client secret as the bearer). */
export const COUNTRY_PATH = "/c/pay/:id/country"

/** Where the page records the shipping option the customer chose (client secret as the bearer). */
export const SHIPPING_RATE_PATH = "/c/pay/:id/shipping_rate"

/** The routes of the hosted page. */
export const routes = Effect.gen(function*() {
  const sessions = yield* CheckoutSessions
  const charges = yield* Charges
  const embedding = yield* EmbeddedCheckout
  const auth = yield* Auth.make
  const base = yield* HostedPageBase
  const profiles = yield* AccountProfiles
  const files = yield* Files
  const processor = yield* PaymentProcessor
  // the offered connectors' client files (none unless the server registers connectors)
  const clientFiles = yield* ProcessorClientFiles

  // The processor's card component for an open session's page, with where Till serves its files; none for a paid or expired one.
  const componentOf = Effect.fnUntraced(function*(scope: Scope, state: SessionState) {
    if (state.session.status !== "open" || processor.clientComponent === undefined) return null
    const component = yield* processor.clientComponent(scope)
    return component === null ? null : Assets.servedComponent(component, clientFiles)
  })

  // The origins the page's policy allows for its session's processor component: only an open session's, and only a component the page loads.
  const hostsOf = Effect.fnUntraced(function*(page: { readonly scope: Scope; readonly open: boolean }) {
    if (!page.open || processor.clientComponent === undefined) return []
    const component = yield* processor.clientComponent(page.scope)
    return component === null || Assets.servedComponent(component, clientFiles) === null ? [] : component.hosts ?? []
  })

  // The account's name, image and colours for the page; an image deleted or unreadable is left out, never an error.
  const merchantOf = Effect.fnUntraced(function*(account: string) {
    const profile = yield* profiles.profileOf(account)
    if (!isProfileSet(profile)) return null
    const imageId = profile.branding.logo ?? profile.branding.icon
    const image = imageId === null ? null : yield* Effect.orElseSucceed(files.retrieve(account, imageId), () => null)
    return MerchantDisplay.of(profile, image)
  })

  // The language of a session's page (its locale, else the browser's), the one its script carries, and
  // the processor hosts its policy allows; None when there is no such session. The page's markup is the
  // same for every session in that language.
  const pageOf = (id: string, acceptLanguage: string | undefined) =>
    Effect.flatMap(sessions.pageOf(id), Option.match({
      onNone: () => Effect.succeed(Option.none<{ readonly language: Language; readonly hosts: ReadonlyArray<string> }>()),
      onSome: (found) => Effect.map(hostsOf(found), (hosts) => Option.some({ language: Locale.resolve(found.locale, acceptLanguage).language, hosts }))
    }))

  const page: Endpoint.Route = {
    method: "GET",
    path: PAGE_PATH,
    handler: Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const { params } = yield* HttpRouter.RouteContext
      const found = yield* pageOf(params.id ?? "", request.headers["accept-language"])
      return Option.isSome(found)
        ? Html.respond(200, CheckoutShell.render(found.value.language), Html.pageHeaders(found.value.hosts))
        : Html.respond(404, Notice.render(Locale.resolve(null, request.headers["accept-language"]).language, "state.unknownTitle", "state.unknownBody", "../assets/"))
    })
  }

  const embedPage: Endpoint.Route = {
    method: "GET",
    path: EMBED_PAGE_PATH,
    handler: Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const { params } = yield* HttpRouter.RouteContext
      const found = yield* pageOf(params.id ?? "", request.headers["accept-language"])
      const language = Option.match(found, {
        onNone: () => Locale.resolve(null, request.headers["accept-language"]).language,
        onSome: (page) => page.language
      })
      const policy = yield* embedding.framePolicy(params.id ?? "")
      if (Option.isNone(policy)) return Html.respond(404, Notice.render(language, "state.unknownTitle", "state.unknownBody", "../assets/"))
      if (policy.value.ui_mode !== "embedded_page") {
        return Html.respond(404, Notice.render(language, "embed.notEmbeddableTitle", "embed.notEmbeddableBody", "../assets/"))
      }
      const hosts = Option.match(found, { onNone: () => [], onSome: (page) => page.hosts })
      return Html.respondFramed(200, CheckoutShell.render(language, { embedded: true }), policy.value.frame_ancestors, hosts)
    })
  }

  // A route the page's script calls with the client secret as the bearer: `act` reads or changes the
  // session it names, and the answer is the page's display of it (formatted amounts, not stored).
  const displayRoute = (
    method: Endpoint.Route["method"],
    path: string,
    act: (scope: Scope, id: string, request: HttpServerRequest.HttpServerRequest) => Effect.Effect<SessionState, HttpError>
  ): Endpoint.Route => ({
    method,
    path,
    handler: Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const { params } = yield* HttpRouter.RouteContext
      const id = params.id ?? ""
      const { scope } = yield* auth.authorize(request.headers.authorization, "client", id, { method: request.method, path: new URL(request.url, "http://till.invalid").pathname })
      const state = yield* act(scope, id, request)
      const at = Locale.resolve(state.session.locale, request.headers["accept-language"], state.session.country)
      const charge = state.session.status === "complete" ? yield* charges.chargeOfSession(state) : null
      // the receipt once the money is taken (a held payment has none yet)
      const receipt = charge !== null && charge.captured && charge.receipt_secret !== null ? Wire.receiptUrl(charge, base) : null
      const merchant = yield* merchantOf(scope.account)
      const component = yield* componentOf(scope, state)
      return Endpoint.respond({ status: 200, body: JSON.stringify(CheckoutDisplay.of(state, at, charge, receipt, merchant, component)), store: false }, { "cache-control": "no-store" })
    }).pipe(Effect.catch((e) => Effect.succeed(Endpoint.respond(Endpoint.failed(e)))))
  })

  // One field of the form-encoded body the page's script posts, trimmed ("" when absent).
  const formField = (request: HttpServerRequest.HttpServerRequest, name: string) =>
    Effect.map(Effect.orElseSucceed(request.text, () => ""), (body) => (new URLSearchParams(body).get(name) ?? "").trim())

  const display = displayRoute("GET", DISPLAY_PATH, (scope, id) => sessions.retrieve(scope, id))

  // The promotion-code field: the code the customer typed (empty removes the discount), checked and applied.
  const promotionCode = displayRoute("POST", PROMOTION_CODE_PATH, (scope, id, request) =>
    Effect.gen(function*() {
      const code = yield* formField(request, "code")
      if (code.length > 500 || !/^[A-Za-z0-9-]*$/.test(code)) {
        return yield* new ValidationError({ code: "promotion_code_invalid", message: `This code is invalid: ${code.slice(0, 50)}.`, param: "promotion_code" })
      }
      return yield* sessions.applyPromotionCode(scope, id, code)
    }))

  // The customer's country (ISO 3166-1 alpha-2; empty for one no dynamic rate covers), which picks the
  // line items' dynamic tax rates.
  const country = displayRoute("POST", COUNTRY_PATH, (scope, id, request) =>
    Effect.gen(function*() {
      const given = (yield* formField(request, "country")).toUpperCase()
      if (given !== "" && !Country.isCountry(given)) {
        return yield* new ValidationError({ code: "parameter_invalid", message: `Unknown country: ${given.slice(0, 10)}.`, param: "country" })
      }
      return yield* sessions.chooseCountry(scope, id, given === "" ? null : given)
    }))

  // The shipping option the customer picked: one of the session's shipping rates, by id.
  const shippingRate = displayRoute("POST", SHIPPING_RATE_PATH, (scope, id, request) =>
    Effect.gen(function*() {
      const rate = yield* formField(request, "shipping_rate")
      if (rate === "" || rate.length > 255) {
        return yield* new ValidationError({ code: "parameter_invalid", message: "Choose one of the session's shipping options.", param: "shipping_rate" })
      }
      return yield* sessions.chooseShippingRate(scope, id, rate)
    }))

  return [page, embedPage, display, promotionCode, country, shippingRate, Assets.route(clientFiles)] as const
})
