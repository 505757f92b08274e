/**
 * Self time of the functions in a profile kept by bench/cpu-probe.ts (`PROBE_KEEP=1`), for one kind of request.
 *
 *   node bench/probe-self.ts <dir> <kind> [count]
 */
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import type { CpuProfile } from "./http/Profiles.ts"

const [dir, kind, count] = process.argv.slice(2) as [string, string, string | undefined]
const profile = JSON.parse(readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith(".cpuprofile"))!), "utf8")) as CpuProfile
const windows = (JSON.parse(readFileSync(join(dir, "windows.json"), "utf8")) as Array<{ kind: string; from: number; to: number }>).filter((w) =>
  w.kind === kind
)
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const self = new Map<string, number>()
let busy = 0
let at = profile.startTime
profile.samples.forEach((id, i) => {
  at += profile.timeDeltas[i] ?? 0
  if (!windows.some((w) => at >= w.from && at <= w.to)) return
  const f = byId.get(id)!.callFrame as { functionName: string; url: string; lineNumber?: number }
  if (f.functionName === "(idle)") return
  const dt = (profile.timeDeltas[i] ?? 0) / 1000
  busy += dt
  const name = `${f.functionName || "(anonymous)"} ${f.url.replace(/^.*\/node_modules\//, "").replace(/^.*\/(packages|apps|bench)\//, "$1/")}:${f.lineNumber ?? ""}`
  self.set(name, (self.get(name) ?? 0) + dt)
})
console.log(`${kind}: ${busy.toFixed(0)} ms busy`)
for (const [name, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(count ?? 40))) console.log(`${(100 * ms / busy).toFixed(1).padStart(5)} %  ${name}`)
