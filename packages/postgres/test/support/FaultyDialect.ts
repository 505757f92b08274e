/**
 * Fault injection for the embedded database, where there is no connection to cut: a Kysely dialect
 * around another whose statements fail, on request, with what the adapter raises when the database
 * goes away (StoreUnavailable): before the statement runs, or after it ran (its answer is lost).
 * PostgreSQL gets the real thing from FaultProxy instead.
 */
import { StoreUnavailable } from "@till/core"
import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryResult } from "kysely"
import type { CutWhen } from "../../src/testing/FaultProxy.ts"

/** The faults armed on a dialect. */
export interface Faults {
  /** Fails the next `times` statements whose SQL or parameters contain `pattern`. */
  readonly failOn: (pattern: string, when: CutWhen, times?: number) => { readonly count: () => number; readonly stop: () => void }
}

interface Rule {
  readonly pattern: string
  readonly when: CutWhen
  remaining: number
  made: number
}

const textOf = (query: CompiledQuery) =>
  [query.sql, ...query.parameters.map((p) => typeof p === "string" ? p : JSON.stringify(p))].join("\n")

/** Wraps `dialect`; the answer's `faults` arms failures on every connection it hands out. */
export const wrap = (dialect: Dialect): { readonly dialect: Dialect; readonly faults: Faults } => {
  const rules: Array<Rule> = []
  const lost = () => new StoreUnavailable({ message: "injected: the connection was lost" })

  // The driver's own connection objects are patched in place: drivers keep private state on them,
  // so a look-alike object would break their transactions.
  const patched = new WeakSet<DatabaseConnection>()
  const patch = (connection: DatabaseConnection): DatabaseConnection => {
    if (patched.has(connection)) return connection
    patched.add(connection)
    const execute = connection.executeQuery.bind(connection)
    connection.executeQuery = async <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
      const rule = rules.find((r) => r.remaining > 0 && textOf(query).includes(r.pattern))
      if (rule === undefined) return execute<R>(query)
      rule.remaining--
      rule.made++
      if (rule.when === "before") throw lost()
      await execute<R>(query)
      throw lost()
    }
    return connection
  }

  const driver = (inner: Driver): Driver => {
    const acquire = inner.acquireConnection.bind(inner)
    inner.acquireConnection = async () => patch(await acquire())
    return inner
  }

  return {
    dialect: {
      createAdapter: () => dialect.createAdapter(),
      createDriver: () => driver(dialect.createDriver()),
      createQueryCompiler: () => dialect.createQueryCompiler(),
      createIntrospector: (db) => dialect.createIntrospector(db)
    },
    faults: {
      failOn: (pattern, when, times = 1) => {
        const rule: Rule = { pattern, when, remaining: times, made: 0 }
        rules.push(rule)
        return { count: () => rule.made, stop: () => void (rule.remaining = 0) }
      }
    }
  }
}
