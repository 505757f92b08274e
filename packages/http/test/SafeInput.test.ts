/**
 * The input rule (SafeInput.ts) on its own, in the body parser, and on the wire against the
 * in-memory server (apps/server runs the same suite over PGlite and PostgreSQL).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { parseForm } from "../src/BodyParser.ts"
import * as Idempotency from "../src/Idempotency.ts"
import * as SafeInput from "../src/SafeInput.ts"
import { safeInputSuite } from "../src/testing/stripe/SafeInputSuite.ts"
import { inMemory } from "../src/testing/TestServer.ts"

describe("SafeInput", () => {
  it("tells text that can be stored from text with a NUL byte or a lone surrogate", () => {
    for (const ok of ["", "plain", "ünïcödé", "emoji 😀", "\uFFFD", "\u0001"]) assert.isTrue(SafeInput.isSafeText(ok), ok)
    for (const bad of ["\u0000", "a\u0000", "\ud800", "x\udfff", "\ude00\ud83d", "😀".slice(0, 1)]) assert.isFalse(SafeInput.isSafeText(bad), JSON.stringify(bad))
  })

  it("names the first bad key or value of a tree in bracket form, keys of an object before what they hold", () => {
    assert.isUndefined(SafeInput.check({ a: ["x", { b: "y" }], n: 1, t: true, z: null }))
    assert.deepInclude(SafeInput.check({ a: ["x", { b: "y\u0000" }] }), { code: "parameter_invalid", param: "a[1][b]" })
    assert.deepInclude(SafeInput.check({ a: { "k\ud800": "v" } }), { code: "parameter_invalid", param: "a[k\ud800]" })
    assert.deepInclude(SafeInput.check(JSON.parse(`{"a":{"b":{"__proto__":{"x":1}}}}`)), { code: "parameter_unknown", param: "a[b][__proto__]" })
    assert.deepInclude(SafeInput.check({ list: [{ constructor: "1" }] }), { code: "parameter_unknown", param: "list[0][constructor]" })
    assert.deepInclude(SafeInput.check({ prototype: "1" }), { code: "parameter_unknown", param: "prototype" })
    assert.deepInclude(SafeInput.check({ a: { b: "\u0000" }, prototype: "1" }), { param: "prototype" })
  })

  it("walks JSON nested far deeper than any stack", () => {
    let deep: unknown = "\u0000"
    for (let i = 0; i < 200_000; i++) deep = [deep]
    assert.deepInclude(SafeInput.check({ a: deep }), { code: "parameter_invalid" })
  })

  it("reads path parameters with NUL bytes and lone surrogates replaced, leaving safe ones as they are", () => {
    const safe = { id: "cs_test_1" }
    assert.strictEqual(SafeInput.pathParams(safe), safe)
    assert.deepStrictEqual(SafeInput.pathParams({ id: "cs_\u0000", other: "ok" }), { id: "cs_\uFFFD", other: "ok" })
    assert.strictEqual(SafeInput.pathParam("a\ud800b\u0000"), "a\uFFFDb\uFFFD")
  })
})

describe("BodyParser and the input rule", () => {
  it.effect("refuses __proto__ in a bracket name instead of letting qs drop it, or reshape an array around it", () =>
    Effect.gen(function*() {
      for (
        const [input, param] of [
          ["__proto__[x]=1", "__proto__"],
          ["__proto__=1", "__proto__"],
          ["a[__proto__]=1", "a[__proto__]"],
          ["a[]=1&a[__proto__]=2", "a[__proto__]"],
          ["a%5B__proto__%5D%5Bb%5D=1", "a[__proto__]"],
          ["a[0][__proto__][b]=1", "a[0][__proto__]"]
        ]
      ) {
        const error = yield* Effect.flip(parseForm(input!))
        assert.deepInclude(error, { _tag: "ValidationError", code: "parameter_unknown", param }, input)
      }
    }))

  it.effect("marks escapes that are not UTF-8 so the rule names their parameter, and refuses such names at once", () =>
    Effect.gen(function*() {
      const tree = yield* parseForm("a=%ED%A0%80&b=%FF&c=%E2%82%AC&d=100%25")
      assert.isFalse(SafeInput.isSafeText(tree.a as string))
      assert.isFalse(SafeInput.isSafeText(tree.b as string))
      assert.strictEqual(tree.c, "€")
      assert.strictEqual(tree.d, "100%")
      assert.deepInclude(SafeInput.check(tree), { param: "a" })
      assert.deepInclude(yield* Effect.flip(parseForm("%FF%FE=1")), { _tag: "ValidationError", param: "%FF%FE" })
    }))
})

describe("Idempotency-Key and the input rule", () => {
  it.effect("refuses a key holding a NUL byte or a lone surrogate, as Node's parser does for a NUL before it", () =>
    Effect.gen(function*() {
      for (const bad of ["a\u0000b", "\ud800"]) {
        assert.deepInclude(yield* Effect.flip(Idempotency.keyOf(bad)), { _tag: "InvalidIdempotencyKey", reason: "characters" })
      }
      assert.strictEqual(yield* Idempotency.keyOf("key-😀"), "key-😀")
    }))
})

safeInputSuite("the input rule against the in-memory server", inMemory)
