import { assert, describe, it } from "@effect/vitest"
import { execFileSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { join } from "node:path"

const src = join(import.meta.dirname, "..", "src")
const importsOf = (file: string) => [...readFileSync(join(src, file), "utf8").matchAll(/from "([^"]+)"/g)].map((m) => m[1]!)

describe("the contract", () => {
  it("imports no server code: a client can take Api.ts alone", () => {
    const seen = new Set<string>()
    const visit = (file: string) => {
      if (seen.has(file)) return
      seen.add(file)
      for (const spec of importsOf(file)) {
        if (spec.startsWith("./")) visit(spec.slice(2))
        else assert.include(["effect", "effect/http-api", "@till/core"], spec, `${file} imports ${spec}`)
      }
    }
    visit("Api.ts")
    assert.sameMembers([...seen], [
      "Api.ts",
      "ContractInput.ts",
      "Requests.ts",
      "Responses.ts",
      "Security.ts",
      "WebhookEndpointsApi.ts",
      "CatalogApi.ts",
      "CatalogObjects.ts",
      "StripeFields.ts",
      "SessionCreateCompat.ts",
      "CustomersApi.ts",
      "CustomerResponses.ts",
      "ChargesApi.ts",
      "ChargeResponses.ts"
    ])
  })
})

// `npm test` builds first (turbo's test task depends on build), so dist/ is there.
describe("the built package", () => {
  // a Node process of its own: under a second idle, several on a loaded 2-core machine
  it("serves the checkout script bundled at build time, with esbuild out of reach", { timeout: 60_000 }, () => {
    const script = `
      import { registerHooks } from "node:module"
      registerHooks({ resolve: (spec, context, next) => { if (spec === "esbuild") throw new Error("esbuild was loaded"); return next(spec, context) } })
      const Assets = await import("@till/http/pages/Assets")
      if (!import.meta.resolve("@till/http/pages/Assets").endsWith("/dist/pages/Assets.js")) throw new Error("resolved from source")
      console.log(JSON.stringify(Assets.script.body))
    `
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: join(import.meta.dirname, ".."), encoding: "utf8" })
    const served: string = JSON.parse(out)
    assert.strictEqual(served, readFileSync(join(import.meta.dirname, "..", "dist", "pages", "checkout.bundle.js"), "utf8"))
    assert.include(served, "location.hash")
  })
})
