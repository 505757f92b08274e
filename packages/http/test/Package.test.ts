import { assert, describe, it } from "@effect/vitest"
import { execFileSync } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
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
      "AccountApi.ts",
      "AccountResponses.ts",
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
      "OpenApiDocs.ts",
      "ChargesApi.ts",
      "ChargeResponses.ts",
      "TaxRatesApi.ts",
      "TaxRateResponses.ts",
      "PromotionsApi.ts",
      "PromotionResponses.ts",
      "EmbedSettingsApi.ts",
      "ShippingRatesApi.ts",
      "ShippingRateResponses.ts",
      "ProcessorSettingsApi.ts"
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
      console.log(JSON.stringify(Assets.script("es").body))
    `
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: join(import.meta.dirname, ".."), encoding: "utf8" })
    const served: string = JSON.parse(out)
    assert.strictEqual(served, readFileSync(join(import.meta.dirname, "..", "dist", "pages", "checkout.es.bundle.js"), "utf8"))
    assert.include(served, "location.hash")
  })
})

const repository = join(import.meta.dirname, "..", "..", "..")

/** The packages packed and installed together: the HTTP adapter, its core, and the connectors the server offers. */
const WORKSPACES = ["@till/core", "@till/http", "@till/processor-adyen", "@till/processor-stripe"] as const

/** Every `effect` and `@till/core` package.json under an installed project's node_modules (nested copies included). */
const copiesOf = (dir: string, name: string): ReadonlyArray<string> => {
  const found: Array<string> = []
  const visit = (modules: string) => {
    if (!existsSync(modules)) return
    if (existsSync(join(modules, name, "package.json"))) found.push(join(modules, name))
    for (const entry of readdirSync(modules)) {
      const packages = entry.startsWith("@") ? readdirSync(join(modules, entry)).map((scoped) => join(entry, scoped)) : [entry]
      for (const pkg of packages) visit(join(modules, pkg, "node_modules"))
    }
  }
  visit(join(dir, "node_modules"))
  return found
}

// What docs/client.md tells a service outside the repository to do: pack both packages, install the two
// tarballs in one `npm install` with the service's own `effect`, import the contract and make a client.
// The processor connectors the server depends on are packed and installed beside them: each must
// install from its tarball alone, and Adyen's card component be served without esbuild (a development
// dependency, absent from such an install).
describe("installed from tarballs outside the repository", () => {
  // two npm processes (pack, install from the npm cache or the registry): seconds idle, a minute on a loaded machine
  it("resolves @till/core from its tarball and shares the service's one copy of effect", { timeout: 240_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), "till-install-"))
    try {
      const npm = (args: ReadonlyArray<string>, cwd: string) =>
        execFileSync("npm", [...args], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_audit: "false", npm_config_fund: "false" } })
      // dist/ is built (npm test builds first), so the prepack build is skipped
      npm(["pack", "--ignore-scripts", "--pack-destination", dir, ...WORKSPACES.flatMap((name) => ["-w", name])], repository)
      const app = join(dir, "app")
      mkdirSync(app)
      writeFileSync(join(app, "package.json"), JSON.stringify({ name: "service", private: true, type: "module" }))
      npm(["install", "--prefer-offline", ...WORKSPACES.map((name) => `../${name.slice(1).replace("/", "-")}-0.1.0.tgz`), "effect@4.1.0"], app)

      const lock = JSON.parse(readFileSync(join(app, "package-lock.json"), "utf8"))
      assert.strictEqual(lock.packages["node_modules/@till/core"].resolved, "file:../till-core-0.1.0.tgz")
      assert.deepStrictEqual(copiesOf(app, "effect"), [join(app, "node_modules", "effect")])
      assert.deepStrictEqual(copiesOf(app, "@till/core"), [join(app, "node_modules", "@till", "core")])

      const script = `
        import { Api } from "@till/http/Api"
        import { CheckoutSessions } from "@till/core"
        import { Effect } from "effect"
        import { HttpApiClient, OpenApi } from "effect/http-api"
        const client = HttpApiClient.make(Api)
        console.log(Effect.isEffect(client), typeof CheckoutSessions, Object.keys(OpenApi.fromApi(Api).paths).includes("/v1/checkout/sessions"))
      `
      const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: app, encoding: "utf8" })
      assert.strictEqual(out.trim(), "true function true")

      // the connectors, from their tarballs: Adyen's card component is the bundle made at build time
      assert.isFalse(existsSync(join(app, "node_modules", "esbuild")))
      const connectors = `
        import { AdyenConnector } from "@till/processor-adyen"
        import { StripeConnector } from "@till/processor-stripe"
        import { Effect } from "effect"
        const files = AdyenConnector.make().clientFiles
        const card = await Effect.runPromise(files["adyen-card.js"])
        const css = await Effect.runPromise(files["adyen-card.css"])
        console.log(StripeConnector.make().name, card.contentType, card.body.includes("TillAdyen"), css.body.length > 1000)
      `
      const served = execFileSync(process.execPath, ["--input-type=module", "-e", connectors], { cwd: app, encoding: "utf8" })
      assert.strictEqual(served.trim(), "stripe text/javascript; charset=utf-8 true true")
      assert.deepStrictEqual(copiesOf(app, "@till/core"), [join(app, "node_modules", "@till", "core")])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
