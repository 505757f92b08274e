/** `npm run build`'s last step: writes the pages' script bundles (the checkout page's, the embed script) beside the compiled server. */
import { writeFile } from "node:fs/promises"
import { bundle, SCRIPTS } from "../src/pages/ScriptBundle.ts"

for (const script of SCRIPTS) {
  const target = new URL(`../dist/pages/${script.file}`, import.meta.url)
  await writeFile(target, await bundle(script))
  console.log(`wrote ${target.pathname}`)
}
