/**
 * Refunds from a paid session's page over HTTP: the form offers the remainder in major units, a
 * refund is made through the refunds use case and recorded in the audit trail, a bad or too large
 * amount is refused with the reason, and another account's session cannot be refunded.
 */
import { assert, layer } from "@effect/vitest"
import { Effect } from "effect"
import { withDashboard } from "../src/testing/DashboardServer.ts"
import { api, createSession, form, hidden, request, signIn, twoMerchants } from "./support/DashboardClient.ts"

layer(withDashboard, { excludeTestServices: true, timeout: "60 seconds" })("refunds from the session page", (it) => {
  it.effect("refunds part then the rest of a paid session, shows the refunds, records who did it; refuses bad amounts and other accounts", () =>
    Effect.gen(function*() {
      const { server, base, ana, bob } = yield* twoMerchants
      yield* Effect.promise(async () => {
        const open = await createSession(base, server.keys.test)
        const paid = await createSession(base, server.keys.test)
        const paying = await api(base, server.keys.test, "POST", `/v1/checkout/sessions/${paid.id}/payments`, { payment_method: "pm_card_visa" })
        assert.strictEqual(paying.status, 200, JSON.stringify(paying.json))
        const jar = await signIn(base, ana.email)

        // an open session has no refunds card; a paid one offers its 15.00
        const openPage = await request(base, jar, `/dashboard/sessions/${open.id}`)
        assert.notInclude(openPage.text, "Refunds")
        const page = await request(base, jar, `/dashboard/sessions/${paid.id}`)
        assert.include(page.text, "No refunds yet.")
        assert.include(page.text, `name="amount" type="text" inputmode="decimal" autocomplete="off" required value="15.00"`)
        assert.include(page.text, "Still refundable: $15.00")
        const csrf = hidden(page.text, "csrf")!

        // without the token: 403, nothing refunded
        assert.strictEqual((await request(base, jar, `/dashboard/sessions/${paid.id}/refund`, form({ amount: "1.00" }))).status, 403)
        // a bad amount, and one larger than what is left: refused with the reason, nothing refunded
        const bad = await request(base, jar, `/dashboard/sessions/${paid.id}/refund`, form({ csrf, amount: "ten" }))
        assert.strictEqual(bad.status, 400)
        assert.include(bad.text, "“ten” is not an amount in USD")
        const tooMuch = await request(base, jar, `/dashboard/sessions/${paid.id}/refund`, form({ csrf, amount: "20.00" }))
        assert.strictEqual(tooMuch.status, 400)
        assert.include(tooMuch.text, "The action failed:")
        assert.include(tooMuch.text, "No refunds yet.")

        // 5.50 now, with a reason
        const part = await request(base, jar, `/dashboard/sessions/${paid.id}/refund`, form({ csrf, amount: "5.50", reason: "requested_by_customer" }))
        assert.strictEqual(part.status, 303)
        const after = await request(base, jar, part.location!)
        assert.include(after.text, "The refund was made")
        assert.include(after.text, "$5.50")
        assert.include(after.text, "Requested by the customer")
        assert.include(after.text, `value="9.50"`)
        assert.include(after.text, `Refunded by ${ana.email}`)

        // the rest: the form is gone
        const rest = await request(base, jar, `/dashboard/sessions/${paid.id}/refund`, form({ csrf, amount: "9,50" }))
        assert.strictEqual(rest.status, 303)
        const done = await request(base, jar, rest.location!)
        assert.notInclude(done.text, `name="amount"`)
        assert.strictEqual(done.text.split(`Refunded by ${ana.email}`).length - 1, 2)

        // through the API: both refunds, the whole 15.00
        const refunds = await api(base, server.keys.test, "GET", `/v1/refunds?payment_intent=${paying.json.id}`)
        assert.deepStrictEqual(refunds.json.data.map((r: { amount: number; reason: string | null }) => [r.amount, r.reason]), [[950, null], [550, "requested_by_customer"]])

        // another merchant: the session is not theirs
        const bobJar = await signIn(base, bob.email)
        const bobPage = await request(base, bobJar, "/dashboard/sessions")
        const theirs = await request(base, bobJar, `/dashboard/sessions/${paid.id}/refund`, form({ csrf: hidden(bobPage.text, "csrf")!, amount: "1.00" }))
        assert.strictEqual(theirs.status, 303)
        assert.include((await request(base, bobJar, theirs.location!)).text, "no such object")
        assert.strictEqual((await api(base, server.keys.test, "GET", `/v1/refunds?payment_intent=${paying.json.id}`)).json.data.length, 2)
      })
    }))
})
