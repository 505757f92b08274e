/**
 * Where the time goes: each server run under `--cpu-prof`, and its samples charged to libraries, stages
 * and functions.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { load } from "./Load.ts"
import type { Server } from "./Processes.ts"
import { type EndpointName, log, SECONDS, type ServerName, WARMUP_SECONDS } from "./Settings.ts"

interface ProfileNode {
  readonly id: number
  readonly callFrame: { readonly functionName: string; readonly url: string }
  readonly children?: ReadonlyArray<number>
}
/** A `.cpuprofile` file as V8 writes it. */
export interface CpuProfile {
  readonly startTime: number
  readonly nodes: ReadonlyArray<ProfileNode>
  readonly samples: ReadonlyArray<number>
  readonly timeDeltas: ReadonlyArray<number>
}

type Frame = ProfileNode["callFrame"]

const KYSELY_BUILD = /\/kysely\/dist\/(?:esm\/|cjs\/)?(operation-node|parser|query-builder|query-compiler|raw-builder|util|expression|dynamic|query-creator)/

/** Where a frame's code lives. */
const categoryOf = ({ functionName: f, url }: Frame): string => {
  if (f === "(idle)") return "idle"
  if (f === "(garbage collector)") return "garbage collection"
  if (f === "(program)" || f === "(root)") return "V8 / native (unattributed)"
  if (url.startsWith("wasm://")) return "PGlite: PostgreSQL (WebAssembly)"
  if (url === "") return "native bindings (other)"
  if (url.includes("/node_modules/@electric-sql/pglite/")) return "PGlite: JavaScript (protocol, parsing, serializing)"
  if (url.includes("/node_modules/qs/") || url.includes("/side-channel")) return "qs (form parsing)"
  if (url.includes("/node_modules/kysely/")) return KYSELY_BUILD.test(url) ? "Kysely: building + compiling statements" : "Kysely: executing (executor, driver glue)"
  if (/\/node_modules\/(pg|pg-protocol|pg-pool|pg-types|postgres-[a-z]+|pgpass|pg-connection-string)\//.test(url)) return "pg driver"
  if (url.includes("/node_modules/effect/dist/")) {
    const file = url.slice(url.indexOf("/node_modules/effect/dist/") + "/node_modules/effect/dist/".length)
    if (/^(Schema|SchemaAST|SchemaParser|SchemaIssue|SchemaGetter|SchemaTransformation)\.js|^schema\/|^internal\/schema/.test(file)) return "Effect Schema"
    if (file.startsWith("http/") || file.startsWith("http-api/")) return "Effect HTTP (router, request, response)"
    return "Effect runtime (fibers, services, tracing)"
  }
  if (url.includes("/node_modules/@effect/platform-node")) return "Effect HTTP (router, request, response)"
  if (url.includes("/node_modules/")) return "other libraries"
  if (url.includes("/packages/core/")) return "Till core (use case, state machine, ids)"
  if (url.includes("/packages/http/")) return "Till HTTP adapter"
  if (url.includes("/packages/postgres/")) return "Till postgres adapter"
  if (url.includes("/bench/")) return "baseline's own code"
  if (/^node:(_http|internal\/http|http)/.test(url)) return "node:http (parsing, headers)"
  if (/^node:(net|stream|internal\/stream|internal\/streams|internal\/net|internal\/stream_base)/.test(url)) return "node:net + streams"
  if (url.startsWith("node:")) return "node (other)"
  return "other"
}

/** The native calls that write to a socket: their time is the syscall (on loopback, the TCP stack too). */
const SOCKET_WRITES = new Set(["writev", "writeBuffer", "writeUtf8String", "writeLatin1String", "writeAsciiString", "writeUcs2String"])
const SOCKET_OWNER = "socket writes"
/** Categories that own the natives and node internals they call. */
const UNOWNED = new Set([
  "native bindings (other)",
  "V8 / native (unattributed)",
  "node:http (parsing, headers)",
  "node:net + streams",
  "node (other)",
  "garbage collection",
  "idle"
])

/**
 * Who a sample's time is charged to: socket writes are their own line; otherwise the innermost frame of
 * a library or of the application (so JSON.stringify, crypto and node's internals count for whoever called
 * them); node itself only when no such frame is on the stack (reading sockets, parsing requests).
 */
const ownerOf = (stack: ReadonlyArray<Frame>): string => {
  const leaf = stack[0]!
  if (leaf.url === "" && SOCKET_WRITES.has(leaf.functionName)) return SOCKET_OWNER
  for (const frame of stack) {
    const category = categoryOf(frame)
    if (!UNOWNED.has(category)) return category
  }
  return categoryOf(leaf)
}

/** Stages a sample is inside, by any frame on its stack (so a stage includes what it calls). */
export const STAGES: ReadonlyArray<readonly [string, (frame: Frame) => boolean]> = [
  ["form parsing (`qs`)", (f) => f.url.includes("/node_modules/qs/")],
  ["Effect Schema (decoding)", (f) => categoryOf(f) === "Effect Schema"],
  ["ids (`Ids.randomBase62`, also under `Ids.ordered`: getRandomValues + BigInt)", (f) => f.functionName === "randomBase62"],
  ["Kysely building + compiling statements", (f) => KYSELY_BUILD.test(f.url)],
  ["pg driver (protocol, parsing rows)", (f) => categoryOf(f) === "pg driver"]
]

/** Where one profiled run's CPU went: by owner, by stage, and the hottest functions. */
export interface ProfileSummary {
  /** Non-idle sampled time, socket writes left out (see `socketMs`). */
  readonly busyMs: number
  /** Sampled time in socket writes: the syscall, and time spent preempted in it (sampling is by wall clock). */
  readonly socketMs: number
  readonly owners: ReadonlyArray<readonly [string, number]>
  readonly stages: ReadonlyArray<readonly [string, number]>
  readonly top: ReadonlyArray<readonly [string, number]>
}

/** Summarizes the samples taken between `from` and `to` (µs, the monotonic clock `process.hrtime` reads). */
export const summarize = (profile: CpuProfile, from: number, to: number): ProfileSummary => {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const stackOf = new Map<number, Array<Frame>>()
  const stack = (id: number) => {
    let frames = stackOf.get(id)
    if (frames === undefined) {
      frames = []
      for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) frames.push(byId.get(n)!.callFrame)
      stackOf.set(id, frames)
    }
    return frames
  }
  const owners = new Map<string, number>()
  const stages = new Map<string, number>()
  const functions = new Map<string, number>()
  const add = (m: Map<string, number>, k: string, dt: number) => m.set(k, (m.get(k) ?? 0) + dt)
  let busy = 0
  let socket = 0
  let at = profile.startTime
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0
    if (at < from || at > to) return
    const frames = stack(id)
    const leaf = frames[0]!
    if (leaf.functionName === "(idle)") return
    const dt = (profile.timeDeltas[i] ?? 0) / 1000
    const owner = ownerOf(frames)
    if (owner === SOCKET_OWNER) {
      socket += dt
      return
    }
    busy += dt
    add(owners, owner, dt)
    const where = leaf.url.replace(/^.*\/node_modules\//, "").replace(/^.*\/(packages|bench)\//, "$1/").replace(/^file:\/\//, "")
    add(functions, `${leaf.functionName || "(anonymous)"}${where === "" ? "" : ` ${where}`}`, dt)
    for (const [stage, matches] of STAGES) if (frames.some(matches)) add(stages, stage, dt)
  })
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1])
  return { busyMs: busy, socketMs: socket, owners: sorted(owners), stages: sorted(stages), top: sorted(functions).slice(0, 10) }
}

