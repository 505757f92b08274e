/**
 * What an attempt records when no answer came: a short phrase from a fixed list, whatever the error
 * said about addresses, ports or the operator's network.
 */
import { assert, describe, it } from "@effect/vitest"
import * as AttemptError from "../src/AttemptError.ts"
import { AddressNotAllowed } from "../src/GuardedAgent.ts"

const error = (code: string, message = `connect ${code} 10.1.2.3:5432 (internal-db.corp.local)`) => Object.assign(new Error(message), { code })

describe("attempt errors", () => {
  it("every phrase is short", () => {
    for (const phrase of [...Object.values(AttemptError.Phrase), AttemptError.timeout(10_000)]) assert.isAtMost(phrase.length, 100, phrase)
  })

  it("names the kind of failure by its code, and nothing of the error's text", () => {
    const cases: ReadonlyArray<readonly [unknown, string]> = [
      [error("ECONNREFUSED"), AttemptError.Phrase.refused],
      [error("ECONNRESET"), AttemptError.Phrase.reset],
      [error("UND_ERR_SOCKET"), AttemptError.Phrase.reset],
      [error("ENOTFOUND"), AttemptError.Phrase.dns],
      [error("EAI_AGAIN"), AttemptError.Phrase.dns],
      [error("UND_ERR_CONNECT_TIMEOUT"), AttemptError.Phrase.connectTimeout],
      [error("EHOSTUNREACH"), AttemptError.Phrase.unreachable],
      [error("ERR_TLS_CERT_ALTNAME_INVALID"), AttemptError.Phrase.tls],
      [error("DEPTH_ZERO_SELF_SIGNED_CERT"), AttemptError.Phrase.tls],
      [error("ERR_SSL_WRONG_VERSION_NUMBER"), AttemptError.Phrase.tls],
      [error("HPE_INVALID_CONSTANT"), AttemptError.Phrase.protocol],
      [new AddressNotAllowed("10.1.2.3"), AttemptError.Phrase.addressNotAllowed],
      // wrapped, as fetch wraps it, and as happy eyeballs aggregates its attempts
      [Object.assign(new TypeError("fetch failed"), { cause: error("ECONNREFUSED") }), AttemptError.Phrase.refused],
      [new AggregateError([error("ECONNREFUSED"), error("ENETUNREACH")], "connect to 10.1.2.3 and fd00::3 failed"), AttemptError.Phrase.refused],
      [error("EWHATEVER"), AttemptError.Phrase.failed],
      [new Error("10.1.2.3 said something odd"), AttemptError.Phrase.failed],
      ["a string", AttemptError.Phrase.failed],
      [null, AttemptError.Phrase.failed]
    ]
    const phrases = new Set<string>(Object.values(AttemptError.Phrase))
    for (const [e, phrase] of cases) {
      const described = AttemptError.describe(e)
      assert.strictEqual(described, phrase, String(e))
      assert.isTrue(phrases.has(described))
      assert.notMatch(described, /10\.1\.2\.3|fd00|5432|corp/)
    }
  })

  it("a timeout carries the limit", () => {
    assert.strictEqual(AttemptError.timeout(10_000), "timeout: no response within 10 s")
  })
})
