/**
 * A Prism mock server (`@stoplight/prism-cli`) over an OpenAPI document, started by a test and
 * stopped by its pid. Prism validates every request against the document and answers from its
 * examples (`Prefer: code=…, example=…` chooses one); a request that breaks the document is
 * answered with an `sl-violations` header, which the recording transport collects.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { createRequire } from "node:module"
import { fetchTransport, type Transport, type TransportRequest, type TransportResponse } from "../Transport.ts"

const require = createRequire(import.meta.url)

/** A running mock: its base URL, and a stop that kills the process it started (by pid). */
export interface PrismServer {
  readonly url: string
  readonly pid: number
  readonly stop: () => Promise<void>
  readonly log: () => string
}

/** Starts Prism on `port` (the helper's fixed range) and waits until it listens. */
export const startPrism = async (document: string, port: number): Promise<PrismServer> => {
  const entry = require.resolve("@stoplight/prism-cli/dist/index.js")
  const child: ChildProcess = spawn(process.execPath, [entry, "mock", "-h", "127.0.0.1", "-p", String(port), document], {
    stdio: ["ignore", "pipe", "pipe"]
  })
  let output = ""
  child.stdout!.on("data", (d) => (output += d))
  child.stderr!.on("data", (d) => (output += d))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 90_000
  while (!output.includes("Prism is listening")) {
    if (child.exitCode !== null) throw new Error(`prism exited ${child.exitCode}:\n${output}`)
    if (Date.now() > deadline) {
      child.kill("SIGKILL")
      throw new Error(`prism did not start:\n${output}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    url,
    pid: child.pid!,
    log: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once("exit", () => resolve())
        process.kill(child.pid!, "SIGTERM")
      })
  }
}

/** One exchange the recording transport saw. */
export interface Exchange {
  readonly request: TransportRequest
  readonly response: TransportResponse | null
  /** Prism's `sl-violations` header: the request broke the document. */
  readonly violations: string | null
}

/**
 * A transport that adds Prism's `Prefer` header for the next calls (`prefer(path)` decides it), lets
 * a test change or lose requests, and records every exchange with its violations.
 */
export const recordingTransport = () => {
  const exchanges: Array<Exchange> = []
  let prefer: (path: string) => string | null = () => null
  let mangle: (request: TransportRequest) => TransportRequest = (r) => r
  let loseAnswers = 0
  const transport: Transport = async (request) => {
    const path = new URL(request.url).pathname
    const choice = prefer(path)
    const sent = mangle({ ...request, headers: choice === null ? request.headers : { ...request.headers, prefer: choice } })
    const response = await fetchTransport(sent)
    exchanges.push({ request: sent, response, violations: response.headers["sl-violations"] ?? null })
    if (loseAnswers > 0) {
      loseAnswers--
      // the request reached Adyen, the answer did not reach Till
      throw new Error("socket hang up (answer lost by the test)")
    }
    return response
  }
  return {
    transport,
    exchanges,
    /** Chooses Prism's answer per path (`example=…` or `code=…`). */
    prefer: (f: (path: string) => string | null) => void (prefer = f),
    /** Changes requests before they leave (the malformed-request scenario). */
    mangle: (f: (request: TransportRequest) => TransportRequest) => void (mangle = f),
    /** Loses the next `n` answers after the mock received their requests. */
    loseNextAnswers: (n: number) => void (loseAnswers = n),
    /** Every violation Prism reported since the last reset. */
    violations: () => exchanges.filter((e) => e.violations !== null).map((e) => `${e.request.url}: ${e.violations}`),
    reset: () => {
      exchanges.length = 0
      prefer = () => null
      mangle = (r) => r
      loseAnswers = 0
    }
  }
}
