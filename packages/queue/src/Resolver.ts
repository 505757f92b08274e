/**
 * How a webhook URL's host name becomes addresses. The system resolver by default (`getaddrinfo`, as
 * `net.connect` itself would use, `/etc/hosts` included); a test provides its own, so that it can make a
 * name resolve to whatever it likes without asking any real DNS server.
 */
import { Context } from "effect"
import { lookup } from "node:dns/promises"

/** One address a name resolved to. */
export interface ResolvedAddress {
  readonly address: string
  readonly family: 4 | 6
}

/** Every address of a host name; rejects as `dns.lookup` does (`ENOTFOUND`, …) when there is none. */
export type Resolve = (hostname: string) => Promise<ReadonlyArray<ResolvedAddress>>

/** The system's resolver, every address in the order it gives them. */
export const system: Resolve = async (hostname) =>
  (await lookup(hostname, { all: true, order: "verbatim" })).map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }))

/** The resolver webhook targets are resolved with; the system's unless a test provides another. */
export const Resolver = Context.Reference<Resolve>("till/queue/Resolver", { defaultValue: () => system })
