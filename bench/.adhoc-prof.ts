import { mkdtempSync, readdirSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { createBenchDatabase } from "./BenchDatabase.ts"
import { load } from "./http/Load.ts"
import { startServer } from "./http/Processes.ts"
import { type CpuProfile, summarize } from "./http/Profiles.ts"
import { KEY } from "./http/Settings.ts"
const endpoint = (process.env["EP"] ?? "create") as "create"
const db = await createBenchDatabase()
const dir = mkdtempSync(join(tmpdir(), "adhoc-prof-"))
try {
  const env = { DATABASE_URL: db.url, TILL_SECRET_KEY: KEY, TILL_RATE_LIMIT_PER_SECOND: "0", TILL_CLIENT_RATE_LIMIT_PER_SECOND: "0" }
  const s = await startServer("Till", "apps/server/src/main.ts", env, ["--cpu-prof", `--cpu-prof-dir=${dir}`, "--cpu-prof-interval=200"], ["serve"])
  const ids: string[] = []
  if (endpoint !== "create") { const { seed } = await import("./http/Load.ts"); ids.push(...await seed(s, 500)) }
  await load(s, endpoint, 3, ids)
  const from = Number(process.hrtime.bigint() / 1000n)
  const r = await load(s, endpoint, 10, ids)
  const to = Number(process.hrtime.bigint() / 1000n)
  await s.stop()
  const p = summarize(JSON.parse(readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith(".cpuprofile"))!), "utf8")) as CpuProfile, from, to)
  const n = r["2xx"]
  console.log(`${endpoint}: ${(n / r.duration).toFixed(0)} req/s; busy µs/req ${(p.busyMs * 1000 / n).toFixed(1)}`)
  for (const [o, ms] of p.owners) console.log(`  ${(ms * 1000 / n).toFixed(1).padStart(6)} µs ${o}`)
  console.log("top:"); for (const [f, ms] of p.top) console.log(`  ${(ms * 1000 / n).toFixed(1).padStart(6)} µs ${f}`)
} finally { await db.drop() }
