// Preloaded by bench/cpu-probe.ts (`--import`): counts the statements the server sends through `pg`, by text,
// and writes the counts to PROBE_QUERY_FILE on SIGUSR2 (the probe reads them around each run).
import { writeFileSync } from "node:fs"
import { createRequire } from "node:module"
const require = createRequire(import.meta.url)
const pg = require("pg")
const counts = new Map()
const original = pg.Client.prototype.query
pg.Client.prototype.query = function (config, ...rest) {
  const text = typeof config === "string" ? config : config?.text ?? "?"
  const key = text.replace(/\s+/g, " ").slice(0, 160)
  counts.set(key, (counts.get(key) ?? 0) + 1)
  return original.call(this, config, ...rest)
}
process.on("SIGUSR2", () => writeFileSync(process.env.PROBE_QUERY_FILE, JSON.stringify([...counts])))
// (temporary instrumentation) Effect context copies, when node_modules/effect is patched to count them
process.on("SIGUSR2", () => {
  const st = globalThis.__ctx
  if (st !== undefined) writeFileSync(process.env.PROBE_QUERY_FILE + ".ctx", JSON.stringify({ ...st, keys: [...st.keys] }))
})
