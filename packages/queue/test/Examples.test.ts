/**
 * The receivers docs/webhooks.md shows (test/examples), run against signed deliveries: each accepts
 * Till's signature, hands an event over once however often it arrives, and refuses a tampered body.
 */
import { assert, describe, it } from "@effect/vitest"
import { webhookSecret } from "@till/core"
import { Effect } from "effect"
import { randomBytes } from "node:crypto"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { post } from "../src/Delivery.ts"
import * as GuardedAgent from "../src/GuardedAgent.ts"
import { headers } from "../src/Signature.ts"
import * as FakeDns from "../src/testing/FakeDns.ts"
import { standardReceiver } from "./examples/StandardReceiver.ts"
import { stripeReceiver } from "./examples/StripeReceiver.ts"

const serve = (listener: (req: IncomingMessage, res: ServerResponse) => Promise<void>) =>
  Effect.acquireRelease(
    Effect.promise(async () => {
      const server = createServer((req, res) => void listener(req, res))
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
      return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` }
    }),
    ({ server }) => Effect.promise(() => new Promise<void>((resolve) => server.close(() => resolve())))
  )

const event = {
  id: "evt_example",
  object: "event",
  api_version: "2026-11-01.till",
  created: Math.floor(Date.now() / 1000),
  type: "checkout.session.completed",
  livemode: false,
  data: { object: { id: "cs_test_example", object: "checkout.session", status: "complete" } },
  request: { id: null, idempotency_key: null },
  pending_webhooks: 1
}

const exercise = (make: (secret: string, fulfil: (e: { id: string; type: string }) => Promise<void>) => (req: IncomingMessage, res: ServerResponse) => Promise<void>) =>
  Effect.scoped(Effect.gen(function*() {
    const secret = webhookSecret(randomBytes(32))
    const fulfilled: Array<string> = []
    const { url } = yield* serve(make(secret, async (e) => void fulfilled.push(`${e.type} ${e.id}`)))
    // the receiver is on loopback, which test mode may reach
    const agent = yield* Effect.acquireRelease(Effect.sync(() => GuardedAgent.make(FakeDns.make().resolve, true)), (a) => Effect.promise(() => a.close()))
    const body = JSON.stringify(event)
    const now = Math.floor(Date.now() / 1000)
    const first = yield* post(url, headers(secret, event.id, now, body), body, 5_000, agent)
    const again = yield* post(url, headers(secret, event.id, now + 1, body), body, 5_000, agent)
    assert.deepStrictEqual([first.status_code, again.status_code], [200, 200])
    assert.deepStrictEqual(fulfilled, ["checkout.session.completed evt_example"])

    const tampered = yield* post(url, headers(secret, event.id, now, body), body.replace("1", "2"), 5_000, agent)
    const otherSecret = yield* post(url, headers(webhookSecret(randomBytes(32)), event.id, now, body), body, 5_000, agent)
    const stale = yield* post(url, headers(secret, event.id, now - 3600, body), body, 5_000, agent)
    assert.deepStrictEqual([tampered.status_code, otherSecret.status_code, stale.status_code], [400, 400, 400])
    assert.lengthOf(fulfilled, 1)
  }))

describe("the receivers in docs/webhooks.md", () => {
  it.live("Stripe's constructEvent on Stripe-Signature", () => exercise(stripeReceiver))
  it.live("standardwebhooks on webhook-id, webhook-timestamp and webhook-signature", () => exercise(standardReceiver))
})
