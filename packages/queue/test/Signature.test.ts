/**
 * The signatures of a delivery while a rolled secret still signs: each scheme's header carries a
 * signature by each secret, and both libraries verify the delivery with either secret (and with no other).
 */
import { assert, describe, it } from "@effect/vitest"
import { Webhook } from "standardwebhooks"
import Stripe from "stripe"
import { signer } from "../src/Signature.ts"

const stripe = new Stripe("sk_test_unused")
const secret = (byte: number) => `whsec_${Buffer.alloc(32, byte).toString("base64")}`
const NEW = secret(1)
const OLD = secret(2)
const OTHER = secret(3)

const verifies = (headers: Record<string, string>, body: string, key: string) => {
  const byStripe = (() => {
    try {
      stripe.webhooks.constructEvent(body, headers["stripe-signature"]!, key)
      return true
    } catch {
      return false
    }
  })()
  const byStandard = (() => {
    try {
      new Webhook(key).verify(body, headers)
      return true
    } catch {
      return false
    }
  })()
  return [byStripe, byStandard]
}

describe("delivery signatures", () => {
  it("one secret: one signature per scheme, verified by that secret only", () => {
    const now = Math.floor(Date.now() / 1000)
    const body = JSON.stringify({ id: "evt_1", object: "event" })
    const headers = signer(NEW)("evt_1", now, body)
    assert.match(headers["stripe-signature"]!, /^t=\d+,v1=[0-9a-f]{64}$/)
    assert.match(headers["webhook-signature"]!, /^v1,[A-Za-z0-9+/=]+$/)
    assert.deepStrictEqual(verifies(headers, body, NEW), [true, true])
    assert.deepStrictEqual(verifies(headers, body, OLD), [false, false])
  })

  it("a new and an old secret: a signature by each in each scheme; either secret verifies, no other does", () => {
    const now = Math.floor(Date.now() / 1000)
    const body = JSON.stringify({ id: "evt_2", object: "event" })
    const headers = signer([NEW, OLD])("evt_2", now, body)
    assert.match(headers["stripe-signature"]!, /^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/)
    assert.match(headers["webhook-signature"]!, /^v1,[A-Za-z0-9+/=]+ v1,[A-Za-z0-9+/=]+$/)
    assert.strictEqual(headers["till-signature"], headers["stripe-signature"])
    assert.deepStrictEqual(verifies(headers, body, NEW), [true, true])
    assert.deepStrictEqual(verifies(headers, body, OLD), [true, true])
    assert.deepStrictEqual(verifies(headers, body, OTHER), [false, false])
  })
})
