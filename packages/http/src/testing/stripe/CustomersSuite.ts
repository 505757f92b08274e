/**
 * Customers through the official `stripe` client (`stripe.customers.*`), and the customer of a
 * checkout session (`customer`, `customer_creation`, `expand[]=customer`), against a running Till
 * server. Reusable like the Stripe suite: any layer that provides `SuiteServer`.
 */
import { assert, layer } from "@effect/vitest"
import { Effect, type Layer } from "effect"
import Stripe from "stripe"
import { createSession, ok, pay, rejects, stripeClient, unique } from "./StripeSuite.ts"
import { START_TIMEOUT, SuiteServer } from "./SuiteServer.ts"

const errorOf = (e: unknown) => e as Stripe.errors.StripeError

/** The customer suite, registered as a describe block running against `server`. */
export const customersSuite = (name: string, server: Layer.Layer<SuiteServer, unknown>) =>
  layer(server, { excludeTestServices: true, timeout: START_TIMEOUT })(name, (it) => {
    it.effect("creates, retrieves, updates, lists and deletes customers in Stripe's shape", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const email = `${unique("ada")}@example.com`
        const c = yield* ok(() =>
          stripe.customers.create({
            email,
            name: "Ada Lovelace",
            phone: "+44 20 0000",
            description: "first",
            metadata: { crm: "7" },
            address: { line1: "12 St James's Sq", city: "London", country: "gb", postal_code: "SW1Y 4LB" },
            shipping: { name: "Ada", address: { line1: "1 Road", country: "GB" } },
            preferred_locales: ["en", "es"]
          })
        )
        assert.match(c.id, /^cus_/)
        assert.strictEqual(c.object, "customer")
        assert.strictEqual(c.email, email)
        assert.strictEqual(c.name, "Ada Lovelace")
        assert.deepStrictEqual(c.address, { city: "London", country: "GB", line1: "12 St James's Sq", line2: null, postal_code: "SW1Y 4LB", state: null })
        assert.deepStrictEqual(c.shipping, {
          name: "Ada",
          phone: null,
          carrier: null,
          tracking_number: null,
          address: { city: null, country: "GB", line1: "1 Road", line2: null, postal_code: null, state: null }
        })
        assert.deepStrictEqual(c.preferred_locales, ["en", "es"])
        // the fields of features Till lacks, at Stripe's defaults
        assert.strictEqual(c.balance, 0)
        assert.isNull(c.currency)
        assert.isNull(c.default_source)
        assert.isFalse(c.delinquent)
        assert.isNull(c.discount)
        assert.deepStrictEqual(c.invoice_settings, { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null })
        assert.strictEqual(c.tax_exempt, "none")
        assert.strictEqual(c.next_invoice_sequence, 1)
        assert.match(c.invoice_prefix!, /^[A-Z0-9]{8}$/)
        assert.isNull(c.test_clock)
        assert.isFalse(c.livemode)
        assert.match(c.lastResponse.requestId, /^req_/)

        const read = yield* ok(() => stripe.customers.retrieve(c.id))
        assert.deepStrictEqual({ ...read, lastResponse: null }, { ...c, lastResponse: null })

        const changed = yield* ok(() => stripe.customers.update(c.id, { name: "Ada King", phone: "", metadata: { crm: "", tier: "gold" }, address: "" }))
        assert.strictEqual(changed.name, "Ada King")
        assert.isNull(changed.phone)
        assert.isNull(changed.address)
        assert.deepStrictEqual(changed.metadata, { tier: "gold" })
        assert.strictEqual(changed.email, email)
        const updates = yield* ok(() => stripe.events.list({ type: "customer.updated", limit: 100 }))
        const update = updates.data.find((e) => (e.data.object as Stripe.Customer).id === c.id)!
        assert.deepStrictEqual(update.data.previous_attributes as unknown, {
          name: "Ada Lovelace",
          phone: "+44 20 0000",
          address: c.address,
          metadata: { crm: "7" }
        })

        const other = yield* ok(() => stripe.customers.create({ email }))
        const third = yield* ok(() => stripe.customers.create({ email: `other-${email}` }))
        const byEmail = yield* ok(() => stripe.customers.list({ email }))
        assert.strictEqual(byEmail.url, "/v1/customers")
        assert.deepStrictEqual(byEmail.data.map((x) => x.id), [other.id, c.id])
        assert.deepStrictEqual((yield* ok(() => stripe.customers.list({ email: email.toUpperCase() }))).data, [])
        const page = yield* ok(() => stripe.customers.list({ email, limit: 1 }))
        assert.isTrue(page.has_more)
        const next = yield* ok(() => stripe.customers.list({ email, limit: 1, starting_after: page.data[0]!.id }))
        assert.deepStrictEqual(next.data.map((x) => x.id), [c.id])
        const all = yield* ok(() => stripe.customers.list({ limit: 100, created: { gte: c.created } }).autoPagingToArray({ limit: 1000 }))
        assert.includeMembers(all.map((x) => x.id), [c.id, other.id, third.id])

        const deleted = yield* ok(() => stripe.customers.del(other.id))
        assert.deepStrictEqual({ id: deleted.id, object: deleted.object, deleted: deleted.deleted }, { id: other.id, object: "customer", deleted: true })
        const gone = yield* ok(() => stripe.customers.retrieve(other.id))
        assert.isTrue((gone as Stripe.DeletedCustomer).deleted)
        assert.notProperty(gone, "email")
        assert.deepStrictEqual((yield* ok(() => stripe.customers.list({ email }))).data.map((x) => x.id), [c.id])
        const noUpdate = yield* rejects(() => stripe.customers.update(other.id, { name: "x" }))
        assert.strictEqual(errorOf(noUpdate).statusCode, 404)
        assert.strictEqual(errorOf(noUpdate).code, "resource_missing")
        assert.strictEqual(errorOf(noUpdate).message, `No such customer: '${other.id}'`)
        assert.strictEqual(errorOf(yield* rejects(() => stripe.customers.del(other.id))).statusCode, 404)
      }))

    it.effect("refuses Stripe parameters of features Till lacks by name, unknown ones as unknown, and hides other scopes", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const stripe = stripeClient(server)
        const unsupported = yield* rejects(() => stripe.customers.create({ payment_method: "pm_card_visa" }))
        assert.instanceOf(unsupported, Stripe.errors.StripeInvalidRequestError)
        assert.strictEqual(errorOf(unsupported).param, "payment_method")
        assert.match(errorOf(unsupported).message, /Till does not support saved payment methods/)
        assert.strictEqual(errorOf(unsupported).code, "parameter_unsupported")
        const clock = yield* rejects(() => stripe.customers.list({ test_clock: "clock_1" }))
        assert.strictEqual(errorOf(clock).param, "test_clock")
        assert.strictEqual(errorOf(clock).code, "parameter_unsupported")
        const unknown = yield* rejects(() => stripe.customers.create({ colour: "red" } as Stripe.CustomerCreateParams))
        assert.strictEqual(errorOf(unknown).code, "parameter_unknown")
        const bad = yield* rejects(() => stripe.customers.create({ email: "not an address" }))
        assert.strictEqual(errorOf(bad).param, "email")

        // an idempotency key replays the first answer: one customer, one event
        const idempotencyKey = unique("customer-key")
        const once = yield* ok(() => stripe.customers.create({ name: "Once" }, { idempotencyKey }))
        const twice = yield* ok(() => stripe.customers.create({ name: "Once" }, { idempotencyKey }))
        assert.strictEqual(twice.id, once.id)
        assert.strictEqual(twice.lastResponse.headers["idempotent-replayed"], "true")
        const createdEvents = yield* ok(() => stripe.events.list({ type: "customer.created", limit: 100 }))
        assert.lengthOf(createdEvents.data.filter((e) => (e.data.object as Stripe.Customer).id === once.id), 1)
        const reused = yield* rejects(() => stripe.customers.create({ name: "Other" }, { idempotencyKey }))
        assert.instanceOf(reused, Stripe.errors.StripeIdempotencyError)

        const c = yield* ok(() => stripe.customers.create({ name: "Mine" }))
        for (const key of [server.keys.otherTest, server.keys.live]) {
          const hidden = yield* rejects(() => stripe.customers.retrieve(c.id, {}, { apiKey: key }))
          assert.strictEqual(errorOf(hidden).statusCode, 404)
          assert.strictEqual(errorOf(hidden).code, "resource_missing")
          assert.notInclude((yield* ok(() => stripe.customers.list({ limit: 100 }, { apiKey: key }))).data.map((x) => x.id), c.id)
        }
      }))

    it.effect("a session takes an existing customer only, and not with customer_email or customer_creation", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const stripe = stripeClient(server)
        const email = `${unique("buyer")}@example.com`
        const c = yield* ok(() => stripe.customers.create({ email, name: "Buyer" }))
        const s = yield* createSession(stripe, { customer: c.id, expand: ["customer"] })
        assert.strictEqual((s.customer as Stripe.Customer).id, c.id)
        assert.strictEqual((s.customer as Stripe.Customer).email, email)
        assert.isNull(s.customer_creation)
        // the customer is the merchant's record: the session's client secret reads the session, not the customer
        const byClient = yield* rejects(() => stripe.checkout.sessions.retrieve(s.id, { expand: ["customer"] }, { apiKey: s.client_secret! }))
        assert.strictEqual(errorOf(byClient).statusCode, 400)
        assert.strictEqual(errorOf(byClient).param, "expand[0]")
        assert.strictEqual((yield* ok(() => stripe.checkout.sessions.retrieve(s.id, {}, { apiKey: s.client_secret! }))).customer, c.id)
        const plain = yield* createSession(stripe)
        assert.strictEqual(plain.customer_creation, "if_required")

        const both = yield* rejects(() => stripe.checkout.sessions.create({ mode: "payment", amount: 100, currency: "usd", customer: c.id, customer_email: email } as never))
        assert.strictEqual(errorOf(both).message, "You may only specify one of these parameters: customer, customer_email.")
        assert.strictEqual(errorOf(both).param, "customer")
        const creation = yield* rejects(() => createSessionRaw(stripe, { customer: c.id, customer_creation: "always" }))
        assert.strictEqual(errorOf(creation).message, "You may only specify one of these parameters: customer, customer_creation.")
        const missing = yield* rejects(() => createSessionRaw(stripe, { customer: "cus_missing" }))
        assert.strictEqual(errorOf(missing).statusCode, 400)
        assert.strictEqual(errorOf(missing).code, "resource_missing")
        assert.strictEqual(errorOf(missing).param, "customer")
        assert.strictEqual(errorOf(missing).message, "No such customer: 'cus_missing'")
        const elsewhere = yield* rejects(() => createSessionRaw(stripe, { customer: c.id }, server.keys.otherTest))
        assert.strictEqual(errorOf(elsewhere).code, "resource_missing")
        const badValue = yield* rejects(() => createSessionRaw(stripe, { customer_creation: "sometimes" }))
        assert.strictEqual(errorOf(badValue).param, "customer_creation")

        // a deleted customer is no longer taken, and expands as deleted on the sessions that named it
        yield* ok(() => stripe.customers.del(c.id))
        assert.strictEqual(errorOf(yield* rejects(() => createSessionRaw(stripe, { customer: c.id }))).code, "resource_missing")
        const after = yield* ok(() => stripe.checkout.sessions.retrieve(s.id, { expand: ["customer"] }))
        assert.deepStrictEqual(after.customer, { id: c.id, object: "customer", deleted: true } as never)
        const listed = yield* ok(() => stripe.checkout.sessions.list({ customer: c.id, expand: ["data.customer"] }))
        assert.deepStrictEqual(listed.data.map((x) => (x.customer as Stripe.DeletedCustomer).deleted), [true])
      }))

    it.effect("completing with customer_creation=always creates the customer from what was paid with, once", () =>
      Effect.gen(function*() {
        const stripe = stripeClient(yield* SuiteServer)
        const email = `${unique("new")}@example.com`
        const s = yield* createSession(stripe, { customer_creation: "always" })
        assert.strictEqual(s.customer_creation, "always")
        assert.isNull(s.customer)
        yield* ok(() =>
          pay(stripe, s.id, {
            payment_method_data: {
              type: "card",
              card: { number: "4242424242424242", exp_month: 12, exp_year: 2040, cvc: "123" },
              billing_details: { name: "New Buyer", email }
            }
          })
        )
        const done = yield* ok(() => stripe.checkout.sessions.retrieve(s.id, { expand: ["customer", "payment_intent"] }))
        assert.strictEqual(done.status, "complete")
        const customer = done.customer as Stripe.Customer
        assert.match(customer.id, /^cus_/)
        assert.strictEqual(customer.email, email)
        assert.strictEqual(customer.name, "New Buyer")
        assert.strictEqual(done.customer_details?.email, email)
        assert.strictEqual(done.customer_details?.name, "New Buyer")
        assert.deepStrictEqual((yield* ok(() => stripe.customers.list({ email }))).data.map((x) => x.id), [customer.id])
        const events = yield* ok(() => stripe.events.list({ type: "customer.created", limit: 100 }))
        const created = events.data.filter((e) => (e.data.object as Stripe.Customer).id === customer.id)
        assert.lengthOf(created, 1)
        assert.strictEqual((created[0]!.data.object as Stripe.Customer).email, email)
        const completed = yield* ok(() => stripe.events.list({ type: "checkout.session.completed", limit: 100 }))
        const mine = completed.data.find((e) => (e.data.object as Stripe.Checkout.Session).id === s.id)
        assert.strictEqual((mine!.data.object as Stripe.Checkout.Session).customer, customer.id)

        // the default creates none in payment mode
        const plain = yield* createSession(stripe)
        yield* ok(() => pay(stripe, plain.id, { payment_method: "pm_card_visa" }))
        assert.isNull((yield* ok(() => stripe.checkout.sessions.retrieve(plain.id, { expand: ["customer"] }))).customer)
      }))
  })

/** Creates a session from parameters the SDK's types may not allow. */
const createSessionRaw = (stripe: Stripe, params: Record<string, unknown>, apiKey?: string) =>
  stripe.checkout.sessions.create(
    { mode: "payment", line_items: [{ price_data: { currency: "usd", unit_amount: 500, product_data: { name: "Thing" } }, quantity: 1 }], ...params } as never,
    apiKey === undefined ? {} : { apiKey }
  )
