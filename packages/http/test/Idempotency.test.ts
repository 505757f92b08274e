import { assert, describe, it } from "@effect/vitest"
import { IdempotencyStore } from "@till/core"
import * as Testing from "@till/core/testing"
import { Effect, Exit, Redacted, Ref } from "effect"
import { createHash, createHmac } from "node:crypto"
import { FingerprintKey } from "../src/FingerprintKey.ts"
import * as Idempotency from "../src/Idempotency.ts"
import { idempotencySuite } from "../src/testing/stripe/IdempotencySuite.ts"
import { inMemory } from "../src/testing/TestServer.ts"

const key = { account: "acct_1", livemode: false, key: "k1" }
const outcome = (store: boolean): Idempotency.Outcome => ({ status: store ? 200 : 400, body: `{"stored":${store}}`, store })

const withStore = <A, E>(body: Effect.Effect<A, E, IdempotencyStore>) => body.pipe(Effect.provide(Testing.InMemoryRepository.layer))

describe("Idempotency", () => {
  it("canonicalizes parameters: key order and wire format do not matter, array order does", () => {
    const json = { line_items: [{ quantity: 2, price_data: { unit_amount: 1200 } }], metadata: { a: true } }
    const form = { metadata: { a: "true" }, line_items: [{ price_data: { unit_amount: "1200" }, quantity: "2" }] }
    assert.strictEqual(Idempotency.canonical(json), Idempotency.canonical(form))
    assert.notStrictEqual(Idempotency.canonical({ expand: ["a", "b"] }), Idempotency.canonical({ expand: ["b", "a"] }))
    assert.notStrictEqual(Idempotency.canonical({ a: "1" }), Idempotency.canonical({ a: ["1"] }))
  })

  it("canonicalizes to the same text as ever (stored fingerprints depend on it)", () => {
    const params = { b: [1, null, { y: "x", a: true }], a: "é\"\n", c: undefined, d: [], e: {}, f: [, "a", undefined] }
    assert.strictEqual(Idempotency.canonical(params), `{"a":"é\\"\\n","b":["1",null,{"a":"true","y":"x"}],"c":null,"d":[],"e":{},"f":[,"a",null]}`)
  })

  it.effect("fingerprints method, path and parameters", () =>
    Effect.gen(function*() {
      const a = yield* Idempotency.fingerprint("POST", "/v1/checkout/sessions", { a: "1" })
      assert.match(a, /^[0-9a-f]{64}$/)
      assert.strictEqual(a, yield* Idempotency.fingerprint("POST", "/v1/checkout/sessions", { a: 1 }))
      assert.notStrictEqual(a, yield* Idempotency.fingerprint("POST", "/v1/checkout/sessions/cs_1", { a: "1" }))
    }))

  it.effect("fingerprints the full card details with a keyed hash: another number with the same last four, or another CVC, is another request", () =>
    Effect.gen(function*() {
      const pay = (number: string, cvc: string, exp_year = "2040") => ({
        payment_method_data: { type: "card", card: { number, cvc, exp_month: "12", exp_year } }
      })
      const a = yield* Idempotency.fingerprint("POST", "/p", pay("4242424242424242", "123"))
      assert.strictEqual(a, yield* Idempotency.fingerprint("POST", "/p", pay("4242424242424242", "123")))
      assert.notStrictEqual(a, yield* Idempotency.fingerprint("POST", "/p", pay("4000056655664242", "123")))
      assert.notStrictEqual(a, yield* Idempotency.fingerprint("POST", "/p", pay("4242424242424242", "124")))
      assert.notStrictEqual(a, yield* Idempotency.fingerprint("POST", "/p", pay("4242424242424242", "123", "2041")))
      assert.notInclude(a, "4242")
      // keyed: the plain hash of the same text is not it, and another key gives another fingerprint
      const text = `POST /p\n${Idempotency.canonical(pay("4242424242424242", "123"))}`
      assert.notStrictEqual(a, createHash("sha256").update(text).digest("hex"))
      const key = new Uint8Array(32).fill(7)
      const keyed = yield* Idempotency.fingerprint("POST", "/p", pay("4242424242424242", "123")).pipe(
        Effect.provideService(FingerprintKey, Redacted.make(key))
      )
      assert.strictEqual(keyed, createHmac("sha256", key).update(text).digest("hex"))
      assert.notStrictEqual(keyed, a)
    }))

  it("puts a client secret's keys in a space of the session's own, apart from the account's and other sessions'", () => {
    const scope = { account: "acct_1", livemode: false }
    const merchant = Idempotency.keyIn(scope, undefined, "k")
    const browser = Idempotency.keyIn(scope, "cs_test_a", "k")
    assert.deepStrictEqual(merchant, { account: "acct_1", livemode: false, key: "k" })
    assert.deepStrictEqual(browser, { account: "acct_1/cs_test_a", livemode: false, key: "k" })
    assert.notStrictEqual(Idempotency.keyIn(scope, "cs_test_b", "k").account, browser.account)
  })

  it.effect("accepts keys of 1 to 255 characters", () =>
    Effect.gen(function*() {
      assert.isUndefined(yield* Idempotency.keyOf(undefined))
      assert.strictEqual(yield* Idempotency.keyOf("k".repeat(255)), "k".repeat(255))
      for (const bad of ["", "k".repeat(256)]) assert.strictEqual((yield* Effect.flip(Idempotency.keyOf(bad)))._tag, "InvalidIdempotencyKey")
    }))

  it.effect("runs once, replays the stored response, and refuses other parameters or a key in use", () =>
    withStore(Effect.gen(function*() {
      const idem = yield* Idempotency.make
      const runs = yield* Ref.make(0)
      const request = Ref.update(runs, (n) => n + 1).pipe(Effect.as(outcome(true)))
      const first = yield* idem.run(key, "fp", request)
      const second = yield* idem.run(key, "fp", request)
      assert.strictEqual(yield* Ref.get(runs), 1)
      assert.strictEqual(second.body, first.body)
      assert.deepStrictEqual(second.headers, { "idempotent-replayed": "true" })
      assert.strictEqual((yield* Effect.flip(idem.run(key, "other", request)))._tag, "IdempotencyMismatch")

      const store = yield* IdempotencyStore
      const held = { ...key, key: "held" }
      yield* store.begin(held, "fp", 0)
      assert.strictEqual((yield* Effect.flip(idem.run(held, "fp", request)))._tag, "IdempotencyInProgress")
    })))

  it.effect("releases the key when the response is not worth storing, or the request dies", () =>
    withStore(Effect.gen(function*() {
      const idem = yield* Idempotency.make
      const k2 = { ...key, key: "k2" }
      assert.isFalse((yield* idem.run(k2, "fp", Effect.succeed(outcome(false)))).store)
      // released: the same key runs again, even with other parameters
      assert.strictEqual((yield* idem.run(k2, "other", Effect.succeed(outcome(true)))).status, 200)

      const k3 = { ...key, key: "k3" }
      const died = yield* Effect.exit(idem.run(k3, "fp", Effect.die("boom")))
      assert.isTrue(Exit.isFailure(died))
      assert.strictEqual((yield* idem.run(k3, "fp", Effect.succeed(outcome(true)))).status, 200)
    })))
})

idempotencySuite("idempotency key spaces against the in-memory server", inMemory)
