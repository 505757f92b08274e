import { assert, describe, it } from "@effect/vitest"
import { Effect, Option, Schema } from "effect"
import { TestClock } from "effect/testing"
import type { Scope } from "../src/CheckoutSession.ts"
import { CheckoutSessions } from "../src/CheckoutSessions.ts"
import { CreateCustomerParams } from "../src/Customer.ts"
import { Customers } from "../src/Customers.ts"
import { EventLog } from "../src/EventLog.ts"
import { customerIdForSession } from "../src/Ids.ts"
import { CustomerRepository } from "../src/ports/CustomerRepository.ts"
import { PaymentParams } from "../src/SessionParams.ts"
import * as Testing from "../src/testing/index.ts"
import { basicParams, params, T0 } from "./fixtures.ts"

const createParams = Schema.decodeUnknownSync(CreateCustomerParams)

const scope: Scope = { account: "acct_1", livemode: false }

const run = <A, E>(body: Effect.Effect<A, E, CheckoutSessions | Customers | EventLog | CustomerRepository>) =>
  Effect.gen(function*() {
    yield* TestClock.setTime(T0 * 1000)
    return yield* body
  }).pipe(Effect.provide(Testing.layer))

const typesOf = (s: Scope = scope) =>
  EventLog.use((log) => log.list(s, { limit: 100 })).pipe(Effect.map((page) => page.data.map((e) => e.type).reverse()))

describe("Customers", () => {
  it.effect("creates with Stripe's defaults, reads, updates field by field and lists newest first", () =>
    run(Effect.gen(function*() {
      const customers = yield* Customers
      const c = yield* customers.create(scope, createParams({
        email: "ada@example.com",
        name: "Ada",
        metadata: { crm: "7" },
        address: { city: "London", country: "gb" },
        shipping: { name: "Ada", address: { line1: "1 Road" } }
      }))
      assert.match(c.id, /^cus_[0-9A-Za-z]{33}$/)
      assert.strictEqual(c.created, T0)
      assert.deepStrictEqual(c.address, { city: "London", country: "GB", line1: null, line2: null, postal_code: null, state: null })
      assert.deepStrictEqual(c.shipping?.address.line1, "1 Road")
      assert.strictEqual(c.tax_exempt, "none")
      assert.strictEqual(c.balance, 0)
      assert.strictEqual(c.next_invoice_sequence, 1)
      assert.match(c.invoice_prefix, /^[A-Z0-9]{8}$/)
      assert.deepStrictEqual(yield* customers.retrieve(scope, c.id), { deleted: false, customer: c })

      const changed = yield* customers.update(scope, c.id, { name: "", phone: "+44 1", metadata: { crm: "", tier: "gold" } })
      assert.isNull(changed.name)
      assert.strictEqual(changed.phone, "+44 1")
      assert.deepStrictEqual(changed.metadata, { tier: "gold" })
      assert.strictEqual(changed.email, "ada@example.com")
      const updated = yield* EventLog.use((l) => l.list(scope, { type: "customer.updated" }))
      assert.deepStrictEqual(updated.data[0]!.data.previous_attributes, { name: "Ada", phone: null, metadata: { crm: "7" } })
      assert.strictEqual(updated.data[0]!.data.object["name"], null)
      // nothing changes: no write, no event
      yield* customers.update(scope, c.id, { phone: "+44 1" })

      yield* TestClock.adjust("1 second")
      const other = yield* customers.create(scope, { email: "bob@example.com" })
      const all = yield* customers.list(scope, {})
      assert.deepStrictEqual(all.data.map((x) => x.id), [other.id, c.id])
      assert.deepStrictEqual((yield* customers.list(scope, { email: "bob@example.com" })).data.map((x) => x.id), [other.id])
      assert.deepStrictEqual((yield* customers.list(scope, { email: "BOB@example.com" })).data, [])
      assert.deepStrictEqual((yield* customers.list(scope, { limit: 1, starting_after: other.id })).data.map((x) => x.id), [c.id])
      assert.deepStrictEqual((yield* customers.list(scope, { created: { gt: T0 } })).data.map((x) => x.id), [other.id])
      assert.deepStrictEqual(yield* typesOf(), ["customer.created", "customer.updated", "customer.created"])
    })))

  it.effect("a deleted customer reads as deleted and is listed, changed and deleted no more", () =>
    run(Effect.gen(function*() {
      const customers = yield* Customers
      const c = yield* customers.create(scope, { email: "gone@example.com" })
      assert.strictEqual(yield* customers.delete(scope, c.id), c.id)
      assert.deepStrictEqual(yield* customers.retrieve(scope, c.id), { deleted: true, id: c.id })
      assert.deepStrictEqual((yield* customers.list(scope, {})).data, [])
      assert.strictEqual((yield* Effect.flip(customers.update(scope, c.id, { name: "x" })))._tag, "ResourceMissing")
      assert.strictEqual((yield* Effect.flip(customers.delete(scope, c.id)))._tag, "ResourceMissing")
      const log = yield* EventLog.use((l) => l.list(scope, { type: "customer.deleted" }))
      assert.strictEqual(log.data[0]!.data.object["email"], "gone@example.com")
    })))

  it.effect("another account's or mode's customer is missing", () =>
    run(Effect.gen(function*() {
      const customers = yield* Customers
      const c = yield* customers.create(scope, {})
      for (const s of [{ account: "acct_2", livemode: false }, { account: "acct_1", livemode: true }]) {
        assert.strictEqual((yield* Effect.flip(customers.retrieve(s, c.id)))._tag, "ResourceMissing")
        assert.deepStrictEqual((yield* customers.list(s, {})).data, [])
      }
    })))
})

