/**
 * The webhook pages' actions over HTTP: adding an endpoint (its secret shown once), enabling and
 * disabling it, rolling its secret, a test event to it alone, paging its delivery log past the latest
 * 100; the API routes behind them (`roll_secret`, `test`); and that another merchant can do none of it.
 */
import { assert, layer } from "@effect/vitest"
import { DashboardAuth, WebhookEndpointRepository } from "@till/core"
import { Effect, Option } from "effect"
import { accountOfKey, withDashboard } from "../src/testing/DashboardServer.ts"
import { SuiteServer } from "../src/testing/stripe/SuiteServer.ts"
import { api, form, PASSWORD, request, signInWithCsrf as signIn } from "./support/DashboardClient.ts"

layer(withDashboard, { excludeTestServices: true, timeout: "60 seconds" })("the webhook pages", (it) => {
  const setUp = Effect.gen(function*() {
    const server = yield* SuiteServer
    const auth = yield* DashboardAuth
    const tag = Math.random().toString(36).slice(2, 8)
    const a = yield* auth.createUser({ email: `wa-${tag}@shop.example`, password: PASSWORD, role: "merchant", account: yield* accountOfKey(server.keys.test) })
    const b = yield* auth.createUser({ email: `wb-${tag}@other.example`, password: PASSWORD, role: "merchant", account: yield* accountOfKey(server.keys.otherTest) })
    return { server, base: server.url, a, b }
  })

  const secretOf = (id: string) =>
    Effect.gen(function*() {
      const repo = yield* WebhookEndpointRepository
      return Option.getOrThrow(yield* repo.findById(id)).secret
    })

  it.effect("adds an endpoint (secret shown once), disables and enables it, rolls its secret; refuses a bad one with the reason", () =>
    Effect.gen(function*() {
      const { a, base, server } = yield* setUp
      const { csrf, jar } = yield* Effect.promise(() => signIn(base, a.email))
      const made = yield* Effect.promise(async () => {
        const page = await request(base, jar, "/dashboard/webhooks")
        assert.include(page.text, "Add an endpoint")
        assert.include(page.text, `value="checkout.session.completed"`)
        const bad = await request(base, jar, "/dashboard/webhooks", form({ csrf, url: "not a url", enabled_events: ["*"] }))
        assert.strictEqual(bad.status, 400)
        assert.include(bad.text, `role="alert"`)
        assert.include(bad.text, `value="not a url"`)
        const none = await request(base, jar, "/dashboard/webhooks", form({ csrf, url: "https://hooks.shop.example/a" }))
        assert.strictEqual(none.status, 400)
        assert.include(none.text, "enabled_events")
        assert.strictEqual((await request(base, jar, "/dashboard/webhooks", form({ url: "https://hooks.shop.example/a", enabled_events: ["*"] }))).status, 403)
        assert.lengthOf((await api(base, server.keys.test, "GET", "/v1/webhook_endpoints")).json.data, 0)

        const created = await request(base, jar, "/dashboard/webhooks", form({
          csrf,
          url: "https://hooks.shop.example/a",
          description: "Orders",
          enabled_events: ["checkout.session.completed", "refund.created"]
        }))
        assert.strictEqual(created.status, 200)
        const secret = created.text.match(/<code id="fresh-secret">(whsec_[^<]+)<\/code>/)![1]!
        const [endpoint] = (await api(base, server.keys.test, "GET", "/v1/webhook_endpoints")).json.data
        assert.deepStrictEqual(endpoint.enabled_events, ["checkout.session.completed", "refund.created"])
        assert.strictEqual(endpoint.description, "Orders")
        const again = await request(base, jar, `/dashboard/webhooks/${endpoint.id}`)
        assert.notInclude(again.text, secret)
        assert.include(again.text, "Enabled")

        const disabled = await request(base, jar, `/dashboard/webhooks/${endpoint.id}/disable`, form({ csrf }))
        assert.strictEqual(disabled.status, 303)
        const afterDisable = (await request(base, jar, disabled.location!)).text
        assert.include(afterDisable, "The endpoint was disabled")
        // who did it, and when, on the endpoint's page
        assert.include(afterDisable, `Endpoint disabled by ${a.email}`)
        assert.include(afterDisable, `Endpoint added by ${a.email}`)
        assert.strictEqual((await api(base, server.keys.test, "GET", `/v1/webhook_endpoints/${endpoint.id}`)).json.status, "disabled")
        const enabled = await request(base, jar, `/dashboard/webhooks/${endpoint.id}/enable`, form({ csrf }))
        assert.include((await request(base, jar, enabled.location!)).text, "The endpoint was enabled")
        assert.strictEqual((await api(base, server.keys.test, "GET", `/v1/webhook_endpoints/${endpoint.id}`)).json.status, "enabled")

        const rolled = await request(base, jar, `/dashboard/webhooks/${endpoint.id}/roll_secret`, form({ csrf }))
        assert.strictEqual(rolled.status, 200)
        const fresh = rolled.text.match(/<code id="fresh-secret">(whsec_[^<]+)<\/code>/)![1]!
        assert.notStrictEqual(fresh, secret)
        assert.include(rolled.text, `Signing secret rolled by ${a.email}`)
        assert.include(rolled.text, `<option value="86400">Old secret signs 24 more hours</option>`)
        // with an hour's grace: the old secret signs too until then; a grace the page does not offer is refused
        const graced = await request(base, jar, `/dashboard/webhooks/${endpoint.id}/roll_secret`, form({ csrf, previous_secret_expires_in: "3600" }))
        assert.strictEqual(graced.status, 200)
        assert.match(graced.text, /Until \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC deliveries carry a signature by the old one too/)
        const gracedSecret = graced.text.match(/<code id="fresh-secret">(whsec_[^<]+)<\/code>/)![1]!
        const odd = await request(base, jar, `/dashboard/webhooks/${endpoint.id}/roll_secret`, form({ csrf, previous_secret_expires_in: "999" }))
        assert.strictEqual(odd.status, 303)
        assert.include((await request(base, jar, odd.location!)).text, "The action failed")
        const lastRoll = await request(base, jar, `/dashboard/webhooks/${endpoint.id}/roll_secret`, form({ csrf, previous_secret_expires_in: "0" }))
        const fresh2 = lastRoll.text.match(/<code id="fresh-secret">(whsec_[^<]+)<\/code>/)![1]!
        assert.notStrictEqual(fresh2, gracedSecret)

        // changed: URL, events, description (emptied: unset); a bad change is refused with the reason, what was typed kept
        const badEdit = await request(base, jar, `/dashboard/webhooks/${endpoint.id}`, form({ csrf, url: "https://hooks.shop.example/b", description: "" }))
        assert.strictEqual(badEdit.status, 400)
        assert.include(badEdit.text, "enabled_events")
        assert.include(badEdit.text, `value="https://hooks.shop.example/b"`)
        const edited = await request(base, jar, `/dashboard/webhooks/${endpoint.id}`, form({ csrf, url: "https://hooks.shop.example/b", description: "", enabled_events: ["*"] }))
        assert.strictEqual(edited.status, 303)
        const afterEdit = (await request(base, jar, edited.location!)).text
        assert.include(afterEdit, "The endpoint was changed.")
        assert.include(afterEdit, `Endpoint changed by ${a.email}`)
        const changed = (await api(base, server.keys.test, "GET", `/v1/webhook_endpoints/${endpoint.id}`)).json
        assert.deepStrictEqual([changed.url, changed.enabled_events, changed.description], ["https://hooks.shop.example/b", ["*"], null])
        return { id: endpoint.id as string, fresh: fresh2 }
      })
      assert.strictEqual(yield* secretOf(made.id), made.fresh)
      // the API route rolls it too, and answers the new secret
      const byApi = yield* Effect.promise(() => api(base, server.keys.test, "POST", `/v1/webhook_endpoints/${made.id}/roll_secret`, {}))
      assert.strictEqual(byApi.status, 200)
      assert.match(byApi.json.secret, /^whsec_/)
      assert.strictEqual(byApi.json.object, "webhook_endpoint")
      assert.strictEqual(yield* secretOf(made.id), byApi.json.secret)
      const tooLong = yield* Effect.promise(() => api(base, server.keys.test, "POST", `/v1/webhook_endpoints/${made.id}/roll_secret`, { previous_secret_expires_in: "86401" }))
      assert.deepStrictEqual([tooLong.status, tooLong.json.error.param], [400, "previous_secret_expires_in"])
      const withGrace = yield* Effect.promise(() => api(base, server.keys.test, "POST", `/v1/webhook_endpoints/${made.id}/roll_secret`, { previous_secret_expires_in: "600" }))
      assert.strictEqual(withGrace.status, 200)
      const repo = yield* WebhookEndpointRepository
      const stored = Option.getOrThrow(yield* repo.findById(made.id))
      assert.deepStrictEqual([stored.secret, stored.previous_secret?.secret], [withGrace.json.secret, byApi.json.secret])

      // deleted: gone from the API, the list says so
      yield* Effect.promise(async () => {
        const { csrf, jar } = await signIn(base, a.email)
        const deleted = await request(base, jar, `/dashboard/webhooks/${made.id}/delete`, form({ csrf }))
        assert.deepStrictEqual([deleted.status, deleted.location], [303, "/dashboard/webhooks?done=deleted"])
        assert.include((await request(base, jar, deleted.location!)).text, "The endpoint was deleted.")
        assert.strictEqual((await api(base, server.keys.test, "GET", `/v1/webhook_endpoints/${made.id}`)).status, 404)
      })
    }))

  it.effect("sends a test event to one endpoint alone, and pages the delivery log past its latest 100", () =>
    Effect.gen(function*() {
      const { a, base, server } = yield* setUp
      yield* Effect.promise(async () => {
        const one = (await api(base, server.keys.test, "POST", "/v1/webhook_endpoints", { url: "https://hooks.shop.example/one", "enabled_events[0]": "product.created" })).json
        const other = (await api(base, server.keys.test, "POST", "/v1/webhook_endpoints", { url: "https://hooks.shop.example/other", "enabled_events[0]": "*" })).json
        const { csrf, jar } = await signIn(base, a.email)
        const page = await request(base, jar, `/dashboard/webhooks/${one.id}`)
        assert.include(page.text, "Send a test event")
        assert.include(page.text, "Nothing was sent to this endpoint yet.")
        const sent = await request(base, jar, `/dashboard/webhooks/${one.id}/test`, form({ csrf, type: "checkout.session.completed" }))
        assert.strictEqual(sent.status, 303)
        const after = await request(base, jar, sent.location!)
        assert.include(after.text, "A test event was sent to this endpoint only")
        assert.strictEqual([...after.text.matchAll(/class="delivery"/g)].length, 1)
        assert.include((await request(base, jar, `/dashboard/webhooks/${other.id}`)).text, "Nothing was sent to this endpoint yet.")
        // an unknown type is refused, and sends nothing
        const unknown = await request(base, jar, `/dashboard/webhooks/${one.id}/test`, form({ csrf, type: "nothing.happened" }))
        assert.include((await request(base, jar, unknown.location!)).text, "The action failed")

        // through the API (the stored event is checked on PostgreSQL, WebhookDeliveries.test.ts in @till/postgres)
        const byApi = await api(base, server.keys.test, "POST", `/v1/webhook_endpoints/${one.id}/test`, { type: "refund.created" })
        assert.strictEqual(byApi.status, 200)
        assert.strictEqual(byApi.json.webhook_endpoint, one.id)
        assert.strictEqual(byApi.json.status, "pending")
        const live = await api(base, server.keys.live, "POST", `/v1/webhook_endpoints/${one.id}/test`, { type: "refund.created" })
        assert.deepStrictEqual([live.status, live.json.error.message.includes("test mode only")], [400, true])
        assert.strictEqual((await api(base, server.keys.test, "POST", `/v1/webhook_endpoints/${one.id}/test`, {})).status, 400)

        // 101 more: the log shows the latest 100, then the rest on the next page
        for (let i = 0; i < 100; i++) await api(base, server.keys.test, "POST", `/v1/webhook_endpoints/${one.id}/test`, { type: "product.created" })
        const first = await request(base, jar, `/dashboard/webhooks/${one.id}`)
        const firstIds = [...first.text.matchAll(/data-delivery="(whdel_\w+)"/g)].map((m) => m[1]!)
        assert.lengthOf(firstIds, 100)
        const older = first.text.match(/<a rel="next" href="([^"]+)">Older deliveries<\/a>/)![1]!.replace(/&amp;/g, "&")
        const second = await request(base, jar, older)
        const secondIds = [...second.text.matchAll(/data-delivery="(whdel_\w+)"/g)].map((m) => m[1]!)
        assert.lengthOf(secondIds, 2)
        assert.deepStrictEqual(secondIds.filter((id) => firstIds.includes(id)), [])
        assert.notInclude(second.text, "Older deliveries")
        assert.include(second.text, "Newest deliveries")
        // a cursor of another endpoint's log is not found
        assert.strictEqual((await request(base, jar, `/dashboard/webhooks/${other.id}?starting_after=${firstIds[0]}`)).status, 404)
      })
    }), { timeout: 60_000 })

  it.effect("pages the endpoints 25 at a time", () =>
    Effect.gen(function*() {
      const { a, base, server } = yield* setUp
      yield* Effect.promise(async () => {
        const have = (await api(base, server.keys.test, "GET", "/v1/webhook_endpoints?limit=100")).json.data.length as number
        for (let i = have; i < 27; i++) await api(base, server.keys.test, "POST", "/v1/webhook_endpoints", { url: `https://hooks.shop.example/p${i}`, "enabled_events[0]": "*" })
        const { jar } = await signIn(base, a.email)
        const ids = (html: string) => [...html.matchAll(/href="\/dashboard\/webhooks\/(we_\w+)"/g)].map((m) => m[1]!)
        const first = await request(base, jar, "/dashboard/webhooks")
        assert.lengthOf(ids(first.text), 25)
        const older = first.text.match(/<a rel="next" href="([^"]+)">Older<\/a>/)![1]!.replace(/&amp;/g, "&")
        const second = ids((await request(base, jar, older)).text)
        assert.isAbove(second.length, 0)
        assert.deepStrictEqual(second.filter((id) => ids(first.text).includes(id)), [])
        assert.include((await request(base, jar, "/dashboard/webhooks?starting_after=we_nope")).text, `role="alert"`)
      })
    }))

  it.effect("another merchant can neither see nor act on an endpoint, by any URL or form", () =>
    Effect.gen(function*() {
      const { a, b, base, server } = yield* setUp
      const hook = yield* Effect.promise(async () =>
        (await api(base, server.keys.test, "POST", "/v1/webhook_endpoints", { url: "https://hooks.shop.example/mine", "enabled_events[0]": "*" })).json)
      const before = yield* secretOf(hook.id)
      yield* Effect.promise(async () => {
        const { csrf, jar } = await signIn(base, b.email)
        assert.notInclude((await request(base, jar, "/dashboard/webhooks")).text, "hooks.shop.example/mine")
        assert.strictEqual((await request(base, jar, `/dashboard/webhooks/${hook.id}`)).status, 404)
        const edit = await request(base, jar, `/dashboard/webhooks/${hook.id}`, form({ csrf, url: "https://evil.example/", enabled_events: ["*"] }))
        assert.include((await request(base, jar, edit.location!)).text, "There is no such object")
        for (const action of ["disable", "roll_secret", "test", "delete"]) {
          const reply = await request(base, jar, `/dashboard/webhooks/${hook.id}/${action}`, form({ csrf, type: "product.created" }))
          assert.strictEqual(reply.status, 303, action)
          assert.include((await request(base, jar, reply.location!)).text, "There is no such object", action)
        }
        const still = (await api(base, server.keys.test, "GET", `/v1/webhook_endpoints/${hook.id}`)).json
        assert.deepStrictEqual([still.status, still.url], ["enabled", "https://hooks.shop.example/mine"])
        assert.strictEqual((await api(base, server.keys.otherTest, "POST", `/v1/webhook_endpoints/${hook.id}/roll_secret`, {})).status, 404)
        assert.strictEqual((await api(base, server.keys.otherTest, "POST", `/v1/webhook_endpoints/${hook.id}/test`, { type: "product.created" })).status, 404)
        // its own endpoint, made with the form, lands in its own account
        await request(base, jar, "/dashboard/webhooks", form({ csrf, url: "https://hooks.other.example/theirs", enabled_events: ["*"] }))
        const mine = await signIn(base, a.email)
        assert.notInclude((await request(base, mine.jar, "/dashboard/webhooks")).text, "hooks.other.example/theirs")
        assert.strictEqual((await request(base, mine.jar, `/dashboard/webhooks/${hook.id}`)).text.match(/class="delivery"/g), null)
      })
      assert.strictEqual(yield* secretOf(hook.id), before)
    }))
})
