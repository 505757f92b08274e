/**
 * A fence for tests about refused addresses: while installed, every socket `net.connect` and `tls.connect`
 * open may reach loopback only. A connection to any other address (a literal host, or what the socket's
 * lookup answered) is failed before it starts and recorded, so a test proves that the code under test
 * refused an address itself, and a broken guard fails the test without sending anything off this machine.
 * A socket without a lookup of its own would ask the system's DNS: the fence fails and records that too.
 */
import type { LookupFunction } from "node:net"
import { createRequire } from "node:module"
import { isIP } from "node:net"

// the modules' own objects, which undici calls through (an ES namespace import cannot be patched)
const require = createRequire(import.meta.url)
const net = require("node:net") as { connect: (...args: Array<unknown>) => unknown }
const tls = require("node:tls") as { connect: (...args: Array<unknown>) => unknown }

const isLoopback = (address: string) => address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127.")

interface ConnectOptions {
  readonly host?: string
  readonly lookup?: LookupFunction
  readonly [option: string]: unknown
}

const fenced = (what: string) => Object.assign(new Error(`network fence: ${what}`), { code: "EFENCED" })

/** The fence's record, and how to take it down. */
export interface Fence {
  /** What the code tried to reach outside loopback: addresses, and `lookup <name>` for unguarded lookups. */
  readonly attempts: Array<string>
  readonly remove: () => void
}

/** Installs the fence. */
export const install = (): Fence => {
  const attempts: Array<string> = []
  const original = { net: net.connect, tls: tls.connect }

  const fence = (options: ConnectOptions): ConnectOptions => {
    const host = options.host ?? "localhost"
    if (isIP(host) !== 0 && !isLoopback(host)) {
      attempts.push(host)
      // a name the lookup below fails: the socket errors asynchronously, as a real refusal would
      return { ...options, host: "fenced.invalid", lookup: ((_h, _o, cb) => cb(fenced(host), "")) as LookupFunction }
    }
    const inner = options.lookup
    const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
      if (inner === undefined) {
        attempts.push(`lookup ${hostname}`)
        return callback(fenced(`unguarded lookup of ${hostname}`), "")
      }
      inner(hostname, lookupOptions, (error, address, family) => {
        if (error !== null) return callback(error, "")
        const addresses = typeof address === "string" ? [address] : address.map((a) => a.address)
        const outside = addresses.filter((a) => !isLoopback(a))
        if (outside.length > 0) {
          attempts.push(...outside)
          return callback(fenced(outside.join(", ")), "")
        }
        callback(null, address as string, family)
      })
    }
    return { ...options, lookup }
  }

  net.connect = (...args: Array<unknown>) =>
    typeof args[0] === "object" && args[0] !== null ? original.net(fence(args[0] as ConnectOptions), ...args.slice(1)) : original.net(...args)
  tls.connect = (...args: Array<unknown>) =>
    typeof args[0] === "object" && args[0] !== null ? original.tls(fence(args[0] as ConnectOptions), ...args.slice(1)) : original.tls(...args)
  return {
    attempts,
    remove: () => {
      net.connect = original.net
      tls.connect = original.tls
    }
  }
}
