/**
 * Starts Prism (`@stoplight/prism-cli`, pinned) as a mock server of the committed Stripe document on a
 * fixed port, and stops it by its pid. Prism validates every request against the document (422 with
 * `sl-violations` otherwise) and answers from the document's examples: `Prefer: example=<name>` (and
 * `code=<status>`) picks one.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { createRequire } from "node:module"
import { join } from "node:path"

const require = createRequire(import.meta.url)
const HERE = import.meta.dirname

/** The committed document (trimmed, with the scenarios' examples). */
export const DOCUMENT = join(HERE, "..", "..", "test", "fixtures", "stripe-openapi.trimmed.json")

/** The preload that fixes Prism's form decoding (kept in src, so the built copy of this module finds it too). */
const PRELOAD = join(HERE, "..", "..", "src", "testing", "prism-deep-object.cjs")

/** A running mock server. */
export interface Prism {
  readonly url: string
  readonly output: () => string
  readonly stop: () => Promise<void>
}

/** Starts Prism on `port` and waits until it listens. */
export const start = async (port: number): Promise<Prism> => {
  const cli = join(require.resolve("@stoplight/prism-cli/package.json"), "..", "dist", "index.js")
  const child: ChildProcess = spawn(process.execPath, ["--require", PRELOAD, cli, "mock", "-p", String(port), "-h", "127.0.0.1", DOCUMENT], {
    stdio: ["ignore", "pipe", "pipe"]
  })
  let out = ""
  child.stdout!.on("data", (d) => (out += String(d)))
  child.stderr!.on("data", (d) => (out += String(d)))
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.pid === undefined) return resolve()
      child.once("exit", () => resolve())
      process.kill(child.pid, "SIGTERM")
    })
  const deadline = Date.now() + 90_000
  while (!out.includes("Prism is listening")) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop()
      throw new Error(`Prism did not start:\n${out}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return { url: `http://127.0.0.1:${port}`, output: () => out, stop }
}
