/** `npm run build`'s last step: writes the checkout page's script bundle beside the compiled server. */
import { writeFile } from "node:fs/promises"
import { bundle, FILE } from "../src/pages/ScriptBundle.ts"

const target = new URL(`../dist/pages/${FILE}`, import.meta.url)
await writeFile(target, await bundle())
console.log(`wrote ${target.pathname}`)
