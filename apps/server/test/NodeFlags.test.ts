/**
 * Every way Till is started passes NODE_FLAGS: V8's heap sizes can only be set on the command line, so
 * the flags are repeated in the entry point's first line, the npm scripts and the container's entry point.
 */
import { assert, describe, it } from "@effect/vitest"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { NODE_FLAGS } from "../src/NodeFlags.ts"

const root = join(import.meta.dirname, "..", "..", "..")
const read = (path: string) => readFileSync(join(root, path), "utf8")
const scripts = (path: string) => (JSON.parse(read(path)) as { scripts: Record<string, string> }).scripts

describe("Node flags", () => {
  it("main.ts's first line runs node with them", () => {
    assert.strictEqual(read("apps/server/src/main.ts").split("\n")[0], `#!/usr/bin/env -S node ${NODE_FLAGS.join(" ")}`)
  })

  it("every npm script that starts main.ts passes them", () => {
    const starting = [
      ...Object.values(scripts("package.json")),
      ...Object.values(scripts("apps/server/package.json"))
    ].filter((script) => script.includes("main.ts"))
    assert.isAtLeast(starting.length, 3)
    for (const script of starting) assert.include(script, `node ${NODE_FLAGS.join(" ")} `, script)
  })

  it("the container's entry point passes them", () => {
    const entry = /^ENTRYPOINT (.*)$/m.exec(read("ops/container/Containerfile"))?.[1]
    assert.isDefined(entry)
    const args = JSON.parse(entry!) as Array<string>
    assert.deepStrictEqual(args.slice(1, 1 + NODE_FLAGS.length), [...NODE_FLAGS])
  })
})
