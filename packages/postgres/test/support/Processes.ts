/**
 * Child processes for the crash and lock tests: Node 24 running a TypeScript fixture.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"

/** Starts `test/fixtures/<name>.ts` with the given environment added. */
export const spawnFixture = (name: string, env: Record<string, string>): ChildProcess =>
  spawn(process.execPath, ["--conditions=@till/source", fileURLToPath(new URL(`../fixtures/${name}.ts`, import.meta.url))], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"]
  })

/** Calls `onLine` for each line of a stream. */
export const onLines = (stream: NodeJS.ReadableStream, onLine: (line: string) => void): void => {
  let buffer = ""
  stream.setEncoding("utf8")
  stream.on("data", (chunk: string) => {
    buffer += chunk
    let nl: number
    while ((nl = buffer.indexOf("\n")) >= 0) {
      onLine(buffer.slice(0, nl))
      buffer = buffer.slice(nl + 1)
    }
  })
}

/** The exit of a child: its code and signal, once its output is fully read. */
export const exited = (child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> =>
  new Promise((resolve) => child.once("close", (code, signal) => resolve({ code, signal })))

/**
 * Runs the WriteLoop fixture until `acks` writes are acknowledged, kills it with SIGKILL, and
 * answers every acknowledged (session id, event id), including those still in the pipe.
 */
export const writeUntilKilled = async (env: Record<string, string>, acks: number): Promise<Array<{ session: string; event: string }>> => {
  const child = spawnFixture("WriteLoop", env)
  const acked: Array<{ session: string; event: string }> = []
  let stderr = ""
  child.stderr!.on("data", (chunk) => (stderr += String(chunk)))
  onLines(child.stdout!, (line) => {
    const [tag, session, event] = line.split(" ")
    if (tag !== "ack") return
    acked.push({ session: session!, event: event! })
    if (acked.length === acks) child.kill("SIGKILL")
  })
  const { signal } = await exited(child)
  if (signal !== "SIGKILL") throw new Error(`the writer exited by itself (${signal}): ${stderr}`)
  return acked
}
