/**
 * Till's objects against Stripe's own type definitions (stripe 23's `.d.ts`, walked with the TypeScript
 * checker): a scenario makes every object in its realistic states (open, paid, expired and declined
 * sessions, their payment intents and line items, a payment link, events, webhook endpoints), collects
 * every JSON object the answers carry by its `object`, and checks each against its Stripe type. A field
 * Stripe always returns cannot go missing, nor turn null or change kind, without this failing.
 */
import { afterAll, assert, beforeAll, describe, it, layer } from "@effect/vitest"
import { Effect } from "effect"
import { SuiteServer } from "../src/testing/stripe/SuiteServer.ts"
import { bearer, JSON_TYPE, send } from "../src/testing/Fetch.ts"
import { inMemory } from "../src/testing/TestServer.ts"
import { openStripeTypes, STRIPE_OBJECTS, type StripeTypes } from "./support/StripeTypes.ts"

/** `object` values Till renders that the walk does not check yet, and why. */
const NOT_WALKED: Readonly<Record<string, string>> = {}

let stripeTypes: StripeTypes
beforeAll(() => {
  stripeTypes = openStripeTypes()
})
afterAll(() => stripeTypes?.close())

/** Every JSON object with an `object` field inside `value`, at any depth. */
const collect = (value: unknown, into: Map<string, Array<unknown>>): void => {
  if (Array.isArray(value)) return value.forEach((v) => collect(v, into))
  if (value === null || typeof value !== "object") return
  const kind = (value as { object?: unknown }).object
  if (typeof kind === "string" && kind !== "list") into.set(kind, [...(into.get(kind) ?? []), value])
  for (const v of Object.values(value)) collect(v, into)
}

const PNG_1X1 = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8cfc000000301010018dd8db40000000049454e44ae426082",
  "hex"
)

const LINE_ITEM = { price_data: { currency: "usd", unit_amount: 1200, product_data: { name: "T-shirt", description: "Cotton" } }, quantity: 2 }

