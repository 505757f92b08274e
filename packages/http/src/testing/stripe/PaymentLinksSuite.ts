/**
 * Payment links through the official `stripe` client (`stripe.paymentLinks.*`), against a running
 * Till server. Reusable like the Stripe suite: any layer that provides `SuiteServer` over a server
 * with payment links: Stripe's shape (`line_items[][price]`, `adjustable_quantity`, `after_completion`, the
 * `line_items` list), and Till's extensions (a session template with `price_data` or `amount`), hence some casts.
 */
import { assert, layer } from "@effect/vitest"
import { Effect, type Layer } from "effect"
import Stripe from "stripe"
import { lineItem, ok, rejects, stripeClient, unique } from "./StripeSuite.ts"
import { START_TIMEOUT, SuiteServer } from "./SuiteServer.ts"

type Server = SuiteServer["Service"]

const asError = (e: unknown) => e as Stripe.errors.StripeError

/** Creates a link from Till's parameters. */
const createLink = (stripe: Stripe, params: Record<string, unknown>) =>
  ok(() => stripe.paymentLinks.create(params as unknown as Stripe.PaymentLinkCreateParams))

/** Mints a session from a link's token as its customer would: no credential at all. */
const mint = (server: Server, token: string) =>
  Effect.promise(async () => {
    const response = await fetch(`${server.url}/v1/payment_links/token/${token}/checkout_sessions`, { method: "POST" })
    return { status: response.status, json: await response.json() as any }
  })

