/**
 * The collection parameters over the wire, with the stripe client: `billing_address_collection`,
 * `shipping_address_collection` and `phone_number_collection` are taken, checked (a 400 naming the
 * parameter), shown as Stripe shows them, and paid for with what they ask (`billing_details`,
 * `shipping_details`); what was collected is where Stripe puts it in every API version Till accepts,
 * and payment links carry the parameters to the sessions they mint.
 */
import { assert, describe, layer } from "@effect/vitest"
import { SUPPORTED_API_VERSIONS } from "@till/core"
import { Effect } from "effect"
import Stripe from "stripe"
import { createSession, lineItem, ok, pay, rejects, stripeClient } from "../src/testing/stripe/StripeSuite.ts"
import { SuiteServer } from "../src/testing/stripe/SuiteServer.ts"
import { bearer, send } from "../src/testing/Fetch.ts"
import { inMemory } from "../src/testing/TestServer.ts"

const invalid = (e: unknown) => {
  assert.instanceOf(e, Stripe.errors.StripeInvalidRequestError)
  const error = e as Stripe.errors.StripeError
  return { code: error.code, param: error.param, status: error.statusCode }
}

const CL = { line1: "Av. Providencia 1234", city: "Providencia", state: "RM", country: "CL" }
const PE = { line1: "Av. Larco 101", city: "Miraflores", state: "LMA", postal_code: "15074", country: "PE" }

