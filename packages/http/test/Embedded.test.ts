/**
 * Embedded checkout and recovery links over a real port, without a browser: the create parameters
 * and their errors, the wire shape, the embedded page's `frame-ancestors` per mode and account, the
 * embed settings API, the embed script, and the recovery link's answers. The browser tests
 * (EmbeddedBrowser.test.ts) drive the same in Chromium from a second origin.
 */
import { assert, layer } from "@effect/vitest"
import { SessionMachine, SessionRepository } from "@till/core"
import { Effect, Option } from "effect"
import Stripe from "stripe"
import { bearer, CREATE_FORM, FORM, type Reply, send } from "../src/testing/Fetch.ts"
import { rejects, stripeClient } from "../src/testing/stripe/StripeSuite.ts"
import { SuiteServer } from "../src/testing/stripe/SuiteServer.ts"
import { inMemory } from "../src/testing/TestServer.ts"

const BACK = "https://shop.example/back?session={CHECKOUT_SESSION_ID}"
const enc = encodeURIComponent

const post = (url: string, key: string, body: string) => send(url, { method: "POST", headers: { ...bearer(key), ...FORM }, body })

const createOk = (url: string, key: string, body: string) =>
  post(`${url}/v1/checkout/sessions`, key, body).pipe(
    Effect.tap((reply) => Effect.sync(() => assert.strictEqual(reply.status, 200, reply.text))),
    Effect.map((reply) => reply.json)
  )

const refused = (reply: Reply, param: string, code = "parameter_invalid") => {
  assert.strictEqual(reply.status, 400, reply.text)
  assert.strictEqual(reply.json.error.param, param, reply.text)
  assert.strictEqual(reply.json.error.code, code, reply.text)
}

const cspOf = (reply: Reply) => reply.headers.get("content-security-policy") ?? ""

