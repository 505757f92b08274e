import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import { CheckoutSessions, checkListOptions } from "../src/CheckoutSessions.ts"
import * as Testing from "../src/testing/index.ts"
import { params, T0 } from "./fixtures.ts"

const priced = (currency: string, unit_amount: number) =>
  params({ line_items: [{ price_data: { currency, unit_amount, product_data: { name: "Thing" } }, quantity: 1 }] })

describe("the session list's currency and amount options (the dashboard's)", () => {
  it.effect("checks the currency and bounds, and refuses an amount without a currency, naming the parameter", () =>
    Effect.gen(function*() {
      const param = (options: Parameters<typeof checkListOptions>[0]) => Effect.map(Effect.flip(checkListOptions(options)), (e) => e.param)
      assert.strictEqual(yield* param({ currency: "dollars" }), "currency")
      assert.strictEqual(yield* param({ amount_total: { gte: 100 } }), "currency")
      assert.strictEqual(yield* param({ currency: "usd", amount_total: { gte: -1 } }), "amount_total[gte]")
      assert.strictEqual(yield* param({ currency: "usd", amount_total: { lte: 1.5 } }), "amount_total[lte]")
      assert.deepStrictEqual(yield* checkListOptions({ currency: "USD", amount_total: { gte: 0, lte: undefined } }), { currency: "usd", amount_total: { gte: 0 } })
      assert.deepStrictEqual(yield* checkListOptions({}), {})
    }))

  it.effect("CheckoutSessions.list filters by currency and amount, keyset-paged, in the scope only", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(T0 * 1000)
      const sessions = yield* CheckoutSessions
      const scope = { account: "acct_1", livemode: false }
      const made = []
      for (const [currency, amount] of [["usd", 500], ["eur", 1500], ["usd", 1500], ["usd", 2500]] as const) {
        made.push(yield* sessions.create(scope, priced(currency, amount)))
        yield* TestClock.adjust("1 second")
      }
      yield* sessions.create({ account: "acct_2", livemode: false }, priced("usd", 1500))
      const [a, b, c, d] = made.map((s) => s.session.id)
      const ids = (page: { readonly data: ReadonlyArray<{ readonly session: { readonly id: string } }> }) => page.data.map((s) => s.session.id)
      assert.deepStrictEqual(ids(yield* sessions.list(scope, {}, { currency: "usd" })), [d, c, a])
      assert.deepStrictEqual(ids(yield* sessions.list(scope, {}, { currency: "eur" })), [b])
      assert.deepStrictEqual(ids(yield* sessions.list(scope, {}, { currency: "usd", amount_total: { gte: 1000, lte: 2000 } })), [c])
      const first = yield* sessions.list(scope, { limit: 1 }, { currency: "usd", amount_total: { gte: 1000 } })
      assert.deepStrictEqual([ids(first), first.has_more], [[d], true])
      const next = yield* sessions.list(scope, { limit: 1, starting_after: d! }, { currency: "usd", amount_total: { gte: 1000 } })
      assert.deepStrictEqual([ids(next), next.has_more], [[c], false])
      // without options, the API's list as before
      assert.deepStrictEqual(ids(yield* sessions.list(scope, {})), [d, c, b, a])
      const refused = yield* Effect.flip(sessions.list(scope, {}, { amount_total: { gte: 1 } }))
      assert.strictEqual(refused._tag, "ValidationError")
    }).pipe(Effect.provide(Testing.layer)))
})