layer(inMemory, { excludeTestServices: true, timeout: "30 seconds" })("Stripe's type definitions", (it) => {
  it.effect("every object Till renders has every field Stripe always returns, with Stripe's type and nullability", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      const samples = new Map<string, Array<unknown>>()
      const call = (method: string, path: string, body?: unknown, expectStatus = 200) =>
        Effect.gen(function*() {
          const reply = yield* send(`${url}${path}`, {
            method,
            headers: { ...bearer(keys.test), ...JSON_TYPE },
            ...(body === undefined ? {} : { body: JSON.stringify(body) })
          })
          assert.strictEqual(reply.status, expectStatus, `${method} ${path}: ${reply.text}`)
          collect(reply.json, samples)
          return reply.json
        })
      const create = (extra: Record<string, unknown> = {}) =>
        call("POST", "/v1/checkout/sessions", { mode: "payment", line_items: [LINE_ITEM], success_url: "https://shop.example/ok", ...extra })

      const open = yield* create({ metadata: { order: "1" }, customer_email: "buyer@example.com", client_reference_id: "order-1", expand: ["line_items"] })
      yield* call("GET", `/v1/checkout/sessions/${open.id}/line_items`)
      const paid = yield* create({ cancel_url: "https://shop.example/cancel", locale: "es" })
      yield* call("POST", `/v1/checkout/sessions/${paid.id}/payments`, { payment_method: "pm_card_visa" })
      yield* call("GET", `/v1/checkout/sessions/${paid.id}?expand[]=line_items&expand[]=payment_intent`)
      const declined = yield* create()
      yield* call("POST", `/v1/checkout/sessions/${declined.id}/payments`, { payment_method: "pm_card_chargeDeclined" }, 402)
      yield* call("GET", `/v1/checkout/sessions/${declined.id}?expand[]=payment_intent`)
      const expired = yield* create()
      yield* call("POST", `/v1/checkout/sessions/${expired.id}/expire`)
      // embedded, and expired with a recovery link, and the session that link opens
      yield* call("POST", "/v1/checkout/sessions", {
        mode: "payment", line_items: [LINE_ITEM], ui_mode: "embedded_page", return_url: "https://shop.example/back?s={CHECKOUT_SESSION_ID}", redirect_on_completion: "if_required"
      })
      const recoverable = yield* create({ after_expiration: { recovery: { enabled: true, allow_promotion_codes: true } } })
      const recoveryUrl = (yield* call("POST", `/v1/checkout/sessions/${recoverable.id}/expire`)).after_expiration.recovery.url as string
      const opened = yield* send(recoveryUrl, { redirect: "manual" })
      assert.strictEqual(opened.status, 303, opened.text)
      const recovered = (yield* call("GET", `/v1/checkout/sessions?limit=1`)).data[0]
      assert.strictEqual(recovered.recovered_from, recoverable.id)
      const held = yield* create({ payment_intent_data: { capture_method: "manual", description: "order 7", statement_descriptor_suffix: "ORDER 7" } })
      yield* call("POST", `/v1/checkout/sessions/${held.id}/payments`, { payment_method: "pm_card_visa" })
      const heldIntent = (yield* call("GET", `/v1/checkout/sessions/${held.id}?expand[]=payment_intent`)).payment_intent
      yield* call("POST", `/v1/payment_intents/${heldIntent.id}/capture`, { amount_to_capture: 500 })
      const released = yield* create({ payment_intent_data: { capture_method: "manual" } })
      yield* call("POST", `/v1/checkout/sessions/${released.id}/payments`, { payment_method: "pm_card_visa" })
      const releasedIntent = (yield* call("GET", `/v1/checkout/sessions/${released.id}`)).payment_intent
      yield* call("POST", `/v1/payment_intents/${releasedIntent}/cancel`, { cancellation_reason: "requested_by_customer" })
      yield* call("POST", `/v1/payment_intents/${releasedIntent}/cancel`, {}, 400)
      const paidIntent = (yield* call("GET", `/v1/checkout/sessions/${paid.id}`)).payment_intent
      yield* call("GET", `/v1/payment_intents/${paidIntent}`)
      yield* call("GET", "/v1/checkout/sessions?limit=10")

      const link = yield* call("POST", "/v1/payment_links", { line_items: [LINE_ITEM], metadata: { campaign: "spring" } })
      yield* call("POST", `/v1/payment_links/${link.id}`, { active: false })
      yield* call("GET", "/v1/payment_links")

      const product = yield* call("POST", "/v1/products", { name: "Mug", description: "350 ml", metadata: { sku: "M-1" } })
      const price = yield* call("POST", "/v1/prices", { product: product.id, unit_amount: 1500, currency: "usd", lookup_key: "mug" })
      yield* call("POST", "/v1/prices", { product: product.id, unit_amount: 900, currency: "usd", recurring: { interval: "month" } })
      yield* call("POST", "/v1/products", { name: "Tea", default_price_data: { unit_amount: 800, currency: "usd" } })
      yield* call("GET", `/v1/products/${product.id}?expand[]=default_price`)
      yield* call("GET", `/v1/prices/${price.id}?expand[]=product`)
      yield* call("GET", "/v1/prices?limit=10")
      yield* call("GET", "/v1/products?limit=10")
      const byPrice = yield* create({ line_items: [{ price: price.id, quantity: 2 }] })
      yield* call("GET", `/v1/checkout/sessions/${byPrice.id}/line_items`)
      const priceLink = yield* call("POST", "/v1/payment_links", { line_items: [{ price: price.id, quantity: 1, adjustable_quantity: { enabled: true, maximum: 5 } }] })
      yield* call("GET", `/v1/payment_links/${priceLink.id}/line_items`)
      const customer = yield* call("POST", "/v1/customers", { email: "ada@example.com", name: "Ada", address: { country: "CL", city: "Santiago" }, metadata: { tier: "gold" } })
      yield* call("POST", `/v1/customers/${customer.id}`, { phone: "+56 2 2123 4567" })
      yield* call("GET", `/v1/customers?email=ada@example.com`)
      const withCustomer = yield* create({ customer: customer.id })
      yield* call("GET", `/v1/checkout/sessions/${withCustomer.id}?expand[]=customer`)
      const creating = yield* create({ customer_creation: "always" })
      yield* call("POST", `/v1/checkout/sessions/${creating.id}/payments`, { payment_method: "pm_card_visa" })
      yield* call("GET", `/v1/checkout/sessions/${creating.id}?expand[]=customer`)
      const gone = yield* call("POST", "/v1/customers", { name: "Gone" })
      yield* call("DELETE", `/v1/customers/${gone.id}`)
      const spare = yield* call("POST", "/v1/products", { name: "Spare" })
      yield* call("DELETE", `/v1/products/${spare.id}`)

      const iva = yield* call("POST", "/v1/tax_rates", { display_name: "IVA", percentage: "19", inclusive: false, country: "CL", jurisdiction: "CL", tax_type: "vat" })
      const vat = yield* call("POST", "/v1/tax_rates", { display_name: "VAT", percentage: 20, inclusive: true, country: "GB", metadata: { k: "v" } })
      yield* call("POST", `/v1/tax_rates/${vat.id}`, { active: false, description: "UK VAT" })
      yield* call("GET", "/v1/tax_rates?active=true")
      const taxed = yield* create({ line_items: [{ ...LINE_ITEM, tax_rates: [iva.id] }, { ...LINE_ITEM, dynamic_tax_rates: [iva.id] }], country: "CL" })
      yield* call("GET", `/v1/checkout/sessions/${taxed.id}/line_items`)
      yield* call("POST", `/v1/checkout/sessions/${taxed.id}/payments`, { payment_method: "pm_card_visa" })

      const ten = yield* call("POST", "/v1/coupons", { percent_off: 10, name: "Ten", max_redemptions: 5, metadata: { k: "v" } })
      const off = yield* call("POST", "/v1/coupons", { amount_off: 300, currency: "usd", applies_to: { products: [product.id] }, redeem_by: Math.floor(Date.now() / 1000) + 3600 })
      yield* call("POST", `/v1/coupons/${off.id}`, { name: "Three off" })
      const code = yield* call("POST", "/v1/promotion_codes", { promotion: { type: "coupon", coupon: ten.id }, code: `SPRING${Date.now()}`, max_redemptions: 3, restrictions: { minimum_amount: 100, minimum_amount_currency: "usd" } })
      yield* call("POST", `/v1/promotion_codes/${code.id}`, { metadata: { k: "v" } })
      yield* call("GET", "/v1/promotion_codes?active=true")
      yield* call("GET", "/v1/coupons")
      const discounted = yield* create({ discounts: [{ promotion_code: code.id }], expand: ["line_items"] })
      yield* call("GET", `/v1/checkout/sessions/${discounted.id}/line_items`)
      yield* call("POST", `/v1/checkout/sessions/${discounted.id}/payments`, { payment_method: "pm_card_visa" })
      yield* create({ discounts: [{ coupon: off.id }], line_items: [{ price: price.id, quantity: 1 }] })
      yield* create({ allow_promotion_codes: true })
      const goneCoupon = yield* call("POST", "/v1/coupons", { percent_off: 1 })
      yield* call("DELETE", `/v1/coupons/${goneCoupon.id}`)

      // shipping rates, and sessions that offer them and ask for custom fields and consent
      const standard = yield* call("POST", "/v1/shipping_rates", {
        display_name: "Standard", fixed_amount: { amount: 500, currency: "usd", currency_options: { eur: { amount: 450 } } },
        delivery_estimate: { minimum: { unit: "business_day", value: 3 }, maximum: { unit: "week", value: 1 } }, tax_behavior: "exclusive", tax_code: "txcd_92010001"
      })
      yield* call("POST", `/v1/shipping_rates/${standard.id}`, { metadata: { k: "v" } })
      yield* call("POST", "/v1/shipping_rates", { display_name: "Pickup", fixed_amount: { amount: 0, currency: "usd" } })
      yield* call("GET", "/v1/shipping_rates?active=true")
      const asking = {
        shipping_options: [{ shipping_rate: standard.id }, { shipping_rate_data: { display_name: "Express", fixed_amount: { amount: 1500, currency: "usd" }, delivery_estimate: { maximum: { unit: "day", value: 1 } } } }],
        custom_fields: [
          { key: "engraving", label: { type: "custom", custom: "Engraving" }, type: "text", text: { minimum_length: 2, maximum_length: 20, default_value: "Hi" } },
          { key: "floor", label: { type: "custom", custom: "Floor" }, type: "numeric", optional: true },
          { key: "size", label: { type: "custom", custom: "Size" }, type: "dropdown", dropdown: { options: [{ label: "Small", value: "s" }], default_value: "s" } }
        ],
        custom_text: { submit: { message: "Ships soon." }, after_submit: { message: "Thanks." }, shipping_address: { message: "No PO boxes." }, terms_of_service_acceptance: { message: "I agree." } },
        consent_collection: { terms_of_service: "required", promotions: "none", payment_method_reuse_agreement: { position: "auto" } },
        submit_type: "donate"
      }
      const shipped = yield* create(asking)
      yield* call("GET", `/v1/checkout/sessions/${shipped.id}?expand[]=shipping_cost.shipping_rate&expand[]=shipping_options.shipping_rate`)
      yield* call("POST", `/v1/checkout/sessions/${shipped.id}/payments`, { payment_method: "pm_card_visa", custom_fields: { engraving: "Ada", floor: "3" }, consent: { terms_of_service: "accepted" } })
      yield* call("GET", `/v1/checkout/sessions/${shipped.id}`)
      yield* call("POST", "/v1/payment_links", { line_items: [LINE_ITEM], ...asking, shipping_options: [{ shipping_rate: standard.id }] })

      const endpoint = yield* call("POST", "/v1/webhook_endpoints", { url: "https://shop.example/hook", enabled_events: ["*"], description: "orders" })
      yield* call("GET", `/v1/webhook_endpoints/${endpoint.id}`)
      yield* call("POST", "/v1/webhook_endpoints", { url: "https://shop.example/hook2", enabled_events: ["checkout.session.completed"], api_version: "2026-10-28.endive" })
      yield* call("GET", "/v1/webhook_endpoints")
      const doomed = yield* call("POST", "/v1/webhook_endpoints", { url: "https://shop.example/old", enabled_events: ["*"] })
      yield* call("DELETE", `/v1/webhook_endpoints/${doomed.id}`)
      // charges and refunds: partial, full, failing later (reconciled in the core's tests), expanded every way Stripe expands them
      const refunded = yield* create({ payment_intent_data: { description: "order 9", metadata: { order: "9" } } })
      const refundedIntent = (yield* call("POST", `/v1/checkout/sessions/${refunded.id}/payments`, { payment_method: "pm_card_visa" })).id
      const refund = yield* call("POST", "/v1/refunds", { payment_intent: refundedIntent, amount: 700, reason: "requested_by_customer", metadata: { n: "1" } })
      yield* call("POST", `/v1/refunds/${refund.id}`, { metadata: { m: "2" } })
      yield* call("POST", "/v1/refunds", { charge: refund.charge, expand: ["charge", "payment_intent"] })
      yield* call("POST", "/v1/refunds", { charge: refund.charge, amount: 1 }, 400)
      yield* call("GET", `/v1/charges/${refund.charge}?expand[]=refunds&expand[]=payment_intent`)
      yield* call("POST", `/v1/charges/${refund.charge}`, { description: "refunded order", metadata: { k: "v" } })
      yield* call("GET", `/v1/payment_intents/${refundedIntent}?expand[]=latest_charge`)
      yield* call("GET", "/v1/charges?limit=10&expand[]=data.refunds")
      yield* call("GET", `/v1/refunds?charge=${refund.charge}`)
      const failing = yield* create()
      const failingIntent = (yield* call("POST", `/v1/checkout/sessions/${failing.id}/payments`, { payment_method: "pm_card_pendingRefund" })).id
      yield* call("POST", "/v1/refunds", { payment_intent: failingIntent, amount: 100, reason: "duplicate" })
      yield* call("GET", `/v1/charges/${(yield* call("GET", `/v1/payment_intents/${heldIntent.id}`)).latest_charge}`)
      yield* call("GET", `/v1/charges/${(yield* call("GET", `/v1/payment_intents/${releasedIntent}`)).latest_charge}`)
      yield* call("GET", "/v1/events?limit=100")
      // the account and a file (uploaded as multipart, as Stripe takes files)
      const form = new FormData()
      form.set("purpose", "business_logo")
      form.set("file", new Blob([PNG_1X1], { type: "image/png" }), "logo.png")
      const upload = yield* send(`${url}/v1/files`, { method: "POST", headers: bearer(keys.test), body: form })
      assert.strictEqual(upload.status, 200, upload.text)
      collect(upload.json, samples)
      yield* call("GET", "/v1/files?purpose=business_logo")
      yield* call("POST", "/v1/account", { business_profile: { name: "Shop", support_email: "help@shop.example" }, settings: { branding: { logo: (upload.json as { id: string }).id, primary_color: "#0a7c3e" } } })
      yield* call("GET", "/v1/account")

      const problems: Array<string> = []
      for (const [kind, ref] of Object.entries(STRIPE_OBJECTS)) {
        const found = samples.get(kind) ?? []
        if (found.length === 0) problems.push(`${kind}: the scenario rendered none`)
        for (const sample of found) {
          // what a delete answers is Stripe's `Deleted<Type>`, declared beside the type
          const deleted = (sample as { deleted?: unknown }).deleted === true
          const type = deleted ? { file: ref.file, name: `Deleted${ref.name}` } : ref
          for (const m of stripeTypes.check(sample, type)) problems.push(`${kind} ${(sample as { id?: string }).id ?? ""} ${m.path} ${m.problem}`)
        }
      }
      for (const kind of samples.keys()) {
        if (!(kind in STRIPE_OBJECTS) && !(kind in NOT_WALKED)) problems.push(`${kind}: rendered, but not in STRIPE_OBJECTS`)
      }
      // One line per field, however many samples share the problem.
      const distinct = [...new Set(problems.map((p) => p.replace(/ \S+_\w+ /, " ")))]
      assert.deepStrictEqual(distinct, [], distinct.join("\n"))
    }))
})

describe("the walk itself", () => {
  const session = STRIPE_OBJECTS["checkout.session"]!
  it("lists Stripe's always-present fields of a session", () => {
    const always = stripeTypes.fields(session).filter((f) => !f.optional).map((f) => f.name)
    for (const name of ["id", "object", "total_details", "automatic_tax", "custom_fields", "amount_total"]) assert.include(always, name)
    assert.notInclude(always, "return_url")
    assert.notInclude(always, "line_items")
  })

  it("fails a missing field, a null where Stripe has none, a wrong kind and a value outside an enum", () => {
    const problems = stripeTypes.check({ id: null, object: "checkout.session", status: "paused", livemode: "no", metadata: { a: 1 } }, session)
    const at = (path: string) => problems.find((p) => p.path === path)?.problem ?? ""
    assert.match(at("id"), /is null/)
    assert.match(at("status"), /Stripe has "complete" \| "expired" \| "open"|Stripe has .*"open"/)
    assert.match(at("livemode"), /is string, Stripe has boolean/)
    assert.match(at("metadata.a"), /is number, Stripe has string/)
    assert.match(at("total_details"), /is missing/)
  })
})