layer(inMemory, { excludeTestServices: true, timeout: "30 seconds" })("embedded checkout on the wire", (it) => {
  it.effect("an embedded session has no url, a client secret, ui_mode, return_url and redirect_on_completion; the stripe client makes one", () =>
    Effect.gen(function*() {
      const server = yield* SuiteServer
      const { keys, url } = server
      const s = yield* createOk(url, keys.test, `${CREATE_FORM}&ui_mode=embedded&return_url=${enc(BACK)}`)
      assert.strictEqual(s.ui_mode, "embedded_page")
      assert.isNull(s.url)
      assert.match(s.client_secret, new RegExp(`^${s.id}_secret_`))
      assert.strictEqual(s.return_url, BACK)
      assert.strictEqual(s.redirect_on_completion, "always")
      assert.isNull(s.success_url)

      const stripe = stripeClient(server)
      const line_items = [{ price_data: { currency: "usd", unit_amount: 1200, product_data: { name: "T-shirt" } }, quantity: 1 }]
      const never = yield* Effect.promise(() => stripe.checkout.sessions.create({ mode: "payment", line_items, ui_mode: "embedded_page", redirect_on_completion: "never" }))
      assert.strictEqual(never.ui_mode, "embedded_page")
      assert.strictEqual(never.redirect_on_completion, "never")
      assert.isNull(never.url)
      assert.isUndefined(never.return_url)
      const read = yield* Effect.promise(() => stripe.checkout.sessions.retrieve(never.id))
      assert.strictEqual(read.redirect_on_completion, "never")

      const hosted = yield* createOk(url, keys.test, `${CREATE_FORM}&ui_mode=hosted_page&redirect_on_completion=always`)
      assert.strictEqual(hosted.ui_mode, "hosted_page")
      assert.isString(hosted.url)
      assert.notProperty(hosted, "redirect_on_completion")
    }))

  it.effect("refuses, naming the parameter: success_url or cancel_url when embedded, return_url missing or with never, a hosted redirect, Elements", () =>
    Effect.gen(function*() {
      const server = yield* SuiteServer
      const { keys, url } = server
      const create = (extra: string) => post(`${url}/v1/checkout/sessions`, keys.test, `${CREATE_FORM}&${extra}`)
      refused(yield* create(`ui_mode=embedded_page&return_url=${enc(BACK)}&success_url=${enc("https://shop.example/ok")}`), "success_url")
      refused(yield* create(`ui_mode=embedded_page&return_url=${enc(BACK)}&cancel_url=${enc("https://shop.example/cart")}`), "cancel_url")
      refused(yield* create("ui_mode=embedded_page"), "return_url", "parameter_missing")
      refused(yield* create(`ui_mode=embedded_page&redirect_on_completion=never&return_url=${enc(BACK)}`), "return_url")
      refused(yield* create("redirect_on_completion=if_required"), "redirect_on_completion")
      refused(yield* create("redirect_on_completion=sometimes&ui_mode=embedded_page"), "redirect_on_completion")
      refused(yield* create("ui_mode=elements"), "ui_mode", "parameter_unsupported")
      refused(yield* create("ui_mode=popup"), "ui_mode")
      refused(yield* create("after_expiration[recovery][allow_promotion_codes]=true"), "after_expiration[recovery][enabled]", "parameter_missing")
      refused(yield* create("after_expiration[recovery][enabled]=maybe"), "after_expiration[recovery][enabled]")

      const stripe = stripeClient(server)
      const line_items = [{ price_data: { currency: "usd", unit_amount: 1200, product_data: { name: "T-shirt" } }, quantity: 1 }]
      const e = (yield* rejects(() =>
        stripe.checkout.sessions.create({ mode: "payment", line_items, ui_mode: "embedded_page", success_url: "https://shop.example/ok", return_url: BACK })
      )) as Stripe.errors.StripeError
      assert.instanceOf(e, Stripe.errors.StripeInvalidRequestError)
      assert.strictEqual(e.param, "success_url")

      // payment links open the hosted page and take no recovery: these are not theirs
      for (const param of ["ui_mode=embedded_page", "redirect_on_completion=never", "after_expiration[recovery][enabled]=true"]) {
        refused(yield* post(`${url}/v1/payment_links`, keys.test, `${CREATE_FORM}&${param}`), param.slice(0, param.search(/[[=]/)), "parameter_unknown")
      }
    }))

  it.effect("the embedded page may be framed by the account's allowed origins in its mode only; the hosted page by none", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      const embedded = yield* createOk(url, keys.test, `${CREATE_FORM}&ui_mode=embedded_page&return_url=${enc(BACK)}`)
      const hosted = yield* createOk(url, keys.test, CREATE_FORM)

      // no origins yet: nobody may frame it
      const unframed = yield* send(`${url}/c/embed/${embedded.id}`)
      assert.strictEqual(unframed.status, 200)
      assert.include(cspOf(unframed), "frame-ancestors 'none'")

      const settings = yield* post(`${url}/v1/embed_settings`, keys.test, `allowed_origins[]=${enc("https://shop.example/")}&allowed_origins[]=${enc("http://localhost:5501")}`)
      assert.strictEqual(settings.status, 200, settings.text)
      assert.deepStrictEqual(settings.json.allowed_origins, ["https://shop.example", "http://localhost:5501"])
      const page = yield* send(`${url}/c/embed/${embedded.id}`)
      assert.strictEqual(page.status, 200)
      const csp = cspOf(page)
      assert.include(csp, "frame-ancestors https://shop.example http://localhost:5501")
      assert.notInclude(csp, "frame-ancestors 'none'")
      for (const directive of ["default-src 'self'", "script-src 'self'", "connect-src 'self'", "form-action 'none'"]) assert.include(csp, directive)
      assert.isNull(page.headers.get("x-frame-options"))
      assert.strictEqual(page.headers.get("cache-control"), "no-store")
      assert.include(page.text, `<body class="embedded">`)
      for (const secret of [embedded.client_secret, embedded.id]) assert.notInclude(page.text, secret)

      // the hosted page keeps 'none', for a hosted and an embedded session alike
      for (const id of [hosted.id, embedded.id]) {
        const hostedPage = yield* send(`${url}/c/pay/${id}`)
        assert.include(cspOf(hostedPage), "frame-ancestors 'none'")
        assert.strictEqual(hostedPage.headers.get("x-frame-options"), "DENY")
      }
      // a hosted session is not served embedded; an unknown one is not found
      const notEmbeddable = yield* send(`${url}/c/embed/${hosted.id}`)
      assert.strictEqual(notEmbeddable.status, 404)
      assert.include(cspOf(notEmbeddable), "frame-ancestors 'none'")
      assert.include(notEmbeddable.text, "cannot be embedded")
      const unknown = yield* send(`${url}/c/embed/cs_test_nope`)
      assert.strictEqual(unknown.status, 404)
      assert.include(cspOf(unknown), "frame-ancestors 'none'")

      // live mode has its own list: the test mode's does not frame a live session
      const live = yield* createOk(url, keys.live, `${CREATE_FORM}&ui_mode=embedded_page&redirect_on_completion=never`)
      assert.include(cspOf(yield* send(`${url}/c/embed/${live.id}`)), "frame-ancestors 'none'")
    }))

  it.effect("embed settings: read and replaced with a secret key, per account and mode; origins checked; never with a client secret", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      const read = (key: string) => send(`${url}/v1/embed_settings`, { headers: bearer(key) })
      const other = yield* read(keys.otherTest)
      assert.deepStrictEqual(other.json, { object: "embed_settings", livemode: false, allowed_origins: [], updated: null })
      const live = yield* post(`${url}/v1/embed_settings`, keys.live, `allowed_origins[0]=${enc("https://live.shop.example")}`)
      assert.deepStrictEqual(live.json.allowed_origins, ["https://live.shop.example"])
      assert.isTrue(live.json.livemode)
      assert.deepStrictEqual((yield* read(keys.live)).json.allowed_origins, ["https://live.shop.example"])
      refused(yield* post(`${url}/v1/embed_settings`, keys.live, `allowed_origins[0]=${enc("http://live.shop.example")}`), "allowed_origins[0]")
      refused(yield* post(`${url}/v1/embed_settings`, keys.test, `allowed_origins[0]=${enc("https://a.example")}&allowed_origins[1]=${enc("https://b.example/pay")}`), "allowed_origins[1]")
      refused(yield* post(`${url}/v1/embed_settings`, keys.test, "allowed_origins=https://a.example"), "allowed_origins")
      refused(yield* post(`${url}/v1/embed_settings`, keys.test, "origins[]=https://a.example"), "origins", "parameter_unknown")
      const cleared = yield* post(`${url}/v1/embed_settings`, keys.live, "allowed_origins=")
      assert.deepStrictEqual(cleared.json.allowed_origins, [])
      // JSON too
      const json = yield* send(`${url}/v1/embed_settings`, {
        method: "POST",
        headers: { ...bearer(keys.otherTest), "content-type": "application/json" },
        body: JSON.stringify({ allowed_origins: ["https://other.example"] })
      })
      assert.deepStrictEqual(json.json.allowed_origins, ["https://other.example"], json.text)

      const s = yield* createOk(url, keys.test, `${CREATE_FORM}&ui_mode=embedded_page&redirect_on_completion=never`)
      assert.strictEqual((yield* read(s.client_secret)).status, 401)
      assert.strictEqual((yield* send(`${url}/v1/embed_settings`)).status, 401)
      // a secret-key route: no CORS, its preflight included
      const preflight = yield* send(`${url}/v1/embed_settings`, { method: "OPTIONS", headers: { origin: "https://shop.example", "access-control-request-method": "POST" } })
      assert.isNull(preflight.headers.get("access-control-allow-origin"))
    }))

  it.effect("the embed script: JavaScript any origin may load, cached for minutes and revalidated by its ETag", () =>
    Effect.gen(function*() {
      const { url } = yield* SuiteServer
      const js = yield* send(`${url}/c/embed.js`)
      assert.strictEqual(js.status, 200)
      assert.match(js.headers.get("content-type") ?? "", /^text\/javascript/)
      assert.strictEqual(js.headers.get("cache-control"), "public, max-age=300")
      assert.strictEqual(js.headers.get("cross-origin-resource-policy"), "cross-origin")
      assert.strictEqual(js.headers.get("access-control-allow-origin"), "*")
      assert.strictEqual(js.headers.get("x-content-type-options"), "nosniff")
      assert.include(js.text, "TillCheckout")
      assert.include(js.text, "initEmbeddedCheckout")
      // small: no framework
      assert.isBelow(js.text.length, 8000)
      const etag = js.headers.get("etag")!
      assert.match(etag, /^"[0-9a-f]{32}"$/)
      const again = yield* send(`${url}/c/embed.js`, { headers: { "if-none-match": etag } })
      assert.strictEqual(again.status, 304)
      assert.strictEqual(again.text, "")
      assert.strictEqual((yield* send(`${url}/c/embed.js`, { headers: { "if-none-match": "\"other\"" } })).status, 200)
      assert.strictEqual((yield* send(`${url}/c/embed.js`, { method: "POST" })).status, 405)
    }))

  it.effect("CORS: a page on another origin reads an embedded session with its client secret, as any session", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      const s = yield* createOk(url, keys.test, `${CREATE_FORM}&ui_mode=embedded_page&return_url=${enc(BACK)}`)
      const preflight = yield* send(`${url}/v1/checkout/sessions/${s.id}`, {
        method: "OPTIONS",
        headers: { origin: "http://localhost:5501", "access-control-request-method": "GET", "access-control-request-headers": "authorization" }
      })
      assert.strictEqual(preflight.status, 204)
      assert.strictEqual(preflight.headers.get("access-control-allow-origin"), "*")
      const read = yield* send(`${url}/v1/checkout/sessions/${s.id}`, { headers: { ...bearer(s.client_secret), origin: "http://localhost:5501" } })
      assert.strictEqual(read.status, 200)
      assert.strictEqual(read.headers.get("access-control-allow-origin"), "*")
      assert.strictEqual(read.json.status, "open")
      assert.strictEqual(read.json.ui_mode, "embedded_page")
    }))
})

