/**
 * The log's output: the lines of one event-loop turn make one write, in order; a batch past 64 KB is
 * written at once; and a process that exits writes what it had queued.
 */
import { assert, describe, it } from "@effect/vitest"
import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import * as LogOutput from "../src/LogOutput.ts"

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

describe("the log's output", () => {
  it("writes the lines of one turn in one write, in order", async () => {
    const writes: Array<string> = []
    const output = LogOutput.batched((chunk) => writes.push(chunk))
    output.line("a\n")
    output.line("b\n")
    output.line("c\n")
    assert.deepStrictEqual(writes, [])
    await nextTurn()
    assert.deepStrictEqual(writes, ["a\nb\nc\n"])
    output.line("d\n")
    await nextTurn()
    assert.deepStrictEqual(writes, ["a\nb\nc\n", "d\n"])
  })

  it("writes a batch at once when it passes 64 KB, and on flush", () => {
    const writes: Array<string> = []
    const output = LogOutput.batched((chunk) => writes.push(chunk))
    const big = "x".repeat(40 * 1024) + "\n"
    output.line(big)
    assert.strictEqual(writes.length, 0)
    output.line(big)
    assert.deepStrictEqual(writes, [big + big])
    output.line("tail\n")
    output.flush()
    assert.deepStrictEqual(writes, [big + big, "tail\n"])
  })

  it("a process that exits writes the lines it had queued", () => {
    const module = fileURLToPath(new URL("../src/LogOutput.ts", import.meta.url))
    const script = `import * as O from ${JSON.stringify(module)}; O.stdout().line("first\\n"); O.stdout().line("last\\n"); process.exit(3)`
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 30_000 })
    assert.strictEqual(run.status, 3, run.stderr)
    assert.strictEqual(run.stdout, "first\nlast\n")
  })
})
