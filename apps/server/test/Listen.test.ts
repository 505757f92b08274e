/**
 * `till listen` and `till trigger` as real processes against a real server, embedded (PGlite) and
 * PostgreSQL: a triggered `checkout.session.completed` reaches a local receiver verified by
 * `stripe.webhooks.constructEvent` and Standard Webhooks; a listener killed and restarted with its
 * state file, and a listener whose server restarts under it, miss nothing and repeat nothing.
 */
import { assert, describe, it } from "@effect/vitest"
import { freshPostgresUrl, hasPostgres } from "@till/postgres/testing"
import { Receiver } from "@till/queue/testing"
import { Effect } from "effect"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { freePort, freshDataDir, printChildrenOnFailure, runTill, START_MS, startTill, stopTill, type Till, upOrKilled } from "./support.ts"

const KEY = "sk_test_listentrigger1"
const BUDGET = 8 * START_MS
const PATH = "/webhook"

const serve = (env: Record<string, string>, port: number) => {
  const till = startTill(["serve"], { ...env, TILL_SECRET_KEY: KEY, PORT: String(port) })
  return upOrKilled(till, "listening", () => till.output.stdout.includes("listening"))
}

const api = (port: number) => ({ TILL_API_BASE: `http://127.0.0.1:${port}`, TILL_API_KEY: KEY })

/** Starts `till listen` forwarding to the receiver; answers once it is ready, having registered its secret. */
const listen = async (port: number, receiver: Receiver.Receiver, stateFile: string): Promise<Till> => {
  const till = startTill(["listen", "--forward-to", `${receiver.url}${PATH}`, "--state-file", stateFile], api(port))
  await upOrKilled(till, "the listener ready", () => /signing secret is whsec_\S+/.test(till.output.stdout))
  receiver.secrets.set(PATH, till.output.stdout.match(/signing secret is (whsec_\S+)/)![1]!)
  return till
}

const trigger = async (port: number, type: string) => {
  const result = await runTill(["trigger", type], api(port))
  assert.strictEqual(result.code, 0, result.stderr)
  return result.stdout
}

/** Every event of the account, oldest first. */
const allEvents = async (port: number): Promise<Array<{ id: string; type: string }>> => {
  const events: Array<{ id: string; type: string }> = []
  let after: string | undefined
  for (;;) {
    const query = new URLSearchParams({ limit: "100", ...(after === undefined ? {} : { starting_after: after }) })
    const page = await (await fetch(`http://127.0.0.1:${port}/v1/events?${query}`, { headers: { authorization: `Bearer ${KEY}` } })).json() as any
    events.push(...page.data)
    if (!page.has_more) return events.reverse()
    after = page.data.at(-1).id
  }
}

/** Times each event id reached the receiver with both signatures verified. */
const verifiedCounts = (receiver: Receiver.Receiver) => {
  const counts = new Map<string, number>()
  for (const r of receiver.received) {
    assert.isTrue(r.stripeVerified && r.standardVerified, `the forwarded ${r.event.type} is verified by both libraries`)
    counts.set(r.event.id, (counts.get(r.event.id) ?? 0) + 1)
  }
  return counts
}

const scenario = async (env: Record<string, string>) => {
    const receiver = await Receiver.start()
    const port = await freePort()
    const stateFile = join(mkdtempSync(join(tmpdir(), "till-listen-")), "listener.json")
    let server = await serve(env, port)
    let listener: Till | undefined
    try {
      listener = await listen(port, receiver, stateFile)
      const firstSecret = receiver.secrets.get(PATH)

      // a trigger's event reaches the receiver, signed, and the listener prints its line
      const triggered = await trigger(port, "checkout.session.completed")
      const sessionId = triggered.match(/cs_test_\w+/)![0]
      await receiver.until("the completed session", (rs) => rs.some((r) => r.event.type === "checkout.session.completed"), START_MS)
      const completed = receiver.received.find((r) => r.event.type === "checkout.session.completed")!
      assert.strictEqual((completed.event as any).data.object.id, sessionId)
      const done = listener
      await upOrKilled(done, "the printed line", () => /--> checkout\.session\.completed \[evt_\w+\]\s+<-- \[200\] POST/.test(done.output.stdout))

      // the listener is killed; what happens meanwhile is forwarded by its successor, which keeps the secret
      listener.child.kill("SIGKILL")
      await listener.exited
      await trigger(port, "checkout.session.expired")
      listener = await listen(port, receiver, stateFile)
      assert.strictEqual(receiver.secrets.get(PATH), firstSecret)
      await receiver.until("the expired session", (rs) => rs.some((r) => r.event.type === "checkout.session.expired"), START_MS)

      // the server restarts under the listener, which reconnects and resumes past the last event it saw
      await stopTill(server)
      server = await serve(env, port)
      await trigger(port, "payment_intent.canceled")
      await receiver.until("the canceled payment intent", (rs) => rs.some((r) => r.event.type === "payment_intent.canceled"), START_MS)
      const resumed = listener
      await upOrKilled(resumed, "the reconnection", () => resumed.output.stdout.includes("Reconnected, resuming after evt_"))

      // every event of the account was forwarded, verified, exactly once
      const events = await allEvents(port)
      const counts = verifiedCounts(receiver)
      assert.deepStrictEqual([...counts.keys()].sort(), events.map((e) => e.id).sort())
      for (const [id, n] of counts) assert.strictEqual(n, 1, `${id} forwarded once`)
      assert.includeMembers(events.map((e) => e.type), [
        "checkout.session.completed",
        "payment_intent.succeeded",
        "checkout.session.expired",
        "payment_intent.amount_capturable_updated",
        "payment_intent.canceled"
      ])
    } finally {
      if (listener !== undefined) await stopTill(listener)
      await stopTill(server)
      await receiver.close()
    }
}

describe("till listen and till trigger", () => {
  printChildrenOnFailure()

  it("PGlite: a triggered event reaches the local URL verified, across a listener's and a server's restart, once", { timeout: BUDGET }, () =>
    scenario({ TILL_DATA_DIR: freshDataDir() }))

  describe.runIf(hasPostgres)("PostgreSQL", () => {
    it("a triggered event reaches the local URL verified, across a listener's and a server's restart, once", { timeout: BUDGET }, () =>
      Effect.runPromise(Effect.scoped(Effect.flatMap(freshPostgresUrl, (url) => Effect.promise(() => scenario({ DATABASE_URL: url }))))))
  })

  it("refuses a bad key at once, in one line", { timeout: START_MS }, async () => {
    const port = await freePort()
    const server = await serve({ TILL_DATA_DIR: freshDataDir() }, port)
    try {
      const result = await runTill(["listen", "--forward-to", "http://127.0.0.1:1/hook"], { ...api(port), TILL_API_KEY: "sk_test_notakey123" })
      assert.strictEqual(result.code, 1)
      assert.match(result.stderr.trim(), /^http:\/\/127\.0\.0\.1:\d+ refused the event stream \(401\): Invalid API Key provided: sk_test_\*+/)
      const unknown = await runTill(["trigger", "charge.refunded"], api(port))
      assert.strictEqual(unknown.code, 1)
      assert.strictEqual(unknown.stderr.trim().split("\n").length, 1)
      assert.include(unknown.stderr, "till trigger cannot cause charge.refunded; it can cause: checkout.session.completed")
    } finally {
      await stopTill(server)
    }
  })
})
