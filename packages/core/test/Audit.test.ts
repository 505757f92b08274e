import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import { Audit, boundDetails, dashboardActor } from "../src/Audit.ts"
import { ValidationError } from "../src/Errors.ts"
import * as Testing from "../src/testing/index.ts"

const ana = dashboardActor({ id: "dusr_1", email: "ana@shop.example" })
const scope = { account: "acct_1", livemode: false }

describe("Audit", () => {
  it.effect("records an action that succeeded, with who, what, which object and when; none for one that failed", () =>
    Effect.gen(function*() {
      const audit = yield* Audit
      yield* TestClock.setTime(1_700_000_000_000)
      const answer = yield* audit.recorded(scope, ana, "checkout.session.expire", "cs_test_1", Effect.succeed(42), (n) => ({ answer: n }))
      assert.strictEqual(answer, 42)
      const failed = yield* Effect.flip(
        audit.recorded(scope, ana, "checkout.session.expire", "cs_test_2", Effect.fail(new ValidationError({ code: "x", message: "no", param: "p" })))
      )
      assert.strictEqual(failed._tag, "ValidationError")
      yield* TestClock.adjust("1 minute")
      yield* audit.record(scope, ana, "webhook_delivery.resend", "whdel_1")

      const [record] = yield* audit.forObjects(scope, ["cs_test_1"])
      assert.match(record!.id, /^aud_/)
      assert.deepStrictEqual({ ...record!, id: "" }, {
        id: "",
        object: "audit_record",
        account: "acct_1",
        livemode: false,
        actor: { type: "dashboard_user", id: "dusr_1", email: "ana@shop.example" },
        action: "checkout.session.expire",
        object_id: "cs_test_1",
        details: { answer: 42 },
        created: 1_700_000_000
      })
      assert.deepStrictEqual(yield* audit.forObjects(scope, ["cs_test_2"]), [])
      assert.deepStrictEqual((yield* audit.forObjects(scope, ["cs_test_1", "whdel_1"])).map((r) => r.action), ["webhook_delivery.resend", "checkout.session.expire"])
      assert.deepStrictEqual(yield* audit.forObjects({ account: "acct_2", livemode: false }, ["cs_test_1"]), [])
      assert.deepStrictEqual(yield* audit.forObjects({ account: "acct_1", livemode: true }, ["cs_test_1"]), [])
      assert.deepStrictEqual((yield* audit.recent(scope, { limit: 5, actions: ["webhook_delivery.resend"] })).map((r) => r.object_id), ["whdel_1"])
    }).pipe(Effect.provide(Testing.layer)))

  it("bounds details: at most 16 entries, texts cut at 255 characters, none when empty", () => {
    assert.isNull(boundDetails(undefined))
    assert.isNull(boundDetails({}))
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, "x".repeat(300)]))
    const bounded = boundDetails(many)!
    assert.strictEqual(Object.keys(bounded).length, 16)
    assert.strictEqual((bounded.k0 as string).length, 255)
  })
})
