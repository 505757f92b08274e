/**
 * Embedded sessions (`ui_mode=embedded_page`): Stripe's rules on where they send the customer, and the
 * account's allowed origins that may frame them (EmbeddedCheckout).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Option, Result, Schema } from "effect"
import { TestClock } from "effect/testing"
import type { Scope } from "../src/CheckoutSession.ts"
import { CheckoutSessions } from "../src/CheckoutSessions.ts"
import { EmbeddedCheckout, originOf, UpdateEmbedSettingsParams } from "../src/EmbeddedCheckout.ts"
import { create } from "../src/SessionMachine.ts"
import { CreateSessionParams } from "../src/SessionParams.ts"
import * as Testing from "../src/testing/index.ts"
import { basicParams, params, T0 } from "./fixtures.ts"

const scope: Scope = { account: "acct_1", livemode: false }
const BACK = "https://shop.example/back?session={CHECKOUT_SESSION_ID}"

/** What creating a session with these params gives: its state, or the refused param and code. */
const made = (extra: Record<string, unknown>) => {
  const decoded = Schema.decodeUnknownExit(CreateSessionParams)({ ...basicParams, ...extra })
  if (Exit.isFailure(decoded)) return { decodeFailed: true as const }
  const result = create({ account: "acct_1", livemode: false, params: decoded.value, id: "cs_test_e", client_secret: "cs_test_e_secret_1", payment_link: null, now: T0 })
  return Result.isSuccess(result) ? { session: result.success.state.session } : { param: result.failure.param, code: result.failure.code, message: result.failure.message }
}

const run = <A, E>(body: Effect.Effect<A, E, CheckoutSessions | EmbeddedCheckout>) =>
  Effect.gen(function*() {
    yield* TestClock.setTime(T0 * 1000)
    return yield* body
  }).pipe(Effect.provide(Testing.layer))

describe("embedded sessions", () => {
  it("take embedded_page (or Stripe's older embedded) with a return_url, and keep redirect_on_completion (always by default)", () => {
    for (const ui_mode of ["embedded_page", "embedded"]) {
      const { session } = made({ ui_mode, return_url: BACK }) as { session: { ui_mode: string; redirect_on_completion: string | null; return_url: string | null } }
      assert.strictEqual(session.ui_mode, "embedded_page")
      assert.strictEqual(session.redirect_on_completion, "always")
      assert.strictEqual(session.return_url, BACK)
    }
    const ifRequired = made({ ui_mode: "embedded_page", return_url: BACK, redirect_on_completion: "if_required" }) as { session: { redirect_on_completion: string } }
    assert.strictEqual(ifRequired.session.redirect_on_completion, "if_required")
    const never = made({ ui_mode: "embedded_page", redirect_on_completion: "never" }) as { session: { redirect_on_completion: string; return_url: string | null } }
    assert.deepStrictEqual([never.session.redirect_on_completion, never.session.return_url], ["never", null])
  })

  it("refuse Stripe's way: success_url and cancel_url, no return_url unless never, a return_url with never", () => {
    const table: ReadonlyArray<[Record<string, unknown>, string, string]> = [
      [{ ui_mode: "embedded_page", return_url: BACK, success_url: "https://shop.example/ok" }, "success_url", "parameter_invalid"],
      [{ ui_mode: "embedded", return_url: BACK, cancel_url: "https://shop.example/cart" }, "cancel_url", "parameter_invalid"],
      [{ ui_mode: "embedded_page" }, "return_url", "parameter_missing"],
      [{ ui_mode: "embedded_page", redirect_on_completion: "if_required" }, "return_url", "parameter_missing"],
      [{ ui_mode: "embedded_page", redirect_on_completion: "never", return_url: BACK }, "return_url", "parameter_invalid"],
      [{ redirect_on_completion: "never" }, "redirect_on_completion", "parameter_invalid"],
      [{ ui_mode: "hosted_page", redirect_on_completion: "if_required" }, "redirect_on_completion", "parameter_invalid"]
    ]
    for (const [extra, param, code] of table) assert.deepInclude(made(extra), { param, code }, JSON.stringify(extra))
  })

  it("hosted sessions read as before: hosted_page, no redirect, and redirect_on_completion=always changes nothing", () => {
    for (const extra of [{}, { ui_mode: "hosted" }, { ui_mode: "hosted_page", redirect_on_completion: "always" }]) {
      const { session } = made(extra) as { session: { ui_mode: string; redirect_on_completion: string | null; after_expiration: unknown; recovered_from: unknown } }
      assert.deepStrictEqual([session.ui_mode, session.redirect_on_completion, session.after_expiration, session.recovered_from], ["hosted_page", null, null, null])
    }
  })

  it("ui_mode: Stripe's Elements values are unsupported, anything else invalid", () => {
    for (const ui_mode of ["elements", "custom", "form"]) {
      const e = Schema.decodeUnknownExit(CreateSessionParams)({ ...basicParams, ui_mode })
      assert.isTrue(Exit.isFailure(e), ui_mode)
      assert.include(String(Exit.isFailure(e) ? e.cause : ""), "Elements", ui_mode)
    }
    assert.isTrue(Exit.isFailure(Schema.decodeUnknownExit(CreateSessionParams)({ ...basicParams, ui_mode: "popup" })))
  })
})

