/**
 * A resolver for the tests: names resolve to whatever the test sets, and nothing asks a real DNS server.
 * An unknown name fails as `dns.lookup` does (`ENOTFOUND`).
 */
import type { Resolve, ResolvedAddress } from "../Resolver.ts"

/** The resolver, its table, and the names it was asked for. */
export interface FakeDns {
  readonly resolve: Resolve
  /** Name → addresses; change it between calls to play a DNS answer that changes. */
  readonly names: Map<string, ReadonlyArray<string>>
  readonly asked: Array<string>
  /** Called after each answer: a test rebinds a name here to play an answer that changes right after a check. */
  afterAnswer: (hostname: string) => void
}

/** A fake resolver answering from `names`. */
export const make = (names: Record<string, ReadonlyArray<string>> = {}): FakeDns => {
  const table = new Map(Object.entries(names))
  const asked: Array<string> = []
  const dns: FakeDns = {
    resolve: async (hostname) => {
      asked.push(hostname)
      const addresses = table.get(hostname)
      if (addresses === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND", hostname })
      dns.afterAnswer(hostname)
      return addresses.map((address): ResolvedAddress => ({ address, family: address.includes(":") ? 6 : 4 }))
    },
    names: table,
    asked,
    afterAnswer: () => undefined
  }
  return dns
}
