/**
 * Running the `till` command as a real process, as an operator would.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { beforeEach } from "vitest"

const MAIN = join(import.meta.dirname, "..", "src", "main.ts")

/** A fresh directory for a PGlite database. */
export const freshDataDir = () => join(mkdtempSync(join(tmpdir(), "till-server-")), "data")

/** A started `till`: the process, what it wrote so far, and its exit code once it exits. */
export interface Till {
  readonly args: ReadonlyArray<string>
  readonly child: ChildProcess
  readonly output: { stdout: string; stderr: string }
  readonly exited: Promise<number | null>
}

/** The processes started by the test that is running, for {@link printChildrenOnFailure}. */
let started: Array<Till> = []

/** Starts `till <args>` with Node 24 and the given environment; collects its output. */
export const startTill = (args: ReadonlyArray<string>, env: Record<string, string>): Till => {
  const child = spawn(process.execPath, ["--conditions=@till/source", MAIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"]
  })
  const output = { stdout: "", stderr: "" }
  child.stdout!.on("data", (d) => (output.stdout += String(d)))
  child.stderr!.on("data", (d) => (output.stderr += String(d)))
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
  const till = { args, child, output, exited }
  started.push(till)
  return till
}

const tail = (text: string, lines = 80) => text.trimEnd().split("\n").slice(-lines).join("\n")

/**
 * Makes every failing test of the file print what the `till` processes it started wrote: the cause of
 * a 500 (the server logs it, the client only sees a request id) or of a crash is in a child's output,
 * which would otherwise be lost with the process.
 */
export const printChildrenOnFailure = () =>
  beforeEach(({ onTestFailed }) => {
    started = []
    const mine = started
    onTestFailed(() => {
      for (const till of mine) {
        const how = till.child.exitCode !== null
          ? `exited ${till.child.exitCode}`
          : till.child.signalCode !== null
          ? `killed by ${till.child.signalCode}`
          : "running"
        console.error(
          `--- till ${till.args.join(" ")} (pid ${till.child.pid}, ${how})\n` +
            `stderr:\n${tail(till.output.stderr) || "(empty)"}\nstdout:\n${tail(till.output.stdout) || "(empty)"}`
        )
      }
    })
  })

/** Waits until `predicate` holds on the output, or fails after `ms`. */
export const waitFor = async (what: string, predicate: () => boolean, ms = 30_000, child?: ChildProcess) => {
  const start = Date.now()
  while (!predicate()) {
    if (child?.exitCode !== null && child?.exitCode !== undefined) throw new Error(`process exited (${child.exitCode}) before: ${what}`)
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** Runs `till <args>` to completion. */
export const runTill = async (args: ReadonlyArray<string>, env: Record<string, string>) => {
  const run = startTill(args, env)
  const code = await run.exited
  return { code, ...run.output }
}

/** A port free on 127.0.0.1 right now, for a `till serve` to listen on. */
export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })

/** How long a `till` process may take to start: 2-5 s on an idle machine, measured at over 60 s on a loaded 2-core one. */
export const START_MS = 120_000

/** Waits until `till` says it is up; kills it if it does not, so a failed start leaves no process behind. */
export const upOrKilled = async <T extends Till>(till: T, what: string, up: () => boolean, ms = START_MS): Promise<T> => {
  try {
    await waitFor(what, up, ms, till.child)
    return till
  } catch (error) {
    till.child.kill("SIGKILL")
    throw error
  }
}

/** Starts `till serve` on a free port with `env`; answers once it listens, with its base URL. */
export const serveTill = async (env: Record<string, string>, ms = START_MS): Promise<Till & { readonly url: string }> => {
  const port = await freePort()
  const till = startTill(["serve"], { ...env, PORT: String(port) })
  return upOrKilled(Object.assign(till, { url: `http://127.0.0.1:${port}` }), "listening", () => till.output.stdout.includes("listening"), ms)
}

/** Stops a `till` with SIGTERM and waits for it to exit (nothing when it has already). */
export const stopTill = async (till: Till) => {
  if (till.child.exitCode !== null || till.child.signalCode !== null) return
  till.child.kill("SIGTERM")
  await till.exited
}