layer(inMemory, { excludeTestServices: true, timeout: "30 seconds" })("recovery links on the wire", (it) => {
  it.effect("an expired session's link answers 303 to a new session's page, the same one while it is open, then a page once it is paid", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      const original = yield* createOk(url, keys.test, `${CREATE_FORM}&metadata[order]=7&success_url=${enc("https://shop.example/ok")}&after_expiration[recovery][enabled]=true&after_expiration[recovery][allow_promotion_codes]=true`)
      assert.deepStrictEqual(original.after_expiration, { recovery: { allow_promotion_codes: true, enabled: true, expires_at: null, url: null } })
      assert.isNull(original.recovered_from)
      const expired = (yield* post(`${url}/v1/checkout/sessions/${original.id}/expire`, keys.test, "")).json
      const recovery = expired.after_expiration.recovery
      assert.match(recovery.url, new RegExp(`^${url}/c/recover/${original.id}_recovery_[0-9A-Za-z]+$`))
      assert.approximately(recovery.expires_at, Math.floor(Date.now() / 1000) + SessionMachine.RECOVERY_WINDOW_SECONDS, 60)
      // the expired event carries the link too (under the base events are frozen with)
      const events = (yield* send(`${url}/v1/events?type=checkout.session.expired`, { headers: bearer(keys.test) })).json
      const frozen: string = events.data[0].data.object.after_expiration.recovery.url
      assert.strictEqual(new URL(frozen).pathname, new URL(recovery.url).pathname)

      const opened = yield* send(recovery.url, { redirect: "manual" })
      assert.strictEqual(opened.status, 303)
      assert.strictEqual(opened.headers.get("cache-control"), "no-store")
      assert.strictEqual(opened.headers.get("referrer-policy"), "no-referrer")
      const location = opened.headers.get("location")!
      const match = new RegExp(`^${url}/c/pay/(cs_test_[0-9A-Za-z]+)#(.+)$`).exec(location)
      assert.isNotNull(match, location)
      const copyId = match![1]!
      const copy = (yield* send(`${url}/v1/checkout/sessions/${copyId}?expand[]=line_items`, { headers: bearer(keys.test) })).json
      assert.deepStrictEqual(
        [copy.status, copy.recovered_from, copy.allow_promotion_codes, copy.metadata, copy.amount_total, copy.success_url, copy.after_expiration],
        ["open", original.id, true, { order: "7" }, 1200, "https://shop.example/ok", null]
      )
      assert.strictEqual(copy.line_items.data[0].description, "T-shirt")
      assert.strictEqual(decodeURIComponent(match![2]!), copy.client_secret)

      // opened twice: the same session
      assert.strictEqual((yield* send(recovery.url, { redirect: "manual" })).headers.get("location"), location)

      // paid: the link opens nothing more, and says so
      const paid = yield* post(`${url}/v1/checkout/sessions/${copyId}/payments`, copy.client_secret, "payment_method=pm_card_visa")
      assert.strictEqual(paid.status, 200, paid.text)
      const done = yield* send(recovery.url, { redirect: "manual", headers: { "accept-language": "es" } })
      assert.strictEqual(done.status, 410)
      assert.include(done.text, "Este pedido ya está pagado")
      assert.include(cspOf(done), "frame-ancestors 'none'")
    }))

  it.effect("an unknown link is a 404 page; one past its 30 days a 410 page", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      const unknown = yield* send(`${url}/c/recover/cs_test_nope_recovery_abc`, { redirect: "manual" })
      assert.strictEqual(unknown.status, 404)
      assert.include(unknown.text, "Cart not found")
      const original = yield* createOk(url, keys.test, `${CREATE_FORM}&after_expiration[recovery][enabled]=true`)
      const expired = (yield* post(`${url}/v1/checkout/sessions/${original.id}/expire`, keys.test, "")).json
      const link: string = expired.after_expiration.recovery.url
      assert.strictEqual((yield* send(`${link}x`, { redirect: "manual" })).status, 404)

      // as if 30 days had passed: the stored window ends now
      const repo = yield* SessionRepository
      const stored = Option.getOrThrow(yield* repo.findById(original.id))
      const recovery = stored.session.after_expiration!.recovery!
      yield* repo.update({
        ...stored,
        version: stored.version + 1,
        session: { ...stored.session, after_expiration: { recovery: { ...recovery, expires_at: Math.floor(Date.now() / 1000) - 1 } } }
      }, [])
      const late = yield* send(link, { redirect: "manual" })
      assert.strictEqual(late.status, 410)
      assert.include(late.text, "This link has expired")
      assert.notInclude(late.text, "<script")
    }))
})
