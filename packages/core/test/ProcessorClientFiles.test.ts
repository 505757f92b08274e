/**
 * What the hosted page learns of a session before its client secret (CheckoutSessions.pageOf: locale,
 * scope, open), and the connectors' client files in one table (clientFilesOf).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Option } from "effect"
import { TestClock } from "effect/testing"
import type { Scope } from "../src/CheckoutSession.ts"
import { CheckoutSessions } from "../src/CheckoutSessions.ts"
import { type ClientFile, clientFilesOf, type ProcessorConnector } from "../src/ports/ProcessorConnector.ts"
import * as Testing from "../src/testing/index.ts"
import { basicParams, params, T0 } from "./fixtures.ts"

const scope: Scope = { account: "acct_1", livemode: true }

const connector = (name: string, files?: Record<string, Effect.Effect<ClientFile>>): ProcessorConnector => ({
  name,
  credentialNames: [],
  requiredOptions: [],
  authorize: () => Effect.die("unused"),
  retrieve: () => Effect.die("unused"),
  completeAction: () => Effect.die("unused"),
  settle: () => Effect.die("unused"),
  refund: () => Effect.die("unused"),
  retrieveRefund: () => Effect.die("unused"),
  parseNotification: () => Effect.die("unused"),
  clientComponent: () => null,
  ...(files === undefined ? {} : { clientFiles: files })
})

describe("the page's view of a session", () => {
  it.effect("is its locale, scope and whether it is open; none for an unknown id", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(T0 * 1000)
      const sessions = yield* CheckoutSessions
      const made = yield* sessions.create(scope, params({ ...basicParams, locale: "es" }))
      assert.deepStrictEqual(yield* sessions.pageOf(made.session.id), Option.some({ locale: "es", scope, open: true }))
      yield* sessions.expire(scope, made.session.id)
      assert.deepStrictEqual(yield* sessions.pageOf(made.session.id), Option.some({ locale: "es", scope, open: false }))
      assert.isTrue(Option.isNone(yield* sessions.pageOf("cs_live_unknown")))
    }).pipe(Effect.provide(Testing.layer)))
})

describe("clientFilesOf", () => {
  it("gathers every connector's files, and refuses a name two connectors use", () => {
    const js = Effect.succeed({ contentType: "text/javascript; charset=utf-8", body: "" })
    const files = clientFilesOf([connector("a", { "a-card.js": js }), connector("b"), connector("c", { "c-card.js": js })])
    assert.deepStrictEqual(Object.keys(files), ["a-card.js", "c-card.js"])
    assert.deepStrictEqual(clientFilesOf([]), {})
    assert.throws(() => clientFilesOf([connector("a", { "card.js": js }), connector("b", { "card.js": js })]), /card\.js/)
  })
})
