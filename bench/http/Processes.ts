/**
 * The two servers as child processes: started on a free port under Node 24 with the source condition,
 * ready once they say they are listening, stopped with SIGTERM (SIGKILL after 20 s).
 */
import { type ChildProcess, spawn } from "node:child_process"
import { readFileSync, writeFileSync } from "node:fs"
import { createServer } from "node:net"
import { join } from "node:path"
import { NODE_FLAGS } from "@till/server/NodeFlags"
import { root, type ServerName } from "./Settings.ts"

// TILL_BENCH_PORTS ("4700-4799") keeps the servers in a range, for a machine shared by several jobs that each own one
const range = (process.env["TILL_BENCH_PORTS"] ?? "").split("-").map(Number)
let nextInRange = range[0] ?? 0
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer()
    s.once("error", reject)
    const wanted = range.length === 2 && range[0]! > 0 ? nextInRange : 0
    if (wanted > 0) nextInRange = nextInRange >= range[1]! ? range[0]! : nextInRange + 1
    s.listen(wanted, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })

/** A benchmark server; `N` names the servers of one benchmark. */
export interface Server<N extends string = ServerName> {
  readonly name: N
  readonly base: string
  readonly pid: number
  /** `performance.now()` when it was spawned, and when it said it was listening. */
  readonly spawnedAt: number
  readonly listeningAt: number
  readonly stop: () => Promise<void>
}

export const children = new Set<ChildProcess>()

/** Resident memory of a process from /proc, in MiB: now (`VmRSS`) and its peak since it started (`VmHWM`); 0 once it is gone. */
export const memoryOf = (pid: number): { readonly rss: number; readonly peak: number } => {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8")
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0)
    return { rss: kib("VmRSS") / 1024, peak: kib("VmHWM") / 1024 }
  } catch {
    return { rss: 0, peak: 0 }
  }
}

/**
 * Resets a process's peak RSS (`VmHWM`) to its current RSS (Linux: `5` to `/proc/<pid>/clear_refs`), so a peak read
 * later is the peak since now: under load, not the start-up's. Answers false where the kernel does not allow it.
 */
export const resetPeak = (pid: number): boolean => {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5")
    return true
  } catch {
    return false
  }
}

/** `till`'s entry point, as the benchmarks start it. */
export const TILL_MAIN = "apps/server/src/main.ts"

/**
 * Starts `script` under Node 24 with the source condition; resolves once it says it is listening. `env` values that are
 * undefined are removed; a `PORT` in `env` is used instead of a free port picked at random.
 */
export const startServer = async <N extends string = ServerName>(
  name: N,
  script: string,
  env: Record<string, string | undefined>,
  nodeArgs: ReadonlyArray<string> = [],
  args: ReadonlyArray<string> = []
): Promise<Server<N>> => {
  const port = env["PORT"] !== undefined ? Number(env["PORT"]) : await freePort()
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env, PORT: String(port), TILL_PUBLIC_URL: `http://127.0.0.1:${port}` }
  for (const k of Object.keys(childEnv)) if (childEnv[k] === undefined) delete childEnv[k]
  const spawnedAt = performance.now()
  // Till runs with the flags its own scripts start it with
  const flags = script === TILL_MAIN ? [...NODE_FLAGS, ...nodeArgs] : nodeArgs
  const child = spawn(process.execPath, ["--conditions=@till/source", ...flags, join(root, script), ...args], {
    cwd: root,
    env: childEnv,
    stdio: ["ignore", "pipe", "pipe"]
  })
  children.add(child)
  let output = ""
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()))
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start in 60 s:\n${output}`)), 60_000)
    // once it listens, its output (an access line per request) is drained and dropped: kept, it would grow
    // the runner's memory, and searching all of it at every chunk would take the runner's CPU from the load
    let listening = false
    const onData = (chunk: Buffer) => {
      if (listening) return
      output += chunk.toString()
      if (/listening/i.test(output)) {
        listening = true
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout!.on("data", onData)
    child.stderr!.on("data", (chunk: Buffer) => {
      if (!listening) output += chunk.toString()
    })
    child.once("exit", (code) => {
      clearTimeout(timer)
      reject(new Error(`${name} exited with ${code} before listening:\n${output}`))
    })
  })
  const listeningAt = performance.now()
  return {
    name,
    base: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    spawnedAt,
    listeningAt,
    stop: async () => {
      child.kill("SIGTERM")
      const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 20_000).unref())
      if ((await Promise.race([exited, timeout])) === "timeout") {
        child.kill("SIGKILL")
        await exited
      }
      children.delete(child)
    }
  }
}
