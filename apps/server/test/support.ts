/**
 * Running the `till` command as a real process, as an operator would.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

const MAIN = join(import.meta.dirname, "..", "src", "main.ts")

/** A fresh directory for a PGlite database. */
export const freshDataDir = () => join(mkdtempSync(join(tmpdir(), "till-server-")), "data")

/** Starts `till <args>` with Node 24 and the given environment; collects its output. */
export const startTill = (args: ReadonlyArray<string>, env: Record<string, string>) => {
  const child = spawn(process.execPath, ["--conditions=@till/source", MAIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"]
  })
  const output = { stdout: "", stderr: "" }
  child.stdout!.on("data", (d) => (output.stdout += String(d)))
  child.stderr!.on("data", (d) => (output.stderr += String(d)))
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
  return { child, output, exited }
}

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
