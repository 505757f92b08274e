/**
 * Kysely's PGliteDialect, with the statements compiled once (Prepared.ts) prepared by name, as PgPool.ts
 * does on PostgreSQL. PGlite's `query` runs every statement as six protocol exchanges with the
 * database, each its own call into WebAssembly: Parse, Describe the statement (for the parameters'
 * types), Bind, Describe the portal (for the columns), Execute, Sync; and PostgreSQL parses, analyses
 * and plans the text each time. A named statement is parsed and described once per PGlite instance;
 * each call then sends Bind, Execute and Sync in one message, serializes the parameters by the types
 * described, and reads the rows by the columns described, as `query` does. Any other statement (its
 * text varies with its input, or it is not registered) still goes through `query`.
 *
 * Transactions are PGlite's own `transaction`, which holds PGlite's transaction lock throughout, as
 * in Kysely's driver: pg-boss shares the instance, and none of its statements may run inside ours.
 */
import { type PGlite, parse, protocol, type Results, type Transaction } from "@electric-sql/pglite"
import {
  AbortedTransactionError,
  type CompiledQuery,
  createQueryId,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PGliteAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryCompiler,
  type QueryResult,
  IdentifierNode,
  RawNode
} from "kysely"
import * as Prepared from "./Prepared.ts"

type BackendMessage = Awaited<ReturnType<PGlite["execProtocolStream"]>>[number]

/** What describing a named statement told: its parameters' types and its columns (none for a statement without rows). */
interface Described {
  readonly parameterTypes: ReadonlyArray<number>
  readonly columns: BackendMessage | undefined
}

const { serialize } = protocol
const OBJECT_ROWS = { rowMode: "object" } as const

/**
 * Bind (the unnamed portal to statement `name`, every value as text, every column as text), Execute
 * and Sync, as one message. PGlite's own serializer measures each value's UTF-8 length twice in
 * JavaScript and grows its buffer as it goes; a session's document is a few kilobytes, so this sizes
 * the message once, with Buffer's native measuring, and writes each value once.
 */
export const bindExecuteSync = (name: string, values: ReadonlyArray<string | null>): Uint8Array => {
  const nameBytes = Buffer.byteLength(name)
  const lengths = values.map((v) => (v === null ? -1 : Buffer.byteLength(v)))
  // Bind: code, length, portal "", statement name, a format per value (all text, as PGlite writes them), the
  // values, 0 result formats (all text)
  const bindLength = 4 + 1 + nameBytes + 1 + 2 + 2 * values.length + 2 + lengths.reduce((n, l) => n + 4 + Math.max(l, 0), 0) + 2
  const out = Buffer.allocUnsafe(1 + bindLength + EXECUTE_SYNC.length)
  out[0] = 0x42
  let at = int32(out, 1, bindLength)
  out[at++] = 0
  at += out.write(name, at)
  out[at++] = 0
  at = int16(out, at, values.length)
  for (let i = 0; i < values.length; i++) at = int16(out, at, 0)
  at = int16(out, at, values.length)
  for (let i = 0; i < values.length; i++) {
    const length = lengths[i]!
    at = int32(out, at, length)
    if (length > 0) at += out.write(values[i]!, at)
  }
  at = int16(out, at, 0)
  out.set(EXECUTE_SYNC, at)
  return out
}

// big-endian integers, written by hand: Buffer's writeInt32BE checks its arguments on every call
const int32 = (out: Uint8Array, at: number, n: number): number => {
  out[at] = n >>> 24
  out[at + 1] = n >>> 16
  out[at + 2] = n >>> 8
  out[at + 3] = n
  return at + 4
}
const int16 = (out: Uint8Array, at: number, n: number): number => {
  out[at] = n >>> 8
  out[at + 1] = n
  return at + 2
}

// Execute the unnamed portal, all its rows, then Sync
const EXECUTE_SYNC = new Uint8Array([0x45, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0x53, 0, 0, 0, 4])

/** Adds what PGlite's `query` adds to a database error (its `makePGliteError`), so errors read the same either way. */
const withQuery = (error: unknown, query: string, params: ReadonlyArray<unknown>): unknown => {
  if (error instanceof protocol.messages.DatabaseError) Object.assign(error, { query, params, queryOptions: OBJECT_ROWS })
  return error
}

const toQueryResult = <R>(result: Results<unknown>): QueryResult<R> => ({
  ...(result.affectedRows != null ? { numAffectedRows: BigInt(result.affectedRows) } : {}),
  rows: (result.rows ?? []) as Array<R>
})

/**
 * The statements prepared on each PGlite instance, by name. Prepared statements live as long as the
 * instance, so this is kept per instance, not per dialect: a second Kysely over the same instance
 * must not prepare a name again (PostgreSQL refuses a name that exists).
 */
const preparedOn = new WeakMap<PGlite, Map<string, Described>>()

class PgliteConnection implements DatabaseConnection {
  readonly #pglite: PGlite
  readonly #described: Map<string, Described>
  #transaction: Transaction | undefined
  #commit: (() => void) | undefined
  #rollback: ((reason: unknown) => void) | undefined
  #closed: Promise<void> | undefined

