/**
 * The Adyen card component's browser bundle (web/card.ts with Adyen Web, `@adyen/adyen-web`), and its
 * stylesheet: what the hosted page loads when the account's connector is Adyen with a client key
 * (ClientComponent). Bundled by esbuild in memory on first use, like the pages' own scripts
 * (packages/http/src/pages/ScriptBundle.ts).
 */
import { readFile } from "node:fs/promises"
import { createRequire } from "node:module"
import { fileURLToPath } from "node:url"

const require = createRequire(import.meta.url)

// `src/` and `dist/` sit at the same depth, so this finds the sources from either.
const ENTRY = fileURLToPath(new URL("../src/web/card.ts", import.meta.url))

let script: Promise<string> | null = null

/** The bundle: an IIFE that sets `window.TillAdyen`. */
export const bundle = (): Promise<string> => {
  script ??= (async () => {
    const esbuild = await import("esbuild")
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
  })()
  return script
}

/** Adyen Web's stylesheet, as the package ships it. */
export const stylesheet = (): Promise<string> => readFile(require.resolve("@adyen/adyen-web/styles/adyen.css"), "utf8")
