/**
 * The dashboard's acceptance paths in Chromium against `till serve` as users run it (its worker on).
 * First:
 * an operator (made with `till users create`) creates a merchant user; the merchant signs in, finds a paid session by the customer's
 * email, sees its webhook delivery failed (the receiver was down), brings the receiver up, resends,
 * and sees the delivery succeed while the receiver verifies it with Stripe's library; then resends every
 * failed delivery of the endpoint from its delivery log, and the resend API route sends one again.
 * Second: a form posted without its CSRF token is refused; 20 wrong passwords, and the 21st attempt is
 * throttled even with the right password; a second merchant sees none of the first's objects by any URL;
 * a key rolled with the old one stopping at a chosen moment works until then and not after; the users and
 * accounts pages. On PGlite. With TILL_SCREENSHOTS set, both save the main pages at desktop and phone widths.
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
        // a browser that does not start must not leave the server running
        const browser = await launchChromium().catch(async (e: unknown) => {
          await stopTill(till)
          throw e
        })
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
          await page.getByLabel("Password", { exact: true }).fill(PASSWORD)
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

          // the shop's payment link, with its QR code, and the events of the account
          const price = await api(till.url, "POST", "/v1/prices", { currency: "eur", unit_amount: "1800", "product_data[name]": "Coffee beans, 1 kg" })
          const link = await api(till.url, "POST", "/v1/payment_links", { "line_items[0][price]": price.id, "line_items[0][quantity]": "1" })
          await page.goto(`${till.url}/dashboard/payment_links/${link.id}`)
          assert.strictEqual(await page.locator("main input[readonly]").inputValue(), link.url)
          assert.strictEqual(await page.locator("main svg").count(), 1)
          if (SCREENSHOT_DIR !== undefined) await shoot(page, "dashboard-payment-link")
          await page.goto(`${till.url}/dashboard/events`)
          assert.include(await page.locator("main").innerText(), "checkout.session.completed")
          if (SCREENSHOT_DIR !== undefined) await shoot(page, "dashboard-events")
          await page.goto(`${till.url}/dashboard/sessions/${session.id}`)
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

  it("refuses a form without its CSRF token, throttles the 21st sign-in, keeps merchants apart, rolls a key at the chosen time", { timeout: 4 * START_MS }, async () => {
    const dataDir = freshDataDir()
    const env = { TILL_DATA_DIR: dataDir, TILL_SECRET_KEY: KEY, TILL_WEBHOOK_RETRY_LIMIT: "0" }
    const till = await serveTill(env)
    // a browser that does not start must not leave the server running
    const browser = await launchChromium().catch(async (e: unknown) => {
      await stopTill(till)
      throw e
    })
    const cli = async (args: ReadonlyArray<string>) => {
      const run = await runTill(args, { TILL_DATA_DIR: dataDir, TILL_USER_PASSWORD: PASSWORD })
      assert.strictEqual(run.code, 0, `${args.join(" ")}: ${run.stderr}`)
      return run.stdout
    }
    const status = async (key: string) => (await fetch(`${till.url}/v1/checkout/sessions?limit=1`, { headers: { authorization: `Bearer ${key}` } })).status
    try {
      const accountA = JSON.parse(await cli(["accounts", "list", "--json"])).data[0].id as string
      const other = JSON.parse(await cli(["accounts", "create", "--name", "Other shop", "--json"]))
      const accountB = other.account.id as string
      await cli(["users", "create", "--email", "ops@till.example", "--role", "operator"])
      await cli(["users", "create", "--email", "ana@shop.example", "--account", accountA])
      await cli(["users", "create", "--email", "bob@other.example", "--account", accountB])
      await cli(["users", "create", "--email", "guessed@shop.example", "--account", accountA])
      const spare = JSON.parse(await cli(["keys", "create", "--account", accountA, "--json"])).secret as string

      // the first merchant's objects: a paid session whose webhook delivery failed (no receiver), an endpoint
      const endpoint = await api(till.url, "POST", "/v1/webhook_endpoints", { url: "http://127.0.0.1:9/webhook", "enabled_events[0]": "checkout.session.completed" })
      const session = await api(till.url, "POST", "/v1/checkout/sessions", {
        mode: "payment",
        success_url: "https://shop.example/thanks",
        customer_email: "lin@buyer.example",
        "line_items[0][price_data][currency]": "usd",
        "line_items[0][price_data][unit_amount]": "2500",
        "line_items[0][price_data][product_data][name]": "Tea set",
        "line_items[0][quantity]": "1"
      })
      await api(till.url, "POST", `/v1/checkout/sessions/${session.id}/payments`, { payment_method: "pm_card_visa" })
      await deliveryOnce(till.url, "checkout.session.completed", session.id, "failed")
      const open = await api(till.url, "POST", "/v1/checkout/sessions", {
        mode: "payment",
        success_url: "https://shop.example/thanks",
        "line_items[0][price_data][currency]": "usd",
        "line_items[0][price_data][unit_amount]": "900",
        "line_items[0][price_data][product_data][name]": "Cup",
        "line_items[0][quantity]": "1"
      })

      const signIn = async (page: Page, email: string, password = PASSWORD) => {
        await page.goto(`${till.url}/dashboard/login`)
        await page.getByLabel("Email").fill(email)
        await page.getByLabel("Password").fill(password)
        await page.getByRole("button", { name: "Sign in" }).click()
      }
      const newPage = async () => (await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 900 } })).newPage()

      // the sign-in page, for the docs
      const first = await newPage()
      await first.goto(`${till.url}/dashboard/login`)
      if (SCREENSHOT_DIR !== undefined) await shoot(first, "dashboard-login")

      // a form posted without its CSRF token is refused (403) and does nothing
      await signIn(first, "ana@shop.example")
      await first.waitForURL(/\/dashboard\/sessions/)
      await first.goto(`${till.url}/dashboard/sessions/${open.id}`)
      await first.locator("form input[name=csrf]").evaluateAll((fields) => fields.forEach((field) => field.remove()))
      const [refused] = await Promise.all([first.waitForResponse((r) => r.url().endsWith(`/dashboard/sessions/${open.id}/expire`)), first.getByRole("button", { name: "Expire this session" }).click()])
      assert.strictEqual(refused.status(), 403)
      await first.getByText("This form has expired or did not come from the dashboard").waitFor()
      assert.strictEqual((await api(till.url, "GET", `/v1/checkout/sessions/${open.id}`)).status, "open")

      // 20 wrong passwords for one email; the 21st attempt is throttled even with the right password
      const guesser = await newPage()
      for (let i = 1; i <= 20; i++) {
        await signIn(guesser, "guessed@shop.example", `wrong password ${i}`)
        await guesser.getByText("Wrong email or password.").waitFor()
      }
      await signIn(guesser, "guessed@shop.example")
      await guesser.getByText("Too many attempts.").waitFor()
      assert.match(guesser.url(), /\/dashboard\/login$/)
      assert.strictEqual(await guesser.getByRole("link", { name: "Checkout sessions" }).count(), 0)

      // the second merchant sees none of the first's objects, by any URL
      const bob = await newPage()
      await signIn(bob, "bob@other.example")
      await bob.waitForURL(/\/dashboard\/sessions/)
      const keysOfA = await first.goto(`${till.url}/dashboard/keys`).then(() => first.locator("tr[data-last4]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-last4")!)))
      assert.isAbove(keysOfA.length, 1)
      const secrets = [session.id, open.id, endpoint.id, endpoint.url, session.payment_intent ?? "pi_none", "lin@buyer.example", ...keysOfA.map((l) => `…${l}`)]
      for (const path of [
        "/dashboard/sessions",
        `/dashboard/sessions?account=${accountA}`,
        "/dashboard/sessions?email=lin%40buyer.example",
        `/dashboard/sessions?id=${session.id}`,
        `/dashboard/sessions/${session.id}`,
        `/dashboard/sessions/${session.id}?account=${accountA}`,
        `/dashboard/sessions/${open.id}?mode=live`,
        "/dashboard/webhooks",
        `/dashboard/webhooks?account=${accountA}`,
        `/dashboard/webhooks/${endpoint.id}`,
        `/dashboard/keys?account=${accountA}`,
        "/dashboard/users",
        "/dashboard/accounts",
        `/dashboard/accounts/${accountA}`
      ]) {
        const response = await bob.goto(`${till.url}${path}`)
        const text = await bob.locator("body").innerText()
        for (const secret of secrets) assert.notInclude(text, secret, `${path} shows ${secret}`)
        if (/\/(sessions|webhooks|accounts)\/\w+|users|accounts/.test(path.split("?")[0]!)) assert.strictEqual(response!.status(), 404, path)
      }

      // a key rolled with the old one stopping at a chosen moment, well ahead of now (UTC, to the second)
      await first.goto(`${till.url}/dashboard/keys`)
      if (SCREENSHOT_DIR !== undefined) await shoot(first, "dashboard-keys")
      const row = first.locator(`tr[data-last4="${spare.slice(-4)}"]`)
      await row.locator("select[name=expires_in]").selectOption("at")
      const chosenMs = (Math.floor(Date.now() / 1000) + 20) * 1000
      await row.locator("input[name=expires_at]").fill(new Date(chosenMs).toISOString().slice(0, 19))
      await row.getByRole("button", { name: `Roll the key ending ${spare.slice(-4)}` }).click()
      const fresh = await first.locator("#fresh-key").innerText()
      assert.match(fresh, /^sk_test_/)
      await first.getByText(`the old key works until ${new Date(chosenMs).toISOString().replace("T", " ").slice(0, 19)} UTC`).waitFor()
      // right after the roll, before the chosen moment: both keys work
      assert.strictEqual(await status(spare), 200)
      assert.isBelow(Date.now(), chosenMs, "checked before the chosen moment")
      assert.strictEqual(await status(fresh), 200)
      // past the chosen moment the old key is refused (polled, with a budget), the new one still works
      await new Promise((r) => setTimeout(r, Math.max(0, chosenMs - Date.now()) + 250))
      await waitUntilAsync("the old key to be refused", async () => (await status(spare)) === 401 ? true : undefined, 15_000)
      assert.strictEqual(await status(fresh), 200)
      await first.reload()
      assert.include(await first.locator(`tr[data-last4="${spare.slice(-4)}"]`).innerText(), "Stopped working")

      // the operator's pages
      const ops = await newPage()
      await signIn(ops, "ops@till.example")
      await ops.waitForURL(/\/dashboard\/sessions/)
      await ops.getByRole("link", { name: "Accounts" }).click()
      await ops.getByLabel("Name").fill("Third shop")
      await ops.getByRole("button", { name: "Create an account" }).click()
      assert.match(await ops.locator("#account-test-key").innerText(), /^sk_test_/)
      await ops.goto(`${till.url}/dashboard/accounts`)
      if (SCREENSHOT_DIR !== undefined) await shoot(ops, "dashboard-accounts")
      await ops.getByRole("link", { name: "Users" }).click()
      await ops.getByRole("button", { name: "Disable bob@other.example" }).click()
      await ops.getByText("bob@other.example was disabled").waitFor()
      await bob.goto(`${till.url}/dashboard/sessions`)
      await bob.waitForURL(/\/dashboard\/login$/)
      if (SCREENSHOT_DIR !== undefined) await shoot(ops, "dashboard-users")
      await ops.goto(`${till.url}/dashboard/webhooks/${endpoint.id}?account=${accountA}`)
      assert.include(await ops.locator("main").innerText(), "Failed")
      if (SCREENSHOT_DIR !== undefined) await shoot(ops, "dashboard-webhook")
    } finally {
      await browser.close()
      await stopTill(till)
    }
  })
})
