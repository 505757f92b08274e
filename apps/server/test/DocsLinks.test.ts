/**
 * Every relative link of the README and docs/ (and the root's other pages) points at a file of this
 * repository, and a `#fragment` into a Markdown page names one of its headings: a clone has no
 * dead links, and nothing links outside the repository (the contract is docs/api.md, not a file
 * beside the clone).
 */
import { assert, describe, it } from "@effect/vitest"
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { dirname, join, normalize, relative } from "node:path"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../../../", import.meta.url))

const pages = [
  "README.md",
  "SECURITY.md",
  ...readdirSync(join(root, "docs")).filter((name) => name.endsWith(".md")).map((name) => `docs/${name}`)
].filter((page) => existsSync(join(root, page)))

/** GitHub's anchor for a heading: lower case, punctuation but `-` and `_` dropped, spaces as `-`. */
const slug = (heading: string): string =>
  heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-")

const anchorsOf = (page: string): ReadonlySet<string> =>
  new Set([...readFileSync(page, "utf8").matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]!)))

/** The relative targets of a page's Markdown links and `src=` attributes. */
const targetsOf = (text: string): ReadonlyArray<string> =>
  [...text.matchAll(/\]\(([^)\s]+)\)|src="([^"]+)"/g)]
    .map((m) => (m[1] ?? m[2])!)
    .filter((target) => !/^[a-z]+:/i.test(target))

describe("documentation links", () => {
  it("finds the pages and their links", () => {
    assert.isTrue(pages.includes("docs/api.md"))
    assert.isAbove(pages.flatMap((page) => targetsOf(readFileSync(join(root, page), "utf8"))).length, 50)
  })

  it("resolves every relative link inside the repository", () => {
    const dead: Array<string> = []
    for (const page of pages) {
      for (const target of targetsOf(readFileSync(join(root, page), "utf8"))) {
        const [file, fragment] = target.split("#") as [string, string | undefined]
        const path = file === "" ? join(root, page) : normalize(join(root, dirname(page), file))
        if (relative(root, path).startsWith("..") || !existsSync(path)) {
          dead.push(`${page}: ${target}`)
        } else if (fragment !== undefined && path.endsWith(".md") && !anchorsOf(path).has(fragment)) {
          dead.push(`${page}: ${target} (no such heading)`)
        }
      }
    }
    assert.deepStrictEqual(dead, [])
  })
})
