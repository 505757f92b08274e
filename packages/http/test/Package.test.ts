import { assert, describe, it } from "@effect/vitest"
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
    assert.sameMembers([...seen], ["Api.ts", "ContractInput.ts", "Requests.ts", "Responses.ts", "Security.ts", "WebhookEndpointsApi.ts"])
  })
})
