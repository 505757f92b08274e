/**
 * Which failures count as the store being unavailable: the shapes pg, pg-pool, Node's sockets, Kysely
 * and PGlite use, and nothing else.
 */
import { assert, describe, it } from "@effect/vitest"
import { isStoreUnavailable, StoreUnavailable } from "@till/core"
import { classify, isUnavailable } from "../src/StoreFailures.ts"

const pgError = (code: string, message = "from the server") => Object.assign(new Error(message), { code, severity: "ERROR" })
const sysError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, syscall: "connect" })

describe("StoreFailures", () => {
  it("connection-class SQLSTATEs are unavailable: class 08, shutdowns, too many connections, timeouts", () => {
    for (const code of ["08006", "08001", "08003", "57P01", "57P02", "57P03", "53300", "57014", "25P03"]) {
      assert.isTrue(isUnavailable(pgError(code)), code)
    }
  })

  it("other SQLSTATEs are not: a constraint, a syntax error, a serialization failure, a lock timeout", () => {
    for (const code of ["23505", "42601", "40001", "40P01", "55P03", "22P02"]) assert.isFalse(isUnavailable(pgError(code)), code)
  })

  it("socket errors are unavailable, also inside an AggregateError (a host with several addresses)", () => {
    for (const code of ["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH"]) assert.isTrue(isUnavailable(sysError(code)), code)
    assert.isTrue(isUnavailable(new AggregateError([sysError("ECONNREFUSED"), sysError("ECONNREFUSED")], "")))
    assert.isFalse(isUnavailable(Object.assign(new Error("no such file"), { code: "ENOENT" })))
  })

  it("the drivers' own messages are unavailable, also as the cause of another error", () => {
    for (
      const message of [
        "Connection terminated unexpectedly",
        "Connection terminated due to connection timeout",
        "timeout exceeded when trying to connect",
        "Query read timeout",
        "Client has encountered a connection error and is not queryable",
        "PGlite is closed",
        "Aborted(). Build with -sASSERTIONS for more info."
      ]
    ) {
      assert.isTrue(isUnavailable(new Error(message)), message)
      assert.isTrue(isUnavailable(new Error("database migration failed", { cause: new Error(message) })), `caused by ${message}`)
    }
    assert.isFalse(isUnavailable(new Error("duplicate key value violates unique constraint")))
    assert.isFalse(isUnavailable("Connection terminated"))
    assert.isFalse(isUnavailable(undefined))
  })

  it("classify turns those into StoreUnavailable and leaves every other error as it is", () => {
    const lost = classify(pgError("57P01", "terminating connection due to administrator command"))
    assert.isTrue(isStoreUnavailable(lost))
    assert.instanceOf(lost, StoreUnavailable)
    assert.include((lost as StoreUnavailable).message, "terminating connection")
    const already = new StoreUnavailable({ message: "down" })
    assert.strictEqual(classify(already), already)
    const unique = pgError("23505")
    assert.strictEqual(classify(unique), unique)
  })
})
