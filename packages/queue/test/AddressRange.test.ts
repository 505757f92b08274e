/**
 * Which addresses count as public: each class SPEC section 7 refuses, in its IPv4, IPv6 and
 * IPv4-mapped forms, against ordinary public addresses.
 */
import { assert, describe, it } from "@effect/vitest"
import { isPublic, rangeOf } from "../src/AddressRange.ts"
import { refused } from "./support/Addresses.ts"

describe("address ranges", () => {
  it("refuses every non-public class, in every form", () => {
    for (const [address, range] of refused) {
      assert.strictEqual(rangeOf(address), range, address)
      assert.isFalse(isPublic(address), address)
    }
  })

  it("accepts ordinary public addresses, IPv4, IPv6 and IPv4-mapped", () => {
    for (const address of ["93.184.215.14", "8.8.8.8", "100.63.255.255", "172.32.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"]) {
      assert.strictEqual(rangeOf(address), "unicast", address)
      assert.isTrue(isPublic(address), address)
    }
  })

  it("refuses what is not an IP address in node's strict syntax, rather than guessing", () => {
    for (const text of ["localhost", "0x7f.1", "2130706433", "1.2.3", "", "[::1]"]) assert.isFalse(isPublic(text), text)
  })
})
