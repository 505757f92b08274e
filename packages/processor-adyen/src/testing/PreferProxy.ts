/**
 * A proxy between a Till server and the Prism mock, for tests that go through Till's API: Till's
 * connector sends plain requests (no `Prefer`), so the proxy adds the one the test chose for each
 * path, records Prism's `sl-violations`, and can lose an answer (the request reaches the mock, the
 * connection to Till is cut before the answer) to play a timeout.
 */
import { createServer, type Server } from "node:http"

/** A running proxy. */
export interface PreferProxy {
  readonly url: string
  /** Chooses Prism's answer by path (`example=…`, `code=…`), or none. */
  readonly prefer: (f: (path: string, body: string) => string | null) => void
  /** Loses the answers to the next `n` requests whose path is `path`. */
  readonly loseNext: (path: string, n: number) => void
  /** Every request seen: path, body, Prism's violations. */
  readonly seen: ReadonlyArray<{ readonly path: string; readonly body: string; readonly violations: string | null; readonly lost: boolean }>
  readonly close: () => Promise<void>
}

/** Starts a proxy to `target` (Prism's base URL) on `port`. */
export const startPreferProxy = async (target: string, port: number): Promise<PreferProxy> => {
  let prefer: (path: string, body: string) => string | null = () => null
  const losing = new Map<string, number>()
  const seen: Array<{ path: string; body: string; violations: string | null; lost: boolean }> = []
  const server: Server = createServer((req, res) => {
    const chunks: Array<Buffer> = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", async () => {
      const body = Buffer.concat(chunks).toString("utf8")
      const path = new URL(req.url ?? "/", "http://proxy").pathname
      const headers: Record<string, string> = {}
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === "string" && name !== "host" && name !== "content-length" && name !== "connection") headers[name] = value
      }
      const choice = prefer(path, body)
      if (choice !== null) headers.prefer = choice
      try {
        const answer = await fetch(target + (req.url ?? "/"), { method: req.method ?? "POST", headers, body: req.method === "GET" ? null : body })
        const text = await answer.text()
        const left = losing.get(path) ?? 0
        const lost = left > 0
        seen.push({ path, body, violations: answer.headers.get("sl-violations"), lost })
        if (lost) {
          losing.set(path, left - 1)
          // the mock took the request; Till never hears back
          return req.socket.destroy()
        }
        res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" }).end(text)
      } catch (error) {
        res.writeHead(502).end(String(error))
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve))
  return {
    url: `http://127.0.0.1:${port}`,
    prefer: (f) => void (prefer = f),
    loseNext: (path, n) => void losing.set(path, n),
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
