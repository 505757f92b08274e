/**
 * One embedded cold start, small enough to repeat on a loaded machine (docs/performance.md, "Cold start" and
 * "Memory"): `till serve` from source, as bench/embedded.ts starts it, on a new PGlite data directory (or
 * PROBE_DIR, kept: a warm start the second time), from spawn to the first successful create; then, if
 * `loadSeconds` > 0, that many seconds of creates at BENCH_CONNECTIONS. Prints one JSON line: start ms, the
 * start's CPU ms (all threads) and peak RSS, RSS after start, and under load the peak RSS and CPU µs per create.
 *
 *   node --conditions=@till/source bench/cold-start.ts <label> <port> <loadSeconds> [node flags...]
 *
 * PROBE_LOG=1 shows the server's output. Compare runs alternating, e.g. with and without the PGlite template
 * (rename packages/postgres/dist/pglite-template.tar.gz) or a node flag.
 */
import { spawn } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { NODE_FLAGS } from "@till/server/NodeFlags"
import { load } from "./http/Load.ts"
import { memoryOf, resetPeak } from "./http/Processes.ts"
import { AUTH, CREATE_BODY, KEY, root } from "./http/Settings.ts"

const [label, portArg, loadArg, ...extra] = process.argv.slice(2)
const port = Number(portArg)
const dataDir = process.env.PROBE_DIR ?? join(mkdtempSync(join(tmpdir(), "till-h1-cold-")), "data")
const spawnedAt = performance.now()
const child = spawn(process.execPath, ["--conditions=@till/source", ...NODE_FLAGS, ...extra, join(root, "apps/server/src/main.ts"), "serve"], {
  cwd: root,
  env: { ...process.env, PORT: String(port), TILL_PUBLIC_URL: `http://127.0.0.1:${port}`, TILL_SECRET_KEY: KEY, TILL_RATE_LIMIT_PER_SECOND: "0", TILL_CLIENT_RATE_LIMIT_PER_SECOND: "0", TILL_DATA_DIR: dataDir, DATABASE_URL: "" },
  stdio: ["ignore", process.env.PROBE_LOG ? "inherit" : "ignore", process.env.PROBE_LOG ? "inherit" : "ignore"]
})
const base = `http://127.0.0.1:${port}`
let startMs = 0
for (;;) {
  const res = await fetch(`${base}/v1/checkout/sessions`, { method: "POST", headers: { authorization: AUTH, "content-type": "application/x-www-form-urlencoded" }, body: CREATE_BODY }).catch(() => undefined)
  if (res !== undefined) await res.arrayBuffer()
  if (res?.status === 200) { startMs = performance.now() - spawnedAt; break }
  if (performance.now() - spawnedAt > 120_000) throw new Error("no create in 120 s")
  await new Promise((r) => setTimeout(r, 20))
}
const startPeak = memoryOf(child.pid!).peak
const cpuOf = (pid: number) => { const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" "); return (Number(f[11]) + Number(f[12])) * 10 }
const startCpuMs = cpuOf(child.pid!)
const out: Record<string, unknown> = { label, startMs: Math.round(startMs), startPeakMiB: Math.round(startPeak), restMiB: Math.round(memoryOf(child.pid!).rss), startCpuMs }
const seconds = Number(loadArg)
if (seconds > 0) {
  resetPeak(child.pid!)
  const cpu = () => cpuOf(child.pid!)
  const cpu0 = cpu()
  const server = { name: "Till", base, pid: child.pid!, spawnedAt, listeningAt: spawnedAt, stop: async () => {} } as const
  const r = await load(server as never, "create", seconds, [])
  const m = memoryOf(child.pid!)
  out["cpuUsPerCreate"] = Math.round(((cpu() - cpu0) * 1000) / r["2xx"])
  Object.assign(out, { rps: Math.round(r["2xx"] / r.duration), p99: r.latency.p99, loadPeakMiB: Math.round(m.peak), afterLoadMiB: Math.round(m.rss), failures: r.errors + r.timeouts + r.non2xx })
}
child.kill("SIGTERM")
await new Promise((r) => child.once("exit", r))
if (process.env.PROBE_DIR === undefined) rmSync(join(dataDir, ".."), { recursive: true, force: true })
console.log(JSON.stringify(out))
