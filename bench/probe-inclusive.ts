/**
 * Inclusive time of the functions in a profile kept by bench/cpu-probe.ts (`PROBE_KEEP=1`), for one kind of
 * request: each function's share of busy time, counting what it calls (a function on the stack twice counts once).
 *
 *   node bench/probe-inclusive.ts <dir> <kind> [pattern]
 */
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import type { CpuProfile } from "./http/Profiles.ts"

const [dir, kind, pattern] = process.argv.slice(2) as [string, string, string | undefined]
const profile = JSON.parse(readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith(".cpuprofile"))!), "utf8")) as CpuProfile
const windows = (JSON.parse(readFileSync(join(dir, "windows.json"), "utf8")) as Array<{ kind: string; from: number; to: number }>).filter((w) =>
  w.kind === kind
)
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const parent = new Map<number, number>()
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
const inclusive = new Map<string, number>()
let busy = 0
let at = profile.startTime
profile.samples.forEach((id, i) => {
  at += profile.timeDeltas[i] ?? 0
  if (!windows.some((w) => at >= w.from && at <= w.to)) return
  const leaf = byId.get(id)!
  if (leaf.callFrame.functionName === "(idle)") return
  const dt = (profile.timeDeltas[i] ?? 0) / 1000
  busy += dt
  const seen = new Set<string>()
  for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
    const f = byId.get(n)!.callFrame
    const name = `${f.functionName || "(anonymous)"} ${f.url.replace(/^.*\/node_modules\//, "").replace(/^.*\/(packages|apps|bench)\//, "$1/")}:${(f as { lineNumber?: number }).lineNumber ?? ""}`
    if (seen.has(name)) continue
    seen.add(name)
    inclusive.set(name, (inclusive.get(name) ?? 0) + dt)
  }
})
const re = pattern === undefined ? undefined : new RegExp(pattern)
console.log(`${kind}: ${busy.toFixed(0)} ms busy`)
for (const [name, ms] of [...inclusive].sort((a, b) => b[1] - a[1]).filter(([n]) => re === undefined || re.test(n)).slice(0, 70)) {
  console.log(`${(100 * ms / busy).toFixed(1).padStart(5)} %  ${name}`)
}
