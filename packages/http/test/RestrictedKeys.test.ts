/**
 * Restricted keys over HTTP: made with `POST /v1/api_keys` by a full key, let through to the calls their
 * permissions allow (write covering read), and refused with Stripe's 403 elsewhere, never on the key routes.
 */
import { assert, layer } from "@effect/vitest"
import { Effect } from "effect"
import { withDashboard } from "../src/testing/DashboardServer.ts"
import { SuiteServer } from "../src/testing/stripe/SuiteServer.ts"

const call = async (base: string, key: string, method: string, path: string, fields?: Record<string, string>) => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(fields === undefined ? {} : { "content-type": "application/x-www-form-urlencoded" }) },
    ...(fields === undefined ? {} : { body: new URLSearchParams(fields).toString() })
  })
  return { status: response.status, json: await response.json() as any }
}

const SESSION = {
  mode: "payment",
  success_url: "https://shop.example/thanks",
  "line_items[0][price_data][currency]": "usd",
  "line_items[0][price_data][unit_amount]": "1500",
  "line_items[0][price_data][product_data][name]": "Teapot",
  "line_items[0][quantity]": "1"
}

layer(withDashboard, { excludeTestServices: true, timeout: "60 seconds" })("restricted keys over HTTP", (it) => {
  it.effect("a restricted key calls what its permissions allow and is refused the rest with Stripe's 403", () =>
    Effect.gen(function*() {
      const server = yield* SuiteServer
      yield* Effect.promise(async () => {
        const base = server.url
        const made = await call(base, server.keys.test, "POST", "/v1/api_keys", {
          type: "restricted",
          "permissions[checkout_session]": "write",
          "permissions[customer]": "read",
          "permissions[charge]": "none"
        })
        assert.strictEqual(made.status, 200, JSON.stringify(made.json))
        assert.match(made.json.secret, /^rk_test_/)
        assert.deepStrictEqual(made.json.permissions, { checkout_session: "write", customer: "read" })
        const rk = made.json.secret as string

        // allowed: write on sessions (and the read it covers), read on customers
        const created = await call(base, rk, "POST", "/v1/checkout/sessions", SESSION)
        assert.strictEqual(created.status, 200, JSON.stringify(created.json))
        assert.strictEqual((await call(base, rk, "GET", `/v1/checkout/sessions/${created.json.id}`)).status, 200)
        assert.strictEqual((await call(base, rk, "GET", "/v1/checkout/sessions?limit=1")).status, 200)
        assert.strictEqual((await call(base, rk, "GET", "/v1/customers")).status, 200)

        // refused: writing customers (read only), a resource not given, and the key routes
        const write = await call(base, rk, "POST", "/v1/customers", { email: "a@b.example" })
        assert.strictEqual(write.status, 403)
        assert.strictEqual(write.json.error.type, "invalid_request_error")
        assert.include(write.json.error.message, "does not have the required permissions for this endpoint")
        assert.include(write.json.error.message, "'rak_customer_write'")
        assert.notInclude(write.json.error.message, rk, "the key is masked")
        const other = await call(base, rk, "GET", "/v1/products")
        assert.strictEqual(other.status, 403)
        assert.include(other.json.error.message, "'rak_product_read'")
        for (const path of ["/v1/api_keys", "/v1/api_keys/roll", "/v1/api_keys/revoke"]) {
          const refused = await call(base, rk, "POST", path, {})
          assert.strictEqual(refused.status, 403, path)
          assert.include(refused.json.error.message, "restricted API key", path)
        }
        // a session's own paths need its permission too: expiring needs write, which it has
        assert.strictEqual((await call(base, rk, "POST", `/v1/checkout/sessions/${created.json.id}/expire`, {})).status, 200)
        // the full key revokes it; then it is an unknown key (401)
        assert.strictEqual((await call(base, server.keys.test, "POST", "/v1/api_keys/revoke", { key: rk })).status, 200)
        assert.strictEqual((await call(base, rk, "GET", "/v1/customers")).status, 401)
      })
    }))

  it.effect("POST /v1/api_keys: a full key by default, in the caller's mode; bad permissions named", () =>
    Effect.gen(function*() {
      const server = yield* SuiteServer
      yield* Effect.promise(async () => {
        const base = server.url
        const full = await call(base, server.keys.test, "POST", "/v1/api_keys", {})
        assert.strictEqual(full.status, 200, JSON.stringify(full.json))
        assert.match(full.json.secret, /^sk_test_/)
        assert.strictEqual((await call(base, full.json.secret, "GET", "/v1/products")).status, 200)
        const cases: ReadonlyArray<readonly [Record<string, string>, string]> = [
          [{ type: "restricted" }, "permissions"],
          [{ type: "restricted", "permissions[payouts]": "read" }, "permissions[payouts]"],
          [{ type: "restricted", "permissions[customer]": "admin" }, "permissions[customer]"],
          [{ type: "secret", "permissions[customer]": "read" }, "permissions"],
          [{ type: "publishable" }, "type"]
        ]
        for (const [fields, param] of cases) {
          const refused = await call(base, server.keys.test, "POST", "/v1/api_keys", fields)
          assert.strictEqual(refused.status, 400, JSON.stringify(fields))
          assert.strictEqual(refused.json.error.param, param, JSON.stringify(fields))
        }
        // a restricted key rolled by the full key keeps its permissions
        const rk = (await call(base, server.keys.test, "POST", "/v1/api_keys", { type: "restricted", "permissions[product]": "read" })).json.secret
        const rolled = await call(base, server.keys.test, "POST", "/v1/api_keys/roll", { key: rk })
        assert.strictEqual(rolled.status, 200, JSON.stringify(rolled.json))
        assert.match(rolled.json.secret, /^rk_test_/)
        assert.strictEqual((await call(base, rolled.json.secret, "GET", "/v1/products")).status, 200)
        assert.strictEqual((await call(base, rolled.json.secret, "POST", "/v1/products", { name: "x" })).status, 403)
      })
    }))
})
