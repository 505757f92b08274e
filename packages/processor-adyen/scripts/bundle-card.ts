/** `npm run build`'s last step: writes Adyen Web's card bundle beside the compiled WebBundle module (`dist/card.bundle.js`). */
import { writeFile } from "node:fs/promises"
import { build, BUNDLE_FILE } from "../src/WebBundle.ts"

const target = new URL(`../dist/${BUNDLE_FILE}`, import.meta.url)
await writeFile(target, await build())
console.log(`wrote ${target.pathname}`)
