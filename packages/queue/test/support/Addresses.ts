/**
 * Addresses the tests expect refused, one or more of every class SPEC section 7 names and the other
 * reserved ranges, in IPv4, IPv6 and IPv4-mapped forms.
 */

/** Non-public addresses, by the class they belong to. */
export const refused: ReadonlyArray<readonly [string, string]> = [
  ["127.0.0.1", "loopback"],
  ["127.255.0.9", "loopback"],
  ["::1", "loopback"],
  ["::ffff:127.0.0.1", "loopback"],
  ["10.0.0.1", "private"],
  ["172.16.0.1", "private"],
  ["172.31.255.254", "private"],
  ["192.168.1.1", "private"],
  ["::ffff:10.0.0.1", "private"],
  ["169.254.169.254", "linkLocal"],
  ["fe80::1", "linkLocal"],
  ["::ffff:169.254.169.254", "linkLocal"],
  ["fc00::1", "uniqueLocal"],
  ["fd00:ec2::254", "uniqueLocal"],
  ["224.0.0.1", "multicast"],
  ["239.255.255.250", "multicast"],
  ["ff02::1", "multicast"],
  ["0.0.0.0", "unspecified"],
  ["0.1.2.3", "unspecified"],
  ["::", "unspecified"],
  ["100.64.0.1", "carrierGradeNat"],
  ["100.127.255.254", "carrierGradeNat"],
  ["255.255.255.255", "broadcast"],
  ["192.0.2.1", "reserved"],
  ["198.18.0.1", "reserved"],
  ["240.0.0.1", "reserved"],
  ["2001:db8::1", "reserved"],
  ["64:ff9b::a00:1", "rfc6052"],
  ["2002:a00:1::1", "6to4"],
  ["2001::1", "teredo"],
  // IPv6 outside 2000::/3 is not allocated as global unicast (here the deprecated IPv4-compatible form)
  ["::a00:1", "reserved"],
  ["4000::1", "reserved"]
]
