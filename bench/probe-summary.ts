/**
 * The owners and top functions of each kind of request in a profile kept by bench/cpu-probe.ts
 * (`PROBE_KEEP=1`), as the probe prints them (socket writes left out), to read an earlier profile again.
 *
 *   node bench/probe-summary.ts <dir> [count]
 */
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { type CpuProfile, summarize } from "./http/Profiles.ts"

const [dir, count] = process.argv.slice(2) as [string, string | undefined]
const profile = JSON.parse(readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith(".cpuprofile"))!), "utf8")) as CpuProfile
const windows = JSON.parse(readFileSync(join(dir, "windows.json"), "utf8")) as Array<{ kind: string; from: number; to: number }>
for (const kind of [...new Set(windows.map((w) => w.kind))]) {
  const parts = windows.filter((w) => w.kind === kind).map((w) => summarize(profile, w.from, w.to))
  const merge = (pick: (s: (typeof parts)[number]) => ReadonlyArray<readonly [string, number]>) => {
    const m = new Map<string, number>()
    for (const p of parts) for (const [k, v] of pick(p)) m.set(k, (m.get(k) ?? 0) + v)
    return [...m].sort((a, b) => b[1] - a[1])
  }
  const busy = parts.reduce((a, p) => a + p.busyMs, 0)
  console.log(`\n## ${kind}: ${busy.toFixed(0)} ms busy sampled`)
  for (const [k, v] of merge((p) => p.owners)) console.log(`  ${(100 * v / busy).toFixed(1).padStart(5)} %  ${k}`)
  console.log("  top functions (self):")
  for (const [k, v] of merge((p) => p.top).slice(0, Number(count ?? 15))) console.log(`  ${(100 * v / busy).toFixed(1).padStart(5)} %  ${k}`)
}
