/**
 * A bad configuration, run as an operator would: the `till` process exits 1 with one line on stderr
 * that names the variable and the fix, and no stack.
 */
import { assert, describe, it } from "@effect/vitest"
import { hasPostgres } from "@till/postgres/testing"
import { existsSync, mkdirSync, writeFileSync } from "node:fs"
import { createServer } from "node:net"
import { dirname } from "node:path"
import { freePort, freshDataDir, printChildrenOnFailure, runTill, START_MS } from "./support.ts"

/** Runs `till <args>` with `env` and a fresh data directory; answers its one line of stderr. */
const refusal = async (args: ReadonlyArray<string>, env: Record<string, string>) => {
  const result = await runTill(args, { TILL_DATA_DIR: freshDataDir(), ...env })
  assert.strictEqual(result.code, 1, `exit code; stderr: ${result.stderr}`)
  const lines = result.stderr.trim().split("\n")
  assert.strictEqual(lines.length, 1, `one line: ${result.stderr}`)
  assert.notMatch(result.stderr, /\n\s+at /, "no stack")
  return lines[0]!
}

const NOT_POSTGRES = "DATABASE_URL must be a postgres:// or postgresql:// URL (postgres://user:password@host:5432/database), or unset for the embedded database"

describe("configuration errors", () => {
  printChildrenOnFailure()

  it("DATABASE_URL that is no PostgreSQL URL", { timeout: START_MS }, async () => {
    assert.strictEqual(await refusal(["migrate"], { DATABASE_URL: "notaurl" }), NOT_POSTGRES)
    assert.strictEqual(await refusal(["serve"], { DATABASE_URL: "mysql://till@db.example:3306/till" }), NOT_POSTGRES)
  })

  it("DATABASE_URL naming a server that does not answer, or no host at all", { timeout: START_MS }, async () => {
    const port = await freePort()
    assert.strictEqual(
      await refusal(["serve"], { DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/till` }),
      `cannot reach PostgreSQL at 127.0.0.1:${port} (DATABASE_URL): connection refused`
    )
    assert.strictEqual(
      await refusal(["worker"], { DATABASE_URL: "postgresql://till@nosuchhost.invalid/till" }),
      "cannot reach PostgreSQL at nosuchhost.invalid:5432 (DATABASE_URL): host not found"
    )
  })

  describe.runIf(hasPostgres)("PostgreSQL", () => {
    it("DATABASE_URL naming a database or a role the server does not have", { timeout: START_MS }, async () => {
      const url = new URL(process.env.TILL_TEST_DATABASE_URL!)
      url.pathname = "/till_no_such_database"
      assert.strictEqual(
        await refusal(["migrate"], { DATABASE_URL: url.toString() }),
        `database "till_no_such_database" does not exist on PostgreSQL at ${url.hostname}:${url.port || 5432} (DATABASE_URL): create it (createdb till_no_such_database) or name another`
      )
      url.pathname = "/postgres"
      url.username = "till_no_such_role"
      assert.match(await refusal(["accounts", "list"], { DATABASE_URL: url.toString() }), /^PostgreSQL at .+ refused the login \(DATABASE_URL\): .*till_no_such_role/)
    })
  })

  it("a PORT in use is refused at once, before a data directory is created", { timeout: START_MS }, async () => {
    const holder = createServer()
    await new Promise<void>((resolve) => holder.listen(0, resolve))
    const port = (holder.address() as { port: number }).port
    try {
      const dataDir = freshDataDir()
      const started = Date.now()
      const result = await runTill(["serve"], { TILL_DATA_DIR: dataDir, PORT: String(port) })
      assert.strictEqual(result.code, 1)
      assert.strictEqual(result.stderr.trim(), `port ${port} is already in use (PORT): stop the process listening on it, or set PORT to a free port`)
      assert.isFalse(existsSync(dataDir), "no data directory was made")
      // the check comes before any database work: well under a PGlite start even on a loaded machine
      assert.isBelow(Date.now() - started, START_MS / 4)
    } finally {
      holder.close()
    }
  })

  it("a bad value of the other variables names it", { timeout: START_MS }, async () => {
    assert.strictEqual(
      await refusal(["serve"], { TILL_SECRET_KEY: "sk_live_nope12345" }),
      "TILL_SECRET_KEY must be a test key: sk_test_ followed by at least 8 letters or digits"
    )
    assert.match(await refusal(["serve"], { PORT: "http" }), /^PORT: /)
    assert.match(await refusal(["migrate"], { TILL_DB_POOL_SIZE: "0" }), /^TILL_DB_POOL_SIZE: /)
    assert.strictEqual(await refusal(["serve"], { TILL_PUBLIC_URL: "pay.example" }), "TILL_PUBLIC_URL must be an absolute http(s) URL")
    assert.strictEqual(
      await refusal(["serve"], { TILL_SMTP_URL: "mail.example:25" }),
      "TILL_SMTP_URL must be an smtp:// or smtps:// URL (smtp://host:587, smtps://user:password@host:465)"
    )
    assert.strictEqual(
      await refusal(["worker"], { TILL_SMTP_URL: "smtp://mail.example:25", TILL_RECEIPT_FROM: "receipts" }),
      "TILL_RECEIPT_FROM must be an e-mail address (receipts@shop.example) or a name and one (Shop <receipts@shop.example>)"
    )
  })

  it("an embedded database held by another process says which, in one line", { timeout: START_MS }, async () => {
    const dataDir = freshDataDir()
    mkdirSync(dirname(dataDir), { recursive: true })
    // the lock of a live process: this test's own
    writeFileSync(`${dataDir}.lock`, `${process.pid}\nsometoken`)
    const line = await refusal(["migrate"], { TILL_DATA_DIR: dataDir })
    assert.match(line, new RegExp(`^The data directory .*data is in use by another process \\(pid ${process.pid}\\)`))
  })
})
