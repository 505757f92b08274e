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
  // the start of the text only: normalizing a whole statement (1 KB and more) cost the probed server about 1 % of a request
  const key = text.slice(0, 400).replace(/\s+/g, " ").slice(0, 160)
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
  const before = process.memoryUsage()
  // with --expose-gc (PROBE_GC=1), what is still reachable after a full collection too
  globalThis.gc?.()
  const m = process.memoryUsage()
  const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, { committed: mib(s.physical_space_size), used: mib(s.space_used_size) }]))
  writeFileSync(process.env.PROBE_QUERY_FILE + ".mem", JSON.stringify({ rssBeforeGc: mib(before.rss), heapUsedBeforeGc: mib(before.heapUsed), rss: mib(m.rss), heapTotal: mib(m.heapTotal), heapUsed: mib(m.heapUsed), external: mib(m.external), arrayBuffers: mib(m.arrayBuffers), spaces }))
})
// main-thread time in garbage collection, by kind (minor, major, incremental, weak callbacks), on the same signal
import { PerformanceObserver, constants } from "node:perf_hooks"
const gcMs = { minor: 0, major: 0, incremental: 0, weakcb: 0, count: 0 }
const GC_KINDS = { [constants.NODE_PERFORMANCE_GC_MINOR]: "minor", [constants.NODE_PERFORMANCE_GC_MAJOR]: "major", [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental", [constants.NODE_PERFORMANCE_GC_WEAKCB]: "weakcb" }
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const kind = GC_KINDS[e.detail?.kind]
    if (kind !== undefined) gcMs[kind] += e.duration
    gcMs.count++
  }
}).observe({ entryTypes: ["gc"] })
process.on("SIGUSR2", () => writeFileSync(process.env.PROBE_QUERY_FILE + ".gc", JSON.stringify(gcMs)))