describe("allowed origins", () => {
  it("are scheme, host and port only, lowercase and without a default port; live mode takes https only", () => {
    const ok: ReadonlyArray<[string, boolean, string]> = [
      ["https://shop.example", true, "https://shop.example"],
      ["https://Shop.Example/", true, "https://shop.example"],
      ["https://shop.example:443", true, "https://shop.example"],
      ["https://shop.example:8443", true, "https://shop.example:8443"],
      ["http://localhost:3000", false, "http://localhost:3000"],
      ["http://127.0.0.1:5501", false, "http://127.0.0.1:5501"]
    ]
    for (const [given, livemode, origin] of ok) assert.deepStrictEqual(originOf(given, livemode), { origin }, given)
    const bad: ReadonlyArray<[string, boolean]> = [
      ["http://shop.example", true],
      ["https://shop.example/checkout", false],
      ["https://shop.example?x=1", false],
      ["https://shop.example/#top", false],
      ["https://user:pw@shop.example", false],
      ["ftp://shop.example", false],
      ["javascript:alert(1)", false],
      ["shop.example", false],
      ["*", false],
      ["https://*.shop.example", false],
      ["https://shop.example; script-src *", false]
    ]
    for (const [given, livemode] of bad) assert.property(originOf(given, livemode), "problem", given)
  })

  it.effect("are none until set; set per mode; checked and deduplicated; cleared by an empty list", () =>
    run(Effect.gen(function*() {
      const embedding = yield* EmbeddedCheckout
      const decode = Schema.decodeUnknownSync(UpdateEmbedSettingsParams)
      assert.deepStrictEqual(yield* embedding.settings(scope), { livemode: false, allowed_origins: [], updated: null })
      const set = yield* embedding.update(scope, decode({ allowed_origins: ["https://shop.example/", "http://localhost:3000", "https://SHOP.example"] }))
      assert.deepStrictEqual(set, { livemode: false, allowed_origins: ["https://shop.example", "http://localhost:3000"], updated: T0 })
      assert.deepStrictEqual(yield* embedding.settings(scope), set)
      assert.deepStrictEqual((yield* embedding.settings({ ...scope, livemode: true })).allowed_origins, [])
      assert.deepStrictEqual((yield* embedding.settings({ account: "acct_2", livemode: false })).allowed_origins, [])
      const refused = yield* Effect.flip(embedding.update({ ...scope, livemode: true }, decode({ allowed_origins: ["https://shop.example", "http://localhost:3000"] })))
      assert.deepInclude(refused, { code: "parameter_invalid", param: "allowed_origins[1]" })
      // nothing given changes nothing; "" clears
      assert.deepStrictEqual(yield* embedding.update(scope, decode({})), set)
      assert.deepStrictEqual((yield* embedding.update(scope, decode({ allowed_origins: "" }))).allowed_origins, [])
      assert.isTrue(Exit.isFailure(Schema.decodeUnknownExit(UpdateEmbedSettingsParams)({ allowed_origins: Array.from({ length: 21 }, (_, i) => `https://s${i}.example`) })))
    })))

  it.effect("frame an embedded session, in its account and mode; nothing frames a hosted one or an unknown id", () =>
    run(Effect.gen(function*() {
      const embedding = yield* EmbeddedCheckout
      const sessions = yield* CheckoutSessions
      const embedded = yield* sessions.create(scope, params({ ...basicParams, ui_mode: "embedded_page", return_url: BACK }))
      const hosted = yield* sessions.create(scope, params(basicParams))
      const live = yield* sessions.create({ ...scope, livemode: true }, params({ ...basicParams, ui_mode: "embedded_page", redirect_on_completion: "never" }))
      assert.deepStrictEqual(yield* embedding.framePolicy(embedded.session.id), Option.some({ ui_mode: "embedded_page" as const, frame_ancestors: [] }))
      yield* embedding.update(scope, Schema.decodeUnknownSync(UpdateEmbedSettingsParams)({ allowed_origins: ["https://shop.example"] }))
      assert.deepStrictEqual(yield* embedding.framePolicy(embedded.session.id), Option.some({ ui_mode: "embedded_page" as const, frame_ancestors: ["https://shop.example"] }))
      assert.deepStrictEqual(yield* embedding.framePolicy(live.session.id), Option.some({ ui_mode: "embedded_page" as const, frame_ancestors: [] }))
      assert.deepStrictEqual(yield* embedding.framePolicy(hosted.session.id), Option.some({ ui_mode: "hosted_page" as const, frame_ancestors: [] }))
      assert.isTrue(Option.isNone(yield* embedding.framePolicy("cs_test_nope")))
    })))
})
