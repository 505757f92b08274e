import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Ids from "../src/Ids.ts"
import { IdGenerator } from "../src/ports/IdGenerator.ts"

/** Byte order, as PostgreSQL compares `collate "C"` text. */
const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b))

const BASE62 = /^[0-9A-Za-z]{33}$/

/** Asserts that each body sorts strictly after the one before, as strings and as bytes. */
const assertAscending = (bodies: ReadonlyArray<string>) => {
  for (let i = 1; i < bodies.length; i++) {
    assert.isTrue(bodies[i - 1]! < bodies[i]!, `${bodies[i - 1]} < ${bodies[i]} (at ${i})`)
    assert.isTrue(byteOrder(bodies[i - 1]!, bodies[i]!) < 0, `${bodies[i - 1]} < ${bodies[i]} as bytes (at ${i})`)
  }
}

describe("Ids", () => {
  it("ordered bodies are 33 base62 characters and sort in the order they were made, within one millisecond", () => {
    const next = Ids.makeOrdered(() => 1_764_460_800_000)
    const bodies = Array.from({ length: 5_000 }, next)
    for (const body of bodies) assert.match(body, BASE62)
    // 5,000 in one millisecond: the counter crosses digits, capitals and small letters
    assertAscending(bodies)
  })

  it("a clock set back keeps the order", () => {
    const times = [1_000_000, 1_000_005, 999_000, 999_000, 1_000_005, 1_000_006]
    let i = 0
    const next = Ids.makeOrdered(() => times[i++]!)
    assertAscending(times.map(() => next()))
  })

  it("a millisecond whose counter is used up borrows the next one, and the order holds", () => {
    const next = Ids.makeOrdered(() => 5)
    let previous = next()
    for (let i = 0; i < 62 ** 3 + 10; i++) {
      const body = next()
      if (!(previous < body)) assert.fail(`${previous} < ${body} (at ${i})`)
      previous = body
    }
    // the time part moved on by one millisecond
    assert.notStrictEqual(previous.slice(0, 8), Ids.makeOrdered(() => 5)().slice(0, 8))
  })

  it("bodies made in one millisecond differ in 22 random characters", () => {
    const next = Ids.makeOrdered(() => 42)
    const tails = new Set(Array.from({ length: 1_000 }, () => next().slice(11)))
    assert.strictEqual(tails.size, 1_000)
  })

  it.effect("the default generator orders ids across milliseconds and keeps secrets unordered", () =>
    Effect.gen(function*() {
      const ids = yield* IdGenerator
      const made: Array<string> = []
      for (let i = 0; i < 2_000; i++) made.push(yield* ids.make("cs_test_"))
      for (const id of made) assert.match(id, /^cs_test_[0-9A-Za-z]{33}$/)
      assertAscending(made)
      const secrets: Array<string> = []
      for (let i = 0; i < 50; i++) secrets.push(yield* ids.secret("sk_test_"))
      for (const s of secrets) assert.match(s, /^sk_test_[0-9A-Za-z]{33}$/)
      // 50 random secrets in ascending order happen once in 50! runs; ordered ones always would be
      assert.isFalse(secrets.every((s, i) => i === 0 || secrets[i - 1]! < s))
    }).pipe(Effect.provide(IdGenerator.layerRandom)))

  it("random characters take six bits of each byte, skip 62 and 63, and use every pooled byte once", () => {
    let fills = 0
    let next = 0
    // bytes 0, 1, 2, … 255, 0, 1, … across refills: the characters are predictable, so each can be checked
    const chars = Ids.makeRandomChars((buffer) => {
      fills++
      for (let i = 0; i < buffer.length; i++) buffer[i] = next++ % 256
    })
    const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    const expected: Array<string> = []
    for (let b = 0; expected.length < 10_000; b++) {
      const six = (b % 256) & 63
      if (six < 62) expected.push(ALPHABET[six]!)
    }
    let made = ""
    while (made.length < 10_000) made += chars(33)
    assert.strictEqual(made.slice(0, 10_000), expected.join(""))
    // 10,000 characters need more bytes than one pool holds
    assert.isAbove(fills, 1)
  })

  it("random strings have the width their bytes need, in base62", () => {
    assert.match(Ids.randomBase62(), /^[0-9A-Za-z]{33}$/)
    assert.match(Ids.randomBase62(16), /^[0-9A-Za-z]{22}$/)
    assert.match(Ids.randomBase62(32), /^[0-9A-Za-z]{43}$/)
    assert.strictEqual(new Set(Array.from({ length: 1_000 }, () => Ids.randomBase62())).size, 1_000)
  })
})
