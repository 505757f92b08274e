/**
 * The dashboard's audit trail over HTTP: every action a page takes is recorded (who, what, when) and
 * shown on its object's page; a failed action records nothing; another account sees none of them.
 */
import { assert, it as plain, layer } from "@effect/vitest"
import { Accounts, Audit, CheckoutSessions, CreateSessionParams, DashboardAuth, EventLog, hashSecret, IdGenerator, INSTALLATION_SCOPE, Validation, WebhookDeliveries, WebhookDeliveryRepository } from "@till/core"
import { InMemoryAudit, InMemoryDeliveries, InMemoryLinks, InMemoryProcessorLedger, InMemoryRepository, PlainSnapshots, TestPaymentProcessor } from "@till/core/testing"
import { Effect, Layer } from "effect"
import * as SessionPages from "../src/dashboard/SessionPages.ts"
import type { Viewer } from "../src/dashboard/Viewer.ts"
import { accountOfKey, withDashboard } from "../src/testing/DashboardServer.ts"
import { SuiteServer } from "../src/testing/stripe/SuiteServer.ts"
import { api, createSession, form, hidden, PASSWORD, request, signIn } from "./support/DashboardClient.ts"

layer(withDashboard, { excludeTestServices: true, timeout: "60 seconds" })("the dashboard's audit trail", (it) => {
  it.effect("expire, key roll and revoke, resend-failed and user create are recorded and shown; a failed action is not", () =>
    Effect.gen(function*() {
      const server = yield* SuiteServer
      const auth = yield* DashboardAuth
      const audit = yield* Audit
      const base = server.url
      const tag = Math.random().toString(36).slice(2, 8)
      const accountA = yield* accountOfKey(server.keys.test)
      const accountB = yield* accountOfKey(server.keys.otherTest)
      const ana = yield* auth.createUser({ email: `ana-${tag}@shop.example`, password: PASSWORD, role: "merchant", account: accountA })
      const bob = yield* auth.createUser({ email: `bob-${tag}@other.example`, password: PASSWORD, role: "merchant", account: accountB })
      const ops = yield* auth.createUser({ email: `ops-${tag}@till.example`, password: PASSWORD, role: "operator" })
      const spare = (yield* (yield* Accounts).createKey(accountA, false)).secret
      const spareHash = yield* hashSecret(spare)
      const other = (yield* (yield* Accounts).createKey(accountA, false)).secret
      const otherHash = yield* hashSecret(other)

      const session = yield* Effect.promise(async () => {
        const jar = await signIn(base, ana.email)
        const session = await createSession(base, server.keys.test)
        const page = await request(base, jar, `/dashboard/sessions/${session.id}`)
        const csrf = hidden(page.text, "csrf")!
        assert.notInclude(page.text, "Expired by")

        const expired = await request(base, jar, `/dashboard/sessions/${session.id}/expire`, form({ csrf }))
        assert.strictEqual(expired.status, 303)
        const after = await request(base, jar, expired.location!)
        assert.match(after.text, new RegExp(`<li class="audit" data-audit="aud_\\w+" data-action="checkout.session.expire"><strong>Expired by ${ana.email.replace(".", "\\.")} at \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC</strong></li>`))
        // the action sits above the event it caused
        assert.isBelow(after.text.indexOf("Expired by"), after.text.indexOf("checkout.session.expired"))
        // expiring again fails (no longer open): nothing more is recorded
        const again = await request(base, jar, `/dashboard/sessions/${session.id}/expire`, form({ csrf }))
        assert.include((await request(base, jar, again.location!)).text, "no longer open")

        // keys: a roll and a revoke, listed on the keys page with the keys' last four characters
        const rolled = await request(base, jar, "/dashboard/keys/roll", form({ csrf, key: spareHash, expires_in: "3600" }))
        assert.strictEqual(rolled.status, 200)
        await request(base, jar, "/dashboard/keys/revoke", form({ csrf, key: otherHash }))
        // revoking a key that is gone fails: not recorded
        await request(base, jar, "/dashboard/keys/revoke", form({ csrf, key: otherHash }))
        const keys = await request(base, jar, "/dashboard/keys")
        assert.include(keys.text, "Recent actions")
        assert.include(keys.text, `Key rolled by ${ana.email}`)
        assert.include(keys.text, `(…${spare.slice(-4)})`)
        assert.strictEqual(keys.text.split(`Key revoked by ${ana.email}`).length - 1, 1)
        assert.include(keys.text, `(…${other.slice(-4)})`)

        // an endpoint's resend of failed deliveries (none failed: still done, and recorded with its count)
        const hook = await api(base, server.keys.test, "POST", "/v1/webhook_endpoints", { url: "https://hooks.shop.example/till", "enabled_events[0]": "*" })
        const resent = await request(base, jar, `/dashboard/webhooks/${hook.json.id}/resend_failed`, form({ csrf, since: "2020-01-01" }))
        const log = await request(base, jar, resent.location!)
        assert.include(log.text, `Failed deliveries resent by ${ana.email}`)

        // the other merchant sees none of these, on its own pages
        const bobJar = await signIn(base, bob.email)
        assert.notInclude((await request(base, bobJar, "/dashboard/keys")).text, ana.email)
        assert.strictEqual((await request(base, bobJar, `/dashboard/sessions/${session.id}`)).status, 404)

        // an operator creates a user: recorded in that merchant's account
        const opsJar = await signIn(base, ops.email)
        const users = await request(base, opsJar, "/dashboard/users")
        const made = await request(base, opsJar, "/dashboard/users", form({ csrf: hidden(users.text, "csrf")!, email: `new-${tag}@other.example`, role: "merchant", account: accountB, password: PASSWORD }))
        assert.strictEqual(made.status, 303)
        await request(base, opsJar, "/dashboard/users", form({ csrf: hidden(users.text, "csrf")!, email: `ops2-${tag}@till.example`, role: "operator", password: PASSWORD }))
        return session
      })

      const scopeA = { account: accountA, livemode: false }
      const onSession = yield* audit.forObjects(scopeA, [session.id])
      assert.deepStrictEqual(onSession.map((r) => [r.action, r.actor.id, r.actor.email]), [["checkout.session.expire", ana.id, ana.email]])
      const keyRecords = yield* audit.recent(scopeA, { limit: 10, actions: ["api_key.roll", "api_key.revoke"] })
      assert.deepStrictEqual(keyRecords.map((r) => [r.action, r.object_id, r.details?.last4]), [["api_key.revoke", otherHash, other.slice(-4)], ["api_key.roll", spareHash, spare.slice(-4)]])
      assert.strictEqual(keyRecords[1]!.details?.expires_in, 3600)
      const userB = yield* audit.recent({ account: accountB, livemode: false }, { limit: 10, actions: ["dashboard_user.create"] })
      assert.deepStrictEqual(userB.map((r) => [r.actor.email, r.details?.email, r.details?.role]), [[ops.email, `new-${tag}@other.example`, "merchant"]])
      const installation = yield* audit.recent(INSTALLATION_SCOPE, { limit: 50, actions: ["dashboard_user.create"] })
      assert.isTrue(installation.some((r) => r.details?.email === `ops2-${tag}@till.example` && r.actor.id === ops.id))
      assert.deepStrictEqual(yield* audit.forObjects({ account: accountB, livemode: false }, [session.id]), [])
    }))
})

