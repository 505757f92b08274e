/**
 * The Adyen card component's browser bundle (web/card.ts with Adyen Web, `@adyen/adyen-web`), and its
 * stylesheet: what the hosted page loads when the account's connector is Adyen with a client key
 * (ClientComponent; served by Till as the connector's `clientFiles`). `npm run build` writes the
 * bundle beside the compiled module (`dist/card.bundle.js`, scripts/bundle-card.ts), so the published
 * package serves it without esbuild, which is only a development dependency. Run from source (tests,
 * `npm start`), there is no such file, and the bundle is made in memory on first use, like the pages'
 * own scripts (packages/http/src/pages/ScriptBundle.ts).
 */
import { readFile } from "node:fs/promises"
import { createRequire } from "node:module"
import { fileURLToPath } from "node:url"

const require = createRequire(import.meta.url)

// `src/` and `dist/` sit at the same depth, so this finds the sources from either.
const ENTRY = fileURLToPath(new URL("../src/web/card.ts", import.meta.url))

/** The built bundle's file name, beside this module in `dist/`. */
export const BUNDLE_FILE = "card.bundle.js"

/** Bundles web/card.ts with Adyen Web into one IIFE that sets `window.TillAdyen` (esbuild: source or build time only). */
export const build = async (): Promise<string> => {
  const esbuild = await import("esbuild")
  // nothing else in a Till process uses esbuild: its service process need not idle beside the server
  const result = await esbuild.build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: "es2020",
    minify: true,
    charset: "utf8",
    legalComments: "none",
    logLevel: "silent",
    define: { "process.env.NODE_ENV": "\"production\"" }
  }).finally(() => esbuild.stop())
  return result.outputFiles[0]!.text
}

// The built bundle if there is one beside this module, else a fresh one.
const load = async (): Promise<string> => {
  try {
    return await readFile(new URL(`./${BUNDLE_FILE}`, import.meta.url), "utf8")
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error
    return build()
  }
}

let script: Promise<string> | null = null

/** The bundle: an IIFE that sets `window.TillAdyen`. Kept once made; a failure is not kept, so the next call tries again. */
export const bundle = (): Promise<string> => {
  if (script === null) {
    const loading = load()
    script = loading
    loading.catch(() => {
      if (script === loading) script = null
    })
  }
  return script
}

/** Adyen Web's stylesheet, as the package ships it. */
export const stylesheet = (): Promise<string> => readFile(require.resolve("@adyen/adyen-web/styles/adyen.css"), "utf8")
