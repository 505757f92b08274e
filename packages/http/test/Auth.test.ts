import { assert, describe, it } from "@effect/vitest"
import { credentialOf, maskKey } from "../src/Auth.ts"

describe("Auth", () => {
  it("reads the key from Bearer, or from Basic as the user name", () => {
    assert.strictEqual(credentialOf("Bearer sk_test_abc"), "sk_test_abc")
    assert.strictEqual(credentialOf("bearer   sk_test_abc "), "sk_test_abc")
    assert.strictEqual(credentialOf(`Basic ${btoa("sk_test_abc:")}`), "sk_test_abc")
    assert.strictEqual(credentialOf(`Basic ${btoa("sk_test_abc:ignored")}`), "sk_test_abc")
    assert.strictEqual(credentialOf(`Basic ${btoa("sk_test_abc")}`), "sk_test_abc")
    for (const header of [undefined, "", "Bearer", "Bearer  ", "Token x", "Basic %%%", `Basic ${btoa(":pw")}`]) {
      assert.isUndefined(credentialOf(header), String(header))
    }
  })

  it("shows only the prefix and last four characters of a key", () => {
    const key = "sk_test_51HxyzSECRETPARTabcd1234"
    const masked = maskKey(key)
    assert.match(masked, /^sk_test_\*+1234$/)
    assert.notInclude(masked, "SECRET")
    assert.strictEqual(maskKey("sk_test_short"), "sk_test_****")
    assert.strictEqual(maskKey("whatever-token-of-some-length"), "****")
  })
})
