/**
 * The PGlite dialect's named statements (PgliteDialect.ts) answer what PGlite's own `query` answers:
 * the same message bytes, the same rows and types, the same errors; they run inside the transaction
 * that holds the connection and wait, outside it, for a transaction that holds PGlite.
 */
import { PGlite, protocol, types } from "@electric-sql/pglite"
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { type CompiledQuery, createQueryId, Kysely, sql } from "kysely"
import { bindExecuteSync, PgliteDialect } from "../src/PgliteDialect.ts"
import * as Prepared from "../src/Prepared.ts"

let pglite: PGlite
let db: Kysely<any>

beforeAll(async () => {
  pglite = await PGlite.create({ parsers: { [types.INT8]: (value: string) => value } })
  db = new Kysely<any>({ dialect: new PgliteDialect(pglite) })
  await sql`create table things (id text primary key, n bigint, ok boolean, doc json, at timestamptz, price numeric, tags text[])`.execute(db)
}, 120_000)

afterAll(async () => {
  await db.destroy()
})

/** `text` with its parameters, prepared by name (registered as Prepared.ts does for statements compiled once). */
const named = (text: string, parameters: ReadonlyArray<unknown>): CompiledQuery => {
  Prepared.register(text)
  return { sql: text, parameters, query: undefined as never, queryId: createQueryId() }
}

const INSERT = "insert into things (id, n, ok, doc, at, price, tags) values ($1, $2, $3, $4, $5, $6, $7)"
const SELECT = "select id, n, ok, doc, at, price, tags from things where id = $1"

describe("PgliteDialect", () => {
  it("writes Bind, Execute and Sync as PGlite's serializer does", () => {
    const values = ["cs_1", null, "", "häßlich – 名前 🎉", "{\"a\":1}", "x".repeat(5000)]
    const { serialize } = protocol
    const expected = Buffer.concat([serialize.bind({ statement: "till_7", values }), serialize.execute({}), serialize.sync()])
    assert.deepStrictEqual(Buffer.from(bindExecuteSync("till_7", values)), expected)
  })

  it("answers the rows, types and counts PGlite's query answers, each call with its own parameters", async () => {
    const at = new Date("2026-12-07T12:00:00.123Z")
    for (const [id, doc] of [["a", { x: [1, "two"] }], ["b", "{\"y\":null}"]] as const) {
      const inserted = await db.executeQuery(named(INSERT, [id, 9007199254740993n, true, doc, at, "12.50", ["p", "q r"]]))
      assert.strictEqual(inserted.numAffectedRows, 1n)
    }
    await db.executeQuery(named(INSERT, ["c", null, null, null, null, null, null]))
    for (const id of ["a", "b", "c", "missing"]) {
      const ours = await db.executeQuery(named(SELECT, [id]))
      const theirs = await pglite.query(SELECT, [id], { rowMode: "object" })
      assert.deepStrictEqual(ours.rows, theirs.rows)
    }
    const [a] = (await db.executeQuery(named(SELECT, ["a"]))).rows as Array<Record<string, unknown>>
    assert.deepStrictEqual(a, { id: "a", n: "9007199254740993", ok: true, doc: { x: [1, "two"] }, at, price: "12.50", tags: ["p", "q r"] })
    const updated = await db.executeQuery(named("update things set ok = $1 where id <> $2", [false, "zzz"]))
    assert.strictEqual(updated.numAffectedRows, 3n)
  })

  it("fails as PGlite's query fails, and the statement still serves afterwards", async () => {
    const insert = named(INSERT, ["dup", 1, true, null, null, null, null])
    await db.executeQuery(insert)
    const error = await db.executeQuery(insert).then(() => undefined, (e: unknown) => e as Record<string, unknown>)
    assert.ok(error instanceof protocol.messages.DatabaseError)
    assert.strictEqual(error["code"], "23505")
    assert.strictEqual(error["query"], INSERT)
    assert.deepStrictEqual(error["params"], insert.parameters)
    const again = await db.executeQuery(named(INSERT, ["dup2", 1, true, null, null, null, null]))
    assert.strictEqual(again.numAffectedRows, 1n)
    // a text that does not parse is not kept: it fails each time, as it is
    for (let i = 0; i < 2; i++) {
      const bad = await db.executeQuery(named("select nothing from nowhere where id = $1", ["x"])).then(() => undefined, (e: unknown) => e as Record<string, unknown>)
      assert.strictEqual(bad?.["code"], "42P01")
    }
  })

  it("a second Kysely over the same instance uses the statements the first prepared", async () => {
    const second = new Kysely<any>({ dialect: new PgliteDialect(pglite) })
    const select = named(SELECT, ["a"])
    const [ours, theirs] = [await db.executeQuery(select), await second.executeQuery(select)]
    assert.deepStrictEqual(theirs.rows, ours.rows)
  })

  it("runs inside the transaction that holds the connection: a rollback undoes it", async () => {
    await db.transaction().execute(async (trx) => {
      await trx.executeQuery(named(INSERT, ["in-trx", 1, true, null, null, null, null]))
      const seen = await trx.executeQuery(named(SELECT, ["in-trx"]))
      assert.strictEqual(seen.rows.length, 1)
      throw new Error("roll back")
    }).catch(() => undefined)
    assert.strictEqual((await db.executeQuery(named(SELECT, ["in-trx"]))).rows.length, 0)
  })

  it("outside a transaction, waits for one that another user of PGlite holds (pg-boss shares it)", async () => {
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    const other = pglite.transaction(async (tx) => {
      await tx.query("insert into things (id) values ('other')")
      await held
      await tx.rollback()
    })
    await new Promise((resolve) => setTimeout(resolve, 20))
    let answered = false
    const read = db.executeQuery(named(SELECT, ["other"])).then((r) => {
      answered = true
      return r
    })
    await new Promise((resolve) => setTimeout(resolve, 50))
    assert.isFalse(answered, "a named statement ran inside another's transaction")
    release()
    await other
    assert.strictEqual((await read).rows.length, 0)
  })
})
