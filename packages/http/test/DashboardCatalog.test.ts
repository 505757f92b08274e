/**
 * The read-only catalog and customer pages over HTTP: products with their prices, coupons with their
 * promotion codes, promotion codes, customers searched by email with their sessions, refunds; keyset
 * paging; and another merchant seeing none of them by any URL.
 */
import { assert, layer } from "@effect/vitest"
import { DashboardAuth } from "@till/core"
import { Effect } from "effect"
import { accountOfKey, withDashboard } from "../src/testing/DashboardServer.ts"
import { SuiteServer } from "../src/testing/stripe/SuiteServer.ts"
import { api, form, PASSWORD, request, signInWithCsrf as signIn } from "./support/DashboardClient.ts"

layer(withDashboard, { excludeTestServices: true, timeout: "60 seconds" })("the catalog and customer pages", (it) => {
  const setUp = Effect.gen(function*() {
    const server = yield* SuiteServer
    const auth = yield* DashboardAuth
    const tag = Math.random().toString(36).slice(2, 8)
    const a = yield* auth.createUser({ email: `ca-${tag}@shop.example`, password: PASSWORD, role: "merchant", account: yield* accountOfKey(server.keys.test) })
    const b = yield* auth.createUser({ email: `cb-${tag}@other.example`, password: PASSWORD, role: "merchant", account: yield* accountOfKey(server.keys.otherTest) })
    return { server, base: server.url, a, b, tag }
  })

  /** One of each object in the first merchant's account: a product with a price, a coupon with a code, a customer who paid, a refund. */
  const objects = async (base: string, key: string, tag: string) => {
    const product = (await api(base, key, "POST", "/v1/products", { name: `Teapot ${tag}` })).json
    const price = (await api(base, key, "POST", "/v1/prices", { product: product.id, unit_amount: "2500", currency: "usd", nickname: "Big" })).json
    const coupon = (await api(base, key, "POST", "/v1/coupons", { percent_off: "15", duration: "once", name: `Spring ${tag}` })).json
    const code = (await api(base, key, "POST", "/v1/promotion_codes", { coupon: coupon.id, code: `SPRING${tag.toUpperCase()}` })).json
    const customer = (await api(base, key, "POST", "/v1/customers", { email: `buyer-${tag}@example.com`, name: "Ana Buyer" })).json
    const session = (await api(base, key, "POST", "/v1/checkout/sessions", {
      mode: "payment", success_url: "https://shop.example/ok", customer: customer.id, "line_items[0][price]": price.id, "line_items[0][quantity]": "1"
    })).json
    const paid = await api(base, key, "POST", `/v1/checkout/sessions/${session.id}/payments`, { payment_method: "pm_card_visa" })
    assert.strictEqual(paid.status, 200, JSON.stringify(paid.json))
    const pi = (await api(base, key, "GET", `/v1/checkout/sessions/${session.id}`)).json.payment_intent
    const refund = await api(base, key, "POST", "/v1/refunds", { payment_intent: pi, amount: "500" })
    assert.strictEqual(refund.status, 200, JSON.stringify(refund.json))
    return { product, price, coupon, code, customer, session, refund: refund.json }
  }

  it.effect("lists and shows products with their prices, coupons with their codes, customers by email with their sessions, and refunds", () =>
    Effect.gen(function*() {
      const { a, base, server, tag } = yield* setUp
      yield* Effect.promise(async () => {
        const o = await objects(base, server.keys.test, tag)
        const { jar } = await signIn(base, a.email)
        const products = await request(base, jar, "/dashboard/products")
        assert.include(products.text, `Teapot ${tag}`)
        assert.include(products.text, `aria-current="page">Catalog`)
        const product = await request(base, jar, `/dashboard/products/${o.product.id}`)
        assert.include(product.text, o.price.id)
        assert.include(product.text, "$25.00")
        assert.include(product.text, "Big")

        assert.include((await request(base, jar, "/dashboard/coupons")).text, `Spring ${tag}`)
        const coupon = await request(base, jar, `/dashboard/coupons/${o.coupon.id}`)
        assert.include(coupon.text, "15 %")
        assert.include(coupon.text, o.code.code)
        assert.include((await request(base, jar, "/dashboard/promotion_codes")).text, o.code.code)

        const found = await request(base, jar, `/dashboard/customers?email=${encodeURIComponent(o.customer.email)}`)
        assert.include(found.text, o.customer.id)
        assert.include(found.text, `value="${o.customer.email}"`)
        const none = await request(base, jar, "/dashboard/customers?email=nobody%40example.com")
        assert.notInclude(none.text, o.customer.id)
        assert.include(none.text, "Nothing here yet")
        const customer = await request(base, jar, `/dashboard/customers/${o.customer.id}`)
        assert.include(customer.text, "Ana Buyer")
        assert.include(customer.text, o.session.id)

        const refunds = await request(base, jar, "/dashboard/refunds")
        assert.include(refunds.text, o.refund.id)
        const refund = await request(base, jar, `/dashboard/refunds/${o.refund.id}`)
        assert.include(refund.text, "$5.00")
        assert.include(refund.text, o.refund.payment_intent)

        // a bad cursor is said on the page, not a 500
        const bad = await request(base, jar, "/dashboard/products?starting_after=prod_nope")
        assert.strictEqual(bad.status, 200)
        assert.include(bad.text, `role="alert"`)
      })
    }))

  it.effect("pages customers 25 at a time", () =>
    Effect.gen(function*() {
      const { a, base, server, tag } = yield* setUp
      yield* Effect.promise(async () => {
        for (let i = 0; i < 26; i++) await api(base, server.keys.test, "POST", "/v1/customers", { email: `many-${i}-${tag}@example.com` })
        const { jar } = await signIn(base, a.email)
        const first = await request(base, jar, "/dashboard/customers")
        const ids = (html: string) => [...html.matchAll(/<tr data-id="(cus_\w+)"/g)].map((m) => m[1]!)
        assert.lengthOf(ids(first.text), 25)
        const older = first.text.match(/<a rel="next" href="([^"]+)">Older<\/a>/)![1]!.replace(/&amp;/g, "&")
        const second = await request(base, jar, older)
        assert.isAbove(ids(second.text).length, 0)
        assert.deepStrictEqual(ids(second.text).filter((id) => ids(first.text).includes(id)), [])
        const newer = second.text.match(/<a rel="prev" href="([^"]+)">Newer<\/a>/)![1]!.replace(/&amp;/g, "&")
        assert.deepStrictEqual(ids((await request(base, jar, newer)).text), ids(first.text))
      })
    }))

  it.effect("an operator chooses the account: none chosen, the pages say so; each account's objects under its own", () =>
    Effect.gen(function*() {
      const { base, server, tag } = yield* setUp
      const auth = yield* DashboardAuth
      const ops = yield* auth.createUser({ email: `cops-${tag}@till.example`, password: PASSWORD, role: "operator" })
      const accountA = yield* accountOfKey(server.keys.test)
      const accountB = yield* accountOfKey(server.keys.otherTest)
      yield* Effect.promise(async () => {
        const o = await objects(base, server.keys.test, `${tag}o`)
        const { csrf, jar } = await signIn(base, ops.email)
        for (const path of ["/dashboard/products", "/dashboard/customers", "/dashboard/payment_links", "/dashboard/branding", "/dashboard/webhooks"]) {
          assert.include((await request(base, jar, path)).text, "Choose an account", path)
        }
        const mine = await request(base, jar, `/dashboard/products/${o.product.id}?account=${accountA}`)
        assert.strictEqual(mine.status, 200)
        assert.include(mine.text, o.price.id)
        // links keep the account chosen
        assert.include(mine.text, `href="/dashboard/products?account=${accountA}"`)
        assert.strictEqual((await request(base, jar, `/dashboard/products/${o.product.id}?account=${accountB}`)).status, 404)
        assert.notInclude((await request(base, jar, `/dashboard/customers?account=${accountB}`)).text, o.customer.id)
        // a payment link made in the chosen account, from its price
        const made = await request(base, jar, `/dashboard/payment_links?account=${accountA}`, form({ csrf, price: o.price.id, quantity: "1" }))
        assert.strictEqual(made.status, 303)
        assert.match(made.location!, new RegExp(`^/dashboard/payment_links/plink_\\w+\\?account=${accountA}&done=created$`))
      })
    }))

  it.effect("another merchant sees none of them, by any URL", () =>
    Effect.gen(function*() {
      const { b, base, server, tag } = yield* setUp
      const accountA = yield* accountOfKey(server.keys.test)
      yield* Effect.promise(async () => {
        const o = await objects(base, server.keys.test, `${tag}x`)
        const { jar } = await signIn(base, b.email)
        for (const path of ["/dashboard/products", "/dashboard/coupons", "/dashboard/promotion_codes", "/dashboard/customers", "/dashboard/refunds"]) {
          // the list, and the list asking for the first merchant's account (ignored for a merchant)
          const text = (await request(base, jar, path)).text + (await request(base, jar, `${path}?account=${accountA}`)).text
          for (const id of [o.product.id, o.coupon.id, o.code.code, o.customer.id, o.refund.id]) assert.notInclude(text, id, path)
        }
        assert.notInclude((await request(base, jar, `/dashboard/customers?email=${encodeURIComponent(o.customer.email)}&account=${accountA}`)).text, o.customer.id)
        for (const path of [`/dashboard/products/${o.product.id}`, `/dashboard/coupons/${o.coupon.id}`, `/dashboard/customers/${o.customer.id}`, `/dashboard/refunds/${o.refund.id}`]) {
          assert.strictEqual((await request(base, jar, path)).status, 404, path)
          assert.strictEqual((await request(base, jar, `${path}?account=${accountA}`)).status, 404, path)
        }
        // nor by paging from one of them
        const paged = await request(base, jar, `/dashboard/customers?starting_after=${o.customer.id}`)
        assert.notInclude(paged.text, o.customer.email)
      })
    }))
})
