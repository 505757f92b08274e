/**
 * The dashboard's routes (`/dashboard`, issue 15), served by Till itself beside the API: sign in and
 * out, and the pages. A page is reached only with a live login's cookie (`DashboardAuth`): an API key,
 * in a header or a cookie, never signs anyone in. Every POST carries the CSRF token of its login (the
 * sign-in form, the nonce of its cookie) or is refused with 403. Signing in is rate-limited per email
 * and per address: 20 wrong passwords for one email in 15 minutes, and the next attempt is refused
 * with 429 until the bucket refills. Pages act through the API's use cases, in the viewer's scope.
 */
import { Accounts, Audit, Charges, CheckoutSessions, DashboardAuth, EventLog, Ids, nowSeconds, WebhookDeliveries } from "@till/core"
import { Clock, Effect, Option } from "effect"
import { HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"
import type { Route } from "../Endpoint.ts"
import { HostedPageBase } from "../HostedPageBase.ts"
import * as Locale from "../pages/Locale.ts"
import type { Language } from "../pages/Messages.ts"
import * as RequestLog from "../RequestLog.ts"
import * as SafeInput from "../SafeInput.ts"
import * as TokenBuckets from "../TokenBuckets.ts"
import * as Cookies from "./Cookies.ts"
import * as EventRoutes from "./EventRoutes.ts"
import * as RefundRoutes from "./RefundRoutes.ts"
import * as Frame from "./Frame.ts"
import * as LoginPage from "./LoginPage.ts"
import { t } from "./Messages.ts"
import * as SessionPages from "./SessionPages.ts"
import type { Run as SignedInRun } from "./SignedIn.ts"
import * as Viewer from "./Viewer.ts"
import * as KeyRoutes from "./KeyRoutes.ts"
import * as UserRoutes from "./UserRoutes.ts"
import * as AccountRoutes from "./AccountRoutes.ts"
import * as WebhookPages from "./WebhookPages.ts"
import * as WebhookRoutes from "./WebhookRoutes.ts"
import * as LinkRoutes from "./LinkRoutes.ts"
import * as CatalogRoutes from "./CatalogRoutes.ts"
import * as BrandingPages from "./BrandingPages.ts"
import { escape } from "../pages/Html.ts"

/** Wrong attempts one email may make at once, and how long the bucket takes to refill: 20 per 15 minutes. */
export const LOGIN_LIMIT_PER_EMAIL: TokenBuckets.Limit = { burst: 20, perSecond: 20 / 900 }

/** The same per client address, across emails (password spraying): 100 per 15 minutes. */
export const LOGIN_LIMIT_PER_ADDRESS: TokenBuckets.Limit = { burst: 100, perSecond: 100 / 900 }

/** The longest form body read (a sign-in or an action carries a few short fields). */
const MAX_FORM_BYTES = 8 * 1024

const formOf = (request: HttpServerRequest.HttpServerRequest) =>
  Effect.map(Effect.orElseSucceed(request.text, () => ""), (text) => new URLSearchParams(text.length > MAX_FORM_BYTES ? "" : text))

const urlOf = (request: HttpServerRequest.HttpServerRequest) => new URL(request.url, "http://dashboard.invalid")

const languageOf = (request: HttpServerRequest.HttpServerRequest): Language => Locale.resolve(null, request.headers["accept-language"]).language

const forbidden = (language: Language) =>
  Frame.respond(403, Frame.document(language, t(language, "forbidden.title"), `<main id="main"><section class="card narrow" aria-labelledby="t">
<h1 id="t">${escape(t(language, "forbidden.title"))}</h1><p>${escape(t(language, "forbidden.csrf"))}</p>
<p><a href="/dashboard/sessions">${escape(t(language, "nav.sessions"))}</a></p></section></main>`))

/** The routes, built once with the use cases. */
export const routes = Effect.gen(function*() {
  const auth = yield* DashboardAuth
  const sessions = yield* CheckoutSessions
  const deliveries = yield* WebhookDeliveries
  const accounts = yield* Accounts
  const audit = yield* Audit
  const eventLog = yield* EventLog
  const charges = yield* Charges
  const publicUrl = yield* HostedPageBase
  const secure = Cookies.secureFor(publicUrl)
  const perEmail = TokenBuckets.make(LOGIN_LIMIT_PER_EMAIL)
  const perAddress = TokenBuckets.make(LOGIN_LIMIT_PER_ADDRESS)

  const loginPage = (language: Language, status: number, error: string | null, email = "", existing?: string) =>
    Effect.gen(function*() {
      // the cookie and the hidden field carry the same value; a browser's nonce is kept, so two open sign-in tabs both work
      const nonce = existing !== undefined && /^[0-9A-Za-z]{20,64}$/.test(existing) ? existing : Ids.randomBase62(32)
      return Frame.respond(status, LoginPage.render(language, nonce, error, email)).pipe(Cookies.set(Cookies.LOGIN_NONCE, nonce, 3600, secure))
    })

  /** The viewer of a request, or none without a live login (the caller answers with the sign-in page). */
  const viewerOf = (request: HttpServerRequest.HttpServerRequest) =>
    Effect.gen(function*() {
      const token = request.cookies[Cookies.LOGIN]
      if (token === undefined || token === "") return Option.none<Viewer.Viewer>()
      const signedIn = yield* auth.authenticate(token)
      if (Option.isNone(signedIn)) return Option.none<Viewer.Viewer>()
      return Option.some(yield* Viewer.make(signedIn.value, token, urlOf(request), request.headers["accept-language"]))
    })

  const toLogin = Frame.seeOther("/dashboard/login")

  /** A signed-in route: `run` gets the viewer; without a login, the sign-in page; a POST without the CSRF token, 403. */
  const signedIn = (
    method: "GET" | "POST",
    path: string,
    run: SignedInRun
  ): Route => ({
    method,
    path,
    handler: Effect.gen(function*() {
      yield* RequestLog.noteRoute(`${method} ${path}`)
      const request = yield* HttpServerRequest.HttpServerRequest
      const { params } = yield* HttpRouter.RouteContext
      const viewer = yield* viewerOf(request)
      if (Option.isNone(viewer)) return toLogin
      const form = method === "POST" ? yield* formOf(request) : new URLSearchParams()
      if (method === "POST" && !Viewer.tokensMatch(form.get("csrf"), viewer.value.csrf)) return forbidden(viewer.value.language)
      if (viewer.value.scope !== null) yield* RequestLog.noteAccount(viewer.value.scope.account)
      return yield* run(viewer.value, request, SafeInput.pathParams(params), form)
    })
  })

  const home: Route = {
    method: "GET",
    path: "/dashboard",
    handler: Effect.succeed(Frame.seeOther("/dashboard/sessions"))
  }

  const showLogin: Route = {
    method: "GET",
    path: "/dashboard/login",
    handler: Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      if (Option.isSome(yield* viewerOf(request))) return Frame.seeOther("/dashboard/sessions")
      return yield* loginPage(languageOf(request), 200, null, "", request.cookies[Cookies.LOGIN_NONCE])
    })
  }

  const login: Route = {
    method: "POST",
    path: "/dashboard/login",
    handler: Effect.gen(function*() {
      yield* RequestLog.noteRoute("POST /dashboard/login")
      const request = yield* HttpServerRequest.HttpServerRequest
      const language = languageOf(request)
      const form = yield* formOf(request)
      const nonce = request.cookies[Cookies.LOGIN_NONCE]
      if (nonce === undefined || nonce === "" || !Viewer.tokensMatch(form.get("csrf"), nonce)) return forbidden(language)
      const email = (form.get("email") ?? "").trim().slice(0, 254)
      const password = form.get("password") ?? ""
      const now = yield* Clock.currentTimeMillis
      const address = Option.getOrElse(request.remoteAddress, () => "unknown")
      // every attempt spends a token, right or wrong: a guesser cannot tell a refusal from a wrong password by timing either
      const byEmail = perEmail.take(email.toLowerCase(), now)
      const byAddress = perAddress.take(address, now)
      const refused = !byEmail.allowed ? byEmail : !byAddress.allowed ? byAddress : undefined
      if (refused !== undefined && !refused.allowed) {
        const minutes = Math.max(1, Math.ceil(refused.retryAfterMs / 60_000))
        const page = yield* loginPage(language, 429, t(language, "login.throttled", { minutes }), email, nonce)
        return page.pipe(HttpServerResponse.setHeader("retry-after", String(Math.ceil(refused.retryAfterMs / 1000))))
      }
      return yield* auth.login(email, password).pipe(
        Effect.flatMap((signed) =>
          // the cookie lasts no longer than the login (read after it was made, so never a second more)
          Effect.map(nowSeconds, (after) =>
            Frame.seeOther("/dashboard/sessions").pipe(
              Cookies.set(Cookies.LOGIN, signed.token, signed.expires_at - after, secure),
              Cookies.clear(Cookies.LOGIN_NONCE, secure)
            ))
        ),
        Effect.catchTag("InvalidCredentials", () => loginPage(language, 401, t(language, "login.failed"), email, nonce))
      )
    })
  }

  const logout = signedIn("POST", "/dashboard/logout", (viewer) =>
    Effect.as(auth.logout(viewer.token), Frame.seeOther("/dashboard/login").pipe(Cookies.clear(Cookies.LOGIN, secure))))

  const sessionList = signedIn("GET", "/dashboard/sessions", (viewer, request) =>
    Effect.map(SessionPages.list(sessions, viewer, urlOf(request)), (answer) =>
      "redirect" in answer ? Frame.seeOther(answer.redirect) : Frame.respond(answer.status, answer.html)))

  const sessionPage = signedIn("GET", "/dashboard/sessions/:id", (viewer, request, params) =>
    Effect.gen(function*() {
      const answer = yield* SessionPages.detail(sessions, deliveries, audit, charges, viewer, params.id ?? "", SessionPages.flashOf(viewer, urlOf(request)))
      return Frame.respond(answer.status, answer.html)
    }))

  // the outcome rides on the page the browser is sent to (`done` or `failed`), so a reload does not act again
  const expireSession = signedIn("POST", "/dashboard/sessions/:id/expire", (viewer, _request, params) =>
    Effect.gen(function*() {
      const id = params.id ?? ""
      const outcome = yield* SessionPages.expire(sessions, audit, viewer, id)
      return Frame.seeOther(`/dashboard/sessions/${encodeURIComponent(id)}${Viewer.carry(viewer, outcome)}`)
    }))

  // back to the page the button was on (a dashboard path only), with the outcome
  const resendDelivery = signedIn("POST", "/dashboard/deliveries/:id/resend", (viewer, request, params) =>
    Effect.gen(function*() {
      const outcome = yield* SessionPages.resend(deliveries, audit, viewer, params.id ?? "")
      const back = urlOf(request).searchParams.get("back") ?? ""
      const target = /^\/dashboard\/(?:sessions|webhooks|events)\/[A-Za-z0-9_]{1,255}$/.test(back) ? back : "/dashboard/sessions"
      return Frame.seeOther(`${target}${Viewer.carry(viewer, outcome)}`)
    }))

  const resendFailed = signedIn("POST", "/dashboard/webhooks/:id/resend_failed", (viewer, _request, params, form) =>
    Effect.gen(function*() {
      const id = params.id ?? ""
      const outcome = yield* WebhookPages.resendFailed(deliveries, audit, viewer, id, (form.get("since") ?? "").trim())
      return Frame.seeOther(`/dashboard/webhooks/${encodeURIComponent(id)}${Viewer.carry(viewer, outcome)}`)
    }))

  return [
    home,
    showLogin,
    login,
    logout,
    ...UserRoutes.make(signedIn, auth, audit, secure),
    ...AccountRoutes.make(signedIn, accounts, auth, audit),
    ...KeyRoutes.make(signedIn, accounts, audit),
    ...(yield* WebhookRoutes.routes(signedIn)),
    ...(yield* LinkRoutes.routes(signedIn)),
    ...(yield* CatalogRoutes.routes(signedIn)),
    ...(yield* BrandingPages.routes(signedIn)),
    ...EventRoutes.routes(signedIn, eventLog, deliveries, audit),
    ...RefundRoutes.routes(signedIn, sessions, charges, deliveries, audit),
    sessionList, sessionPage, expireSession, resendDelivery, resendFailed, Frame.assetRoute] as ReadonlyArray<Route>
})

/** The dashboard on the server's router. */
export const layer = HttpRouter.use(Effect.fnUntraced(function*(router) {
  const all = yield* routes
  yield* router.addAll(all.map((route) => HttpRouter.route(route.method, route.path as HttpRouter.PathInput, route.handler)))
}))
