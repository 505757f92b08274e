/**
 * Running the `till` command as a real process, as an operator would.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync } from "node:fs"
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
