/**
 * Stripe Checkout as Stripe's own docs write it, against `till serve` as users run it (its worker on):
 * a product and a price, a session of that price with `customer_creation: 'always'`, paid on the hosted
 * page in Chromium, `checkout.session.completed` received and verified with
 * `stripe.webhooks.constructEvent(body, req.headers['stripe-signature'], secret)`, the session read back
 * with `line_items`, `customer` and `payment_intent` expanded; then a payment link made from the price,
 * paid the same way. On PostgreSQL when TILL_TEST_DATABASE_URL names a server, else on PGlite.
 */
import { assert, describe, it } from "@effect/vitest"
import { launchChromium } from "@till/http/testing/Browser"
import { freshPostgresUrl, hasPostgres } from "@till/postgres/testing"
import { Effect } from "effect"
import type { Page } from "playwright-core"
import Stripe from "stripe"
import { freshDataDir, printChildrenOnFailure, START_MS, serveTill, stopTill } from "./support.ts"
import { startReceiver, waitUntil } from "./webhooks/Receiver.ts"

const KEY = "sk_test_checkoutdocs123"
const SHOP = "https://shop.example"

/** Pays the hosted page open in `page` with 4242 4242 4242 4242 and waits for the success URL. */
const payOnPage = async (page: Page, url: string, successUrl: RegExp) => {
  await page.goto(url)
  await page.locator("#checkout").waitFor({ state: "visible" })
  if (await page.locator("#email").isEditable()) await page.locator("#email").fill("ada@example.com")
  await page.locator("#number").fill("4242 4242 4242 4242")
  await page.locator("#expiry").fill("12 / 34")
  await page.locator("#cvc").fill("123")
  await page.locator("#name").fill("Ada Lovelace")
  await page.locator("#pay").click()
  await page.waitForURL(successUrl)
}

describe("Stripe Checkout as Stripe's docs write it", () => {
  printChildrenOnFailure()

  it.live("a price, a session with customer_creation, the hosted page, a verified webhook, expand; and a payment link", () =>
    Effect.gen(function*() {
      const database = hasPostgres ? { DATABASE_URL: yield* freshPostgresUrl } : { TILL_DATA_DIR: freshDataDir() }
      yield* Effect.promise(async () => {
        const till = await serveTill({ ...database, TILL_SECRET_KEY: KEY })
        const receiver = await startReceiver()
        const browser = await launchChromium()
        try {
          const { hostname, port } = new URL(till.url)
          const stripe = new Stripe(KEY, { host: hostname, port: Number(port), protocol: "http" })
          const context = await browser.newContext({ locale: "en-US" })
          await context.route(`${SHOP}/**`, (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>Shop</title>Thanks" }))
          const page = await context.newPage()

          const endpoint = await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ["checkout.session.completed"] })
          receiver.setSecret(endpoint.secret!)

          const product = await stripe.products.create({ name: "T-shirt" })
          const price = await stripe.prices.create({ product: product.id, unit_amount: 2000, currency: "usd" })
          const session = await stripe.checkout.sessions.create({
            line_items: [{ price: price.id, quantity: 2 }],
            mode: "payment",
            customer_creation: "always",
            success_url: `${SHOP}/success?session_id={CHECKOUT_SESSION_ID}`,
            cancel_url: `${SHOP}/cancel`
          })
          assert.strictEqual(session.amount_total, 4000)
          await payOnPage(page, session.url!, new RegExp(`/success\\?session_id=${session.id}$`))

          const completed = await waitUntil("checkout.session.completed", () =>
            receiver.events.find((e) => e.type === "checkout.session.completed" && (e.data.object as Stripe.Checkout.Session).id === session.id))
          assert.deepStrictEqual(receiver.refused, [])
          const fromEvent = completed.data.object as Stripe.Checkout.Session
          assert.strictEqual(fromEvent.payment_status, "paid")

          const read = await stripe.checkout.sessions.retrieve(session.id, { expand: ["line_items", "customer", "payment_intent"] })
          assert.strictEqual(read.status, "complete")
          const line = read.line_items!.data[0]!
          assert.strictEqual(line.price!.id, price.id)
          assert.strictEqual(line.price!.product, product.id)
          assert.strictEqual(line.quantity, 2)
          assert.strictEqual(line.amount_total, 4000)
          const customer = read.customer as Stripe.Customer
          assert.match(customer.id, /^cus_/)
          assert.strictEqual(customer.name, "Ada Lovelace")
          const intent = read.payment_intent as Stripe.PaymentIntent
          assert.strictEqual(intent.status, "succeeded")
          assert.strictEqual(intent.amount, 4000)
          assert.strictEqual(read.total_details!.amount_tax, 0)

          // a payment link from the same price: its session is the price's, paid the same way
          const link = await stripe.paymentLinks.create({
            line_items: [{ price: price.id, quantity: 1 }],
            after_completion: { type: "redirect", redirect: { url: `${SHOP}/thanks` } }
          })
          const linkItems = await stripe.paymentLinks.listLineItems(link.id)
          assert.strictEqual(linkItems.data[0]!.price!.id, price.id)
          await payOnPage(page, link.url, /\/thanks/)
          const fromLink = await waitUntil("the link's checkout.session.completed", () =>
            receiver.events.find((e) => e.type === "checkout.session.completed" && (e.data.object as Stripe.Checkout.Session).payment_link === link.id))
          assert.strictEqual((fromLink.data.object as Stripe.Checkout.Session).amount_total, 2000)
          assert.deepStrictEqual(receiver.refused, [])
        } finally {
          await browser.close()
          await receiver.close()
          await stopTill(till)
        }
      })
    }), { timeout: 3 * START_MS })
})
