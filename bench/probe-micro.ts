/**
 * µs per call of the retrieve's and the create's CPU stages that issue 14 worked on, timed alone in this
 * process, for before/after comparisons on a machine loaded by other jobs (alternate runs of two
 * checkouts; compare the same line). Stages: reading the stored row (`toState`), the wire session and its
 * JSON, pg's handling of the select's row description and row, the create body's parse and decode, the
 * session's document, the canonical text of the parameters that a key's fingerprint hashes.
 *
 *   nice -n 10 node --conditions=@till/source bench/probe-micro.ts
 */
import { parseForm } from "@till/http/BodyParser"
import { canonical } from "@till/http/Idempotency"
import * as Wire from "@till/http/Wire"
import { LayoutKeepingQuery } from "@till/postgres/NamedQuery"
import { columnsOf, toState } from "@till/postgres/SessionRows"
import { Effect } from "effect"
import { createRequire } from "node:module"
import { CREATE_BODY } from "./http/Settings.ts"
import { perCall as perCallOf, sample, selectedRow } from "./http/Stages.ts"

/** µs per call of `f`, the median of 7 timed batches after a warm-up. */
const perCall = (f: () => unknown) => perCallOf(f, 5000, 7)

const require = createRequire(import.meta.url)
// pg's own Query, as the pool runs it, fed the messages PostgreSQL sends for Till's select
const Query = require("pg/lib/query.js") as new(config: object) => {
  handleRowDescription(msg: unknown): void
  handleDataRow(msg: unknown): void
  _result: { rows: Array<unknown> }
}

const { decodeBody, parsed, params, make } = sample("acct_micro")
const state = make()
const id = state.session.id
const row = selectedRow(state)

// the select's row description and one data row, as pg-protocol hands them over (text format)
const names = Object.keys(row)
const OID: Record<string, number> = { livemode: 16, created: 20, expires_at: 20, attempt_started_at: 20, version: 23, doc: 3802, intent: 3802, line_items: 114 }
const fields = () => names.map((name) => ({ name, tableID: 0, columnID: 0, dataTypeID: OID[name] ?? 25, dataTypeSize: -1, dataTypeModifier: -1, format: "text" }))
const texts = names.map((name) => {
  const v = (row as unknown as Record<string, unknown>)[name]
  return v === null ? null : typeof v === "object" ? JSON.stringify(v) : typeof v === "boolean" ? (v ? "t" : "f") : String(v)
})
const pgSelect = (make: () => InstanceType<typeof Query>) => () => {
  const q = make()
  q.handleRowDescription({ fields: fields() })
  q.handleDataRow({ fields: texts })
  return q._result.rows[0]
}

const stages: Array<[string, () => unknown]> = [
  ["retrieve: pg row description + row, pg's Query (JSON.parse of the documents included)", pgSelect(() => new Query({ text: "select", name: "till_micro", values: [id] }))],
  ["retrieve: pg row description + row, NamedQuery's", pgSelect(() => new LayoutKeepingQuery("till_micro", "select", [id], () => {}) as unknown as InstanceType<typeof Query>)],
  ["retrieve: toState (the stored row read back)", () => toState(row)],
  ["retrieve: Wire.session", () => Wire.session(state, "http://127.0.0.1:4700")],
  ["retrieve: Wire.session + JSON.stringify", () => JSON.stringify(Wire.session(state, "http://127.0.0.1:4700"))],
  ["create: parseForm", () => Effect.runSync(parseForm(CREATE_BODY))],
  ["create: decode CreateSessionBody", () => Effect.runSync(decodeBody(parsed))],
  ["create: columnsOf (the session's document)", () => columnsOf(state)],
  ["create + key: Idempotency.canonical of the parameters (decoded)", () => canonical(params)],
  ["create + key: Idempotency.canonical of the parameters (as parsed)", () => canonical(parsed)]
]
for (const [name, f] of stages) console.log(`${perCall(f).toFixed(2).padStart(7)} µs  ${name}`)
