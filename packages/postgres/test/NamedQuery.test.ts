/**
 * NamedQuery keeps a named statement's row layout between results: its rows must be `pg`'s own, call
 * after call, and a statement whose columns change must be read with the new ones.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import pg from "pg"
import * as NamedQuery from "../src/NamedQuery.ts"
import { freshPostgresUrl, hasPostgres } from "../src/testing/Databases.ts"

const withClient = <A>(url: string, f: (client: pg.Client) => Promise<A>) =>
  Effect.promise(async () => {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      return await f(client)
    } finally {
      await client.end()
    }
  })

describe("NamedQuery", () => {
  it.live.runIf(hasPostgres)("answers pg's own rows at every call, and follows a change of the columns", () =>
    Effect.gen(function*() {
      const url = yield* freshPostgresUrl
      yield* withClient(url, async (client) => {
        await client.query(`create table t (id text primary key, n int8, b bool, doc jsonb, "__proto__" text)`)
        await client.query(`insert into t values ('a', 12, true, '{"x":[1,2]}', 'p'), ('b', null, false, null, null)`)
        const text = `select id, n, b, doc, "__proto__", json_build_array(n) as j from t where id = $1`
        for (const id of ["a", "b", "a", "missing", "b"]) {
          const named = await NamedQuery.run(client, "named_query_test", text, [id])
          const plain = await client.query(text, [id])
          assert.deepStrictEqual(named.rows, plain.rows)
          assert.deepStrictEqual(named.fields.map((f) => f.name), plain.fields.map((f) => f.name))
          assert.strictEqual(named.rowCount, plain.rowCount)
          assert.strictEqual(Object.getPrototypeOf(named.rows[0] ?? {}), Object.prototype)
        }
        const first = await NamedQuery.run(client, "named_query_test", text, ["a"])
        assert.deepStrictEqual(first.rows[0], { id: "a", n: "12", b: true, doc: { x: [1, 2] }, ["__proto__"]: "p", j: [12] })
      })
      // a column's type changes (a migration); a new connection prepares the statement again, and its
      // result, described with the new type, is not read with the layout kept for the old one
      yield* withClient(url, async (client) => {
        await client.query(`alter table t alter column b type text using b::text`)
        const text = `select id, n, b, doc, "__proto__", json_build_array(n) as j from t where id = $1`
        const named = await NamedQuery.run(client, "named_query_test", text, ["a"])
        assert.deepStrictEqual(named.rows, (await client.query(text, ["a"])).rows)
        assert.strictEqual(named.rows[0].b, "true")
      })
    }))

  it.live.runIf(hasPostgres)("fails as pg fails", () =>
    Effect.gen(function*() {
      const url = yield* freshPostgresUrl
      const error = yield* withClient(url, (client) => NamedQuery.run(client, "named_query_failing", "select 1 / $1::int as x", [0]).then(() => undefined, (e: unknown) => e))
      assert.instanceOf(error, Error)
      assert.strictEqual((error as { code?: string }).code, "22012")
    }))
})