/** Runs `endpoint` against a server started with `--cpu-prof`, and summarizes the profile. */
export const profiled = async (
  name: ServerName,
  start: (nodeArgs: ReadonlyArray<string>) => Promise<Server>,
  endpoint: EndpointName,
  ids: ReadonlyArray<string>
) => {
  const dir = mkdtempSync(join(tmpdir(), "till-bench-prof-"))
  try {
    const server = await start([`--cpu-prof`, `--cpu-prof-dir=${dir}`, "--cpu-prof-interval=200"])
    await load(server, endpoint, WARMUP_SECONDS, ids)
    const from = Number(process.hrtime.bigint() / 1000n)
    const r = await load(server, endpoint, SECONDS, ids)
    const to = Number(process.hrtime.bigint() / 1000n)
    await server.stop()
    const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"))
    if (file === undefined) throw new Error(`no profile written for ${name}`)
    // only the measured load: start-up and the warm-up are left out
    const summary = summarize(JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile, from, to)
    log(`profile ${name} ${endpoint}: ${(r["2xx"] / r.duration).toFixed(0)} req/s under the profiler, ${summary.busyMs.toFixed(0)} ms busy`)
    return summary
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Prints, for each kind of request, its owners and top functions over every window of that kind (bench/cpu-probe.ts, bench/probe-summary.ts). */
export const printByKind = (
  profile: CpuProfile,
  windows: ReadonlyArray<{ readonly kind: string; readonly from: number; readonly to: number }>,
  count = 15
): void => {
  for (const kind of [...new Set(windows.map((w) => w.kind))]) {
    // every round's window of this kind, summarized together
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
    for (const [k, v] of merge((p) => p.top).slice(0, count)) console.log(`  ${(100 * v / busy).toFixed(1).padStart(5)} %  ${k}`)
  }
}
