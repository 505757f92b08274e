/**
 * `GET /v1/events/stream` on the in-memory server: the account's events as Server-Sent Events from the
 * moment it answers, resumed just past `Last-Event-ID`, filtered by `types`; refusals are Stripe errors.
 */
import { assert, layer } from "@effect/vitest"
import { Effect } from "effect"
import { SuiteServer } from "../src/testing/stripe/SuiteServer.ts"
import { bearer, FORM, send } from "../src/testing/Fetch.ts"
import { inMemory } from "../src/testing/TestServer.ts"

interface Message {
  readonly id: string
  readonly event: string
  readonly data: any
}

/** Opens the stream and reads until `count` messages came (or `ms` passed); closes it. */
const read = (url: string, key: string, count: number, headers: Record<string, string> = {}, ms = 10_000) =>
  Effect.promise(async () => {
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(), ms)
    const response = await fetch(url, { headers: { ...bearer(key), ...headers }, signal: controller.signal })
    const messages: Array<Message> = []
    let opened: () => void = () => undefined
    const ready = new Promise<void>((resolve) => (opened = resolve))
    const done = (async () => {
      let buffer = ""
      try {
        for await (const chunk of response.body!) {
          buffer += new TextDecoder().decode(chunk)
          if (buffer.includes(": connected")) opened()
          let end: number
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end)
            buffer = buffer.slice(end + 2)
            const field = (name: string) => block.split("\n").find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2)
            if (field("data") !== undefined) messages.push({ id: field("id")!, event: field("event")!, data: JSON.parse(field("data")!) })
            if (messages.length >= count) controller.abort()
          }
        }
      } catch {
        // aborted: enough read, or the time is up
      } finally {
        clearTimeout(timer)
        opened()
      }
    })()
    return { status: response.status, contentType: response.headers.get("content-type"), ready, done: done.then(() => messages) }
  })

layer(inMemory, { excludeTestServices: true, timeout: "60 seconds" })("the event stream", (it) => {
  it.effect("sends what happens after it answers, resumes past Last-Event-ID, keeps the asked types", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      const api = (path: string, body: string) => send(`${url}${path}`, { method: "POST", headers: { ...bearer(keys.test), ...FORM }, body })
      const paid = () =>
        Effect.gen(function*() {
          const session = yield* api("/v1/checkout/sessions", "amount=1500&currency=usd")
          yield* api(`/v1/checkout/sessions/${session.json.id}/payments`, "payment_method=pm_card_visa")
          return session.json.id as string
        })
      yield* paid() // before the stream: not sent
      const stream = yield* read(`${url}/v1/events/stream`, keys.test, 2)
      assert.strictEqual(stream.status, 200)
      assert.match(stream.contentType ?? "", /^text\/event-stream/)
      yield* Effect.promise(() => stream.ready)
      const id = yield* paid()
      const messages = yield* Effect.promise(() => stream.done)
      assert.deepStrictEqual(messages.map((m) => m.event), ["payment_intent.succeeded", "checkout.session.completed"])
      assert.strictEqual(messages[1]!.data.data.object.id, id)
      assert.strictEqual(messages[1]!.id, messages[1]!.data.id)

      // from just past the first: the second, then what comes next; `types` keeps only those
      const resumed = yield* read(`${url}/v1/events/stream`, keys.test, 1, { "last-event-id": messages[0]!.id })
      assert.deepStrictEqual((yield* Effect.promise(() => resumed.done)).map((m) => m.id), [messages[1]!.id])
      const typed = yield* read(`${url}/v1/events/stream?types=checkout.session.expired`, keys.test, 1)
      yield* Effect.promise(() => typed.ready)
      const other = yield* api("/v1/checkout/sessions", "amount=1500&currency=usd")
      yield* paid()
      yield* api(`/v1/checkout/sessions/${other.json.id}/expire`, "")
      const expired = yield* Effect.promise(() => typed.done)
      assert.deepStrictEqual(expired.map((m) => [m.event, m.data.data.object.id]), [["checkout.session.expired", other.json.id]])
    }))

  it.effect("refuses a missing key, an unknown type and an unknown Last-Event-ID as Stripe errors", () =>
    Effect.gen(function*() {
      const { keys, url } = yield* SuiteServer
      const none = yield* send(`${url}/v1/events/stream`)
      assert.strictEqual(none.status, 401)
      const badType = yield* send(`${url}/v1/events/stream?types=checkout.session.completed,charge.nope`, { headers: bearer(keys.test) })
      assert.strictEqual(badType.status, 400)
      assert.strictEqual(badType.json.error.param, "types[1]")
      const badAfter = yield* send(`${url}/v1/events/stream`, { headers: { ...bearer(keys.test), "last-event-id": "evt_none" } })
      assert.strictEqual(badAfter.status, 404)
      assert.strictEqual(badAfter.json.error.param, "after")
    }))
})