  constructor(pglite: PGlite) {
    this.#pglite = pglite
    let described = preparedOn.get(pglite)
    if (described === undefined) preparedOn.set(pglite, described = new Map())
    this.#described = described
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const name = Prepared.nameOf(compiled.sql)
    if (name === undefined) return toQueryResult(await (this.#transaction ?? this.#pglite).query(compiled.sql, compiled.parameters as Array<unknown>, OBJECT_ROWS))
    const pglite = this.#pglite
    // Inside a transaction its lock is held already; outside, the statement takes it, as `query` does.
    if (this.#transaction !== undefined) return pglite._runExclusiveQuery(() => this.#runNamed(name, compiled, true))
    await pglite._checkReady()
    return pglite._runExclusiveTransaction(() => pglite._runExclusiveQuery(() => this.#runNamed(name, compiled, false)))
  }

  async #runNamed<R>(name: string, compiled: CompiledQuery, inTransaction: boolean): Promise<QueryResult<R>> {
    const pglite = this.#pglite
    try {
      const described = this.#described.get(name) ?? (await this.#describe(name, compiled.sql))
      // serialized as `query` does: by the parameter's type, else its text
      const values = compiled.parameters.map((value, i) => {
        if (value === null || value === undefined) return null
        const serializer = pglite.serializers[described.parameterTypes[i]!]
        return serializer !== undefined ? serializer(value) : String(value)
      })
      const messages = await pglite.execProtocolStream(bindExecuteSync(name, values), { syncToFs: false })
      if (!inTransaction) await pglite.syncToFs()
      const results = parse.parseResults(described.columns === undefined ? messages : [described.columns, ...messages], pglite.parsers, OBJECT_ROWS)
      return toQueryResult(results[0]!)
    } catch (error) {
      throw withQuery(error, compiled.sql, compiled.parameters)
    }
  }

  async #describe(name: string, sql: string): Promise<Described> {
    const parts = [serialize.parse({ name, text: sql }), serialize.describe({ type: "S", name }), serialize.sync()]
    const messages = await this.#pglite.execProtocolStream(Buffer.concat(parts), { syncToFs: false })
    const described: Described = {
      parameterTypes: parse.parseDescribeStatementResults(messages),
      columns: messages.find((m) => m.name === "rowDescription")
    }
    this.#described.set(name, described)
    return described
  }

  async *streamQuery(): AsyncIterableIterator<QueryResult<never>> {
    throw new Error("Streaming is not supported by PGlite.")
  }

  /** Opens a transaction with PGlite's `transaction`, which holds the instance until it ends. */
  async begin(): Promise<void> {
    let hasBegun!: () => void
    const begun = new Promise<void>((resolve) => (hasBegun = resolve))
    const ended = new Promise<void>((resolve, reject) => {
      this.#commit = resolve
      this.#rollback = reject
    })
    // a rollback after a BEGIN that failed rejects this with nothing waiting on it
    ended.catch(() => {})
    this.#closed = this.#pglite.transaction(async (tx) => {
      this.#transaction = tx
      hasBegun()
      await ended
    })
    // a BEGIN that fails ends the transaction's callback before it starts
    await Promise.race([begun, this.#closed])
  }

  async commit(): Promise<void> {
    this.#commit?.()
    try {
      await this.#closed
    } catch (error) {
      // a COMMIT that rolled back an aborted transaction, as Kysely's driver reports it
      if (typeof error === "object" && error !== null && "code" in error && error.code === "25P02") {
        throw new AbortedTransactionError({ cause: error })
      }
      throw error
    } finally {
      this.#clear()
    }
  }

  async rollback(): Promise<void> {
    this.#rollback?.(new Error("rolled back"))
    try {
      await this.#closed?.catch(() => {})
    } finally {
      this.#clear()
    }
  }

  #clear() {
    this.#transaction = undefined
    this.#commit = undefined
    this.#rollback = undefined
    this.#closed = undefined
  }
}

/** `command "name"`, the name quoted as an identifier (as Kysely's own drivers build it). */
const savepointCommand = (command: string, name: string) =>
  RawNode.createWithChildren([RawNode.createWithSql(`${command} `), IdentifierNode.create(name)])

class PgliteDriver implements Driver {
  readonly #pglite: PGlite
  #connection: PgliteConnection | undefined

  constructor(pglite: PGlite) {
    this.#pglite = pglite
  }

  async init(): Promise<void> {
    if (this.#pglite.closed) throw new Error("PGlite instance is already closed.")
    await this.#pglite.waitReady
    this.#connection = new PgliteConnection(this.#pglite)
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return this.#connection!
  }

  async beginTransaction(connection: PgliteConnection): Promise<void> {
    await connection.begin()
  }

  async commitTransaction(connection: PgliteConnection): Promise<void> {
    await connection.commit()
  }

  async rollbackTransaction(connection: PgliteConnection): Promise<void> {
    await connection.rollback()
  }

  async savepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler["compileQuery"]): Promise<void> {
    await connection.executeQuery(compileQuery(savepointCommand("savepoint", name), createQueryId()))
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler["compileQuery"]): Promise<void> {
    await connection.executeQuery(compileQuery(savepointCommand("rollback to", name), createQueryId()))
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler["compileQuery"]): Promise<void> {
    await connection.executeQuery(compileQuery(savepointCommand("release", name), createQueryId()))
  }

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {
    if (!this.#pglite.closed) await this.#pglite.close()
  }
}

/** Kysely's PGliteDialect with named statements prepared once (see above). */
export class PgliteDialect implements Dialect {
  readonly #pglite: PGlite

  constructor(pglite: PGlite) {
    this.#pglite = pglite
  }

  createAdapter() {
    return new PGliteAdapter()
  }

  createDriver(): Driver {
    return new PgliteDriver(this.#pglite)
  }

  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db)
  }

  createQueryCompiler() {
    return new PostgresQueryCompiler()
  }
}
