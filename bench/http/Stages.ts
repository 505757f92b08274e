/**
 * The CPU stages of Till's create and retrieve (parsing, decoding, ids, the state machine, building
 * statements, JSON), each timed alone in this process.
 */
import { Ids, SessionMachine, SessionState, Validation } from "@till/core"
import { parseForm } from "@till/http/BodyParser"
import { CreateSessionBody } from "@till/http/Requests"
import { columnsOf, lineItemDocument, type SessionRow, toState } from "@till/postgres/SessionRows"
import { insertStatement } from "@till/postgres/SessionWrites"
import { Effect, Result, Schema } from "effect"
import { createQueryId, Kysely, PostgresDialect, sql } from "kysely"
import pg from "pg"
import { SQL as BASELINE_SQL } from "../http-baseline.ts"
import { CREATE_BODY, KEY, log } from "./Settings.ts"

/** µs per call of `f`, the median of `count` timed batches after a warm-up. */
export const perCall = (f: () => unknown, n = 5000, count = 5): number => {
  for (let i = 0; i < n; i++) f()
  const batches = Array.from({ length: count }, () => {
    const t = performance.now()
    for (let i = 0; i < n; i++) f()
    return ((performance.now() - t) * 1000) / n
  }).sort((a, b) => a - b)
  return batches[Math.floor(count / 2)]!
}

/**
 * The benchmark's create body parsed and decoded, and `make`, which makes a session from it as the create
 * does (two new ids each call): the input of the stages timed here and in bench/probe-micro.ts.
 */
export const sample = (account: string) => {
  const decodeBody = Validation.decode(CreateSessionBody)
  const parsed = Effect.runSync(parseForm(CREATE_BODY))
  const params = Effect.runSync(decodeBody(parsed))
  const { expand: _expand, ...createParams } = params as typeof params & { expand?: unknown }
  const make = () => {
    const id = `cs_test_${Ids.ordered()}`
    const r = SessionMachine.create({
      account,
      livemode: false,
      params: createParams,
      id,
      client_secret: `${id}_secret_${Ids.randomBase62()}`,
      payment_link: null,
      now: Math.floor(Date.now() / 1000)
    })
    if (Result.isFailure(r)) throw r.failure
    return r.success.state
  }
  return { decodeBody, parsed, params, make }
}

/** A session's row as the select answers it: its columns, and its documents as pg parses them. */
export const selectedRow = (state: SessionState): SessionRow => {
  const columns = columnsOf(state)
  return {
    ...columns,
    doc: JSON.parse(columns.doc as string),
    intent: null,
    line_items: state.line_items.map((item) => JSON.parse(lineItemDocument(item))),
    recovered_from: null
  } as unknown as SessionRow
}

