import { assert, describe, it } from "@effect/vitest"
import { readFileSync } from "node:fs"
import { join } from "node:path"

const root = join(import.meta.dirname, "..", "..", "..")
const doc = readFileSync(join(root, "docs", "core.md"), "utf8")

describe("docs/core.md", () => {
  it("every row of the transition table is covered by a test named after it", () => {
    const rows = [...doc.matchAll(/^\| (T\d+) \|/gm)].map((m) => m[1]!)
    assert.isAtLeast(rows.length, 20)
    const tests = readFileSync(join(import.meta.dirname, "SessionMachine.test.ts"), "utf8")
    for (const row of rows) assert.match(tests, new RegExp(`it\\("${row} `), `no test for ${row}`)
  })

  it("shows the example exactly as it is tested", () => {
    const example = readFileSync(join(import.meta.dirname, "examples", "OwnRules.test.ts"), "utf8")
    assert.include(doc, "```ts\n" + example + "```")
  })
})
