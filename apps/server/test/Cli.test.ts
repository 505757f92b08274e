import { assert, describe, it } from "@effect/vitest"
import { existsSync } from "node:fs"
import { freePort, freshDataDir, printChildrenOnFailure, runTill, START_MS, startTill, waitFor } from "./support.ts"

const START = START_MS
/** Budgets of the tests that start `till` once, and twice. */
const ONE_START = 2 * START
const TWO_STARTS = 3 * START

describe("the till command", () => {
  printChildrenOnFailure()

  it("accounts create --name X --json prints the account and both keys, which then authenticate", { timeout: TWO_STARTS }, async () => {
    const dataDir = freshDataDir()
    const created = await runTill(["accounts", "create", "--name", "Acme", "--json"], { TILL_DATA_DIR: dataDir })
    assert.strictEqual(created.code, 0, created.stderr)
    const json = JSON.parse(created.stdout)
    assert.strictEqual(json.account.name, "Acme")
    assert.match(json.account.id, /^acct_/)
    assert.match(json.secret_keys.test, /^sk_test_/)
    assert.match(json.secret_keys.live, /^sk_live_/)

    const port = await freePort()
    const server = startTill(["serve"], { TILL_DATA_DIR: dataDir, PORT: String(port) })
    try {
      await waitFor("listening", () => server.output.stdout.includes("listening"), START, server.child)
      const res = await fetch(`http://127.0.0.1:${port}/v1/checkout/sessions`, { headers: { authorization: `Bearer ${json.secret_keys.test}` } })
      assert.strictEqual(res.status, 200)
    } finally {
      server.child.kill("SIGTERM")
      await server.exited
    }
  })

  it("migrate brings a new database up to date and exits", { timeout: ONE_START }, async () => {
    const result = await runTill(["migrate"], { TILL_DATA_DIR: freshDataDir() })
    assert.strictEqual(result.code, 0, result.stderr)
    assert.include(result.stdout, "Migrated")
  })

  it("first start without TILL_SECRET_KEY prints the default account's keys and the docs, once", { timeout: TWO_STARTS }, async () => {
    const dataDir = freshDataDir()
    const port = await freePort()
    const first = startTill([], { TILL_DATA_DIR: dataDir, PORT: String(port) })
    await waitFor("listening", () => first.output.stdout.includes("listening"), START, first.child)
    first.child.kill("SIGTERM")
    assert.strictEqual(await first.exited, 0)
    assert.match(first.output.stdout, /test secret key: sk_test_\w+/)
    assert.include(first.output.stdout, `/docs`)
    const key = first.output.stdout.match(/test secret key: (sk_test_\w+)/)![1]!

    const second = startTill([], { TILL_DATA_DIR: dataDir, PORT: String(port) })
    await waitFor("listening", () => second.output.stdout.includes("listening"), START, second.child)
    try {
      assert.notInclude(second.output.stdout, "secret key")
      const res = await fetch(`http://127.0.0.1:${port}/v1/checkout/sessions`, { headers: { authorization: `Bearer ${key}` } })
      assert.strictEqual(res.status, 200)
    } finally {
      second.child.kill("SIGTERM")
      await second.exited
    }
  })

  it("SIGTERM lets in-flight requests finish, then closes the database", { timeout: TWO_STARTS }, async () => {
    const dataDir = freshDataDir()
    const port = await freePort()
    const key = "sk_test_sigtermtest1"
    const server = startTill([], { TILL_DATA_DIR: dataDir, PORT: String(port), TILL_SECRET_KEY: key })
    await waitFor("listening", () => server.output.stdout.includes("listening"), START, server.child)
    const body = new URLSearchParams({ amount: "1200", currency: "usd" })
    const inFlight = Array.from({ length: 20 }, () =>
      fetch(`http://127.0.0.1:${port}/v1/checkout/sessions`, { method: "POST", headers: { authorization: `Bearer ${key}` }, body }).then((r) => r.status)
    )
    // ask it to stop while it answers them: once one is answered the others are in flight or queued
    await Promise.race(inFlight.map((p) => p.catch(() => "refused")))
    server.child.kill("SIGTERM")
    const statuses = await Promise.all(inFlight.map((p) => p.catch(() => "refused")))
    assert.strictEqual(await server.exited, 0, server.output.stderr)
    // every request the server accepted was answered in full
    for (const s of statuses) assert.include([200, "refused"], s)
    assert.isAbove(statuses.filter((s) => s === 200).length, 0)
    // the database was closed: its lock is gone, and a new process opens it with every acknowledged session
    assert.isFalse(existsSync(`${dataDir}.lock`))
    const again = startTill([], { TILL_DATA_DIR: dataDir, PORT: String(port), TILL_SECRET_KEY: key })
    await waitFor("listening", () => again.output.stdout.includes("listening"), START, again.child)
    try {
      const list = await (await fetch(`http://127.0.0.1:${port}/v1/checkout/sessions?limit=100`, { headers: { authorization: `Bearer ${key}` } })).json()
      assert.strictEqual(list.data.length, statuses.filter((s) => s === 200).length)
    } finally {
      again.child.kill("SIGTERM")
      await again.exited
    }
  })

  it("refuses a bad configuration with a message naming the variable", { timeout: ONE_START }, async () => {
    const result = await runTill([], { TILL_DATA_DIR: freshDataDir(), TILL_SECRET_KEY: "sk_live_nope12345" })
    assert.notStrictEqual(result.code, 0)
    assert.include(result.stdout + result.stderr, "TILL_SECRET_KEY")
  })
})
