/**
 * docs/failures.md says, for each way Till can fail, which test shows the outcome. This keeps it true:
 * every test it names exists, by that title, in the file it names.
 */
import { assert, describe, it } from "@effect/vitest"
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"

const ROOT = join(import.meta.dirname, "..", "..", "..")
const DOC = readFileSync(join(ROOT, "docs", "failures.md"), "utf8")

/** Each `file` › "title" reference (titles after a file, up to the next file, are that file's). */
const references = (doc: string) => {
  const refs: Array<{ file: string; title: string }> = []
  for (const line of doc.split("\n")) {
    let file: string | undefined
    for (const m of line.matchAll(/`([\w./-]+\.ts)`|›\s*"([^"]+)"/g)) {
      if (m[1] !== undefined) file = m[1]
      else if (file !== undefined) refs.push({ file, title: m[2]! })
    }
  }
  return refs
}

/** A title as the test file spells it: in a string literal, with a trailing "…" standing for the rest. */
const isIn = (source: string, title: string) => {
  const prefix = title.endsWith("…") ? title.slice(0, -1) : title
  return source.includes(title.endsWith("…") ? `"${prefix}` : `"${prefix}"`)
}

describe("docs/failures.md", () => {
  it("names at least one test for each section", () => {
    const sections = DOC.split("\n## ").slice(1)
    assert.isAtLeast(sections.length, 6)
    for (const section of sections) assert.isNotEmpty(references(section), `section "${section.split("\n")[0]}" names no test`)
  })

  it("names only tests that exist, by their titles", () => {
    const refs = references(DOC)
    assert.isAtLeast(refs.length, 20)
    for (const { file, title } of refs) {
      const path = join(ROOT, file)
      assert.isTrue(existsSync(path), `${file} does not exist`)
      assert.isTrue(isIn(readFileSync(path, "utf8"), title), `${file} has no test "${title}"`)
    }
  })
})
