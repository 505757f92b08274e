import { assert, describe, it } from "@effect/vitest"
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"

const SRC = join(import.meta.dirname, "..", "src")

const sourceFiles = (dir: string): Array<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []
  )

/** Every module specifier a file imports or re-exports, statically or dynamically. */
export const specifiers = (code: string): Array<string> => [
  ...code.matchAll(/\b(?:import|export)\b[^"'`;]*?\bfrom\s*["']([^"']+)["']/g),
  ...code.matchAll(/\bimport\s*["']([^"']+)["']/g),
  ...code.matchAll(/\bimport\s*\(\s*["'`]([^"'`]+)["'`]/g),
  ...code.matchAll(/\brequire\s*\(\s*["'`]([^"'`]+)["'`]/g)
].map((m) => m[1]!)

const allowed = (spec: string) => spec === "effect" || spec.startsWith("effect/") || spec.startsWith("./") || spec.startsWith("../")

describe("the core is pure", () => {
  it("imports nothing but effect and its own files", () => {
    const files = sourceFiles(SRC)
    assert.isAbove(files.length, 10)
    const offenders = files.flatMap((f) => specifiers(readFileSync(f, "utf8")).filter((s) => !allowed(s)).map((s) => `${f}: ${s}`))
    assert.deepStrictEqual(offenders, [])
  })

  it("the check catches adapter imports", () => {
    const bad = [
      `import pg from "pg"`,
      `import { Kysely } from 'kysely'`,
      `import * as http from "node:http"`,
      `export { x } from "@till/postgres"`,
      `const m = await import("node:fs")`,
      `import "dotenv/config"`,
      `import {\n  a,\n  b\n} from "@effect/platform-node"`
    ]
    for (const code of bad) assert.isFalse(specifiers(code).every(allowed), code)
    assert.isTrue(specifiers(`import { Schema } from "effect"\nimport type { X } from "./X.ts"\nexport * from "../Y.ts"`).every(allowed))
  })

  it("depends on effect alone, as a peer (the service's own copy)", () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, "..", "package.json"), "utf8"))
    assert.deepStrictEqual(Object.keys(pkg.dependencies ?? {}), [])
    assert.deepStrictEqual(Object.keys(pkg.peerDependencies ?? {}), ["effect"])
  })
})