describe("collection parameters", () => {
  layer(inMemory, { excludeTestServices: true, timeout: "30 seconds" })("over the wire", (it) => {
    it.effect("a session without them shows Stripe's defaults: nothing collected, auto billing (null), phone off", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const s = yield* createSession(stripe)
        assert.isNull(s.billing_address_collection)
        assert.isNull(s.shipping_address_collection)
        assert.deepStrictEqual(s.phone_number_collection, { enabled: false })
        assert.isNull(s.collected_information)
        const paid = yield* ok(() => pay(stripe, s.id, { payment_method: "pm_card_visa", billing_details: { email: "ada@example.com" } }))
        assert.strictEqual(paid.status, "succeeded")
        const done = yield* ok(() => stripe.checkout.sessions.retrieve(s.id))
        assert.deepStrictEqual(
          { email: done.customer_details?.email, phone: done.customer_details?.phone, address: done.customer_details?.address },
          { email: "ada@example.com", phone: null, address: null }
        )
        assert.isNull(done.collected_information)
      }))

    it.effect("bad values are a 400 naming the parameter, never a 500", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        for (const [params, param] of [
          [{ billing_address_collection: "always" }, "billing_address_collection"],
          [{ shipping_address_collection: { allowed_countries: ["XX"] } }, "shipping_address_collection[allowed_countries][0]"],
          [{ shipping_address_collection: { allowed_countries: ["IR"] } }, "shipping_address_collection[allowed_countries]"],
          [{ phone_number_collection: { enabled: "maybe" } }, "phone_number_collection[enabled]"]
        ] as const) {
          const e = yield* rejects(() => stripe.checkout.sessions.create({ mode: "payment", line_items: [lineItem()], ...(params as object) }))
          const got = invalid(e)
          assert.strictEqual(got.status, 400, JSON.stringify(params))
          assert.strictEqual(got.param, param, JSON.stringify(params))
        }
      }))

    it.effect("a payment brings what the session asks; each mistake is a 400 naming its parameter and charges nothing", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const s = yield* createSession(stripe, {
          billing_address_collection: "required",
          shipping_address_collection: { allowed_countries: ["PE", "CL"] },
          phone_number_collection: { enabled: true },
          customer_email: "gabriela@example.cl"
        })
        assert.strictEqual(s.billing_address_collection, "required")
        assert.deepStrictEqual(s.shipping_address_collection, { allowed_countries: ["PE", "CL"] })
        assert.deepStrictEqual(s.phone_number_collection, { enabled: true })
        const good = { payment_method: "pm_card_visa", billing_details: { name: "Gabriela Mistral", phone: "+56 9 6123 4567", address: CL }, shipping_details: { name: "César Vallejo", address: PE } }
        for (const [bad, param] of [
          [{ billing_details: { ...good.billing_details, address: undefined } }, "billing_details[address]"],
          [{ billing_details: { ...good.billing_details, address: { ...CL, state: "Santiago" } } }, "billing_details[address][state]"],
          [{ billing_details: { ...good.billing_details, address: { ...CL, postal_code: "75" } } }, "billing_details[address][postal_code]"],
          [{ billing_details: { ...good.billing_details, phone: "12" } }, "billing_details[phone]"],
          [{ billing_details: { ...good.billing_details, email: "nope" } }, "billing_details[email]"],
          [{ shipping_details: undefined }, "shipping_details"],
          [{ shipping_details: { name: "X", address: { ...PE, country: "US", state: "CA", postal_code: "94103" } } }, "shipping_details[address][country]"]
        ] as const) {
          const e = yield* rejects(() => pay(stripe, s.id, { ...good, ...bad }))
          assert.deepStrictEqual(invalid(e), { code: invalid(e).code, param, status: 400 }, JSON.stringify(bad))
        }
        assert.isNull((yield* ok(() => stripe.checkout.sessions.retrieve(s.id))).payment_intent)

        const paid = yield* ok(() => pay(stripe, s.id, good))
        assert.strictEqual(paid.status, "succeeded")
        // every version Till accepts is past Stripe's basil, so the shipping address is in collected_information in each
        for (const apiVersion of SUPPORTED_API_VERSIONS) {
          const done = yield* ok(() => stripe.checkout.sessions.retrieve(s.id, {}, { apiVersion }))
          assert.deepStrictEqual(done.customer_details, {
            email: "gabriela@example.cl",
            name: "Gabriela Mistral",
            phone: "+56961234567",
            address: { city: "Providencia", country: "CL", line1: "Av. Providencia 1234", line2: null, postal_code: null, state: "RM" },
            business_name: null,
            individual_name: null,
            tax_exempt: "none",
            tax_ids: []
          }, apiVersion)
          assert.deepStrictEqual(done.collected_information, {
            business_name: null,
            individual_name: null,
            shipping_details: { name: "César Vallejo", address: { ...PE, line2: null } }
          }, apiVersion)
          assert.notProperty(done, "shipping_details")
        }
        // the completed event's snapshot has them too
        const events = yield* ok(() => stripe.events.list({ type: "checkout.session.completed", limit: 10 }))
        const event = events.data.find((e) => (e.data.object as { id: string }).id === s.id)!
        assert.strictEqual((event.data.object as Stripe.Checkout.Session).collected_information?.shipping_details?.name, "César Vallejo")
      }))

    it.effect("what the session does not ask is refused, not silently kept", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const s = yield* createSession(stripe, { billing_address_collection: "auto" })
        assert.strictEqual(s.billing_address_collection, "auto")
        assert.strictEqual(invalid(yield* rejects(() => pay(stripe, s.id, { payment_method: "pm_card_visa", billing_details: { phone: "+56961234567" } }))).param, "billing_details[phone]")
        assert.strictEqual(invalid(yield* rejects(() => pay(stripe, s.id, { payment_method: "pm_card_visa", shipping_details: { name: "A", address: PE } }))).param, "shipping_details")
      }))

    it.effect("with dynamic tax rates, the address's country must be the one the session is priced for", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const stripe = stripeClient(server)
        const iva = yield* ok(() => stripe.taxRates.create({ display_name: "IVA", percentage: 19, inclusive: false, country: "CL" }))
        const s = yield* createSession(stripe, {
          line_items: [{ ...lineItem(), dynamic_tax_rates: [iva.id] } as never],
          billing_address_collection: "required"
        })
        const payment = { payment_method: "pm_card_visa", billing_details: { name: "Gabriela", address: CL } }
        const e = invalid(yield* rejects(() => pay(stripe, s.id, payment)))
        assert.deepStrictEqual([e.status, e.param], [400, "billing_details[address][country]"])
        // the page records the country first (as the customer fills the address in), and then it pays
        const chosen = yield* send(`${server.url}/c/pay/${s.id}/country`, { method: "POST", headers: { ...bearer(s.client_secret!), "content-type": "application/x-www-form-urlencoded" }, body: "country=CL" })
        assert.strictEqual(chosen.status, 200, chosen.text)
        const paid = yield* ok(() => pay(stripe, s.id, payment))
        assert.strictEqual(paid.amount, 1428)
        // an address in a country no rate covers goes with no tax country
        const other = yield* createSession(stripe, { line_items: [{ ...lineItem(), dynamic_tax_rates: [iva.id] } as never], billing_address_collection: "required" })
        const pe = yield* ok(() => pay(stripe, other.id, { payment_method: "pm_card_visa", billing_details: { name: "César", address: PE } }))
        assert.strictEqual(pe.amount, 1200)
      }))

    it.effect("the hosted page's display carries the address formats it needs, as data", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const stripe = stripeClient(server)
        const display = (id: string, secret: string) =>
          Effect.map(send(`${server.url}/c/pay/${id}/display`, { headers: bearer(secret) }), (r) => (r.json as { address_formats: Record<string, { fields: Array<string> }> | null }).address_formats)
        const plain = yield* createSession(stripe)
        assert.isNull(yield* display(plain.id, plain.client_secret!))
        const shipping = yield* createSession(stripe, { shipping_address_collection: { allowed_countries: ["PT", "FR"] } })
        assert.deepStrictEqual(Object.keys((yield* display(shipping.id, shipping.client_secret!))!), ["PT"])
        const billing = yield* createSession(stripe, { billing_address_collection: "required" })
        assert.includeMembers(Object.keys((yield* display(billing.id, billing.client_secret!))!), ["US", "CL", "MX", "BR", "AR", "CO", "PE", "ES", "PT"])
      }))

    it.effect("payment links take the same parameters, show them as Stripe does, and hand them to the sessions they mint", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const stripe = stripeClient(server)
        const price = yield* ok(() => stripe.prices.create({ currency: "usd", unit_amount: 500, product_data: { name: "Tea" } }))
        const plain = yield* ok(() => stripe.paymentLinks.create({ line_items: [{ price: price.id, quantity: 1 }] }))
        assert.strictEqual(plain.billing_address_collection, "auto")
        assert.isNull(plain.shipping_address_collection)
        assert.deepStrictEqual(plain.phone_number_collection, { enabled: false })
        const link = yield* ok(() => stripe.paymentLinks.create({
          line_items: [{ price: price.id, quantity: 1 }],
          billing_address_collection: "required",
          shipping_address_collection: { allowed_countries: ["US"] },
          phone_number_collection: { enabled: true }
        }))
        assert.strictEqual(link.billing_address_collection, "required")
        assert.deepStrictEqual(link.shipping_address_collection, { allowed_countries: ["US"] })
        assert.deepStrictEqual(link.phone_number_collection, { enabled: true })
        const e = yield* rejects(() => stripe.paymentLinks.create({ line_items: [{ price: price.id, quantity: 1 }], shipping_address_collection: { allowed_countries: ["XX" as "US"] } }))
        assert.strictEqual(invalid(e).status, 400)
        const minted = yield* send(`${server.url}/v1/payment_links/token/${(link as unknown as { token: string }).token}/checkout_sessions`, { method: "POST" })
        assert.strictEqual(minted.status, 200, minted.text)
        const session = yield* ok(() => stripe.checkout.sessions.retrieve((minted.json as { id: string }).id))
        assert.strictEqual(session.billing_address_collection, "required")
        assert.deepStrictEqual(session.shipping_address_collection, { allowed_countries: ["US"] })
        assert.deepStrictEqual(session.phone_number_collection, { enabled: true })
      }))
  })
})
