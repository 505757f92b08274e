/**
 * Restricted keys: the rule deciding which calls a key's permissions allow, parsing permissions, and
 * keys made, authenticated and rolled with their permissions.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Option } from "effect"
import { Accounts } from "../src/Accounts.ts"
import {
  allows,
  KEY_RESOURCE_NAMES,
  type KeyPermissions,
  neededFor,
  parsePermissions,
  permissionName,
  permissionsFromText
} from "../src/KeyPermissions.ts"
import * as Testing from "../src/testing/index.ts"

describe("KeyPermissions", () => {
  it("names the resource and access each call needs", () => {
    const table: ReadonlyArray<readonly [string, string, string | null]> = [
      ["GET", "/v1/checkout/sessions", "rak_checkout_session_read"],
      ["GET", "/v1/checkout/sessions/cs_test_1/line_items", "rak_checkout_session_read"],
      ["POST", "/v1/checkout/sessions", "rak_checkout_session_write"],
      ["POST", "/v1/checkout/sessions/cs_test_1/expire", "rak_checkout_session_write"],
      ["GET", "/v1/payment_intents/pi_1", "rak_payment_intent_read"],
      ["POST", "/v1/payment_intents/pi_1/capture", "rak_payment_intent_write"],
      ["GET", "/v1/charges", "rak_charge_read"],
      ["POST", "/v1/refunds", "rak_charge_write"],
      ["DELETE", "/v1/customers/cus_1", "rak_customer_write"],
      ["GET", "/v1/prices/price_1", "rak_product_read"],
      ["POST", "/v1/products", "rak_product_write"],
      ["POST", "/v1/promotion_codes", "rak_coupon_write"],
      ["GET", "/v1/payment_links", "rak_payment_link_read"],
      ["POST", "/v1/webhook_endpoints", "rak_webhook_endpoint_write"],
      ["POST", "/v1/webhook_deliveries/whdel_1/resend", "rak_webhook_endpoint_write"],
      ["GET", "/v1/events/evt_1", "rak_event_read"],
      ["GET", "/v1/events/stream", "rak_event_read"],
      ["GET", "/v1/account", "rak_account_read"],
      ["POST", "/v1/embed_settings", "rak_account_write"],
      ["POST", "/v1/files", "rak_file_write"],
      // closed to every restricted key
      ["POST", "/v1/api_keys", null],
      ["POST", "/v1/api_keys/roll", null],
      ["GET", "/v1/account/processor_settings", null],
      ["POST", "/v1/account/processor_settings", null],
      ["GET", "/v1/unknown", null],
      ["GET", "/v1/checkout/sessionsX", null],
      ["GET", "/dashboard/sessions", null],
      // paths a router might read as another resource's
      ["GET", "/v1/checkout/sessions/../../products", null],
      ["GET", "/v1/customers/%2e%2e/products", null],
      ["GET", "/v1/customers/x%2Fy", null],
      ["GET", "/v1//products", null],
      ["GET", "/v1/customers/", null]
    ]
    for (const [method, path, name] of table) {
      const needed = neededFor(method, path)
      assert.strictEqual(needed === null ? null : permissionName(needed), name, `${method} ${path}`)
    }
  })

  it("allows a call with the access it needs, write covering read; refuses the rest", () => {
    const permissions: KeyPermissions = { checkout_session: "write", customer: "read" }
    const table: ReadonlyArray<readonly [string, string, boolean]> = [
      ["GET", "/v1/checkout/sessions/cs_1", true],
      ["POST", "/v1/checkout/sessions", true],
      ["GET", "/v1/customers", true],
      ["POST", "/v1/customers", false],
      ["DELETE", "/v1/customers/cus_1", false],
      ["GET", "/v1/payment_intents/pi_1", false],
      ["POST", "/v1/refunds", false],
      ["POST", "/v1/api_keys", false],
      ["GET", "/v1/nothing", false]
    ]
    for (const [method, path, allowed] of table) assert.strictEqual(allows(permissions, method, path), allowed, `${method} ${path}`)
    // an empty set allows nothing
    for (const resource of KEY_RESOURCE_NAMES) assert.isFalse(allows({}, "GET", `/v1/${resource}s`))
  })

  it.effect("parses permissions: none dropped, unknown resources and values refused naming them, at least one", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* parsePermissions({ customer: "read", charge: "none", product: "write" }), { customer: "read", product: "write" })
      const unknown = yield* Effect.flip(parsePermissions({ payouts: "read" }))
      assert.strictEqual(unknown.param, "permissions[payouts]")
      const bad = yield* Effect.flip(parsePermissions({ customer: "admin" }))
      assert.strictEqual(bad.param, "permissions[customer]")
      const none = yield* Effect.flip(parsePermissions({ customer: "none" }))
      assert.strictEqual(none.param, "permissions")
      assert.deepStrictEqual(permissionsFromText("checkout_session=write, customer=read"), { checkout_session: "write", customer: "read" })
      assert.isNull(permissionsFromText("checkout_session"))
    }))

  it.effect("a restricted key is made with rk_, grants its permissions, and rolls into one with the same", () =>
    Effect.gen(function*() {
      const accounts = yield* Accounts
      const { account } = yield* accounts.create("Shop")
      const made = yield* accounts.createKey(account.id, false, { customer: "read" })
      assert.match(made.secret, /^rk_test_/)
      const grant = yield* accounts.grantOf(made.secret)
      assert.deepStrictEqual(grant, Option.some({ scope: { account: account.id, livemode: false }, permissions: { customer: "read" } }))
      const live = yield* accounts.createKey(account.id, true, { charge: "write" })
      assert.match(live.secret, /^rk_live_/)
      const rolled = yield* accounts.rollKey(made.secret, 0)
      assert.match(rolled.secret, /^rk_test_/)
      assert.deepStrictEqual(Option.map(yield* accounts.grantOf(rolled.secret), (g) => g.permissions), Option.some<KeyPermissions | null>({ customer: "read" }))
      assert.isTrue(Option.isNone(yield* accounts.grantOf(made.secret)))
      // a full key grants everything (no permissions), and its listed record has none
      const full = yield* accounts.createKey(account.id, false)
      assert.deepStrictEqual(Option.map(yield* accounts.grantOf(full.secret), (g) => g.permissions), Option.some<KeyPermissions | null>(null))
      const listed = yield* accounts.listKeys({ account: account.id, livemode: false })
      // the restricted key, rolled (stopped) and its successor, both with their permissions
      assert.deepStrictEqual(listed.filter((k) => k.permissions !== undefined).map((k) => k.permissions), [{ customer: "read" }, { customer: "read" }])
    }).pipe(Effect.provide(Testing.layer)))
})
