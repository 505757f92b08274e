/**
 * The hosted page and payment links in a real browser (Debian's Chromium through playwright-core),
 * against a Till server on a real port: what a customer does, with the mouse, the keyboard and a
 * phone-sized screen. Where Chromium is absent they fail, saying how to install it (see
 * src/testing/Browser.ts). `npm run screenshots` also saves the README's screenshots to docs/img.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { mkdirSync } from "node:fs"
import { join } from "node:path"
import type { BrowserContextOptions, Page } from "playwright-core"
import { SuiteServer } from "../src/testing/stripe/SuiteServer.ts"
import { Browser, SCREENSHOT_DIR } from "../src/testing/Browser.ts"
import { bearer, FORM, send } from "../src/testing/Fetch.ts"
import { inMemory } from "../src/testing/TestServer.ts"

type Server = SuiteServer["Service"]

const DESKTOP = { width: 1280, height: 800 }
const PHONE = { width: 390, height: 844 }
const SHOP = "https://shop.example"

/** Creates a session with the secret key; `body` in bracket notation. */
const createSession = (server: Server, body: string, key = server.keys.test) =>
  Effect.runPromise(send(`${server.url}/v1/checkout/sessions`, { method: "POST", headers: { ...bearer(key), ...FORM }, body }))
    .then((reply) => {
      assert.strictEqual(reply.status, 200, reply.text)
      return reply.json as { id: string; url: string; client_secret: string }
    })

/** Reads a session with the secret key, its payment intent expanded. */
const readSession = (server: Server, id: string) =>
  Effect.runPromise(send(`${server.url}/v1/checkout/sessions/${id}?expand[]=payment_intent`, { headers: bearer(server.keys.test) })).then((r) => r.json)

const CART = [
  "line_items[0][price_data][currency]=usd",
  "line_items[0][price_data][unit_amount]=1200",
  "line_items[0][price_data][product_data][name]=Ceramic mug",
  "line_items[0][price_data][product_data][description]=Hand-glazed, 350 ml",
  "line_items[0][quantity]=2",
  "line_items[1][price_data][currency]=usd",
  "line_items[1][price_data][unit_amount]=350",
  "line_items[1][price_data][product_data][name]=Wool socks",
  "line_items[1][quantity]=1"
].join("&")