/** The payment-link suite, registered as a describe block running against `server`. */
export const paymentLinksSuite = (name: string, server: Layer.Layer<SuiteServer, unknown>) =>
  layer(server, { excludeTestServices: true, timeout: START_TIMEOUT })(name, (it) => {
    it.effect("creates, retrieves, lists and deactivates a link; a deactivated link mints nothing", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const stripe = stripeClient(server)
        const tag = unique("link")
        const link = yield* createLink(stripe, {
          line_items: [lineItem("Poster", 2500, 2)],
          success_url: "https://shop.example/ok?session={CHECKOUT_SESSION_ID}",
          metadata: { tag }
        })
        assert.match(link.id, /^plink_/)
        assert.strictEqual(link.object, "payment_link")
        assert.isTrue(link.active)
        assert.isFalse(link.livemode)
        assert.strictEqual(link.currency, "usd")
        assert.deepStrictEqual(link.metadata, { tag })
        const token = (link as unknown as { token: string }).token
        assert.strictEqual(link.url, `${server.url}/l/${token}`)
        assert.match(link.lastResponse.requestId, /^req_/)

        const read = yield* ok(() => stripe.paymentLinks.retrieve(link.id))
        assert.strictEqual(read.id, link.id)
        assert.strictEqual(read.url, link.url)

        const other = yield* createLink(stripe, { amount: 990, currency: "eur" })
        const page = yield* ok(() => stripe.paymentLinks.list({ limit: 100 }))
        assert.strictEqual(page.object, "list")
        assert.strictEqual(page.url, "/v1/payment_links")
        const ids = page.data.map((l) => l.id)
        assert.includeMembers(ids, [link.id, other.id])
        // Stripe's type has no `created`; Till's links carry it (lists are ordered by it)
        const created = page.data.map((l) => (l as unknown as { created: number }).created)
        assert.deepStrictEqual(created, [...created].sort((a, b) => b - a))
        const first = yield* ok(() => stripe.paymentLinks.list({ limit: 1 }))
        assert.lengthOf(first.data, 1)
        assert.isTrue(first.has_more)
        const next = yield* ok(() => stripe.paymentLinks.list({ limit: 1, starting_after: first.data[0]!.id }))
        assert.notStrictEqual(next.data[0]!.id, first.data[0]!.id)

        const minted = yield* mint(server, token)
        assert.strictEqual(minted.status, 200)
        assert.strictEqual(minted.json.payment_link, link.id)
        assert.strictEqual(minted.json.amount_total, 5000)
        const sessions = yield* ok(() => stripe.checkout.sessions.list({ payment_link: link.id }))
        assert.deepStrictEqual(sessions.data.map((s) => s.id), [minted.json.id])
        assert.deepStrictEqual(sessions.data[0]!.metadata, { tag })

        const off = yield* ok(() => stripe.paymentLinks.update(link.id, { active: false }))
        assert.isFalse(off.active)
        const refused = yield* mint(server, token)
        assert.strictEqual(refused.status, 400)
        assert.strictEqual(refused.json.error.type, "invalid_request_error")
        assert.strictEqual(refused.json.error.code, "payment_link_inactive")
        const on = yield* ok(() => stripe.paymentLinks.update(link.id, { active: true, metadata: { tag: "", extra: "1" } }))
        assert.isTrue(on.active)
        assert.deepStrictEqual(on.metadata, { extra: "1" })
        assert.strictEqual((yield* mint(server, token)).status, 200)
      }))

    it.effect("refuses bad templates with the parameter, and hides links of other accounts and modes", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const stripe = stripeClient(server)
        const empty = yield* rejects(() => stripe.paymentLinks.create({} as unknown as Stripe.PaymentLinkCreateParams))
        assert.instanceOf(empty, Stripe.errors.StripeInvalidRequestError)
        assert.strictEqual((empty as Stripe.errors.StripeError).param, "line_items")
        const unknown = yield* rejects(() =>
          stripe.paymentLinks.create({ line_items: [lineItem()], client_reference_id: "order-1" } as unknown as Stripe.PaymentLinkCreateParams)
        )
        assert.strictEqual((unknown as Stripe.errors.StripeError).code, "parameter_unknown")
        assert.strictEqual((unknown as Stripe.errors.StripeError).param, "client_reference_id")

        const link = yield* createLink(stripe, { line_items: [lineItem()] })
        for (const key of [server.keys.otherTest, server.keys.live]) {
          const hidden = yield* rejects(() => stripe.paymentLinks.retrieve(link.id, {}, { apiKey: key }))
          assert.instanceOf(hidden, Stripe.errors.StripeInvalidRequestError)
          assert.strictEqual((hidden as Stripe.errors.StripeError).statusCode, 404)
          assert.strictEqual((hidden as Stripe.errors.StripeError).code, "resource_missing")
        }
        const missing = yield* rejects(() => stripe.paymentLinks.update("plink_missing", { active: false }))
        assert.strictEqual((missing as Stripe.errors.StripeError).statusCode, 404)
      }))

    it.effect("makes a link from a price in Stripe's shape: its line items, adjustable quantity and redirect reach the sessions it mints", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const stripe = stripeClient(server)
        const product = yield* ok(() => stripe.products.create({ name: "Poster", default_price_data: { currency: "usd", unit_amount: 2500 } }))
        const price = product.default_price as string
        const link = yield* ok(() =>
          stripe.paymentLinks.create({
            line_items: [{ price, quantity: 2, adjustable_quantity: { enabled: true, minimum: 1, maximum: 10 } }],
            after_completion: { type: "redirect", redirect: { url: "https://shop.example/thanks" } },
            metadata: { campaign: "spring" }
          })
        )
        assert.deepStrictEqual(link.after_completion, { type: "redirect", redirect: { url: "https://shop.example/thanks" } } as never)
        assert.deepStrictEqual(link.metadata, { campaign: "spring" })

        const items = yield* ok(() => stripe.paymentLinks.listLineItems(link.id))
        assert.strictEqual(items.url, `/v1/payment_links/${link.id}/line_items`)
        assert.lengthOf(items.data, 1)
        const [item] = items.data
        assert.strictEqual(item!.object, "item")
        assert.strictEqual(item!.price!.id, price)
        assert.strictEqual(item!.price!.product, product.id)
        assert.strictEqual(item!.quantity, 2)
        assert.strictEqual(item!.amount_total, 5000)
        assert.strictEqual(item!.description, "Poster")
        assert.deepStrictEqual((item as unknown as { adjustable_quantity: unknown }).adjustable_quantity, { enabled: true, maximum: 10, minimum: 1 })

        const minted = yield* mint(server, (link as unknown as { token: string }).token)
        assert.strictEqual(minted.status, 200)
        assert.strictEqual(minted.json.amount_total, 5000)
        assert.strictEqual(minted.json.success_url, "https://shop.example/thanks")
        assert.strictEqual(minted.json.line_items.data[0].price.id, price)

        const plain = yield* ok(() => stripe.paymentLinks.create({ line_items: [{ price, quantity: 1 }] }))
        assert.deepStrictEqual(plain.after_completion, { type: "hosted_confirmation", hosted_confirmation: { custom_message: null } } as never)
        const other = asError(yield* rejects(() => stripe.paymentLinks.listLineItems(plain.id, {}, { apiKey: server.keys.otherTest })))
        assert.strictEqual(other.statusCode, 404)
      }))

    it.effect("refuses a link whose quantity lies outside its bounds, a redirect without a URL, and a recurring price", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const product = yield* ok(() => stripe.products.create({ name: "Print", default_price_data: { currency: "usd", unit_amount: 900 } }))
        const price = product.default_price as string
        const bounds = asError(yield* rejects(() =>
          stripe.paymentLinks.create({ line_items: [{ price, quantity: 12, adjustable_quantity: { enabled: true, maximum: 10 } }] })
        ))
        assert.strictEqual(bounds.param, "line_items[0][quantity]")
        const redirect = asError(yield* rejects(() =>
          stripe.paymentLinks.create({ line_items: [{ price, quantity: 1 }], after_completion: { type: "redirect" } })
        ))
        assert.strictEqual(redirect.param, "after_completion[redirect][url]")
        const monthly = yield* ok(() => stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 300, recurring: { interval: "month" } }))
        const recurring = asError(yield* rejects(() => stripe.paymentLinks.create({ line_items: [{ price: monthly.id, quantity: 1 }] })))
        assert.strictEqual(recurring.param, "line_items[0][price]")
      }))
  })
