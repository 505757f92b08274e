/**
 * The writes compiled once per shape answer, for every shape, exactly what Kysely compiles for that
 * write: the same text and the same parameters. (The contract suites run them against PGlite and
 * PostgreSQL.)
 */
import { assert, describe, it } from "@effect/vitest"
import type { Event, SessionState } from "@till/core"
import { Kysely, PostgresDialect } from "kysely"
import pg from "pg"
import type { Database } from "../src/Database.ts"
import { insertStatement, makeCompiled, updateStatement } from "../src/SessionWrites.ts"
import { eventAbout, newScope, newSession, startPayment, succeedPayment } from "./support/Fixtures.ts"

// compiling needs a dialect, never a connection
const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ max: 1 }) }) })

const item = (name: string, quantity: number) => ({ price_data: { currency: "usd", unit_amount: 500, product_data: { name } }, quantity })

/** Writes of several shapes, each twice with other values (the second comes from the cache). */
const writes = (): Array<{ readonly kind: "insert" | "update"; readonly state: SessionState; readonly events: ReadonlyArray<Event> }> => {
  const out: Array<{ kind: "insert" | "update"; state: SessionState; events: ReadonlyArray<Event> }> = []
  for (let round = 0; round < 2; round++) {
    const scope = newScope(round === 1)
    const plain = newSession(scope, 1_700_000_000 + round)
    const items = newSession(scope, 1_700_000_100 + round, { line_items: [item(`a${round}`, 1), item(`b${round}`, 2 + round)] })
    out.push({ kind: "insert", state: plain, events: [] })
    out.push({ kind: "insert", state: items, events: [] })
    out.push({ kind: "insert", state: items, events: [eventAbout(items, "checkout.session.completed", 1_700_000_200 + round)] })
    const started = startPayment(items, 1_700_000_300 + round)
    out.push({ kind: "update", state: started.state, events: started.events })
    const paid = succeedPayment(started.state, 1_700_000_400 + round)
    out.push({ kind: "update", state: paid.state, events: paid.events })
    out.push({ kind: "insert", state: paid.state, events: paid.events })
  }
  return out
}

describe("SessionWrites", () => {
  it("a write compiled from its shape's cached text is the write Kysely compiles, for every shape", () => {
    const compiled = makeCompiled(db)
    const made = writes()
    assert.isAbove(new Set(made.map((w) => `${w.kind}/${w.state.line_items.length}/${w.state.payment_intent === null}/${w.events.length}`)).size, 4)
    for (const w of made) {
      const expected = (w.kind === "insert" ? insertStatement : updateStatement)(w.state, w.events).compile(db)
      const actual = compiled[w.kind](w.state, w.events)
      assert.strictEqual(actual.sql, expected.sql)
      assert.deepStrictEqual(actual.parameters, expected.parameters)
    }
  })

  it("two writes of one shape share the text and keep their own parameters", () => {
    const compiled = makeCompiled(db)
    const [a, b] = [newSession(newScope(), 1_700_000_000), newSession(newScope(), 1_700_000_001)]
    const first = compiled.insert(a, [])
    const second = compiled.insert(b, [])
    assert.strictEqual(first.sql, second.sql)
    assert.strictEqual(first.parameters[0], a.session.id)
    assert.strictEqual(second.parameters[0], b.session.id)
    assert.notStrictEqual(first.queryId, second.queryId)
  })
})
