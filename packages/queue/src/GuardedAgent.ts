/**
 * The HTTP agent (an undici dispatcher) webhooks are sent through. Its sockets resolve a host name once,
 * through their own `lookup`, which refuses the name when any address it resolves to is not public, and
 * connect to exactly the addresses that lookup answered: nothing resolves the name again between the
 * check and the connection, so a name whose answer changes (DNS rebinding) cannot slip a private address
 * past it. A socket never looks up a literal IP host, so the agent checks that one before connecting.
 */
import type { LookupAddress, LookupOptions } from "node:dns"
import { isIP, type LookupFunction } from "node:net"
import { Agent, buildConnector } from "undici"
import { isPublic } from "./AddressRange.ts"
import type { Resolve, ResolvedAddress } from "./Resolver.ts"

/** What a refused address fails the connection with; the attempt records it as "address not allowed". */
export class AddressNotAllowed extends Error {
  readonly code = "ERR_TILL_ADDRESS_NOT_ALLOWED"
  readonly address: string
  constructor(address: string) {
    super(`${address} is not a public address`)
    this.address = address
  }
}

const familyOf = (options: LookupOptions): 4 | 6 | undefined =>
  options.family === 4 || options.family === "IPv4" ? 4 : options.family === 6 || options.family === "IPv6" ? 6 : undefined

/**
 * A `lookup` for `net.connect` that resolves with `resolve` and, unless `allowPrivate`, refuses the name
 * when any of its addresses is not public: an answer that mixes a public address with a private one is
 * a rebinding attempt, not a reason to pick the public one.
 */
export const lookup = (resolve: Resolve, allowPrivate: boolean): LookupFunction => (hostname, options, callback) => {
  resolve(hostname).then(
    (all) => {
      const refused = allowPrivate ? undefined : all.find((a) => !isPublic(a.address))
      if (refused !== undefined) return callback(new AddressNotAllowed(refused.address), "")
      const family = familyOf(options)
      const usable: ReadonlyArray<ResolvedAddress> = family === undefined ? all : all.filter((a) => a.family === family)
      const first = usable[0]
      if (first === undefined) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), "")
      if (options.all === true) return callback(null, usable.map((a): LookupAddress => ({ address: a.address, family: a.family })))
      return callback(null, first.address, first.family)
    },
    (error: NodeJS.ErrnoException) => callback(error, "")
  )
}

/**
 * An agent that resolves names with `resolve` and, unless `allowPrivate`, connects to public addresses
 * only. Redirects are never followed (undici's `request` does not follow them).
 */
export const make = (resolve: Resolve, allowPrivate: boolean): Agent => {
  const connect = buildConnector({ lookup: lookup(resolve, allowPrivate) })
  return new Agent({
    connect: (options, callback) => {
      const literal = isIP(options.hostname) !== 0
      if (!allowPrivate && literal && !isPublic(options.hostname)) {
        const refused = new AddressNotAllowed(options.hostname)
        queueMicrotask(() => callback(refused, null))
        return
      }
      connect(options, callback)
    }
  })
}
