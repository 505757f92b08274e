/**
 * A statement prepared by name (Prepared.ts), run through `pg` with its result's row layout kept from one
 * call to the next. PostgreSQL describes the result's columns at every execution, and `pg` rebuilds from
 * that description, at every result, a parser per column and a template row (an `Object.create(null)`
 * object spread into a plain one, the costly part: about 10 µs for the session select's 18 columns). A
 * named statement's columns are the same at every call, so the first result's parsers and template row
 * serve the next ones, as long as the description names the same columns with the same types and formats
 * (checked at every result; a change, such as a migration that alters a column, takes the full path again).
 *
 * It reuses `pg`'s own objects (the parsers and template it built) and touches three fields of its Result
 * (`_parsers`, `_prebuiltEmptyResultObject`, `fields`): pinned to pg 8.23 by packages/postgres's
 * package.json, and checked by test/NamedQuery.test.ts, which compares its rows with `pg`'s own.
 * Type parsers set with `pg.types.setTypeParser` after a statement's first result are not seen by it
 * (Till sets none).
 */
import pg from "pg"

/** A column of a row description, as pg-protocol hands it over. */
interface FieldDescription {
  readonly name: string
  readonly dataTypeID: number
  readonly format: string
}

/** The parts of `pg`'s Result that the row layout is. */
interface ResultInternals {
  command: string | null
  fields: ReadonlyArray<FieldDescription>
  _parsers: ReadonlyArray<(text: string) => unknown> | undefined
  _prebuiltEmptyResultObject: object | null
}

interface Layout {
  readonly fields: ReadonlyArray<FieldDescription>
  readonly parsers: ReadonlyArray<(text: string) => unknown> | undefined
  readonly empty: object | null
}

/** The row layout of each named statement's result, by name (names are per process: Prepared.ts). */
const layouts = new Map<string, Layout>()

const sameFields = (a: ReadonlyArray<FieldDescription>, b: ReadonlyArray<FieldDescription>): boolean => {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!
    const y = b[i]!
    if (x.name !== y.name || x.dataTypeID !== y.dataTypeID || x.format !== y.format) return false
  }
  return true
}

/** A `pg` Query that keeps its statement's row layout (see above); exported for bench/probe-micro.ts. */
export class LayoutKeepingQuery extends pg.Query {
  constructor(name: string, text: string, values: Array<unknown>, callback: (error: Error | null, result: pg.QueryResult) => void) {
    // made from its text alone, then named: pg copies a config object property by property (its
    // cloneQueryConfig, about 1 % of a request), a text it does not
    super(text)
    const self = this as unknown as { name: string; values: Array<unknown>; callback: typeof callback }
    self.name = name
    self.values = values
    self.callback = callback
  }

  /** As `pg`'s, but with the layout of this statement's last result when its columns are the same. */
  handleRowDescription(msg: { readonly fields: ReadonlyArray<FieldDescription> }): void {
    const self = this as unknown as { name: string; _result: ResultInternals; _accumulateRows: boolean; callback: unknown }
    const known = layouts.get(self.name)
    // a second result of one execution (several statements) is pg's to set up
    if (known !== undefined && self._result.command === null && sameFields(known.fields, msg.fields)) {
      const result = self._result
      result.fields = msg.fields
      result._parsers = known.parsers
      result._prebuiltEmptyResultObject = known.empty
      self._accumulateRows = Boolean(self.callback) || this.listeners("row").length === 0
      return
    }
    ;(pg.Query.prototype as unknown as { handleRowDescription: (m: unknown) => void }).handleRowDescription.call(this, msg)
    const result = self._result
    layouts.set(self.name, { fields: msg.fields, parsers: result._parsers, empty: result._prebuiltEmptyResultObject })
  }
}

/** Runs the statement `text`, prepared as `name`, on `client`; answers its result as `client.query` does. */
export const run = (client: pg.ClientBase, name: string, text: string, values: Array<unknown>): Promise<pg.QueryResult> =>
  new Promise((resolve, reject) => {
    client.query(new LayoutKeepingQuery(name, text, values, (error, result) => error ? reject(error) : resolve(result)))
  })
