/**
 * What the hosted page collects besides the card, in Chromium (see Browser.test.ts): the e-mail
 * address, the phone number, and billing and shipping addresses laid out per country, filled in on a
 * desktop and on a phone, paid, and found on the retrieved session exactly where Stripe puts them.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer } from "effect"
import type { Page } from "playwright-core"
import { Browser } from "../src/testing/Browser.ts"
import { bearer, FORM, send } from "../src/testing/Fetch.ts"
import { SuiteServer } from "../src/testing/stripe/SuiteServer.ts"
import { inMemory } from "../src/testing/TestServer.ts"

type Server = SuiteServer["Service"]

const DESKTOP = { width: 1280, height: 800 }
const PHONE = { width: 390, height: 844 }
const BUDGET = 60_000

const createSession = (server: Server, body: string) =>
  Effect.runPromise(send(`${server.url}/v1/checkout/sessions`, { method: "POST", headers: { ...bearer(server.keys.test), ...FORM }, body }))
    .then((reply) => {
      assert.strictEqual(reply.status, 200, reply.text)
      return reply.json as { id: string; url: string }
    })

const readSession = (server: Server, id: string, version?: string) =>
  Effect.runPromise(send(`${server.url}/v1/checkout/sessions/${id}`, { headers: { ...bearer(server.keys.test), ...(version === undefined ? {} : { "stripe-version": version }) } }))
    .then((r) => r.json as Record<string, any>)

const ITEM = "line_items[0][price_data][currency]=clp&line_items[0][price_data][unit_amount]=15990&line_items[0][price_data][product_data][name]=Taza&line_items[0][quantity]=1"

const openPage = (viewport: { width: number; height: number }, locale: string) =>
  Effect.acquireRelease(
    Effect.gen(function*() {
      const browser = yield* Browser
      return yield* Effect.promise(async () => (await browser.newContext({ locale, viewport })).newPage())
    }),
    (page) => Effect.promise(() => page.context().close())
  )

const fillCard = async (page: Page, name: string) => {
  await page.locator("#number").fill("4242 4242 4242 4242")
  await page.locator("#expiry").fill("12 / 34")
  await page.locator("#cvc").fill("123")
  await page.locator("#name").fill(name)
}

const paid = async (page: Page) => {
  await page.locator("#state-title").waitFor({ state: "visible" })
  assert.include(["Payment received", "Pago recibido"], await page.locator("#state-title").innerText())
}

describe("browser: what the hosted page collects", () => {
  layer(Layer.merge(inMemory, Browser.layer), { excludeTestServices: true, timeout: "60 seconds" })("collection", (it) => {
    it.effect("desktop, in Spanish: a Chilean billing address, a US shipping address and a phone, each checked, then on the session where Stripe puts them", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const page = yield* openPage(DESKTOP, "es-CL")
        yield* Effect.promise(async () => {
          const s = await createSession(server, `${ITEM}&locale=es&country=CL&billing_address_collection=required` +
            "&shipping_address_collection[allowed_countries][0]=US&shipping_address_collection[allowed_countries][1]=CL" +
            "&phone_number_collection[enabled]=true")
          // the page with everything it asks stays light: HTML, style and script under 60 KB together
          const html = await (await fetch(s.url)).text()
          let bytes = Buffer.byteLength(html)
          for (const asset of html.matchAll(/(?:href|src)="(\.\.\/assets\/[^"]+)"/g)) {
            bytes += (await (await fetch(new URL(asset[1]!, s.url))).arrayBuffer()).byteLength
          }
          assert.isBelow(bytes, 60_000)

          await page.goto(s.url)
          await page.locator("#checkout").waitFor({ state: "visible" })
          // Chile's address: comuna and región (a list), an optional postal code
          assert.strictEqual(await page.locator("#billing-country").inputValue(), "CL")
          assert.strictEqual(await page.locator("#billing-city-label").innerText(), "Comuna")
          assert.strictEqual(await page.locator("#billing-state-label").innerText(), "Región")
          assert.strictEqual(await page.locator("#billing-postal_code-label").innerText(), "Código postal (opcional)")
          assert.strictEqual(await page.locator("#billing-state").evaluate((el) => el.tagName), "SELECT")
          assert.strictEqual(await page.locator("#billing-state").getAttribute("aria-required"), "true")
          assert.strictEqual(await page.locator("#billing-postal_code").getAttribute("aria-required"), "false")
          assert.strictEqual(await page.locator("#billing-line1").getAttribute("autocomplete"), "billing address-line1")
          assert.include(await page.locator("#phone-hint").innerText(), "+56")

          // a submit with the address missing names each field, in Spanish, linked to it
          await page.locator("#email").fill("gabriela@example.cl")
          await fillCard(page, "Gabriela Mistral")
          await page.locator("#pay").click()
          assert.strictEqual(await page.evaluate(() => document.activeElement?.id), "phone")
          assert.strictEqual(await page.locator("#phone-error").innerText(), "Ingresa tu teléfono.")
          assert.strictEqual(await page.locator("#billing-line1-error").innerText(), "Completa el campo «Dirección».")
          assert.strictEqual(await page.locator("#billing-state-error").innerText(), "Completa el campo «Región».")
          assert.include(await page.locator("#billing-line1").getAttribute("aria-describedby") ?? "", "billing-line1-error")
          assert.strictEqual(await page.locator("#billing-line1").getAttribute("aria-invalid"), "true")

          await page.locator("#phone").fill("9 6123 4567")
          await page.locator("#billing-line1").fill("Avenida Providencia 1234")
          await page.locator("#billing-line2").fill("Depto. 56")
          await page.locator("#billing-city").fill("Providencia")
          await page.locator("#billing-state").selectOption("RM")
          await page.locator("#billing-postal_code").fill("7500000")

          // shipping to the US: its own layout (state list, ZIP required); the ZIP is checked
          await page.locator("#shipping-country").selectOption("US")
          assert.strictEqual(await page.locator("#shipping-postal_code-label").innerText(), "Código ZIP")
          await page.locator("#shipping-name").fill("Pablo Neruda")
          await page.locator("#shipping-line1").fill("1 Market St")
          await page.locator("#shipping-city").fill("San Francisco")
          await page.locator("#shipping-state").selectOption("CA")
          await page.locator("#shipping-postal_code").fill("9410")
          await page.locator("#pay").click()
          assert.strictEqual(await page.evaluate(() => document.activeElement?.id), "shipping-postal_code")
          assert.strictEqual(await page.locator("#shipping-postal_code-error").innerText(), "Revisa el campo «Código ZIP»: debe ser como 94103.")
          await page.locator("#shipping-postal_code").fill("94105")
          await page.locator("#pay").click()
          await paid(page)

          for (const version of ["2026-10-28.endive", "2026-03-25.dahlia"]) {
            const session = await readSession(server, s.id, version)
            assert.strictEqual(session.status, "complete")
            assert.deepStrictEqual(
              { email: session.customer_details.email, name: session.customer_details.name, phone: session.customer_details.phone, address: session.customer_details.address },
              {
                email: "gabriela@example.cl",
                name: "Gabriela Mistral",
                phone: "+56961234567",
                address: { city: "Providencia", country: "CL", line1: "Avenida Providencia 1234", line2: "Depto. 56", postal_code: "7500000", state: "RM" }
              }
            )
            assert.deepStrictEqual(session.collected_information.shipping_details, {
              name: "Pablo Neruda",
              address: { city: "San Francisco", country: "US", line1: "1 Market St", line2: null, postal_code: "94105", state: "CA" }
            })
            assert.notProperty(session, "shipping_details")
            assert.strictEqual(session.billing_address_collection, "required")
            assert.deepStrictEqual(session.shipping_address_collection, { allowed_countries: ["US", "CL"] })
            assert.deepStrictEqual(session.phone_number_collection, { enabled: true })
          }
        })
      }), BUDGET)

    it.effect("with dynamic tax rates, the shipping address's country picks the rate (else the billing one's), and the page asks no country of its own", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const page = yield* openPage(DESKTOP, "es-CL")
        yield* Effect.promise(async () => {
          const post = (path: string, body: string) =>
            Effect.runPromise(send(`${server.url}${path}`, { method: "POST", headers: { ...bearer(server.keys.test), ...FORM }, body })).then((r) => {
              assert.strictEqual(r.status, 200, r.text)
              return r.json as { id: string }
            })
          const cl = await post("/v1/tax_rates", "display_name=IVA&percentage=19&inclusive=false&country=CL")
          const pe = await post("/v1/tax_rates", "display_name=IGV&percentage=18&inclusive=false&country=PE")
          const s = await createSession(server, `${ITEM}&line_items[0][dynamic_tax_rates][0]=${cl.id}&line_items[0][dynamic_tax_rates][1]=${pe.id}` +
            "&billing_address_collection=required&shipping_address_collection[allowed_countries][0]=CL&shipping_address_collection[allowed_countries][1]=PE")
          await page.goto(s.url)
          await page.locator("#checkout").waitFor({ state: "visible" })
          // the shipping address starts in Chile (the browser's region): Chile's 19 % on 15.990 is 3.038
          await page.locator("#tax-row").waitFor({ state: "visible" })
          assert.strictEqual(await page.locator("#tax").innerText(), "$3.038")
          assert.isTrue(await page.locator("#country-field").isHidden())
          await page.locator("#shipping-country").selectOption("PE")
          await page.locator("#tax").filter({ hasText: "$2.878" }).waitFor()
          assert.isTrue(await page.locator("#country-field").isHidden())

          await page.locator("#email").fill("cesar@example.pe")
          await page.locator("#billing-line1").fill("Av. Providencia 1234")
          await page.locator("#billing-city").fill("Providencia")
          await page.locator("#billing-state").selectOption("RM")
          await page.locator("#shipping-name").fill("César Vallejo")
          await page.locator("#shipping-line1").fill("Av. Larco 101")
          await page.locator("#shipping-city").fill("Miraflores")
          await page.locator("#shipping-state").selectOption("LMA")
          await fillCard(page, "César Vallejo")
          await page.locator("#pay").click()
          await paid(page)
          const session = await readSession(server, s.id)
          assert.deepStrictEqual([session.country, session.total_details.amount_tax, session.amount_total], ["PE", 2878, 18868])
          assert.strictEqual(session.collected_information.shipping_details.address.country, "PE")
        })
      }), BUDGET)

    it.effect("phone, in English: a US billing address shipped to the same place, a prefilled e-mail address, and the keyboard alone", () =>
      Effect.gen(function*() {
        const server = yield* SuiteServer
        const page = yield* openPage(PHONE, "en-US")
        yield* Effect.promise(async () => {
          const s = await createSession(server, `${ITEM}&customer_email=${encodeURIComponent("ada@example.com")}&billing_address_collection=required` +
            "&shipping_address_collection[allowed_countries][0]=US&phone_number_collection[enabled]=true&customer_creation=always")
          await page.goto(s.url)
          await page.locator("#checkout").waitFor({ state: "visible" })
          assert.strictEqual(await page.locator("#email").inputValue(), "ada@example.com")
          assert.isFalse(await page.locator("#email").isEditable())
          assert.isAtMost(await page.evaluate(() => document.documentElement.scrollWidth), PHONE.width)

          // keyboard only, from the phone field on
          await page.locator("#phone").focus()
          await page.keyboard.type("(201) 555-0123")
          await page.keyboard.press("Tab")
          assert.strictEqual(await page.evaluate(() => document.activeElement?.id), "billing-country")
          await page.keyboard.press("Tab")
          await page.keyboard.type("1 Main St")
          await page.keyboard.press("Tab")
          await page.keyboard.press("Tab")
          await page.keyboard.type("Springfield")
          await page.keyboard.press("Tab")
          assert.strictEqual(await page.evaluate(() => document.activeElement?.id), "billing-state")
          await page.locator("#billing-state").selectOption("IL")
          await page.keyboard.press("Tab")
          await page.keyboard.type("627011234")
          await page.keyboard.press("Tab")
          assert.strictEqual(await page.evaluate(() => document.activeElement?.id), "shipping-same")
          await page.keyboard.press("Space")
          assert.isTrue(await page.locator("#shipping-own").isHidden())
          await fillCard(page, "Ada Lovelace")
          await page.locator("#name").press("Enter")
          await paid(page)

          const session = await readSession(server, s.id)
          const address = { city: "Springfield", country: "US", line1: "1 Main St", line2: null, postal_code: "62701-1234", state: "IL" }
          assert.deepStrictEqual(session.customer_details.address, address)
          assert.strictEqual(session.customer_details.phone, "+12015550123")
          assert.strictEqual(session.customer_details.email, "ada@example.com")
          assert.deepStrictEqual(session.collected_information.shipping_details, { name: "Ada Lovelace", address })
          // the customer made at completion has what was collected
          const customer = await Effect.runPromise(send(`${server.url}/v1/customers/${session.customer}`, { headers: bearer(server.keys.test) })).then((r) => r.json as Record<string, any>)
          assert.strictEqual(customer.email, "ada@example.com")
          assert.strictEqual(customer.phone, "+12015550123")
          assert.deepStrictEqual(customer.address, address)
          assert.deepStrictEqual(customer.shipping.address, address)
        })
      }), BUDGET)
  })
})
