/**
 * A shop's order as Stripe's docs write it, against `till serve` as users run it (its worker on): a cart
 * of a catalog price and an inline one, each with an exclusive 19 % tax rate, and a 10 % promotion code
 * the customer types on the hosted page in Chromium; the paid session's `total_details` and its charge
 * agree to the minor unit; two partial refunds, then a third that would exceed the charge, refused with
 * Stripe's error; each `charge.refunded` received and verified with `stripe.webhooks.constructEvent`.
 * On PostgreSQL when TILL_TEST_DATABASE_URL names a server, else on PGlite.
 */
import { assert, describe, it } from "@effect/vitest"
import { launchChromium } from "@till/http/testing/Browser"
import { freshPostgresUrl, hasPostgres } from "@till/postgres/testing"
import { Effect } from "effect"
import Stripe from "stripe"
import { freshDataDir, printChildrenOnFailure, START_MS, serveTill, stopTill } from "./support.ts"
import { startReceiver, waitUntil } from "./webhooks/Receiver.ts"

const KEY = "sk_test_shoporder123"
const SHOP = "https://shop.example"

describe("a shop's order: tax, a promotion code on the page, partial refunds", () => {
  printChildrenOnFailure()

  it.live("totals and the charge agree to the cent; refunds stop at what was captured; charge.refunded verified", () =>
    Effect.gen(function*() {
      const database = hasPostgres ? { DATABASE_URL: yield* freshPostgresUrl } : { TILL_DATA_DIR: freshDataDir() }
      yield* Effect.promise(async () => {
        const till = await serveTill({ ...database, TILL_SECRET_KEY: KEY })
        const receiver = await startReceiver()
        const browser = await launchChromium()
        try {
          const { hostname, port } = new URL(till.url)
          const stripe = new Stripe(KEY, { host: hostname, port: Number(port), protocol: "http" })
          const endpoint = await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ["checkout.session.completed", "charge.refunded"] })
          receiver.setSecret(endpoint.secret!)

          const product = await stripe.products.create({ name: "Reading lamp" })
          const price = await stripe.prices.create({ product: product.id, unit_amount: 2000, currency: "usd" })
          const vat = await stripe.taxRates.create({ display_name: "VAT", percentage: 19, inclusive: false, country: "DE" })
          const coupon = await stripe.coupons.create({ percent_off: 10, duration: "once" })
          const promotion = await stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: coupon.id }, code: "WELCOME10" })
          assert.strictEqual(promotion.active, true)

          const session = await stripe.checkout.sessions.create({
            mode: "payment",
            line_items: [
              { price: price.id, quantity: 2, tax_rates: [vat.id] },
              { price_data: { currency: "usd", unit_amount: 750, product_data: { name: "Bulb" } }, quantity: 1, tax_rates: [vat.id] }
            ],
            allow_promotion_codes: true,
            success_url: `${SHOP}/thanks?session={CHECKOUT_SESSION_ID}`
          })
          // before the code: 47.50 and 19 % of it, 9.03 (7.60 + 1.425 → 1.43)
          assert.deepStrictEqual(session.total_details, { amount_discount: 0, amount_shipping: 0, amount_tax: 903 })
          assert.strictEqual(session.amount_total, 5653)

          const context = await browser.newContext({ locale: "en-US" })
          await context.route(`${SHOP}/**`, (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>Shop</title>Thanks" }))
          const page = await context.newPage()
          await page.goto(session.url!)
          await page.locator("#checkout").waitFor({ state: "visible" })
          await page.locator("#promo-code").fill("welcome10")
          await page.locator("#promo-apply").click()
          await page.locator("#discount-row").waitFor({ state: "visible" })
          // 10 % off each line (4.00 and 0.75), then 19 % of what is left: 6.84 + 1.2825 → 1.28
          assert.strictEqual(await page.locator("#discount").innerText(), "−$4.75")
          assert.strictEqual(await page.locator("#tax").innerText(), "$8.12")
          assert.strictEqual(await page.locator("#total").innerText(), "$50.87")
          if (await page.locator("#email").isEditable()) await page.locator("#email").fill("ada@example.com")
          await page.locator("#number").fill("4242 4242 4242 4242")
          await page.locator("#expiry").fill("12 / 34")
          await page.locator("#cvc").fill("123")
          await page.locator("#name").fill("Ada Lovelace")
          await page.locator("#pay").click()
          await page.waitForURL(/\/thanks/)
          await waitUntil("checkout.session.completed", () => receiver.events.find((e) => e.type === "checkout.session.completed"))

          const paid = await stripe.checkout.sessions.retrieve(session.id, { expand: ["payment_intent.latest_charge", "line_items"] })
          assert.strictEqual(paid.status, "complete")
          assert.deepStrictEqual(paid.total_details, { amount_discount: 475, amount_shipping: 0, amount_tax: 812 })
          assert.strictEqual(paid.amount_subtotal, 4750)
          assert.strictEqual(paid.amount_total, 4750 - 475 + 812)
          assert.strictEqual(paid.discounts![0]!.promotion_code, promotion.id)
          const lines = paid.line_items!.data
          assert.deepStrictEqual(lines.map((l) => [l.amount_subtotal, l.amount_discount, l.amount_tax, l.amount_total]), [
            [4000, 400, 684, 4284],
            [750, 75, 128, 803]
          ])
          const intent = paid.payment_intent as Stripe.PaymentIntent
          const charge = intent.latest_charge as Stripe.Charge
          assert.strictEqual(intent.amount, paid.amount_total)
          assert.deepStrictEqual([charge.amount, charge.amount_captured, charge.amount_refunded], [5087, 5087, 0])
          assert.strictEqual((await stripe.promotionCodes.retrieve(promotion.id)).times_redeemed, 1)

          // two partial refunds, then one more than what is left
          const first = await stripe.refunds.create({ charge: charge.id, amount: 1000, reason: "requested_by_customer" })
          const second = await stripe.refunds.create({ payment_intent: intent.id, amount: 2000 })
          assert.deepStrictEqual([first.status, second.status], ["succeeded", "succeeded"])
          const refused = await stripe.refunds.create({ charge: charge.id, amount: 3000 }).then(
            () => assert.fail("a refund past the charge was accepted"),
            (error: unknown) => error as Stripe.errors.StripeError
          )
          assert.strictEqual(refused.type, "StripeInvalidRequestError")
          assert.strictEqual(refused.code, "amount_too_large")
          assert.strictEqual(refused.param, "amount")
          const after = await stripe.charges.retrieve(charge.id)
          assert.deepStrictEqual([after.amount_refunded, after.refunded], [3000, false])

          const refundedEvents = await waitUntil("two charge.refunded", () => {
            const found = receiver.events.filter((e) => e.type === "charge.refunded")
            return found.length >= 2 ? found : undefined
          })
          const refundedAmounts = refundedEvents.map((e) => (e.data.object as Stripe.Charge).amount_refunded).sort((a, b) => a - b)
          assert.deepStrictEqual(refundedAmounts, [1000, 3000])
          assert.deepStrictEqual(receiver.refused, [])
        } finally {
          await browser.close()
          await receiver.close()
          await stopTill(till)
        }
      })
    }), { timeout: 3 * START_MS })
})
