/**
 * Which IP addresses a webhook may be sent to: public unicast ones only. The special-purpose ranges
 * (loopback, RFC 1918, link-local, unique-local, CGNAT, multicast, documentation, reserved, …) come
 * from ipaddr.js, which follows IANA's registries, rather than from a table kept here.
 */
import ipaddr from "ipaddr.js"
import { isIP } from "node:net"

// IANA allocates global unicast IPv6 from 2000::/3 only; the rest is unassigned or embeds an IPv4
// address (the deprecated IPv4-compatible ::a.b.c.d), which ipaddr.js calls "unicast" all the same
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR("2000::/3")

/**
 * The range an address falls in, by ipaddr.js's names: `"unicast"` for an ordinary public address,
 * else `"loopback"`, `"private"`, `"linkLocal"`, `"uniqueLocal"`, `"carrierGradeNat"`, `"reserved"`, …;
 * `"invalid"` for what is not an IP address. An IPv4-mapped IPv6 address (`::ffff:127.0.0.1`) is judged
 * as the IPv4 address it carries.
 */
export const rangeOf = (address: string): string => {
  // node:net's strict syntax, not ipaddr.js's lenient one (`0x7f.1`): what is checked is what a socket reads
  if (isIP(address) === 0) return "invalid"
  const parsed = ipaddr.process(address)
  const range = parsed.range()
  if (parsed.kind() === "ipv6" && range === "unicast" && !parsed.match(GLOBAL_UNICAST_V6)) return "reserved"
  return range
}

/** Whether a webhook may be sent to this address: a public unicast IP address. */
export const isPublic = (address: string): boolean => rangeOf(address) === "unicast"