/** The CPU stages of Till's create and retrieve, each timed alone in this process. */
export const stageCosts = () => {
  const kysely = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ max: 1 }) }) })
  const { decodeBody, parsed, make } = sample("acct_stage")
  const state = make()
  const stored = JSON.parse(JSON.stringify({
    account: state.account,
    version: state.version,
    session: state.session,
    line_items: state.line_items,
    payment_intent: null,
    attempt: null
  }))
  const decodeState = Schema.decodeUnknownSync(SessionState)
  const row = selectedRow(state)
  const hashes = new Map([[KEY, "x"]])
  // the two fixed-shape lookups, as the repositories build them (checked against Till's SQL below)
  const keyLookup = (hash: string) => kysely.selectFrom("api_keys").select(["account", "livemode", "expires_at", "permissions"]).where("secret_hash", "=", hash).compile()
  const findById = (id: string) =>
    kysely.selectFrom("checkout_sessions as s")
      .leftJoin("payment_intents as p", "p.session_id", "s.id")
      .select([
        "s.id", "s.account", "s.livemode", "s.status", "s.created", "s.expires_at", "s.customer", "s.payment_intent", "s.payment_link",
        "s.client_reference_id", "s.attempt_id", "s.attempt_started_at", "s.version", "s.recovered_from", "s.doc", "p.doc as intent"
      ])
      .select(
        sql<unknown>`coalesce((select json_agg(li.doc order by li.position) from checkout_session_line_items li where li.session_id = s.id), '[]'::json)`
          .as("line_items")
      )
      .where("s.id", "=", id).compile()
  if (keyLookup("x").sql !== BASELINE_SQL.keyLookup || findById("x").sql !== BASELINE_SQL.select) {
    log("the stage timings' lookups are no longer Till's statements (bench/http/Stages.ts): their timings are of the old ones")
  }
  const precompiled = findById("")
  // one call of a named Effect.fn (span + call-site stack) and of Effect.fnUntraced, timed over 1000 calls in one fiber
  const traced = Effect.fn("bench.traced")(function*(x: number) {
    return x + 1
  })
  const untraced = Effect.fnUntraced(function*(x: number) {
    return x + 1
  })
  const thousand = (f: (x: number) => Effect.Effect<number>) =>
    Effect.gen(function*() {
      let sum = 0
      for (let i = 0; i < 1000; i++) sum += yield* f(i)
      return sum
    })
  const random = (bytes: number) => () => globalThis.crypto.getRandomValues(new Uint8Array(bytes))
  const random16 = random(16)
  const random24 = random(24)
  const stages: Array<Stage> = [
    { key: "qs", request: "create", stage: "form parse (`qs`, Till's options, in an Effect)", us: perCall(() => Effect.runSync(parseForm(CREATE_BODY))) },
    { key: "decode", request: "create", stage: "strict decode of the parameters (`CreateSessionBody`)", us: perCall(() => Effect.runSync(decodeBody(parsed))) },
    { key: "ids", request: "create", stage: "an id and a secret (`Ids.ordered`, `Ids.randomBase62`)", us: perCall(() => Ids.ordered() + Ids.randomBase62()) },
    { key: "random", request: "create", stage: "… of which `getRandomValues` (16 and 24 bytes)", us: perCall(() => [random16(), random24()]) },
    { key: "machine", request: "create", stage: "`SessionMachine.create` (with its two ids)", us: perCall(make) },
    { key: "insert", request: "create", stage: "insert statement built and compiled by Kysely (Till caches the text per shape; the cost it avoids)", us: perCall(() => insertStatement(state, []).compile(kysely)) },
    {
      key: "json",
      request: "create",
      stage: "JSON.stringify: stored session + line item + response",
      us: perCall(() => JSON.stringify(state.session) + JSON.stringify(state.line_items[0]) + JSON.stringify(state.session))
    },
    { key: "hash", request: "both", stage: "key hash (memoized after the first request: a Map lookup)", us: perCall(() => hashes.get(KEY)) },
    { key: "keyLookup", request: "both", stage: "key lookup built and compiled by Kysely (Till compiles it once; the cost it avoids)", us: perCall(() => keyLookup("0123abcd")) },
    { key: "fn", request: "both", stage: "one call of a named `Effect.fn` (span + call-site stack)", us: perCall(() => Effect.runSync(thousand(traced)), 50) / 1000 },
    { key: "fnUntraced", request: "both", stage: "one call of `Effect.fnUntraced`", us: perCall(() => Effect.runSync(thousand(untraced)), 50) / 1000 },
    { key: "findById", request: "retrieve", stage: "find by id built and compiled by Kysely (Till compiles it once; the cost it avoids)", us: perCall(() => findById("cs_test_x")) },
    {
      key: "precompiled",
      request: "retrieve",
      stage: "… the same statement compiled once, parameters swapped",
      us: perCall(() => ({ ...precompiled, parameters: ["cs_test_x"], queryId: createQueryId() }))
    },
    { key: "decodeState", request: "retrieve", stage: "decode the stored row (`SessionState` schema)", us: perCall(() => decodeState(stored)) },
    { key: "toState", request: "retrieve", stage: "read the stored row as Till does (`SessionRows.toState`)", us: perCall(() => toState(row)) },
    { key: "jsonRetrieve", request: "retrieve", stage: "JSON.stringify of the response", us: perCall(() => JSON.stringify(state.session)) }
  ]
  void kysely.destroy()
  return stages
}

/** The cost of one stage of a request, timed alone. */
export interface Stage {
  readonly key: string
  readonly request: "create" | "retrieve" | "both"
  readonly stage: string
  readonly us: number
}
