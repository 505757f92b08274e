import { assert, describe, it } from "@effect/vitest"
import type { Event, SessionState } from "@till/core"
import * as Wire from "../src/Wire.ts"

const state = {
  account: "acct_1",
  version: 1,
  session: { id: "cs_test_1", object: "checkout.session", payment_intent: "pi_1" },
  line_items: [{ id: "li_1", object: "item" }],
  payment_intent: { id: "pi_1", object: "payment_intent", status: "succeeded" },
  attempt: null
} as unknown as SessionState

describe("Wire", () => {
  it("reads expand[] for a session and for a list's data", () => {
    assert.deepStrictEqual(Wire.expansionOf(undefined), Wire.noExpansion)
    assert.deepStrictEqual(Wire.expansionOf(["line_items"]), { line_items: true, payment_intent: false })
    assert.deepStrictEqual(Wire.expansionOf(["data.payment_intent"], "data."), { line_items: false, payment_intent: true })
    assert.deepStrictEqual(Wire.expansionOf(["payment_intent"], "data."), Wire.noExpansion)
  })

  it("embeds line items as a list and the payment intent as an object only when asked", () => {
    assert.strictEqual(Wire.session(state), state.session)
    const both = Wire.session(state, { line_items: true, payment_intent: true })
    assert.deepStrictEqual(both.line_items, { object: "list", url: "/v1/checkout/sessions/cs_test_1/line_items", has_more: false, data: state.line_items })
    assert.strictEqual((both.payment_intent as { status: string }).status, "succeeded")
    assert.deepStrictEqual(Object.keys(Wire.session(state, { line_items: false, payment_intent: true })).includes("line_items"), false)
  })

  it("keeps the payment intent an id when there is none to embed", () => {
    const unpaid = { ...state, session: { ...state.session, payment_intent: null }, payment_intent: null } as unknown as SessionState
    assert.isNull(Wire.session(unpaid, { line_items: false, payment_intent: true }).payment_intent)
  })

  it("wraps a page in the list envelope and leaves the account off events", () => {
    assert.deepStrictEqual(Wire.list("/v1/x", { data: [1, 2], has_more: true }, (n) => n * 10), { object: "list", url: "/v1/x", has_more: true, data: [10, 20] })
    const event = { id: "evt_1", object: "event", account: "acct_1", type: "checkout.session.completed" } as unknown as Event
    assert.deepStrictEqual(Wire.event(event) as unknown, { id: "evt_1", object: "event", type: "checkout.session.completed" })
  })
})
