/**
 * The branding page over HTTP: the account's public details and colours saved through the use case of
 * `POST /v1/account` (what `GET /v1/account` then answers), a refusal naming the parameter with what
 * was typed kept, the contrast notes of the primary colour, and each merchant changing only its own.
 */
import { assert, layer } from "@effect/vitest"
import { DashboardAuth } from "@till/core"
import { Effect } from "effect"
import { accountOfKey, withDashboard } from "../src/testing/DashboardServer.ts"
import { SuiteServer } from "../src/testing/stripe/SuiteServer.ts"
import { api, form, PASSWORD, request, signInWithCsrf as signIn } from "./support/DashboardClient.ts"

const EMPTY = { name: "", support_email: "", support_phone: "", support_url: "", url: "", terms_of_service_url: "", privacy_policy_url: "", primary_color: "", secondary_color: "" }

layer(withDashboard, { excludeTestServices: true, timeout: "60 seconds" })("the branding page", (it) => {
  it.effect("saves the business profile and colours through the account's use case; refuses a bad colour by name; never another account's", () =>
    Effect.gen(function*() {
      const server = yield* SuiteServer
      const auth = yield* DashboardAuth
      const tag = Math.random().toString(36).slice(2, 8)
      const a = yield* auth.createUser({ email: `ba-${tag}@shop.example`, password: PASSWORD, role: "merchant", account: yield* accountOfKey(server.keys.test) })
      const b = yield* auth.createUser({ email: `bb-${tag}@other.example`, password: PASSWORD, role: "merchant", account: yield* accountOfKey(server.keys.otherTest) })
      const base = server.url
      yield* Effect.promise(async () => {
        const { csrf, jar } = await signIn(base, a.email)
        const page = await request(base, jar, "/dashboard/branding")
        assert.strictEqual(page.status, 200)
        assert.include(page.text, "Business name")

        const bad = await request(base, jar, "/dashboard/branding", form({ ...EMPTY, csrf, name: "Tea House", primary_color: "#12" }))
        assert.strictEqual(bad.status, 400)
        assert.include(bad.text, "settings[branding][primary_color]")
        assert.include(bad.text, `value="Tea House"`)
        assert.notStrictEqual((await api(base, server.keys.test, "GET", "/v1/account")).json.business_profile?.name, "Tea House")
        assert.strictEqual((await request(base, jar, "/dashboard/branding", form({ ...EMPTY, name: "Tea House" }))).status, 403)

        const saved = await request(base, jar, "/dashboard/branding", form({ ...EMPTY, csrf, name: "Tea House", support_email: "help@tea.example", primary_color: "#FFEE00" }))
        assert.strictEqual(saved.status, 303)
        const after = await request(base, jar, saved.location!)
        assert.include(after.text, "Saved: customers see it from now on.")
        assert.include(after.text, `value="#ffee00"`)
        assert.include(after.text, "too light for links")
        assert.include(after.text, `Branding changed by ${a.email}`)
        const account = (await api(base, server.keys.test, "GET", "/v1/account")).json
        assert.strictEqual(account.business_profile.name, "Tea House")
        assert.strictEqual(account.business_profile.support_email, "help@tea.example")
        assert.strictEqual(account.settings.branding.primary_color, "#ffee00")

        // a dark colour: links take it; an empty field unsets
        await request(base, jar, "/dashboard/branding", form({ ...EMPTY, csrf, name: "Tea House", primary_color: "#3730a3" }))
        const dark = await request(base, jar, "/dashboard/branding")
        assert.include(dark.text, "Links on the page take the primary colour")
        assert.strictEqual((await api(base, server.keys.test, "GET", "/v1/account")).json.business_profile.support_email, null)

        // the other merchant's page and form are its own account's
        const other = await signIn(base, b.email)
        assert.notInclude((await request(base, other.jar, "/dashboard/branding")).text, "Tea House")
        await request(base, other.jar, "/dashboard/branding", form({ ...EMPTY, csrf: other.csrf, name: "Other Shop" }))
        assert.strictEqual((await api(base, server.keys.test, "GET", "/v1/account")).json.business_profile.name, "Tea House")
        assert.strictEqual((await api(base, server.keys.otherTest, "GET", "/v1/account")).json.business_profile.name, "Other Shop")
      })
    }))
})
