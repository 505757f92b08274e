/**
 * The pages' scripts: TypeScript modules under `src/pages/script/` (the checkout page's) and
 * `src/pages/embed/` (the embed script merchants include, `/c/embed.js`), each bundled by esbuild into
 * one file for the browser. `npm run build` writes the bundles next to the compiled server
 * (`dist/pages/*.bundle.js`), so the published package serves them without esbuild. Run from source
 * (tests, `npm start`), there are no such files, and the modules are bundled in memory on first import,
 * with esbuild from the package's development dependencies.
 */
import { readFile } from "node:fs/promises"
import { fileURLToPath } from "node:url"

/** One bundle: its file name beside this module once built, and the entry module it is made from. */
export interface Script {
  readonly file: string
  readonly entry: string
}

// `src/pages/` and `dist/pages/` sit at the same depth, so this finds the sources from either.
const source = (path: string) => fileURLToPath(new URL(`../../src/pages/${path}`, import.meta.url))

/** The checkout page's script. */
export const CHECKOUT: Script = { file: "checkout.bundle.js", entry: source("script/main.ts") }

/** The embed script (`TillCheckout`). */
export const EMBED: Script = { file: "embed.bundle.js", entry: source("embed/main.ts") }

/** Every bundle `npm run build` writes. */
export const SCRIPTS: ReadonlyArray<Script> = [CHECKOUT, EMBED]

/** The checkout script's file name (see {@link CHECKOUT}). */
export const FILE = CHECKOUT.file

// One build at a time: each stops esbuild's service when it is done, which would cut off a build running beside it
// (the modules that serve the two scripts load them at once, each with a top-level await).
let queue: Promise<unknown> = Promise.resolve()

/** Bundles a script's modules (the checkout's with the core's card rules and the page strings) into one file. */
export const bundle = (script: Script = CHECKOUT): Promise<string> => {
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
    logLevel: "silent"
  }).finally(() => esbuild.stop())
  return result.outputFiles[0]!.text
}

/** The built bundle if there is one beside this module, else a fresh one. */
export const load = async (script: Script = CHECKOUT): Promise<string> => {
  try {
    return await readFile(new URL(`./${script.file}`, import.meta.url), "utf8")
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error
    return bundle(script)
  }
}
