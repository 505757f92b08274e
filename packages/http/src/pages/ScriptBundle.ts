/**
 * The pages' scripts: TypeScript modules under `src/pages/script/` (the checkout page's, one bundle per language) and
 * `src/pages/embed/` (the embed script merchants include, `/c/embed.js`), each bundled by esbuild into
 * one file for the browser. `npm run build` writes the bundles next to the compiled server
 * (`dist/pages/*.bundle.js`), so the published package serves them without esbuild. Run from source
 * (tests, `npm start`), there are no such files, and the modules are bundled in memory on first import,
 * with esbuild from the package's development dependencies.
 */
import type { Plugin } from "esbuild"
import { readFile } from "node:fs/promises"
import { fileURLToPath } from "node:url"
import { type Language, LANGUAGES } from "./Messages.ts"

/**
 * One bundle: its file name beside this module once built, the entry module it is made from, and, for
 * the checkout page's, the one language whose strings it carries.
 */
export interface Script {
  readonly file: string
  readonly entry: string
  readonly language?: Language
}

// `src/pages/` and `dist/pages/` sit at the same depth, so this finds the sources from either.
const source = (path: string) => fileURLToPath(new URL(`../../src/pages/${path}`, import.meta.url))

/**
 * The checkout page's script in one language: a page downloads the strings it shows and no others
 * (every language's would be about half the script).
 */
export const checkout = (language: Language): Script => ({ file: `checkout.${language}.bundle.js`, entry: source("script/main.ts"), language })

/** The embed script (`TillCheckout`). */
export const EMBED: Script = { file: "embed.bundle.js", entry: source("embed/main.ts") }

/** Every bundle `npm run build` writes. */
export const SCRIPTS: ReadonlyArray<Script> = [...LANGUAGES.map(checkout), EMBED]

// The page script's strings module (script/Strings.ts, every language's) is replaced, in a language's
// bundle, by one exporting that language's only; esbuild then leaves the other tables out.
const MESSAGES = source("Messages.ts")
const stringsOf = (language: Language): Plugin => ({
  name: "till-page-strings",
  setup(build) {
    build.onResolve({ filter: /\/Strings\.ts$/ }, (args) =>
      args.importer.startsWith(source("script/")) ? { path: language, namespace: "till-page-strings" } : undefined)
    build.onLoad({ filter: /.*/, namespace: "till-page-strings" }, () => ({
      contents: `import { ${language} } from ${JSON.stringify(MESSAGES)}\nexport const bundled = { ${language} }\n`,
      loader: "ts",
      resolveDir: source("")
    }))
  }
})

// One build at a time: each stops esbuild's service when it is done, which would cut off a build running beside it
// (the modules that serve the two scripts load them at once, each with a top-level await).
let queue: Promise<unknown> = Promise.resolve()

/** Bundles a script's modules (the checkout's with the core's card rules and the page strings) into one file. */
export const bundle = (script: Script): Promise<string> => {
  const run = queue.then(() => build(script))
  queue = run.catch(() => undefined)
  return run
}

const build = async (script: Script): Promise<string> => {
  const esbuild = await import("esbuild")
  // nothing else in a Till process uses esbuild: its service process need not idle beside the server
  const result = await esbuild.build({
    entryPoints: [script.entry],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: "es2020",
    // the core's export map points this condition at its TypeScript sources, which esbuild reads
    conditions: ["@till/source"],
    minify: true,
    charset: "utf8",
    legalComments: "none",
    logLevel: "silent",
    plugins: script.language === undefined ? [] : [stringsOf(script.language)]
  }).finally(() => esbuild.stop())
  return result.outputFiles[0]!.text
}

/** The built bundle if there is one beside this module, else a fresh one. */
export const load = async (script: Script): Promise<string> => {
  try {
    return await readFile(new URL(`./${script.file}`, import.meta.url), "utf8")
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error
    return bundle(script)
  }
}
