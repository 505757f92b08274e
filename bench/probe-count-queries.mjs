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
// the process's memory, by V8 heap space, on the same signal
import { getHeapSpaceStatistics } from "node:v8"
process.on("SIGUSR2", () => {
  const mib = (n) => Math.round(n / 2 ** 20)
  const m = process.memoryUsage()
  const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, { committed: mib(s.physical_space_size), used: mib(s.space_used_size) }]))
  writeFileSync(process.env.PROBE_QUERY_FILE + ".mem", JSON.stringify({ rss: mib(m.rss), heapTotal: mib(m.heapTotal), heapUsed: mib(m.heapUsed), external: mib(m.external), arrayBuffers: mib(m.arrayBuffers), spaces }))
})
