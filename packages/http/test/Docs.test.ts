import { assert, describe, it } from "@effect/vitest"
import { readFileSync } from "node:fs"
import { join } from "node:path"

const root = join(import.meta.dirname, "..", "..", "..")

describe("docs/client.md", () => {
  it("shows the typed-client example exactly as it is tested", () => {
    const doc = readFileSync(join(root, "docs", "client.md"), "utf8")
    const example = readFileSync(join(import.meta.dirname, "examples", "TypedClient.test.ts"), "utf8")
    assert.include(doc, "```ts\n" + example + "```")
  })
})
