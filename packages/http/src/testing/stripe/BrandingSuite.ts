/**
 * The account's public details and branding through the official `stripe` client: `stripe.accounts
 * .retrieve()` (`GET /v1/account`), the `POST /v1/account` extension through `rawRequest`, and
 * `stripe.files.create` (multipart/form-data, which stripe-node sends to the `host` it was given when
 * that is not Stripe's own, so Till needs no `files.stripe.com` stand-in), `retrieve` and `list`; then the
 * hosted page's display names the merchant and the file's `url` serves the image to anyone.
 */
import { assert, layer } from "@effect/vitest"
import { Effect, type Layer } from "effect"
import Stripe from "stripe"
import { createSession, ok, rejects, stripeClient } from "./StripeSuite.ts"
import { START_TIMEOUT, SuiteServer } from "./SuiteServer.ts"

const errorOf = (e: unknown) => e as Stripe.errors.StripeError

/** A real 1×1 PNG (red). */
export const PNG_1X1 = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8cfc000000301010018dd8db40000000049454e44ae426082",
  "hex"
)

/** The branding suite, registered as a describe block running against `server`. */
export const brandingSuite = (name: string, server: Layer.Layer<SuiteServer, unknown>) =>
  layer(server, { excludeTestServices: true, timeout: START_TIMEOUT })(name, (it) => {
    it.effect("uploads a logo with stripe.files.create, sets the account's branding, and the page's display shows the merchant", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const stripe = stripeClient(server)

        const before = yield* ok(() => stripe.accounts.retrieveCurrent())
        assert.match(before.id, /^acct_/)
        assert.strictEqual(before.object, "account")
        assert.isNull(before.business_profile!.name)
        assert.deepStrictEqual(before.settings!.branding, { icon: null, logo: null, primary_color: null, secondary_color: null })
        assert.deepStrictEqual([before.charges_enabled, before.payouts_enabled, before.type], [true, false, "standard"])

        const logo = yield* ok(() => stripe.files.create({ purpose: "business_logo", file: { data: PNG_1X1, name: "logo.png", type: "image/png" } }))
        assert.match(logo.id, /^file_/)
        assert.deepStrictEqual([logo.object, logo.purpose, logo.size, logo.type, logo.filename], ["file", "business_logo", PNG_1X1.length, "png", "logo.png"])
        assert.match(logo.url!, new RegExp(`^${server.url}/c/files/${logo.id}-[0-9a-f]{16}\\.png$`))
        assert.deepStrictEqual((yield* ok(() => stripe.files.retrieve(logo.id))).url, logo.url)
        assert.include((yield* ok(() => stripe.files.list({ purpose: "business_logo" }))).data.map((f) => f.id), logo.id)
        assert.notInclude((yield* ok(() => stripe.files.list({ purpose: "business_icon" }))).data.map((f) => f.id), logo.id)
        // another account sees nothing of it
        const other = stripeClient(server, server.keys.otherTest)
        assert.strictEqual(errorOf(yield* rejects(() => other.files.retrieve(logo.id))).code, "resource_missing")

        // the image, to anyone, for good
        const image = yield* ok(() => fetch(logo.url!))
        assert.strictEqual(image.status, 200)
        assert.strictEqual(image.headers.get("content-type"), "image/png")
        assert.strictEqual(image.headers.get("x-content-type-options"), "nosniff")
        assert.include(image.headers.get("cache-control")!, "immutable")
        assert.deepStrictEqual(Buffer.from(yield* ok(() => image.arrayBuffer())), PNG_1X1)
        assert.strictEqual((yield* ok(() => fetch(logo.url!.replace(/-[0-9a-f]{16}/, "-0000000000000000")))).status, 404)

        const updated = (yield* ok(() =>
          stripe.rawRequest("POST", "/v1/account", {
            business_profile: { name: "Acme Coffee", support_email: "help@acme.test", url: "https://acme.test", terms_of_service_url: "https://acme.test/terms" },
            settings: { branding: { logo: logo.id, primary_color: "#FFD700" } }
          })
        )) as unknown as Stripe.Account & { business_profile: { terms_of_service_url: string } }
        assert.strictEqual(updated.business_profile!.name, "Acme Coffee")
        assert.strictEqual(updated.business_profile.terms_of_service_url, "https://acme.test/terms")
        assert.deepStrictEqual(updated.settings!.branding, { icon: null, logo: logo.id, primary_color: "#ffd700", secondary_color: null })
        assert.strictEqual((yield* ok(() => stripe.accounts.retrieveCurrent())).business_profile!.support_email, "help@acme.test")

        // the page's display (client secret) carries the merchant, dark text on the light brand colour
        const session = yield* createSession(stripe)
        const display = yield* ok(() =>
          fetch(`${server.url}/c/pay/${session.id}/display`, { headers: { authorization: `Bearer ${session.client_secret}` } }).then((r) => r.json())
        ) as Effect.Effect<{ merchant: Record<string, string | null> }>
        assert.deepStrictEqual(display.merchant, {
          name: "Acme Coffee",
          logo: `../files/${logo.url!.split("/").pop()}`,
          primary_color: "#ffd700",
          primary_text_color: "#1a1f36",
          primary_hover_color: display.merchant.primary_hover_color!,
          link_color: null,
          terms_of_service_url: "https://acme.test/terms",
          privacy_policy_url: null,
          support_email: "help@acme.test",
          support_url: null
        })
        // another account's page shows none of it
        const otherSession = yield* createSession(other)
        const otherDisplay = yield* ok(() =>
          fetch(`${server.url}/c/pay/${otherSession.id}/display`, { headers: { authorization: `Bearer ${otherSession.client_secret}` } }).then((r) => r.json())
        ) as Effect.Effect<{ merchant: unknown }>
        assert.isNull(otherDisplay.merchant)
      }))

    it.effect("refuses bad uploads and bad account parameters with 400 naming the parameter", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const stripe = stripeClient(server)
        const paramOf = (e: unknown) => [errorOf(e).statusCode, errorOf(e).param]

        const html = Buffer.from("<html><script>alert(1)</script></html>")
        assert.deepStrictEqual(paramOf(yield* rejects(() => stripe.files.create({ purpose: "business_logo", file: { data: html, name: "logo.png", type: "image/png" } }))), [400, "file"])
        const big = Buffer.concat([PNG_1X1, Buffer.alloc(512 * 1024)])
        assert.deepStrictEqual(paramOf(yield* rejects(() => stripe.files.create({ purpose: "business_icon", file: { data: big, name: "big.png", type: "image/png" } }))), [400, "file"])
        assert.deepStrictEqual(paramOf(yield* rejects(() => stripe.files.create({ purpose: "dispute_evidence", file: { data: PNG_1X1, name: "a.png", type: "image/png" } }))), [400, "purpose"])
        assert.deepStrictEqual(paramOf(yield* rejects(() => stripe.files.create({ file: { data: PNG_1X1, name: "a.png", type: "image/png" } } as never))), [400, "purpose"])
        // (stripe-node cannot send an upload without a file: plain fetch can)
        const upload = (form: FormData, key: string | null = server.keys.test) =>
          ok(() =>
            fetch(`${server.url}/v1/files`, { method: "POST", body: form, headers: key === null ? {} : { authorization: `Bearer ${key}` } })
              .then(async (r) => [r.status, ((await r.json()) as { error?: { param?: string } }).error?.param])
          )
        const purposeOnly = new FormData()
        purposeOnly.set("purpose", "business_logo")
        assert.deepStrictEqual(yield* upload(purposeOnly), [400, "file"])
        const extra = new FormData()
        extra.set("purpose", "business_logo")
        extra.set("file_link_data[create]", "true")
        assert.deepStrictEqual(yield* upload(extra), [400, "file_link_data[create]"])
        assert.deepStrictEqual(yield* upload(new FormData(), null), [401, undefined])
        const form = yield* ok(() =>
          fetch(`${server.url}/v1/files`, { method: "POST", body: "purpose=business_logo", headers: { authorization: `Bearer ${server.keys.test}`, "content-type": "application/x-www-form-urlencoded" } })
            .then((r) => r.status)
        )
        assert.strictEqual(form, 400)

        const icon = yield* ok(() => stripe.files.create({ purpose: "business_icon", file: { data: PNG_1X1, name: "icon.png", type: "image/png" } }))
        const account = (params: Record<string, unknown>) => rejects(() => stripe.rawRequest("POST", "/v1/account", params))
        assert.deepStrictEqual(paramOf(yield* account({ business_profile: { url: "javascript:alert(1)" } })), [400, "business_profile[url]"])
        assert.deepStrictEqual(paramOf(yield* account({ business_profile: { support_email: "nope" } })), [400, "business_profile[support_email]"])
        assert.deepStrictEqual(paramOf(yield* account({ business_profile: { privacy_policy_url: "ftp://x.test" } })), [400, "business_profile[privacy_policy_url]"])
        assert.deepStrictEqual(paramOf(yield* account({ settings: { branding: { primary_color: "blue" } } })), [400, "settings[branding][primary_color]"])
        assert.deepStrictEqual(paramOf(yield* account({ settings: { branding: { logo: icon.id } } })), [400, "settings[branding][logo]"])
        assert.deepStrictEqual(paramOf(yield* account({ settings: { branding: { logo: "file_missing" } } })), [404, "settings[branding][logo]"])
      }))
  })
