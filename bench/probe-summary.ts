/**
 * The owners and top functions of each kind of request in a profile kept by bench/cpu-probe.ts
 * (`PROBE_KEEP=1`), as the probe prints them (socket writes left out), to read an earlier profile again.
 *
 *   node bench/probe-summary.ts <dir> [count]
 */
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { type CpuProfile, printByKind } from "./http/Profiles.ts"

const [dir, count] = process.argv.slice(2) as [string, string | undefined]
const profile = JSON.parse(readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith(".cpuprofile"))!), "utf8")) as CpuProfile
const windows = JSON.parse(readFileSync(join(dir, "windows.json"), "utf8")) as Array<{ kind: string; from: number; to: number }>
printByKind(profile, windows, Number(count ?? 15))
