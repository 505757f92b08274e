/**
 * The built package: Adyen Web's card bundle is made at `npm run build` (dist/card.bundle.js) and
 * served from there, so an install without esbuild (a development dependency only) serves it too.
 * packages/http/test/Package.test.ts installs this package from its tarball outside the repository.
 */
import { assert, describe, it } from "@effect/vitest"
import { execFileSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { join } from "node:path"

// `npm test` builds first (turbo's test task depends on build), so dist/ is there.
describe("the built package", () => {
  // a Node process of its own: under a second idle, several on a loaded 2-core machine
  it("serves the card bundle made at build time through the connector's client files, with esbuild out of reach", { timeout: 60_000 }, () => {
    const script = `
      import { registerHooks } from "node:module"
      registerHooks({ resolve: (spec, context, next) => { if (spec === "esbuild") throw new Error("esbuild was loaded"); return next(spec, context) } })
      const { AdyenConnector } = await import("@till/processor-adyen")
      if (!import.meta.resolve("@till/processor-adyen").endsWith("/dist/index.js")) throw new Error("resolved from source")
      const { Effect } = await import("effect")
      const files = AdyenConnector.make().clientFiles
      const script = await Effect.runPromise(files["adyen-card.js"])
      const css = await Effect.runPromise(files["adyen-card.css"])
      console.log(JSON.stringify({ script, css: css.contentType }))
    `
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: join(import.meta.dirname, ".."), encoding: "utf8" })
    const served = JSON.parse(out) as { script: { contentType: string; body: string }; css: string }
    assert.strictEqual(served.script.body, readFileSync(join(import.meta.dirname, "..", "dist", "card.bundle.js"), "utf8"))
    assert.strictEqual(served.script.contentType, "text/javascript; charset=utf-8")
    assert.include(served.script.body, "TillAdyen")
    assert.strictEqual(served.css, "text/css; charset=utf-8")
  })
})
