/**
 * A deferred connector (deferredConnector): its name, settings and page component are there at once;
 * its implementation is loaded by the first call, once, and a load that failed is tried again.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Redacted } from "effect"
import { type ConnectorConfig, type ConnectorDescriptor, deferredConnector, type ProcessorConnector } from "../src/ports/ProcessorConnector.ts"

const config: ConnectorConfig = { processor: "acme", account: "acct_1", livemode: true, credentials: { key: Redacted.make("k") }, options: {} }

const descriptor: ConnectorDescriptor = {
  name: "acme",
  credentialNames: ["key"],
  requiredOptions: ["region"],
  clientComponent: () => ({ processor: "acme", script: "acme.js", stylesheet: null, config: {} })
}

// every call answers which call it was, so a test sees the loaded implementation answer
const implementation: ProcessorConnector = {
  ...descriptor,
  authorize: () => Effect.succeed({ _tag: "Rejected", param: "authorize", code: "c", message: "m" }),
  retrieve: () => Effect.succeed({ _tag: "NotFound" }),
  completeAction: () => Effect.succeed({ _tag: "Rejected", param: "completeAction", code: "c", message: "m" }),
  settle: () => Effect.die("settle"),
  refund: () => Effect.die("refund"),
  retrieveRefund: () => Effect.succeed({ _tag: "NotFound" }),
  parseNotification: () => Effect.succeed({ notifications: [], reply: { contentType: "text/plain", body: "parsed" } })
}

describe("a deferred connector", () => {
  it.effect("shows its descriptor without loading, and loads once, at the first call", () =>
    Effect.gen(function*() {
      let loads = 0
      const connector = deferredConnector(descriptor, async () => {
        loads++
        return implementation
      })
      assert.deepStrictEqual([connector.name, connector.credentialNames, connector.requiredOptions], ["acme", ["key"], ["region"]])
      assert.strictEqual(connector.clientComponent(config)?.script, "acme.js")
      assert.strictEqual(loads, 0)
      const authorized = yield* connector.authorize(config, {} as never)
      assert.deepStrictEqual(authorized, { _tag: "Rejected", param: "authorize", code: "c", message: "m" })
      assert.deepStrictEqual(yield* connector.completeAction(config, {} as never), { _tag: "Rejected", param: "completeAction", code: "c", message: "m" })
      assert.deepStrictEqual(yield* connector.retrieve(config, {} as never), { _tag: "NotFound" })
      assert.deepStrictEqual(yield* connector.retrieveRefund(config, {} as never), { _tag: "NotFound" })
      assert.strictEqual((yield* connector.parseNotification(config, { headers: {}, body: "" })).reply.body, "parsed")
      assert.isTrue(Exit.hasDies(yield* Effect.exit(connector.settle(config, {} as never))))
      assert.strictEqual(loads, 1)
    }))

  it.effect("a failed load is a defect, and the next call loads again", () =>
    Effect.gen(function*() {
      let loads = 0
      const connector = deferredConnector(descriptor, async () => {
        loads++
        if (loads === 1) throw new Error("module not found")
        return implementation
      })
      const first = yield* Effect.exit(connector.retrieve(config, {} as never))
      assert.isTrue(Exit.hasDies(first))
      assert.deepStrictEqual(yield* connector.retrieve(config, {} as never), { _tag: "NotFound" })
      assert.strictEqual(loads, 2)
    }))
})
