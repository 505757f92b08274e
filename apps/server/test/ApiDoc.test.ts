/**
 * docs/api.md names the routes the server adds to the app's (packages/http/test/Docs.test.ts checks the
 * app's own): `/metrics` and the CLI's admin route.
 */
import { assert, describe, it } from "@effect/vitest"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import * as Admin from "../src/Admin.ts"
import * as Metrics from "../src/Metrics.ts"

const doc = readFileSync(fileURLToPath(new URL("../../../docs/api.md", import.meta.url)), "utf8")

describe("docs/api.md", () => {
  it("names the server's own routes, as `METHOD /path`", () => {
    const missing = [`GET ${Metrics.PATH}`, `POST ${Admin.PATH}`].filter((route) => !doc.includes(`\`${route}\``))
    assert.deepStrictEqual(missing, [])
  })
})
