import { assert, describe, it } from "@effect/vitest"
import * as Testing from "@till/core/testing"
import { Effect } from "effect"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import * as HttpApp from "../src/HttpApp.ts"
import * as Wire from "../src/Wire.ts"

const root = join(import.meta.dirname, "..", "..", "..")

describe("docs/client.md", () => {
  it("shows the typed-client example exactly as it is tested", () => {
    const doc = readFileSync(join(root, "docs", "client.md"), "utf8")
    const example = readFileSync(join(import.meta.dirname, "examples", "TypedClient.test.ts"), "utf8")
    assert.include(doc, "```ts\n" + example + "```")
  })
})

describe("docs/api.md", () => {
  it.effect("names every route the app serves, as `METHOD /path`", () =>
    Effect.gen(function*() {
      const doc = readFileSync(join(root, "docs", "api.md"), "utf8")
      const served = [...(yield* HttpApp.routes), ...(yield* HttpApp.pageRoutes), ...HttpApp.documentRoutes]
      const missing = served.map(({ method, path }) => `${method} ${path}`).filter((route) => !doc.includes(`\`${route}\``))
      assert.deepStrictEqual(missing, [])
      assert.isAbove(served.length, 60)
    }).pipe(Effect.provide(Testing.layerWith(Wire.EventSnapshotsLayer))))
})
