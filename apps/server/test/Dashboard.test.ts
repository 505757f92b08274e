/**
 * The dashboard's acceptance path in Chromium against `till serve` as users run it (its worker on):
 * an operator (made with `till users create`) creates a merchant user; the merchant signs in, finds a paid session by the customer's
 * email, sees its webhook delivery failed (the receiver was down), brings the receiver up, resends,
 * and sees the delivery succeed while the receiver verifies it with Stripe's library; then resends every
 * failed delivery of the endpoint from its delivery log, and the resend API route sends one again. On PGlite.
 */
import { assert, describe, it } from "@effect/vitest"
import { launchChromium, SCREENSHOT_DIR } from "@till/http/testing/Browser"
import { mkdirSync } from "node:fs"
import { join } from "node:path"
import type { Page } from "playwright-core"
import { freePort, freshDataDir, printChildrenOnFailure, runTill, START_MS, serveTill, stopTill } from "./support.ts"
import { startReceiver, waitUntil } from "./webhooks/Receiver.ts"

const KEY = "sk_test_dashboardflow1"
const PASSWORD = "merchant password 42"

const api = async (base: string, method: string, path: string, params?: Record<string, string>) => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${KEY}`, ...(params === undefined ? {} : { "content-type": "application/x-www-form-urlencoded" }) },
    ...(params === undefined ? {} : { body: new URLSearchParams(params).toString() })
  })
  const json = await response.json() as any
  assert.isTrue(response.ok, `${method} ${path}: ${response.status} ${JSON.stringify(json)}`)
  return json
}

/** The delivery of the one event of `type` about `objectId`, once it has `status`. */
const deliveryOnce = (base: string, type: string, objectId: string, status: string) =>
  waitUntilAsync(`a ${status} delivery of ${type}`, async () => {
    const events = await api(base, "GET", `/v1/events?type=${type}`)
    const event = events.data.find((e: any) => e.data.object.id === objectId)
    if (event === undefined) return undefined
    const deliveries = await api(base, "GET", `/v1/events/${event.id}/deliveries`)
    return deliveries.data.find((d: any) => d.status === status)
  })

const waitUntilAsync = async <A>(what: string, find: () => Promise<A | undefined>, ms = 60_000): Promise<A> => {
  const started = Date.now()
  for (;;) {
    const found = await find()
    if (found !== undefined) return found
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

/** Saves the page at desktop and phone widths under SCREENSHOT_DIR (`TILL_SCREENSHOTS`), for the docs. */
const shoot = async (page: Page, name: string) => {
  mkdirSync(SCREENSHOT_DIR!, { recursive: true })
  await page.screenshot({ path: join(SCREENSHOT_DIR!, `${name}-desktop.png`), fullPage: true })
  await page.setViewportSize({ width: 390, height: 844 })
  await page.screenshot({ path: join(SCREENSHOT_DIR!, `${name}-phone.png`), fullPage: true })
  await page.setViewportSize({ width: 1280, height: 900 })
}

describe("the dashboard, as a merchant uses it", () => {
  printChildrenOnFailure()

  it("sign in, find a paid session by email, see its webhook delivery failed, bring the receiver up, resend: it succeeds and verifies", { timeout: 4 * START_MS }, async () => {
        const dataDir = freshDataDir()
        // no retries: a delivery to a receiver that is down fails at its first attempt
        const env = { TILL_DATA_DIR: dataDir, TILL_SECRET_KEY: KEY, TILL_WEBHOOK_RETRY_LIMIT: "0" }
        const till = await serveTill(env)
        const receiverPort = await freePort()
        let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined
        const browser = await launchChromium()
        try {
          const account = JSON.parse((await runTill(["accounts", "list", "--json"], { TILL_DATA_DIR: dataDir })).stdout).data[0].id as string
          // an operator, made with the CLI, creates the merchant user from the dashboard
          const made = await runTill(["users", "create", "--email", "ops@till.example", "--role", "operator"], { TILL_DATA_DIR: dataDir, TILL_USER_PASSWORD: PASSWORD })
          assert.strictEqual(made.code, 0, made.stderr)

          const endpoint = await api(till.url, "POST", "/v1/webhook_endpoints", {
            url: `http://127.0.0.1:${receiverPort}/webhook`,
            "enabled_events[0]": "checkout.session.completed",
            "enabled_events[1]": "payment_intent.succeeded"
          })
          const session = await api(till.url, "POST", "/v1/checkout/sessions", {
            mode: "payment",
            success_url: "https://shop.example/thanks",
            customer_email: "grace@buyer.example",
            client_reference_id: "order-1042",
            "line_items[0][price_data][currency]": "eur",
            "line_items[0][price_data][unit_amount]": "4200",
            "line_items[0][price_data][product_data][name]": "Espresso machine",
            "line_items[0][quantity]": "1"
          })
          await api(till.url, "POST", `/v1/checkout/sessions/${session.id}/payments`, { payment_method: "pm_card_visa" })
          const failed = await deliveryOnce(till.url, "checkout.session.completed", session.id, "failed")

          const context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 900 } })
          const page = await context.newPage()
          const signIn = async (email: string) => {
            await page.goto(`${till.url}/dashboard`)
            await page.waitForURL(/\/dashboard\/login$/)
            await page.getByLabel("Email").fill(email)
            await page.getByLabel("Password").fill(PASSWORD)
            await page.getByRole("button", { name: "Sign in" }).click()
            await page.waitForURL(/\/dashboard\/sessions/)
          }
          await signIn("ops@till.example")
          await page.getByRole("link", { name: "Users" }).click()
          await page.getByLabel("Email").fill("support@shop.example")
          await page.getByLabel("Account (merchants)").fill(account)
          await page.getByLabel("Password").fill(PASSWORD)
          await page.getByRole("button", { name: "Create a user" }).click()
          await page.getByText("Created support@shop.example").waitFor()
          await page.getByRole("button", { name: "Sign out" }).click()
          await page.waitForURL(/\/dashboard\/login$/)

          await signIn("support@shop.example")
          assert.strictEqual(await page.getByRole("link", { name: "Users" }).count(), 0)

          await page.getByLabel("Customer email").fill("grace@buyer.example")
          await page.getByRole("button", { name: "Apply" }).click()
          if (SCREENSHOT_DIR !== undefined) await shoot(page, "dashboard-sessions")
          await page.getByRole("link", { name: session.id }).click()
          await page.waitForURL(new RegExp(`/dashboard/sessions/${session.id}$`))
          assert.include(await page.locator("main").innerText(), "Espresso machine")
          if (SCREENSHOT_DIR !== undefined) await shoot(page, "dashboard-session")
          const row = page.locator(`li.delivery[data-delivery="${failed.id}"]`)
          assert.include(await row.innerText(), "Failed")
          assert.include(await row.innerText(), "no answer")

          // the receiver comes up; the merchant resends
          receiver = await startReceiver(receiverPort)
          receiver.setSecret(endpoint.secret)
          await row.getByRole("button", { name: `Resend delivery ${failed.id}` }).click()
          await page.getByText("The delivery was sent again").waitFor()
          const received = await waitUntil("the resent event", () =>
            receiver!.events.find((e) => e.type === "checkout.session.completed" && (e.data.object as { id: string }).id === session.id))
          assert.deepStrictEqual(receiver.refused, [])
          assert.strictEqual((received.data.object as { payment_status: string }).payment_status, "paid")
          await waitUntilAsync("the page to show the delivery succeeded", async () => {
            await page.reload()
            return (await page.locator(`li.delivery[data-delivery="${failed.id}"] .pill`).innerText()) === "Succeeded" ? true : undefined
          })
          const attempts = await api(till.url, "GET", `/v1/webhook_deliveries/${failed.id}/attempts`)
          assert.deepStrictEqual(attempts.data.map((a: any) => [a.succeeded, a.status_code]), [[false, null], [true, 200]])

          // the endpoint's delivery log: the payment intent's delivery failed too; resend every failed one since today
          await page.getByRole("link", { name: "Webhooks" }).click()
          await page.getByRole("link", { name: endpoint.url }).click()
          const intentId = (await api(till.url, "GET", `/v1/checkout/sessions/${session.id}`)).payment_intent as string
          const intentDelivery = await deliveryOnce(till.url, "payment_intent.succeeded", intentId, "failed")
          assert.include(await page.locator(`tr.delivery[data-delivery="${intentDelivery.id}"]`).innerText(), "Failed")
          await page.getByRole("button", { name: "Resend every failed delivery" }).click()
          await page.getByText("Failed deliveries sent again: 1.").waitFor()
          await waitUntil("the resent payment_intent.succeeded", () => receiver!.events.find((e) => e.type === "payment_intent.succeeded"))
          await deliveryOnce(till.url, "payment_intent.succeeded", intentId, "succeeded")

          // the API route resends through the same use case, a delivery that had succeeded included
          const resent = await api(till.url, "POST", `/v1/webhook_deliveries/${failed.id}/resend`, {})
          assert.deepStrictEqual([resent.id, resent.status], [failed.id, "pending"])
          await waitUntil("the completed event a second time", () =>
            receiver!.events.filter((e) => e.type === "checkout.session.completed").length === 2 ? true : undefined)
          assert.deepStrictEqual(receiver.refused, [])
        } finally {
          await browser.close()
          await receiver?.close()
          await stopTill(till)
        }
  })
})
