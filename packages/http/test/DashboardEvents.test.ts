/**
 * The events pages over HTTP: the list (newest first, keyset-paged, by type or family and by object),
 * an event's page (its JSON escaped, its deliveries), and isolation between accounts.
 */
import { assert, layer } from "@effect/vitest"
import { Effect } from "effect"
import { withDashboard } from "../src/testing/DashboardServer.ts"
import { api, createSession, request, signIn, twoMerchants } from "./support/DashboardClient.ts"

layer(withDashboard, { excludeTestServices: true, timeout: "60 seconds" })("the events pages", (it) => {
  it.effect("lists the account's events newest first, 25 a page, by type, family and object; an event's page shows its JSON escaped; never another account's", () =>
    Effect.gen(function*() {
      const { server, base, tag, ana, bob } = yield* twoMerchants
      yield* Effect.promise(async () => {
        // 27 expired sessions: 27 checkout.session.expired events, one with markup in its metadata
        const expired: Array<string> = []
        for (let i = 0; i < 27; i++) {
          const s = await createSession(base, server.keys.test, i === 0 ? { "metadata[note]": `<script>alert(1)</script>&${tag}` } : {})
          assert.strictEqual((await api(base, server.keys.test, "POST", `/v1/checkout/sessions/${s.id}/expire`, {})).status, 200)
          expired.push(s.id)
        }
        const theirs = await createSession(base, server.keys.otherTest)
        await api(base, server.keys.otherTest, "POST", `/v1/checkout/sessions/${theirs.id}/expire`, {})
        const all = (await api(base, server.keys.test, "GET", `/v1/events?limit=100&type=checkout.session.expired`)).json.data as Array<{ id: string; data: { object: { id: string } } }>
        const eventOf = (sessionId: string) => all.find((e) => e.data.object.id === sessionId)!.id
        const theirEvent = (await api(base, server.keys.otherTest, "GET", `/v1/events?limit=1`)).json.data[0].id as string

        const jar = await signIn(base, ana.email)
        const first = await request(base, jar, "/dashboard/events")
        assert.strictEqual(first.status, 200)
        assert.include(first.text, `href="/dashboard/events" aria-current="page"`)
        const idsOn = (html: string) => [...html.matchAll(/href="\/dashboard\/events\/(evt_\w+)"/g)].map((m) => m[1]!)
        const page1 = idsOn(first.text)
        assert.strictEqual(page1.length, 25)
        assert.strictEqual(page1[0], eventOf(expired[26]!))
        assert.notInclude(first.text, theirEvent)
        // the object links to its session's page
        assert.include(first.text, `href="/dashboard/sessions/${expired[26]}"`)

        const older = first.text.match(/rel="next" href="([^"]+)"/)![1]!.replace(/&amp;/g, "&")
        const second = await request(base, jar, older)
        const page2 = idsOn(second.text)
        assert.includeMembers(page2, [eventOf(expired[1]!), eventOf(expired[0]!)])
        assert.isEmpty(page2.filter((id) => page1.includes(id)))
        const newer = second.text.match(/rel="prev" href="([^"]+)"/)![1]!.replace(/&amp;/g, "&")
        assert.deepStrictEqual(idsOn((await request(base, jar, newer)).text), page1)

        // by type, by family, by object
        assert.strictEqual(idsOn((await request(base, jar, "/dashboard/events?type=checkout.session.completed")).text).length, 0)
        assert.strictEqual(idsOn((await request(base, jar, "/dashboard/events?type=checkout.session.*")).text).length, 25)
        assert.deepStrictEqual(idsOn((await request(base, jar, `/dashboard/events?object=${expired[3]}`)).text), [eventOf(expired[3]!)])
        assert.deepStrictEqual(idsOn((await request(base, jar, `/dashboard/events?object=${theirs.id}`)).text), [])
        const bad = await request(base, jar, "/dashboard/events?type=no.such.type")
        assert.strictEqual(bad.status, 200)
        assert.match(bad.text, /class="alert" role="alert">[^<]*type/)

        // the event's page: its JSON escaped, its object linked, no deliveries (no endpoint)
        const page = await request(base, jar, `/dashboard/events/${eventOf(expired[0]!)}`)
        assert.strictEqual(page.status, 200)
        assert.include(page.text, "checkout.session.expired")
        assert.include(page.text, `&lt;script&gt;alert(1)&lt;/script&gt;&amp;${tag}`)
        assert.notInclude(page.text, "<script>alert(1)")
        assert.include(page.text, `&quot;object&quot;: &quot;event&quot;`)
        assert.notInclude(page.text, "&quot;account&quot;")
        assert.include(page.text, "This event went to no endpoint.")
        assert.include(page.text, `href="/dashboard/events?object=${expired[0]}"`)

        // another account's event: not found, by any URL
        assert.strictEqual((await request(base, jar, `/dashboard/events/${theirEvent}`)).status, 404)
        const bobJar = await signIn(base, bob.email)
        assert.deepStrictEqual(idsOn((await request(base, bobJar, "/dashboard/events")).text), [theirEvent])
        assert.strictEqual((await request(base, bobJar, `/dashboard/events/${eventOf(expired[0]!)}`)).status, 404)

        // Spanish
        const spanish = (await request(base, jar, "/dashboard/events", { headers: { "accept-language": "es" } })).text
        assert.include(spanish, `aria-label="Filtrar eventos"`)
        assert.include(spanish, "Un tipo, o una familia como checkout.session.*")
      })
    }))
})