describe("sessions and customers", () => {
  it.effect("a session names an existing customer of its scope only, and not with customer_email or customer_creation", () =>
    run(Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const customers = yield* Customers
      const c = yield* customers.create(scope, { email: "ada@example.com", name: "Ada" })
      const s = yield* sessions.create(scope, params({ ...basicParams, customer: c.id }))
      assert.strictEqual(s.session.customer, c.id)
      assert.isNull(s.session.customer_creation)
      assert.deepStrictEqual(s.session.customer_details, { email: "ada@example.com", name: "Ada", phone: null, address: null })

      const plain = yield* sessions.create(scope, params(basicParams))
      assert.strictEqual(plain.session.customer_creation, "if_required")

      for (const extra of [{ customer_email: "x@example.com" }, { customer_creation: "always" }]) {
        const e = yield* Effect.flip(sessions.create(scope, params({ ...basicParams, customer: "cus_nope", ...extra })))
        assert.strictEqual(e._tag, "ValidationError")
        assert.strictEqual((e as { param: string }).param, "customer")
        assert.match(e.message, /^You may only specify one of these parameters: customer, customer_/)
      }
      const missing = yield* Effect.flip(sessions.create(scope, params({ ...basicParams, customer: "cus_nope" })))
      assert.deepInclude(missing, { code: "resource_missing", param: "customer", message: "No such customer: 'cus_nope'" })
      const elsewhere = yield* Effect.flip(sessions.create({ account: "acct_2", livemode: false }, params({ ...basicParams, customer: c.id })))
      assert.deepInclude(elsewhere, { code: "resource_missing", param: "customer" })
      yield* customers.delete(scope, c.id)
      const deleted = yield* Effect.flip(sessions.create(scope, params({ ...basicParams, customer: c.id })))
      assert.deepInclude(deleted, { code: "resource_missing", param: "customer" })
    })))

  it.effect("completing with customer_creation=always creates one customer from what the payment carried, with its event first", () =>
    run(Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const s = yield* sessions.create(scope, params({ ...basicParams, customer_creation: "always" }))
      assert.strictEqual(s.session.customer_creation, "always")
      yield* sessions.pay(scope, s.session.id, Schema.decodeUnknownSync(PaymentParams)({
        payment_method_data: {
          type: "card",
          card: { number: "4242424242424242", exp_month: 12, exp_year: 2040 },
          billing_details: { name: "Ada L", email: "ada@example.com" }
        }
      }))
      const done = yield* sessions.retrieve(scope, s.session.id)
      const id = customerIdForSession(s.session.id)
      assert.strictEqual(done.session.customer, id)
      assert.deepStrictEqual(done.session.customer_details, { email: "ada@example.com", name: "Ada L", phone: null, address: null })
      const read = yield* Customers.use((c) => c.retrieve(scope, id))
      assert.isFalse(read.deleted)
      assert.include(read.deleted ? {} : read.customer, { id, email: "ada@example.com", name: "Ada L", created: T0, livemode: false })
      assert.deepStrictEqual(yield* typesOf(), ["customer.created", "payment_intent.succeeded", "checkout.session.completed"])
      const completed = yield* EventLog.use((l) => l.list(scope, { type: "checkout.session.completed" }))
      assert.strictEqual(completed.data[0]!.data.object["customer"], id)
    })))

  it.effect("if_required (the default) and a given customer create none; the given one stays the session's", () =>
    run(Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const repo = yield* CustomerRepository
      const plain = yield* sessions.create(scope, params(basicParams))
      yield* sessions.pay(scope, plain.session.id, { payment_method: "pm_card_visa" })
      assert.isNull((yield* sessions.retrieve(scope, plain.session.id)).session.customer)
      assert.isTrue(Option.isNone(yield* repo.findById(customerIdForSession(plain.session.id))))

      const c = yield* Customers.use((x) => x.create(scope, { email: "ada@example.com" }))
      const named = yield* sessions.create(scope, params({ ...basicParams, customer: c.id }))
      yield* sessions.pay(scope, named.session.id, { payment_method: "pm_card_visa" })
      const done = yield* sessions.retrieve(scope, named.session.id)
      assert.strictEqual(done.session.customer, c.id)
      assert.strictEqual(done.session.customer_details?.email, "ada@example.com")
      assert.lengthOf((yield* Customers.use((x) => x.list(scope, {}))).data, 1)
    })))
})
