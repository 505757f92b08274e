/**
 * `npm run build`'s last step: writes the PGlite template (dist/pglite-template.tar.gz, src/PgliteTemplate.ts),
 * a data directory initialized and migrated, from which a new embedded data directory starts instead of initdb.
 */
import { DEFAULT_FILE, make } from "../src/PgliteTemplate.ts"

const started = performance.now()
const applied = await make(DEFAULT_FILE)
console.log(`wrote ${DEFAULT_FILE} (${applied.length} migrations, ${((performance.now() - started) / 1000).toFixed(1)} s)`)
