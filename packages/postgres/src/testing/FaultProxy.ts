/**
 * A fault-injecting TCP proxy to put between Till and PostgreSQL: it forwards bytes both ways, and on
 * request cuts the connection that carries a given statement (before the server sees it, or after, so
 * that the statement runs and its answer is lost), drops every connection, refuses new ones for an
 * outage, or stalls the open ones (a network that silently drops packets). Only loopback addresses are used.
 */
import { createServer, type Server, type Socket, connect } from "node:net"

/** When a matching statement's connection is cut: before it reaches the server, or once it has. */
export type CutWhen = "before" | "after"

/** A running proxy. */
export interface FaultProxy {
  /** The port it listens on (127.0.0.1). */
  readonly port: number
  /** `url` (a PostgreSQL connection string) with its host and port replaced by the proxy's. */
  readonly via: (url: string) => string
  /**
   * Cuts (destroys both sides of) the next `times` connections whose client-to-server bytes contain
   * `pattern`. Returns a counter of the cuts made so far.
   */
  readonly cutOn: (pattern: string, when: CutWhen, times?: number) => { readonly count: () => number; readonly stop: () => void }
  /** Destroys every open connection now. */
  readonly dropAll: () => void
  /** Starts an outage: every open connection is dropped and new ones are closed at once. */
  readonly down: () => void
  /** Ends the outage. */
  readonly up: () => void
  /**
   * Stalls every open connection: from now on nothing is forwarded on them either way, and they stay
   * open, as over a network that silently drops packets. Connections opened later are not stalled.
   */
  readonly stall: () => void
  /** How many connections are open through the proxy. */
  readonly open: () => number
  readonly close: () => Promise<void>
}

interface Rule {
  readonly pattern: Buffer
  readonly when: CutWhen
  remaining: number
  made: number
}

/** Starts a proxy to `target` (a PostgreSQL URL or `host:port`) on a free loopback port. */
export const start = async (target: string): Promise<FaultProxy> => {
  const { hostname, port: targetPort } = target.includes("://") ? new URL(target) : new URL(`tcp://${target}`)
  const host = hostname === "localhost" ? "127.0.0.1" : hostname
  const pairs = new Set<{ client: Socket; server: Socket }>()
  const stalled = new WeakSet<Socket>()
  const rules: Array<Rule> = []
  let isDown = false

  const kill = (pair: { client: Socket; server: Socket }) => {
    pair.client.destroy()
    pair.server.destroy()
    pairs.delete(pair)
  }

  const server: Server = createServer((client) => {
    if (isDown) {
      client.destroy()
      return
    }
    const upstream = connect(Number(targetPort || 5432), host)
    const pair = { client, server: upstream }
    pairs.add(pair)
    client.on("error", () => kill(pair))
    upstream.on("error", () => kill(pair))
    let draining = false
    client.on("close", () => {
      if (!draining) kill(pair)
    })
    upstream.on("close", () => kill(pair))
    upstream.on("data", (chunk) => {
      if (!stalled.has(upstream)) client.write(chunk)
    })
    client.on("data", (chunk: Buffer) => {
      if (stalled.has(client)) return
      const rule = rules.find((r) => r.remaining > 0 && chunk.includes(r.pattern))
      if (rule === undefined) {
        upstream.write(chunk)
        return
      }
      rule.remaining--
      rule.made++
      if (rule.when === "before") {
        kill(pair)
        return
      }
      // the statement reaches the server; the client never hears back
      draining = true
      client.destroy()
      upstream.write(chunk, () => setTimeout(() => kill(pair), 200))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const address = server.address()
  if (address === null || typeof address === "string") throw new Error("proxy has no port")
  const port = address.port

  return {
    port,
    via: (url) => {
      const u = new URL(url)
      u.hostname = "127.0.0.1"
      u.port = String(port)
      return u.toString()
    },
    cutOn: (pattern, when, times = 1) => {
      const rule: Rule = { pattern: Buffer.from(pattern), when, remaining: times, made: 0 }
      rules.push(rule)
      return { count: () => rule.made, stop: () => void (rule.remaining = 0) }
    },
    dropAll: () => {
      for (const pair of [...pairs]) kill(pair)
    },
    down: () => {
      isDown = true
      for (const pair of [...pairs]) kill(pair)
    },
    up: () => {
      isDown = false
    },
    stall: () => {
      for (const pair of pairs) {
        stalled.add(pair.client)
        stalled.add(pair.server)
      }
    },
    open: () => pairs.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const pair of [...pairs]) kill(pair)
        server.close(() => resolve())
      })
  }
}
