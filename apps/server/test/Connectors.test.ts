/**
 * The connectors `till serve` registers (src/Connectors.ts) load no processor SDK until they are used:
 * the SDKs cost tens of MB and half a second of every start (docs/performance.md, "The gaps that remain").
 */
import { assert, describe, it } from "@effect/vitest"
import { execFileSync } from "node:child_process"
import { join } from "node:path"

// A child process records every import of a processor SDK (a resolve hook), imports the registration,
// then the connector packages' full entry points, which do import them (so the hook is seen working).
const script = `
  import { registerHooks } from "node:module"
  const seen = []
  registerHooks({
    resolve: (specifier, context, next) => {
      if (specifier === "stripe" || specifier.startsWith("@adyen/")) seen.push(specifier)
      return next(specifier, context)
    }
  })
  const { make } = await import("./src/Connectors.ts")
  const atStart = [...seen]
  await import("@till/processor-stripe")
  await import("@till/processor-adyen")
  console.log(JSON.stringify({ registration: typeof make, atStart, afterUse: [...new Set(seen)].sort() }))
`

describe("the registered connectors", () => {
  it("load no processor SDK when the server registers them", { timeout: 60_000 }, () => {
    const out = execFileSync(process.execPath, ["--conditions=@till/source", "--input-type=module", "-e", script], {
      cwd: join(import.meta.dirname, ".."),
      encoding: "utf8"
    })
    const { registration, atStart, afterUse } = JSON.parse(out) as { registration: string; atStart: Array<string>; afterUse: Array<string> }
    assert.strictEqual(registration, "object")
    assert.deepStrictEqual(atStart, [])
    assert.deepStrictEqual(afterUse, ["@adyen/api-library", "stripe"])
  })
})