plain.effect("a resend from a page is recorded on its delivery and shown under it on the timeline; one that fails is not", () =>
  Effect.gen(function*() {
    const store = yield* InMemoryDeliveries.make
    const domain = Layer.mergeAll(WebhookDeliveries.layer, Audit.layer).pipe(
      Layer.provideMerge(Layer.mergeAll(CheckoutSessions.layer, EventLog.layer)),
      Layer.provideMerge(Layer.mergeAll(
        InMemoryRepository.layer,
        InMemoryLinks.layer,
        InMemoryAudit.layer,
        TestPaymentProcessor.layer.pipe(Layer.provide(InMemoryProcessorLedger.layer)),
        IdGenerator.layerRandom,
        PlainSnapshots.layer
      )),
      Layer.provideMerge(Layer.succeed(WebhookDeliveryRepository, store.webhookDeliveryRepository))
    )
    yield* Effect.gen(function*() {
      const scope = { account: "acct_1", livemode: false }
      const viewer: Viewer = {
        user: { id: "dusr_ana", email: "ana@shop.example", role: "merchant", account: "acct_1", created: 0 },
        token: "dsess_x",
        csrf: "csrf",
        language: "en",
        livemode: false,
        scope
      }
      const sessions = yield* CheckoutSessions
      const params = yield* Validation.decode(CreateSessionParams)({
        line_items: [{ price_data: { currency: "usd", unit_amount: 1500, product_data: { name: "Teapot" } }, quantity: 1 }]
      })
      const created = yield* sessions.create(scope, params)
      yield* sessions.expire(scope, created.session.id)
      const [event] = (yield* (yield* EventLog).list(scope, {})).data
      yield* store.add({
        account: "acct_1",
        delivery: { id: "whdel_1", object: "webhook_delivery", event: event!.id, webhook_endpoint: "we_gone", status: "failed", attempts: 1, created: event!.created, livemode: false }
      })
      const deliveries = yield* WebhookDeliveries
      const audit = yield* Audit
      assert.deepStrictEqual(yield* SessionPages.resend(deliveries, audit, viewer, "whdel_1"), { done: "resent" })
      assert.deepStrictEqual(yield* SessionPages.resend(deliveries, audit, viewer, "whdel_missing"), { failed: "ResourceMissing" })
      const records = yield* audit.forObjects(scope, ["whdel_1", "whdel_missing"])
      assert.deepStrictEqual(records.map((r) => [r.action, r.object_id, r.actor.email]), [["webhook_delivery.resend", "whdel_1", "ana@shop.example"]])
      const history = yield* deliveries.timelineOf(scope, [created.session.id])
      const html = SessionPages.timeline(viewer, history.entries, records, `/dashboard/sessions/${created.session.id}`)
      const delivery = html.slice(html.indexOf(`data-delivery="whdel_1"`))
      assert.match(delivery, /^data-delivery="whdel_1">[^]*<li class="audit"[^>]*><strong>Delivery resent by ana@shop\.example at /)
    }).pipe(Effect.provide(domain))
  }))
