/**
 * The checkout a shopper trusts, end to end on `till serve` with its worker (issue 13's acceptance), with
 * stripe-node and Debian's Chromium, on PostgreSQL when TILL_TEST_DATABASE_URL names a server, else PGlite:
 *
 * - a branded page (the merchant's name in the title and header, its logo uploaded through `/v1/files`,
 *   its colour on the button, its terms and privacy links) that asks a billing and a shipping address, a
 *   phone number, a shipping option, a dropdown custom field and the terms of service, paid on the desktop;
 *   every value is then on the retrieved session where Stripe puts it, and the e-mailed receipt reaches a
 *   local SMTP server (mail/Inbox.ts: `smtp-server`, parsed with `mailparser`) naming the merchant and its support contact;
 * - on a phone, installments with interest showing each plan's installment and total, and the button
 *   saying what is charged;
 * - the embedded checkout mounted by a page of a second origin, paying and taking the top page to
 *   `return_url`;
 * - an expired session's recovery link opening a new session with the same items.
 *
 * With TILL_SCREENSHOTS set (a directory), it saves the desktop, phone and embedded pages there.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { launchChromium, SCREENSHOT_DIR } from "@till/http/testing/Browser"
import { freshPostgresUrl, hasPostgres } from "@till/postgres/testing"
import { Effect } from "effect"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { join } from "node:path"
import type { Page } from "playwright-core"
import Stripe from "stripe"
import { type Inbox, startInbox } from "./mail/Inbox.ts"
import { freshDataDir, printChildrenOnFailure, serveTill, stopTill, waitFor } from "./support.ts"

const KEY = "sk_test_shopperpage123"
const SHOP = "https://lamps.example"

/** The merchant's own site on another origin (`localhost`, where Till is on `127.0.0.1`): it serves the pages it is given. */
const startShop = async () => {
  const pages = new Map<string, string>()
  const server: Server = createServer((request, response) => {
    const page = pages.get(new URL(request.url ?? "/", "http://shop").pathname)
    response.writeHead(page === undefined ? 404 : 200, { "content-type": "text/html; charset=utf-8" })
    response.end(page ?? "not found")
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`
  return { origin, pages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

const screenshot = async (page: Page, name: string) => {
  if (SCREENSHOT_DIR !== undefined) await page.screenshot({ path: join(SCREENSHOT_DIR, name), fullPage: true })
}

const fillCard = async (page: Page | ReturnType<Page["frameLocator"]>, name: string) => {
  await page.locator("#number").fill("4242 4242 4242 4242")
  await page.locator("#expiry").fill("12 / 34")
  await page.locator("#cvc").fill("123")
  await page.locator("#name").fill(name)
}

describe("the checkout a shopper trusts", () => {
  printChildrenOnFailure()
  let inbox: Inbox
  beforeAll(async () => {
    inbox = await startInbox()
  })
  afterAll(async () => inbox?.close())

  it.live("branded, collecting addresses, phone, shipping, a custom field and the terms; installments; embedded; recovery; a receipt by e-mail", () =>
    Effect.gen(function*() {
      const database = hasPostgres ? { DATABASE_URL: yield* freshPostgresUrl } : { TILL_DATA_DIR: freshDataDir() }
      yield* Effect.promise(async () => {
        const till = await serveTill({
          ...database,
          TILL_SECRET_KEY: KEY,
          TILL_SMTP_URL: `smtp://127.0.0.1:${inbox.port}`,
          TILL_RECEIPT_FROM: "Lamp Co. receipts <receipts@lamps.example>",
          TILL_QUEUE_POLLING_SECONDS: "0.5"
        })
        const browser = await launchChromium()
        const shop = await startShop()
        try {
          const { hostname, port } = new URL(till.url)
          const stripe = new Stripe(KEY, { host: hostname, port: Number(port), protocol: "http" })

          // the merchant's public face: a logo drawn by the browser, uploaded with stripe-node; name, colour, contacts, terms
          const drawing = await browser.newPage()
          const png = await drawing.evaluate(() => {
            const canvas = document.createElement("canvas")
            canvas.width = 64
            canvas.height = 64
            const g = canvas.getContext("2d")!
            // a lamp: its shade, its stem and its foot
            g.fillStyle = "#0b6e4f"
            g.beginPath()
            g.moveTo(18, 6)
            g.lineTo(46, 6)
            g.lineTo(58, 30)
            g.lineTo(6, 30)
            g.closePath()
            g.fill()
            g.fillRect(29, 30, 6, 22)
            g.fillRect(16, 52, 32, 6)
            return canvas.toDataURL("image/png").split(",")[1]!
          })
          await drawing.close()
          const logo = await stripe.files.create({ purpose: "business_logo", file: { data: Buffer.from(png, "base64"), name: "logo.png", type: "image/png" } })
          await stripe.rawRequest("POST", "/v1/account", {
            business_profile: {
              name: "Lamp Co.",
              support_email: "help@lamps.example",
              url: SHOP,
              terms_of_service_url: `${SHOP}/terms`,
              privacy_policy_url: `${SHOP}/privacy`
            },
            settings: { branding: { logo: logo.id, primary_color: "#0b6e4f" } }
          })

          const express = await stripe.shippingRates.create({ display_name: "Express", type: "fixed_amount", fixed_amount: { amount: 1500, currency: "usd" } })
          const session = await stripe.checkout.sessions.create({
            mode: "payment",
            line_items: [{ price_data: { currency: "usd", unit_amount: 4200, product_data: { name: "Reading lamp" } }, quantity: 1 }],
            billing_address_collection: "required",
            shipping_address_collection: { allowed_countries: ["US", "CL"] },
            shipping_options: [
              { shipping_rate_data: { display_name: "Standard", type: "fixed_amount", fixed_amount: { amount: 500, currency: "usd" } } },
              { shipping_rate: express.id }
            ],
            phone_number_collection: { enabled: true },
            custom_fields: [{
              key: "wrap",
              label: { type: "custom", custom: "Gift wrap" },
              type: "dropdown",
              dropdown: { options: [{ label: "No wrap", value: "none" }, { label: "Gold ribbon", value: "gold" }] }
            }],
            consent_collection: { terms_of_service: "required" },
            custom_text: { submit: { message: "Lamps ship within two days." } },
            success_url: `${SHOP}/thanks?session={CHECKOUT_SESSION_ID}`
          })

          // the desktop page: who is paid, in the tab and the header, the brand's colour on the button, the links
          const desktop = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 900 } })
          await desktop.route(`${SHOP}/**`, (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>Lamp Co.</title>Thanks" }))
          const page = await desktop.newPage()
          await page.goto(session.url!)
          await page.locator("#checkout").waitFor({ state: "visible" })
          assert.include(await page.title(), "Lamp Co.")
          assert.strictEqual(await page.locator("#merchant-name").innerText(), "Lamp Co.")
          assert.isTrue(await page.locator("#merchant-logo").isVisible())
          assert.strictEqual(await page.locator("#pay").evaluate((el) => getComputedStyle(el).backgroundColor), "rgb(11, 110, 79)")
          assert.strictEqual(await page.locator("#terms-link").getAttribute("href"), `${SHOP}/terms`)
          assert.strictEqual(await page.locator("#privacy-link").getAttribute("href"), `${SHOP}/privacy`)
          assert.include(await page.locator("#submit-text").innerText(), "Lamps ship within two days.")

          await page.locator("#email").fill("ada@example.com")
          await page.locator("#phone").fill("(415) 555-0132")
          await page.locator("#billing-country").selectOption("US")
          await page.locator("#billing-line1").fill("1 Market St")
          await page.locator("#billing-city").fill("San Francisco")
          await page.locator("#billing-state").selectOption("CA")
          await page.locator("#billing-postal_code").fill("94105")
          await page.locator("#shipping-country").selectOption("CL")
          await page.locator("#shipping-name").fill("Gabriela Mistral")
          await page.locator("#shipping-line1").fill("Avenida Providencia 1234")
          await page.locator("#shipping-city").fill("Providencia")
          await page.locator("#shipping-state").selectOption("RM")
          await page.locator(`input[name=shipping_rate][value="${express.id}"]`).check()
          await page.locator("#total").filter({ hasText: "$57.00" }).waitFor()
          await page.locator("#cf-wrap").selectOption("gold")
          await fillCard(page, "Ada Lovelace")
          // the terms block the payment until they are accepted
          await page.locator("#pay").click()
          assert.strictEqual(await page.locator("#terms-error").innerText(), "Agree to the terms of service to continue.")
          await screenshot(page, "checkout-branded.png")
          await page.locator("#terms").check()
          await page.locator("#pay").click()
          await page.waitForURL(new RegExp(`/thanks\\?session=${session.id}$`))

          const paid = await stripe.checkout.sessions.retrieve(session.id, { expand: ["payment_intent"] })
          assert.strictEqual(paid.status, "complete")
          assert.deepStrictEqual(
            { email: paid.customer_details!.email, name: paid.customer_details!.name, phone: paid.customer_details!.phone, address: paid.customer_details!.address },
            {
              email: "ada@example.com",
              name: "Ada Lovelace",
              phone: "+14155550132",
              address: { city: "San Francisco", country: "US", line1: "1 Market St", line2: null, postal_code: "94105", state: "CA" }
            }
          )
          assert.deepStrictEqual(paid.collected_information!.shipping_details, {
            name: "Gabriela Mistral",
            address: { city: "Providencia", country: "CL", line1: "Avenida Providencia 1234", line2: null, postal_code: null, state: "RM" }
          })
          assert.deepStrictEqual(paid.shipping_cost, { amount_subtotal: 1500, amount_tax: 0, amount_total: 1500, shipping_rate: express.id })
          assert.deepStrictEqual(paid.total_details, { amount_discount: 0, amount_shipping: 1500, amount_tax: 0 })
          assert.strictEqual(paid.amount_total, 5700)
          assert.strictEqual((paid.payment_intent as Stripe.PaymentIntent).amount, 5700)
          assert.strictEqual(paid.custom_fields[0]!.dropdown!.value, "gold")
          assert.strictEqual(paid.consent!.terms_of_service, "accepted")

          // the receipt, by e-mail, to the address the shopper typed, naming the merchant and its support
          const receiptOf = () => inbox.messages.find((m) => m.messageId?.includes(session.id))
          await waitFor("the e-mailed receipt", () => receiptOf() !== undefined, 60_000)
          const mail = receiptOf()!
          assert.strictEqual(mail.to && !Array.isArray(mail.to) ? mail.to.text : "", "ada@example.com")
          for (const part of ["Receipt from Lamp Co.", "Amount paid: $57.00", "Visa ending in 4242", "help@lamps.example"]) assert.include(mail.text ?? "", part)
          assert.include(String(mail.html), "Lamp Co.")

          // on a phone, in Spanish: each plan's installment and total, and the button says what is charged
          // the plans and their rates are Till's extension (`plans[]{count, rate}`), which stripe-node's types lack: a form post
          const installments = await (await fetch(`${till.url}/v1/checkout/sessions`, {
            method: "POST",
            headers: { authorization: `Bearer ${KEY}`, "content-type": "application/x-www-form-urlencoded" },
            body: [
              "mode=payment",
              "line_items[0][price_data][currency]=clp",
              "line_items[0][price_data][unit_amount]=45000",
              `line_items[0][price_data][product_data][name]=${encodeURIComponent("Lámpara de lectura")}`,
              "line_items[0][quantity]=1",
              "locale=es",
              "country=CL",
              "payment_method_options[card][installments][enabled]=true",
              "payment_method_options[card][installments][plans][0][count]=3",
              "payment_method_options[card][installments][plans][0][rate]=0",
              "payment_method_options[card][installments][plans][1][count]=6",
              "payment_method_options[card][installments][plans][1][rate]=5.07",
              `success_url=${encodeURIComponent(`${SHOP}/thanks`)}`
            ].join("&")
          })).json() as { url: string }
          const phone = await browser.newContext({ locale: "es-CL", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
          const small = await phone.newPage()
          await small.goto(installments.url)
          await small.locator("#checkout").waitFor({ state: "visible" })
          const options = (await small.locator("#installments option").allInnerTexts()).map((s) => s.replace(/\u00a0/g, " "))
          assert.include(options.join("\n"), "3 cuotas de $15.000 · total $45.000")
          assert.include(options.join("\n"), "6 cuotas de $7.880 (la última de $7.882) · total $47.282")
          await small.locator("#installments").selectOption("6")
          assert.strictEqual((await small.locator("#pay").innerText()).replace(/\u00a0/g, " "), "Pagar 6 cuotas de $7.880 · total $47.282")
          await screenshot(small, "checkout-phone-installments.png")
          await phone.close()

          // embedded: the shop's page on another origin mounts the checkout, and paying takes the top page to return_url
          await stripe.rawRequest("POST", "/v1/embed_settings", { allowed_origins: [shop.origin] })
          const embedded = await stripe.checkout.sessions.create({
            mode: "payment",
            line_items: [{ price_data: { currency: "usd", unit_amount: 2500, product_data: { name: "Lamp shade" } }, quantity: 1 }],
            ui_mode: "embedded",
            return_url: `${shop.origin}/back?session={CHECKOUT_SESSION_ID}`
          } as unknown as Stripe.Checkout.SessionCreateParams)
          assert.isNull(embedded.url)
          shop.pages.set("/checkout", `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lamp Co. shop</title></head>
<body><h1>Lamp Co.</h1><div id="checkout"></div>
<script src="${till.url}/c/embed.js"></script>
<script>TillCheckout.initEmbeddedCheckout({ clientSecret: ${JSON.stringify(embedded.client_secret)} }).then((c) => c.mount("#checkout"))</script>
</body></html>`)
          shop.pages.set("/back", "<!doctype html><title>Back at the shop</title>Thanks")
          const framed = await desktop.newPage()
          await framed.goto(`${shop.origin}/checkout`)
          const frame = framed.frameLocator("#checkout iframe")
          await frame.locator("#checkout").waitFor({ state: "visible" })
          assert.strictEqual(await frame.locator("#merchant-name").innerText(), "Lamp Co.")
          await screenshot(framed, "checkout-embedded.png")
          await frame.locator("#email").fill("grace@example.com")
          await fillCard(frame, "Grace Hopper")
          await frame.locator("#pay").click()
          await framed.waitForURL(`${shop.origin}/back?session=${embedded.id}`)
          assert.strictEqual((await stripe.checkout.sessions.retrieve(embedded.id)).status, "complete")

          // recovery: once expired, the session's recovery link opens a new session with the same items
          const abandoned = await stripe.checkout.sessions.create({
            mode: "payment",
            line_items: [{ price_data: { currency: "usd", unit_amount: 4200, product_data: { name: "Reading lamp" } }, quantity: 2 }],
            after_expiration: { recovery: { enabled: true } },
            success_url: `${SHOP}/thanks`
          })
          await stripe.checkout.sessions.expire(abandoned.id)
          const expired = await stripe.checkout.sessions.retrieve(abandoned.id)
          const recoveryUrl = expired.after_expiration!.recovery!.url!
          assert.match(new URL(recoveryUrl).pathname, /^\/c\/recover\//)
          const recovered = await desktop.newPage()
          await recovered.goto(recoveryUrl)
          await recovered.locator("#checkout").waitFor({ state: "visible" })
          const newId = /\/c\/pay\/([^/#?]+)/.exec(recovered.url())![1]!
          assert.notStrictEqual(newId, abandoned.id)
          const copy = await stripe.checkout.sessions.retrieve(newId, { expand: ["line_items"] })
          assert.strictEqual(copy.status, "open")
          assert.strictEqual((copy as unknown as { recovered_from: string }).recovered_from, abandoned.id)
          assert.deepStrictEqual(copy.line_items!.data.map((l) => [l.description, l.quantity, l.amount_total]), [["Reading lamp", 2, 8400]])
          assert.include(await recovered.locator("#items").innerText(), "Reading lamp")
          await desktop.close()
        } finally {
          await browser.close()
          await shop.close()
          await stopTill(till)
        }
      })
    }), { timeout: 300_000 })
})
