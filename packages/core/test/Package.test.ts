import { assert, describe, it } from "@effect/vitest"
import { execFileSync } from "node:child_process"
import { join } from "node:path"

// `npm test` builds first (turbo's test task depends on build), so dist/ is there.
describe("the built package", () => {
  // a Node process of its own: under a second idle, several on a loaded 2-core machine
  it("imports with plain Node through its export map, without the source condition", { timeout: 60_000 }, () => {
    const script = `
      const core = await import("@till/core")
      const testing = await import("@till/core/testing")
      const money = await import("@till/core/Money")
      if (!import.meta.resolve("@till/core").endsWith("/dist/index.js")) throw new Error("resolved " + import.meta.resolve("@till/core"))
      console.log(typeof core.CheckoutSessions, typeof testing.layer, money.format(1050, "usd", "en"))
    `
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: join(import.meta.dirname, ".."),
      encoding: "utf8"
    })
    assert.strictEqual(out.trim(), "function object $10.50")
  })
})
