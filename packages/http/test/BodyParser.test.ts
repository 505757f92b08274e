import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { parseForm, queryString } from "../src/BodyParser.ts"

describe("BodyParser", () => {
  it.effect("parses Stripe's bracket notation into a tree", () =>
    Effect.gen(function*() {
      const tree = yield* parseForm(
        "line_items[0][price_data][unit_amount]=1200&line_items[0][quantity]=2&line_items[1][quantity]=1&expand[0]=line_items&expand[]=payment_intent&metadata[order]=42&metadata[note]=a%20b+c"
      )
      assert.deepStrictEqual(JSON.parse(JSON.stringify(tree)), {
        line_items: [{ price_data: { unit_amount: "1200" }, quantity: "2" }, { quantity: "1" }],
        expand: ["line_items", "payment_intent"],
        metadata: { order: "42", note: "a b c" }
      })
    }))

  it.effect("keeps 100 line items as an array (qs would make an object past 20 by default)", () =>
    Effect.gen(function*() {
      const body = Array.from({ length: 100 }, (_, i) => `line_items[${i}][quantity]=1`).join("&")
      const tree = yield* parseForm(body)
      assert.isTrue(Array.isArray(tree.line_items))
      assert.lengthOf(tree.line_items as Array<unknown>, 100)
    }))

  it.effect("keeps keys that collide with Object.prototype, so they are rejected as unknown rather than dropped", () =>
    Effect.gen(function*() {
      const tree = yield* parseForm("toString=1&hasOwnProperty=2&constructor[x]=3")
      assert.deepStrictEqual(Object.keys(tree).sort(), ["constructor", "hasOwnProperty", "toString"])
    }))

  it.effect("refuses nesting, arrays and parameter counts beyond its bounds instead of reshaping them", () =>
    Effect.gen(function*() {
      for (const input of ["a[b][c][d][e][f][g][h][i][j][k][l]=1", "a[1001]=1", Array.from({ length: 10_001 }, (_, i) => `k${i}=1`).join("&")]) {
        const error = yield* Effect.flip(parseForm(input))
        assert.strictEqual(error._tag, "MalformedRequest")
      }
    }))

  it("finds the query string of a request URL", () => {
    assert.strictEqual(queryString("/v1/checkout/sessions?limit=1&expand[]=x"), "limit=1&expand[]=x")
    assert.strictEqual(queryString("/v1/checkout/sessions"), "")
  })
})
