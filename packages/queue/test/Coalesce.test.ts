/**
 * Group writes: what is handed in during a write goes together in the next one, and a failed write
 * fails only the items it carried.
 */
import { assert, describe, it } from "@effect/vitest"
import { coalesce } from "../src/Coalesce.ts"

const gate = () => {
  let open!: () => void
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { open, opened }
}

describe("coalesce", () => {
  it("items handed in while a write is under way go together in the next write; a failed write fails only its own items", async () => {
    const writes: Array<ReadonlyArray<string>> = []
    const first = gate()
    const write = coalesce(async (items: ReadonlyArray<string>) => {
      writes.push(items)
      if (writes.length === 1) await first.opened
      if (items.includes("bad")) throw new Error("write failed")
      return items.length
    })
    const a = write("a")
    // the first write starts on its own; wait until it is under way
    while (writes.length === 0) await new Promise((resolve) => setImmediate(resolve))
    const b = write("b")
    const c = write("bad")
    first.open()
    assert.strictEqual(await a, 1)
    const [rb, rc] = await Promise.allSettled([b, c])
    assert.deepStrictEqual(writes, [["a"], ["b", "bad"]])
    assert.strictEqual(rb.status, "rejected")
    assert.strictEqual(rc.status, "rejected")
    // after a failure the next items are written again
    assert.strictEqual(await write("d"), 1)
    assert.deepStrictEqual(writes.at(-1), ["d"])
  })
})