/** A fresh browser context (its own storage), where the shop's own pages answer a plain "thanks". */
const openPage = (options: BrowserContextOptions) =>
  Effect.acquireRelease(
    Effect.gen(function*() {
      const browser = yield* Browser
      return yield* Effect.promise(async () => {
        const context = await browser.newContext({ locale: "en-US", viewport: DESKTOP, ...options })
        await context.route(`${SHOP}/**`, (route) =>
          route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>Shop</title><h1>Thanks</h1>" }))
        return context.newPage()
      })
    }),
    (page) => Effect.promise(() => page.context().close())
  )

/** Runs browser steps as one effect; a rejection fails the test with Playwright's message. */
const steps = (f: () => Promise<void>) => Effect.promise(f)

const screenshot = async (page: Page, name: string) => {
  if (SCREENSHOT_DIR === undefined) return
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  await page.screenshot({ path: join(SCREENSHOT_DIR, name), fullPage: true })
}

/** Waits for the checkout form, and hands back the page's visible text. */
const checkoutShown = async (page: Page) => {
  await page.locator("#checkout").waitFor({ state: "visible" })
  return page.locator("main").innerText()
}

const fillCard = async (page: Page, number: string, rest: { expiry?: string; cvc?: string; name?: string } = {}) => {
  // the e-mail address is always asked, unless the session already has one (then it is shown fixed)
  if (await page.locator("#email").isEditable()) await page.locator("#email").fill("ada@example.com")
  await page.locator("#number").fill(number)
  await page.locator("#expiry").fill(rest.expiry ?? "12 / 34")
  await page.locator("#cvc").fill(rest.cvc ?? "123")
  await page.locator("#name").fill(rest.name ?? "Ada Lovelace")
}

/**
 * Each test drives a page through a few loads and payments: 1-3 s on an idle machine, 5-20 s on a
 * loaded 2-core one (Chromium's renderer competes with the server and the test for the CPU).
 */
const BUDGET = 60_000

describe("browser: the hosted page in Chromium", () => {
  layer(Layer.merge(inMemory, Browser.layer), { excludeTestServices: true, timeout: "60 seconds" })("hosted checkout", (it) => {
    it.effect("pays with 4242 4242 4242 4242 using the keyboard alone, and lands on the success URL with the session complete", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const page = yield* openPage({ viewport: DESKTOP })
        yield* steps(async () => {
          const s = await createSession(server, `${CART}&success_url=${encodeURIComponent(`${SHOP}/thanks?session={CHECKOUT_SESSION_ID}`)}&cancel_url=${encodeURIComponent(`${SHOP}/cart`)}`)
          await page.goto(s.url)
          const text = await checkoutShown(page)
          // the secret is gone from the address bar at once, so it cannot be copied or shared
          assert.notInclude(page.url(), "#")
          assert.notInclude(page.url(), s.client_secret)
          assert.include(text, "Ceramic mug")
          assert.include(text, "Hand-glazed, 350 ml")
          assert.include(text, "Qty 2 · $12.00 each")
          assert.include(text, "$24.00")
          assert.include(text, "$27.50")
          assert.include(text, "Test mode")
          assert.strictEqual(await page.locator("#pay").innerText(), "Pay $27.50")
          assert.strictEqual(await page.locator("#cancel").getAttribute("href"), `${SHOP}/cart`)
          assert.isTrue(await page.locator("#installments-field").isHidden())
          await screenshot(page, "checkout-desktop.png")

          // keyboard only: Tab from the top reaches the fields in order (the e-mail address first), Enter pays
          await page.keyboard.press("Tab")
          assert.strictEqual(await page.evaluate(() => document.activeElement?.id), "email")
          await page.keyboard.type("ada@example.com")
          await page.keyboard.press("Tab")
          assert.strictEqual(await page.evaluate(() => document.activeElement?.id), "number")
          await page.keyboard.type("4242424242424242")
          assert.strictEqual(await page.locator("#number").inputValue(), "4242 4242 4242 4242")
          assert.strictEqual(await page.locator("#number-brand").innerText(), "Visa")
          await page.keyboard.press("Tab")
          await page.keyboard.type("1234")
          assert.strictEqual(await page.locator("#expiry").inputValue(), "12 / 34")
          await page.keyboard.press("Tab")
          await page.keyboard.type("123")
          await page.keyboard.press("Tab")
          await page.keyboard.type("Ada Lovelace")
          await page.keyboard.press("Tab")
          assert.strictEqual(await page.evaluate(() => document.activeElement?.id), "pay")
          // the focused button shows where focus is
          assert.notStrictEqual(await page.locator("#pay").evaluate((el) => getComputedStyle(el).outlineStyle), "none")
          await page.keyboard.press("Enter")

          await page.waitForURL(`${SHOP}/thanks?session=${s.id}`)
          const paid = await readSession(server, s.id)
          assert.strictEqual(paid.status, "complete")
          assert.strictEqual(paid.payment_status, "paid")
          assert.strictEqual(paid.payment_intent.status, "succeeded")
          assert.strictEqual(paid.payment_intent.payment_method_details.card.last4, "4242")
          assert.strictEqual(paid.customer_details.name, "Ada Lovelace")
          assert.strictEqual(paid.customer_details.email, "ada@example.com")
        })
      }), BUDGET)

    it.effect("shows a decline's reason, keeps the session open, and lets the customer pay with another card", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const page = yield* openPage({ viewport: DESKTOP })
        yield* steps(async () => {
          const s = await createSession(server, CART)
          await page.goto(s.url)
          await checkoutShown(page)
          await fillCard(page, "4000 0000 0000 0002")
          await page.locator("#pay").click()
          const alert = page.locator("#form-alert")
          await alert.waitFor({ state: "visible" })
          assert.strictEqual(await alert.innerText(), "Your card was declined. Try another card.")
          assert.strictEqual(await alert.getAttribute("role"), "alert")
          assert.isTrue(await page.locator("#pay").isEnabled())
          assert.strictEqual(await page.evaluate(() => document.activeElement?.id), "number")
          assert.strictEqual((await readSession(server, s.id)).status, "open")
          await screenshot(page, "checkout-declined.png")

          await page.locator("#number").fill("4242 4242 4242 4242")
          await page.locator("#pay").click()
          // no success_url: the page confirms the payment itself
          await page.locator("#state-title").waitFor({ state: "visible" })
          assert.strictEqual(await page.locator("#state-title").innerText(), "Payment received")
          assert.include(await page.locator("#state-body").innerText(), "$27.50")
          assert.isTrue(await page.locator("#form-alert").isHidden())
          assert.strictEqual((await readSession(server, s.id)).status, "complete")
        })
      }), BUDGET)

    it.effect("shows tax and discount lines; a promotion code typed on the page changes the totals, and the charge agrees to the cent", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const page = yield* openPage({ viewport: DESKTOP })
        yield* steps(async () => {
          const post = (path: string, body: string) =>
            Effect.runPromise(send(`${server.url}${path}`, { method: "POST", headers: { ...bearer(server.keys.test), ...FORM }, body })).then((r) => {
              assert.strictEqual(r.status, 200, r.text)
              return r.json as { id: string }
            })
          const iva = await post("/v1/tax_rates", "display_name=IVA&percentage=19&inclusive=false")
          const coupon = await post("/v1/coupons", "percent_off=10")
          const code = `TEN${Date.now().toString(36).toUpperCase()}`
          await post("/v1/promotion_codes", `promotion[type]=coupon&promotion[coupon]=${coupon.id}&code=${code}`)
          const s = await createSession(server, `${CART}&line_items[0][tax_rates][0]=${iva.id}&line_items[1][tax_rates][0]=${iva.id}&allow_promotion_codes=true`)
          await page.goto(s.url)
          await checkoutShown(page)
          // 27.50 with 19 % on top: 5.23 tax (4.56 + 0.67), 32.73 in all
          assert.strictEqual(await page.locator("#tax").innerText(), "$5.23")
          assert.strictEqual(await page.locator("#total").innerText(), "$32.73")
          assert.isTrue(await page.locator("#discount-row").isHidden())

          await page.locator("#promo-code").fill("NOPE")
          await page.locator("#promo-apply").click()
          await page.locator("#promo-error").filter({ hasText: "cannot be used" }).waitFor()
          assert.strictEqual(await page.locator("#promo-code").getAttribute("aria-invalid"), "true")

          await page.locator("#promo-code").fill(code.toLowerCase())
          await page.locator("#promo-apply").click()
          await page.locator("#discount-row").waitFor({ state: "visible" })
          // 10 % off 27.50 is 2.75 (2.40 + 0.35); 19 % of each line's rest: 4.104 → 4.10 and 0.5985 → 0.60, 4.70; 24.75 + 4.70 = 29.45
          assert.strictEqual(await page.locator("#discount").innerText(), "−$2.75")
          assert.include(await page.locator("#discount-label").innerText(), code)
          assert.strictEqual(await page.locator("#tax").innerText(), "$4.70")
          assert.strictEqual(await page.locator("#total").innerText(), "$29.45")
          assert.strictEqual(await page.locator("#pay").innerText(), "Pay $29.45")
          await screenshot(page, "checkout-promotion-code.png")

          await fillCard(page, "4242 4242 4242 4242")
          await page.locator("#pay").click()
          await page.locator("#state-title").waitFor({ state: "visible" })
          const paid = await readSession(server, s.id)
          assert.deepStrictEqual(paid.total_details, { amount_discount: 275, amount_shipping: 0, amount_tax: 470 })
          assert.strictEqual(paid.amount_total, 2945)
          assert.strictEqual(paid.payment_intent.amount, 2945)
          assert.strictEqual(paid.discounts[0].promotion_code.startsWith("promo_"), true)
        })
      }), BUDGET)

    it.effect("asks the customer's country when line items have dynamic tax rates, and charges that country's tax", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const page = yield* openPage({ viewport: DESKTOP })
        yield* steps(async () => {
          const post = (path: string, body: string) =>
            Effect.runPromise(send(`${server.url}${path}`, { method: "POST", headers: { ...bearer(server.keys.test), ...FORM }, body })).then((r) => {
              assert.strictEqual(r.status, 200, r.text)
              return r.json as { id: string }
            })
          const cl = await post("/v1/tax_rates", "display_name=IVA&percentage=19&inclusive=false&country=CL")
          const pe = await post("/v1/tax_rates", "display_name=IGV&percentage=18&inclusive=false&country=PE")
          const s = await createSession(server, `${CART}&line_items[0][dynamic_tax_rates][0]=${cl.id}&line_items[0][dynamic_tax_rates][1]=${pe.id}`)
          await page.goto(s.url)
          await checkoutShown(page)
          // no country yet: no tax
          assert.isTrue(await page.locator("#tax-row").isHidden())
          assert.strictEqual(await page.locator("#total").innerText(), "$27.50")
          assert.sameMembers(await page.locator("#country option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)), ["", "CL", "PE"])
          await page.locator("#country").selectOption("CL")
          // 19 % of the mugs' 24.00 is 4.56; the socks have no dynamic rate
          await page.locator("#tax-row").waitFor({ state: "visible" })
          assert.strictEqual(await page.locator("#tax").innerText(), "$4.56")
          assert.strictEqual(await page.locator("#total").innerText(), "$32.06")
          await page.locator("#country").selectOption("PE")
          await page.locator("#total").filter({ hasText: "$31.82" }).waitFor()
          await fillCard(page, "4242 4242 4242 4242")
          await page.locator("#pay").click()
          await page.locator("#state-title").waitFor({ state: "visible" })
          const paid = await readSession(server, s.id)
          assert.deepStrictEqual([paid.country, paid.total_details.amount_tax, paid.amount_total, paid.payment_intent.amount], ["PE", 432, 3182, 3182])
        })
      }), BUDGET)

    it.effect("offers shipping options, asks custom fields and the terms of service, and pays with the customer's choices", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const page = yield* openPage({ viewport: DESKTOP })
        yield* steps(async () => {
          const post = (path: string, body: string) =>
            Effect.runPromise(send(`${server.url}${path}`, { method: "POST", headers: { ...bearer(server.keys.test), ...FORM }, body })).then((r) => {
              assert.strictEqual(r.status, 200, r.text)
              return r.json as { id: string }
            })
          const express = await post("/v1/shipping_rates", [
            "display_name=Express",
            "fixed_amount[amount]=1500",
            "fixed_amount[currency]=usd",
            "delivery_estimate[maximum][unit]=business_day",
            "delivery_estimate[maximum][value]=1"
          ].join("&"))
          const s = await createSession(server, [
            CART,
            "shipping_options[0][shipping_rate_data][display_name]=Standard",
            "shipping_options[0][shipping_rate_data][fixed_amount][amount]=500",
            "shipping_options[0][shipping_rate_data][fixed_amount][currency]=usd",
            "shipping_options[0][shipping_rate_data][delivery_estimate][minimum][unit]=business_day",
            "shipping_options[0][shipping_rate_data][delivery_estimate][minimum][value]=3",
            "shipping_options[0][shipping_rate_data][delivery_estimate][maximum][unit]=business_day",
            "shipping_options[0][shipping_rate_data][delivery_estimate][maximum][value]=5",
            `shipping_options[1][shipping_rate]=${express.id}`,
            "custom_fields[0][key]=wrap",
            "custom_fields[0][label][type]=custom",
            "custom_fields[0][label][custom]=Gift wrap",
            "custom_fields[0][type]=dropdown",
            "custom_fields[0][dropdown][options][0][label]=Plain paper",
            "custom_fields[0][dropdown][options][0][value]=plain",
            "custom_fields[0][dropdown][options][1][label]=Gold ribbon",
            "custom_fields[0][dropdown][options][1][value]=gold",
            "custom_fields[1][key]=note",
            "custom_fields[1][label][type]=custom",
            "custom_fields[1][label][custom]=Card message",
            "custom_fields[1][type]=text",
            "custom_fields[1][optional]=true",
            "custom_fields[1][text][maximum_length]=40",
            "consent_collection[terms_of_service]=required",
            `custom_text[submit][message]=${encodeURIComponent("Orders ship from Valparaíso.")}`,
            `custom_text[after_submit][message]=${encodeURIComponent("You will get a tracking number by e-mail.")}`,
            `success_url=${encodeURIComponent(`${SHOP}/thanks`)}`
          ].join("&"))
          await page.goto(s.url)
          const text = await checkoutShown(page)
          // the first option is chosen; its delivery estimate is in the page's language
          assert.include(text, "3–5 business days")
          assert.include(text, "Orders ship from Valparaíso.")
          assert.include(text, "You will get a tracking number by e-mail.")
          assert.isTrue(await page.locator("input[name=shipping_rate]").first().isChecked())
          assert.strictEqual(await page.locator("#shipping-amount").innerText(), "$5.00")
          assert.strictEqual(await page.locator("#total").innerText(), "$32.50")
          assert.strictEqual(await page.locator("#terms-label").innerText(), "I agree to the terms of service.")

          // the keyboard moves through the options: the arrow picks Express, the totals follow, focus stays on the group
          await page.locator("input[name=shipping_rate]").first().focus()
          await page.keyboard.press("ArrowDown")
          await page.locator("#total").filter({ hasText: "$42.50" }).waitFor()
          assert.strictEqual(await page.locator("#shipping-amount").innerText(), "$15.00")
          assert.strictEqual(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value), express.id)
          assert.strictEqual(await page.locator("#pay").innerText(), "Pay $42.50")
          await screenshot(page, "checkout-shipping.png")

          // paying without the gift wrap and the terms is blocked, on the page: each field says why, in order
          await fillCard(page, "4242 4242 4242 4242")
          await page.locator("#pay").click()
          await page.locator("#cf-wrap-error").filter({ hasText: "Choose an option for “Gift wrap”." }).waitFor()
          assert.strictEqual(await page.locator("#cf-wrap").getAttribute("aria-invalid"), "true")
          assert.strictEqual(await page.locator("#cf-wrap").getAttribute("aria-describedby"), "cf-wrap-error")
          assert.strictEqual(await page.evaluate(() => document.activeElement?.id), "cf-wrap")
          assert.strictEqual(await page.locator("#terms-error").innerText(), "Agree to the terms of service to continue.")
          assert.strictEqual(await page.locator("#terms").getAttribute("aria-describedby"), "terms-error")
          assert.isNull((await readSession(server, s.id)).payment_intent)

          // the dropdown, filled with the keyboard; still blocked until the terms are ticked
          await page.keyboard.press("ArrowDown")
          await page.locator("#cf-wrap").selectOption("gold")
          await page.locator("#cf-note").fill("Happy birthday")
          await page.locator("#pay").click()
          await page.locator("#terms-error").filter({ hasText: "Agree to the terms" }).waitFor()
          assert.strictEqual(await page.locator("#cf-wrap-error").innerText(), "")
          assert.strictEqual(await page.evaluate(() => document.activeElement?.id), "terms")
          assert.isNull((await readSession(server, s.id)).payment_intent)
          await page.keyboard.press("Space")
          assert.isTrue(await page.locator("#terms").isChecked())
          assert.strictEqual(await page.locator("#terms-error").innerText(), "")
          await page.locator("#pay").click()
          await page.waitForURL(`${SHOP}/thanks`)

          const paid = await Effect.runPromise(send(`${server.url}/v1/checkout/sessions/${s.id}?expand[]=payment_intent&expand[]=shipping_cost.shipping_rate`, { headers: bearer(server.keys.test) }))
            .then((r) => r.json)
          assert.strictEqual(paid.status, "complete")
          assert.deepStrictEqual(paid.shipping_cost.shipping_rate.id, express.id)
          assert.deepStrictEqual([paid.shipping_cost.amount_total, paid.total_details.amount_shipping, paid.amount_subtotal, paid.amount_total], [1500, 1500, 2750, 4250])
          assert.strictEqual(paid.payment_intent.amount, 4250)
          assert.deepStrictEqual(paid.custom_fields.map((f: any) => (f.dropdown ?? f.text).value), ["gold", "Happy birthday"])
          assert.deepStrictEqual(paid.consent, { promotions: null, terms_of_service: "accepted" })
          const charge = await Effect.runPromise(send(`${server.url}/v1/charges/${paid.payment_intent.latest_charge}`, { headers: bearer(server.keys.test) })).then((r) => r.json)
          assert.strictEqual(charge.amount, 4250)
        })
      }), BUDGET)

    it.effect("with manual capture, a held payment is the customer's success: the session completes unpaid, the intent awaits capture", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const page = yield* openPage({ viewport: DESKTOP })
        yield* steps(async () => {
          const s = await createSession(server, `${CART}&payment_intent_data[capture_method]=manual&success_url=${encodeURIComponent(`${SHOP}/held`)}`)
          await page.goto(s.url)
          await checkoutShown(page)
          await fillCard(page, "4242 4242 4242 4242")
          await page.locator("#pay").click()
          await page.waitForURL(`${SHOP}/held`)
          const held = await readSession(server, s.id)
          assert.deepStrictEqual([held.status, held.payment_status], ["complete", "unpaid"])
          assert.deepStrictEqual([held.payment_intent.status, held.payment_intent.amount_capturable], ["requires_capture", 2750])
        })
      }), BUDGET)

    it.effect("checks the card as it is typed (Luhn, brand, expiry, CVC), announces errors and labels every field", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const page = yield* openPage({ viewport: DESKTOP })
        yield* steps(async () => {
          const s = await createSession(server, CART)
          await page.goto(s.url)
          await checkoutShown(page)
          const number = page.locator("#number")
          await number.pressSequentially("4242424242424241")
          assert.strictEqual(await number.getAttribute("aria-invalid"), "true")
          assert.include(await number.getAttribute("aria-describedby") ?? "", "number-error")
          assert.strictEqual(await page.locator("#number-error").getAttribute("aria-live"), "polite")
          assert.strictEqual(await page.locator("#number-error").innerText(), "Your card number is invalid. Check it and try again.")
          await number.press("Backspace")
          await number.press("2")
          assert.strictEqual(await number.getAttribute("aria-invalid"), "false")
          assert.strictEqual(await page.locator("#number-error").innerText(), "")

          await number.fill("3782 822463 10005")
          assert.strictEqual(await page.locator("#number-brand").innerText(), "American Express")
          assert.strictEqual(await page.locator("#cvc").getAttribute("maxlength"), "4")

          // a submit with mistakes sends nothing, marks each field and focuses the first
          await number.fill("")
          await page.locator("#expiry").fill("13 / 20")
          await page.locator("#pay").click()
          assert.strictEqual(await page.evaluate(() => document.activeElement?.id), "email")
          assert.strictEqual(await page.locator("#email-error").innerText(), "Enter your email address.")
          await page.locator("#email").fill("ada@example")
          await page.locator("#pay").click()
          assert.strictEqual(await page.locator("#email-error").innerText(), "Your email address is not valid.")
          await page.locator("#email").fill("ada@example.com")
          await page.locator("#pay").click()
          assert.strictEqual(await page.locator("#email-error").innerText(), "")
          assert.strictEqual(await page.evaluate(() => document.activeElement?.id), "number")
          assert.strictEqual(await page.locator("#number-error").innerText(), "Enter your card number.")
          assert.strictEqual(await page.locator("#expiry-error").innerText(), "The expiry date is not valid. Enter it as MM / YY.")
          assert.strictEqual(await page.locator("#cvc-error").innerText(), "Your card's security code is incomplete.")
          assert.strictEqual(await page.locator("#name-error").innerText(), "Enter the name on the card.")
          await page.locator("#expiry").fill("01 / 20")
          await page.locator("#pay").click()
          assert.strictEqual(await page.locator("#expiry-error").innerText(), "Your card's expiry date is in the past.")
          assert.strictEqual((await readSession(server, s.id)).payment_intent, null)

          const unlabelled = await page.evaluate(() =>
            [...document.querySelectorAll("input, select")]
              .filter((el) => (el as HTMLInputElement).labels?.length === 0)
              .map((el) => el.id)
          )
          assert.deepStrictEqual(unlabelled, [])
          const autocomplete = await page.evaluate(() =>
            ["number", "expiry", "cvc", "name"].map((id) => document.getElementById(id)!.getAttribute("autocomplete"))
          )
          assert.deepStrictEqual(autocomplete, ["cc-number", "cc-exp", "cc-csc", "cc-name"])
        })
      }), BUDGET)

    it.effect("meets 4.5:1 contrast for its text and fits a 360 px screen without sideways scrolling", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const page = yield* openPage({ viewport: { width: 360, height: 740 } })
        yield* steps(async () => {
          const s = await createSession(server, `${CART}&cancel_url=${encodeURIComponent(`${SHOP}/cart`)}`)
          await page.goto(s.url)
          await checkoutShown(page)
          await page.locator("#number").pressSequentially("4242424242424241")
          await page.locator("#pay").click()
          assert.isAtMost(await page.evaluate(() => document.documentElement.scrollWidth), 360)
          const ratios = await page.evaluate(() => {
            const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number)
            const luminance = ([r, g, b]: Array<number>) => {
              const lin = (v: number) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4)
              return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!)
            }
            const background = (el: Element | null): Array<number> => {
              for (; el !== null; el = el.parentElement) {
                const c = rgb(getComputedStyle(el).backgroundColor)
                if (c.length === 3 || c[3] === 1) return c.slice(0, 3)
              }
              return [255, 255, 255]
            }
            const texts = [...document.querySelectorAll("label, h1, h2, p, span, dt, dd, a, button, .badge")]
              .filter((el) => (el as HTMLElement).offsetParent !== null && (el.textContent ?? "").trim() !== "")
            return texts.map((el) => {
              const [a, b] = [luminance(rgb(getComputedStyle(el).color)), luminance(background(el))]
              return { text: (el.textContent ?? "").trim().slice(0, 30), ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) }
            })
          })
          assert.isAbove(ratios.length, 10)
          for (const { ratio, text } of ratios) assert.isAtLeast(ratio, 4.5, text)
        })
      }), BUDGET)

    it.effect("says so when a session has expired, is already paid (or refunded, in part or in full), is unknown, or its link lacks the secret", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const page = yield* openPage({ viewport: DESKTOP })
        yield* steps(async () => {
          const s = await createSession(server, `${CART}&cancel_url=${encodeURIComponent(`${SHOP}/cart`)}`)
          const expired = await Effect.runPromise(send(`${server.url}/v1/checkout/sessions/${s.id}/expire`, { method: "POST", headers: bearer(server.keys.test) }))
          assert.strictEqual(expired.status, 200, expired.text)
          await page.goto(s.url)
          await page.locator("#state").waitFor({ state: "visible" })
          assert.strictEqual(await page.locator("#state-title").innerText(), "This checkout has expired")
          assert.strictEqual(await page.locator("#state-link").getAttribute("href"), `${SHOP}/cart`)
          assert.isTrue(await page.locator("#checkout").isHidden())

          const paid = await createSession(server, `${CART}&success_url=${encodeURIComponent(`${SHOP}/thanks`)}`)
          const intent = await Effect.runPromise(send(`${server.url}/v1/checkout/sessions/${paid.id}/payments`, {
            method: "POST",
            headers: { ...bearer(server.keys.test), ...FORM },
            body: "payment_method=pm_card_visa"
          }))
          await page.goto(paid.url)
          await page.locator("#state").waitFor({ state: "visible" })
          assert.strictEqual(await page.locator("#state-title").innerText(), "This checkout is already paid")
          assert.strictEqual(await page.locator("#state-link").getAttribute("href"), `${SHOP}/thanks`)
          // and links to its receipt, the charge's receipt_url
          const charge = await Effect.runPromise(send(`${server.url}/v1/charges/${intent.json.latest_charge}`, { headers: bearer(server.keys.test) }))
          assert.strictEqual(await page.locator("#state-receipt").innerText(), "View your receipt")
          assert.strictEqual(await page.locator("#state-receipt").getAttribute("href"), charge.json.receipt_url)

          // refunded in part, then in full: the page says how much came back
          const refund = (body: string) =>
            Effect.runPromise(send(`${server.url}/v1/refunds`, { method: "POST", headers: { ...bearer(server.keys.test), ...FORM }, body }))
              .then((reply) => assert.strictEqual(reply.status, 200, reply.text))
          await refund(`payment_intent=${intent.json.id}&amount=500`)
          await page.reload()
          await page.locator("#state").waitFor({ state: "visible" })
          assert.strictEqual(await page.locator("#state-title").innerText(), "This payment was partly refunded")
          assert.strictEqual(await page.locator("#state-body").innerText(), "$5.00 of $27.50 was refunded to your card.")
          await refund(`payment_intent=${intent.json.id}`)
          await page.reload()
          await page.locator("#state").waitFor({ state: "visible" })
          assert.strictEqual(await page.locator("#state-title").innerText(), "This payment was refunded")
          assert.strictEqual(await page.locator("#state-body").innerText(), "$27.50 was refunded to your card.")

          // the receipt page, followed from the paid state: the payment, its card, what was bought and the refund
          await page.locator("#state-receipt").click()
          await page.locator("h1").waitFor({ state: "visible" })
          assert.strictEqual(page.url(), charge.json.receipt_url)
          assert.strictEqual(await page.locator("h1").innerText(), "Receipt from suite")
          assert.strictEqual(await page.evaluate(() => document.documentElement.lang), "en")
          const receipt = await page.locator("main").innerText()
          for (const part of ["Visa ending in 4242", "Refunded", "$27.50", "Ceramic mug", "Qty 2", "Wool socks"]) assert.include(receipt, part)
          // styled by the pages' stylesheet (same origin under the strict policy), and no script at all
          assert.strictEqual(await page.locator("script").count(), 0)
          assert.notStrictEqual(await page.locator("article").evaluate((el) => getComputedStyle(el).backgroundColor), "rgba(0, 0, 0, 0)")
          await page.setViewportSize(PHONE)
          assert.isAtMost(await page.evaluate(() => document.documentElement.scrollWidth), PHONE.width)
          await screenshot(page, "receipt-phone.png")
          await page.setViewportSize(DESKTOP)

          const unknown = await page.goto(`${server.url}/c/pay/cs_test_doesnotexist#cs_test_doesnotexist_secret_x`)
          assert.strictEqual(unknown?.status(), 404)
          assert.strictEqual(await page.locator("h1").innerText(), "Checkout not found")

          const open = await createSession(server, CART)
          await page.goto(open.url.slice(0, open.url.indexOf("#")))
          await page.locator("#state").waitFor({ state: "visible" })
          assert.strictEqual(await page.locator("#state-title").innerText(), "This link is incomplete")
        })
      }), BUDGET)

    it.effect("a live session with no processor configured says the store cannot take payments yet, never \"try again\"", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const page = yield* openPage({ viewport: DESKTOP })
        yield* steps(async () => {
          const s = await createSession(server, CART, server.keys.live)
          await page.goto(s.url)
          await checkoutShown(page)
          await fillCard(page, "4242424242424242")
          await page.locator("#pay").click()
          await page.locator("#state").waitFor({ state: "visible" })
          assert.strictEqual(await page.locator("#state-title").innerText(), "This store cannot take payments yet")
          assert.notInclude((await page.locator("main").innerText()).toLowerCase(), "try again")
          assert.isTrue(await page.locator("#checkout").isHidden())
        })
      }))

    it.effect("works when a proxy serves Till under a path", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const page = yield* openPage({ viewport: DESKTOP })
        yield* steps(async () => {
          const proxied = `${server.url}/till`
          // the proxy: everything under /till goes to Till without the prefix, and nothing else reaches it
          await page.context().route(`${server.url}/**`, (route) => route.abort())
          await page.context().route(`${proxied}/**`, async (route) => {
            const response = await route.fetch({ url: route.request().url().replace(proxied, server.url) })
            await route.fulfill({ response })
          })
          const s = await createSession(server, CART)
          await page.goto(s.url.replace(server.url, proxied))
          await checkoutShown(page)
          assert.strictEqual(await page.locator("#total").innerText(), "$27.50")
          await fillCard(page, "4242424242424242")
          await page.locator("#pay").click()
          await page.locator("#state-title").waitFor({ state: "visible" })
          assert.strictEqual((await readSession(server, s.id)).status, "complete")
          // the paid page still reads its receipt's link through the proxy: the test's end must not cut that off mid-route
          await page.context().unrouteAll({ behavior: "ignoreErrors" })
        })
      }), BUDGET)

    it.effect("a payment link opened twice gives two sessions; once deactivated, it says so", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const page = yield* openPage({ viewport: DESKTOP })
        yield* steps(async () => {
          const link = (await Effect.runPromise(send(`${server.url}/v1/payment_links`, {
            method: "POST",
            headers: { ...bearer(server.keys.test), ...FORM },
            body: CART
          }))).json as { id: string; url: string }
          const opened: Array<string> = []
          for (let i = 0; i < 2; i++) {
            await page.goto(link.url)
            await checkoutShown(page)
            const match = /\/c\/pay\/(cs_test_[A-Za-z0-9]+)$/.exec(page.url())
            assert.isNotNull(match, page.url())
            opened.push(match![1]!)
          }
          assert.notStrictEqual(opened[0], opened[1])
          const minted = await Effect.runPromise(send(`${server.url}/v1/checkout/sessions?payment_link=${link.id}`, { headers: bearer(server.keys.test) }))
          assert.sameMembers(minted.json.data.map((s: { id: string }) => s.id), opened)

          await Effect.runPromise(send(`${server.url}/v1/payment_links/${link.id}`, { method: "POST", headers: { ...bearer(server.keys.test), ...FORM }, body: "active=false" }))
          const gone = await page.goto(link.url)
          assert.strictEqual(gone?.status(), 410)
          assert.strictEqual(await page.locator("h1").innerText(), "This payment link is no longer active")
        })
      }), BUDGET)

    it.effect("speaks the session's language (Spanish, CLP) on a phone, and pays in installments", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const page = yield* openPage({ viewport: PHONE, locale: "es-CL", isMobile: true, hasTouch: true, deviceScaleFactor: 2 })
        yield* steps(async () => {
          const s = await createSession(server, [
            "line_items[0][price_data][currency]=clp",
            "line_items[0][price_data][unit_amount]=12990",
            "line_items[0][price_data][product_data][name]=Polera de algodón",
            "line_items[0][quantity]=2",
            "line_items[1][price_data][currency]=clp",
            "line_items[1][price_data][unit_amount]=4500",
            "line_items[1][price_data][product_data][name]=Calcetines",
            "line_items[1][quantity]=1",
            "locale=es",
            "payment_method_options[card][installments][enabled]=true",
            "payment_method_options[card][installments][plans][0][count]=3",
            "payment_method_options[card][installments][plans][1][count]=6",
            "payment_method_options[card][installments][plans][1][rate]=1.5",
            `cancel_url=${encodeURIComponent(`${SHOP}/carro`)}`
          ].join("&"))
          await page.goto(s.url)
          const text = await checkoutShown(page)
          assert.strictEqual(await page.evaluate(() => document.documentElement.lang), "es")
          assert.include(text, "Resumen del pedido")
          assert.include(text, "$30.480")
          assert.include(text, "Cant. 2 · $12.990 c/u")
          assert.strictEqual(await page.locator("label[for=number]").innerText(), "Número de tarjeta")
          assert.strictEqual(await page.locator("#pay").innerText(), "Pagar $30.480")
          assert.strictEqual(await page.locator("#cancel").innerText(), "Cancelar y volver a la tienda")
          const plans = await page.locator("#installments option").allInnerTexts()
          assert.lengthOf(plans, 3)
          assert.strictEqual(plans[0], "Pago en una cuota")
          // each plan says what each installment and the whole plan cost: 1.5 % of 30,480 is 457.2, so 30,937 in all
          assert.strictEqual(plans[1], "3 cuotas de $10.160 · total $30.480 (sin interés)")
          // ICU versions differ on the space before the percent sign
          assert.match(plans[2]!, /^6 cuotas de \$5\.156 \(la última de \$5\.157\) · total \$30\.937 \(1,5\s?% de interés\)$/)
          assert.isAtMost(await page.evaluate(() => document.documentElement.scrollWidth), PHONE.width)
          await screenshot(page, "checkout-phone.png")

          await fillCard(page, "5555555555554444", { name: "Gabriela Mistral" })
          await page.locator("#installments").selectOption("6")
          // the button says what the plan charges, and goes back to the total when paying in full
          assert.strictEqual(await page.locator("#pay").innerText(), "Pagar 6 cuotas de $5.156 · total $30.937")
          await page.locator("#installments").selectOption("")
          assert.strictEqual(await page.locator("#pay").innerText(), "Pagar $30.480")
          await page.locator("#installments").selectOption("6")
          await page.locator("#pay").click()
          await page.locator("#state-title").waitFor({ state: "visible" })
          assert.strictEqual(await page.locator("#state-title").innerText(), "Pago recibido")
          const paid = await readSession(server, s.id)
          assert.strictEqual(paid.status, "complete")
          assert.strictEqual(paid.payment_intent.payment_method_details.card.brand, "mastercard")
          assert.strictEqual(paid.payment_intent.payment_method_details.card.installments.plan.count, 6)
          // what was charged is what the button said
          assert.deepStrictEqual([paid.payment_intent.amount, paid.payment_intent.amount_received, paid.amount_total], [30937, 30937, 30480])
          assert.strictEqual(paid.payment_intent.payment_method_options.card.installments.plan.total, 30937)
        })
      }), BUDGET)

    it.effect("follows the browser's language when the session has none (Portuguese, BRL), declines included", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const page = yield* openPage({ viewport: DESKTOP, locale: "pt-BR" })
        yield* steps(async () => {
          const s = await createSession(server, "amount=4990&currency=brl&payment_description=Assinatura mensal")
          await page.goto(s.url)
          const text = await checkoutShown(page)
          assert.strictEqual(await page.evaluate(() => document.documentElement.lang), "pt")
          assert.include(text, "Assinatura mensal")
          assert.include(text.replace(/\s/g, " "), "R$ 49,90")
          assert.strictEqual(await page.locator("label[for=expiry]").innerText(), "Validade (MM / AA)")
          await fillCard(page, "4000000000009995", { name: "Clarice Lispector" })
          await page.locator("#pay").click()
          await page.locator("#form-alert").waitFor({ state: "visible" })
          assert.strictEqual(await page.locator("#form-alert").innerText(), "Seu cartão não tem saldo suficiente. Tente outro cartão.")
        })
      }), BUDGET)
  })
})
