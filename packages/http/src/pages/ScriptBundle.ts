/**
 * The checkout page's script: TypeScript modules under `src/pages/script/`, bundled by esbuild into
 * one file for the browser. `npm run build` writes the bundle next to the compiled server
 * (`dist/pages/checkout.bundle.js`), so the published package serves it without esbuild. Run from
 * source (tests, `npm start`), there is no such file, and the modules are bundled in memory on
 * first import, with esbuild from the package's development dependencies.
 */
import { readFile } from "node:fs/promises"
import { fileURLToPath } from "node:url"

/** The bundle's file name, beside this module once built. */
export const FILE = "checkout.bundle.js"

// `src/pages/` and `dist/pages/` sit at the same depth, so this finds the sources from either.
const ENTRY = fileURLToPath(new URL("../../src/pages/script/main.ts", import.meta.url))

/** Bundles the page's modules, the core's card rules and the page strings into one script. */
export const bundle = async (): Promise<string> => {
  const esbuild = await import("esbuild")
  // nothing else in a Till process uses esbuild: its service process need not idle beside the server
  const result = await esbuild.build({
    entryPoints: [ENTRY],
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
export const load = async (): Promise<string> => {
  try {
    return await readFile(new URL(`./${FILE}`, import.meta.url), "utf8")
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error
    return bundle()
  }
}
