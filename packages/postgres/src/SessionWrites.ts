/**
 * The two statements that write a session. Each is one SQL statement with data-modifying CTEs, so a
 * write is atomic on its own and costs one round trip; when the SessionEventSink has work to do it runs in
 * a transaction together with the sink's statements.
 *
 * The update is conditional: `UPDATE … WHERE id = … AND version = state.version - 1`, and the payment
 * intent and the events are inserted only from the updated row (`FROM u`), so a stale write changes
 * nothing at all. Concurrent updates of one session queue on its row lock; once the first commits, the
 * others re-check `version` against the committed row and match nothing.
 */
import {
  type AnsweredKey,
  type Event,
  IDEMPOTENCY_LOCK_SECONDS,
  IDEMPOTENCY_TTL_SECONDS,
  type PaymentIntent,
  type SessionChange,
  type SessionState,
  type StoredCustomer
} from "@till/core"
import { type CompiledQuery, createQueryId, type Kysely, type RawBuilder, sql } from "kysely"
import type { Database } from "./Database.ts"
import * as CustomerRow from "./CustomerRow.ts"
import * as Prepared from "./Prepared.ts"
import { columnsOf, intentDocument, lineItemDocument } from "./SessionRows.ts"

// `from` names the CTE whose rows gate the insert: none for a new session, `u` (the updated row) otherwise.
const intentUpsert = (intent: PaymentIntent, sessionId: string, from: RawBuilder<unknown>) => sql`
  insert into payment_intents (id, session_id, doc)
  select ${intent.id}, ${sessionId}, ${intentDocument(intent)}::json ${from}
  on conflict (id) do update set doc = excluded.doc`

const eventsInsert = (events: ReadonlyArray<Event>, where: RawBuilder<unknown>) => sql`
  insert into events (id, account, livemode, type, created, doc)
  select v.id, v.account, v.livemode, v.type, v.created, v.doc
  from (values ${
  sql.join(events.map((e) =>
    sql`(${e.id}, ${e.account}, ${e.livemode}::boolean, ${e.type}, ${e.created}::bigint, ${JSON.stringify(e)}::json)`
  ))
}) as v (id, account, livemode, type, created, doc) ${where}`

const none = sql``

// The customers a change creates, inserted only from the updated row; one already there (a completion
// recorded before) is left as it is.
const customersInsert = (customers: ReadonlyArray<StoredCustomer>) => sql`
  insert into customers (id, account, livemode, created, email, deleted, version, doc)
  select v.* from (values ${
  sql.join(customers.map(CustomerRow.toRow).map((c) =>
    sql`(${c.id}, ${c.account}, ${c.livemode}::boolean, ${c.created}::bigint, ${c.email}, ${c.deleted}::boolean, ${c.version}::integer, ${c.doc}::json)`
  ))
}) as v (id, account, livemode, created, email, deleted, version, doc)
  where exists (select from u)
  on conflict (id) do nothing`

// What a claim taken over may replace: an unfinished claim older than the lock time (its process died), or
// a stored response past its time to live (IdempotencyStorePg claims the same way).
const answeredClaim = (answered: AnsweredKey) => sql`
  insert into idempotency_keys (account, livemode, key, fingerprint, started, response_status, response_body, completed)
  values (${answered.key.account}, ${answered.key.livemode}, ${answered.key.key}, ${answered.fingerprint}, ${answered.now},
    ${answered.response.status}, ${answered.response.body}, ${answered.now})
  on conflict (account, livemode, key) do update
    set fingerprint = excluded.fingerprint, started = excluded.started, response_status = excluded.response_status,
      response_body = excluded.response_body, completed = excluded.completed
    where (idempotency_keys.response_status is null and idempotency_keys.started <= ${answered.now - IDEMPOTENCY_LOCK_SECONDS})
      or (idempotency_keys.response_status is not null and idempotency_keys.completed <= ${answered.now - IDEMPOTENCY_TTL_SECONDS})
  returning 1 as claimed`

/**
 * {@link insertStatement} with the idempotency key claimed, its response stored, in the same statement: every
 * insert is gated on the claim (`k`), so a live key writes nothing, and a new one writes all in one commit.
 * Values come from `select`, not `values`, so each is cast to its column's type.
 */
export const answeredInsertStatement = (state: SessionState, events: ReadonlyArray<Event>, answered: AnsweredKey) => {
  const row = columnsOf(state)
  const id = state.session.id
  const claimed = sql`where exists (select from k)`
  const typed = Object.entries(row).map(([k, v]) => sql`${v}::${sql.raw(k === "id" ? "text" : SESSION_COLUMNS[k as keyof typeof SESSION_COLUMNS])}`)
  const ctes: Array<RawBuilder<unknown>> = [
    sql`k as (${answeredClaim(answered)})`,
    sql`s as (insert into checkout_sessions (${sql.join(Object.keys(row).map((k) => sql.ref(k)))}) select ${sql.join(typed)} ${claimed})`
  ]
  if (state.line_items.length > 0) {
    ctes.push(sql`li as (insert into checkout_session_line_items (session_id, position, doc) select v.* from (values ${
      sql.join(state.line_items.map((item, position) => sql`(${id}::text, ${position}::integer, ${lineItemDocument(item)}::json)`))
    }) as v (session_id, position, doc) ${claimed})`)
  }
  if (state.payment_intent !== null) ctes.push(sql`p as (${intentUpsert(state.payment_intent, id, sql`from k`)})`)
  if (events.length > 0) ctes.push(sql`e as (${eventsInsert(events, claimed)})`)
  return sql<{ written: string | number }>`with ${sql.join(ctes)} select count(*) as written from k`
}

/** Inserts a new session, its line items, its payment intent (if any) and its events. */
export const insertStatement = (state: SessionState, events: ReadonlyArray<Event>): RawBuilder<unknown> => {
  const row = columnsOf(state)
  const id = state.session.id
  const ctes: Array<RawBuilder<unknown>> = [
    sql`s as (insert into checkout_sessions (${sql.join(Object.keys(row).map((k) => sql.ref(k)))}) values (${sql.join(Object.values(row))}))`
  ]
  if (state.line_items.length > 0) {
    ctes.push(sql`li as (insert into checkout_session_line_items (session_id, position, doc) values ${
      sql.join(state.line_items.map((item, position) => sql`(${id}, ${position}, ${lineItemDocument(item)})`))
    })`)
  }
  if (state.payment_intent !== null) ctes.push(sql`p as (${intentUpsert(state.payment_intent, id, none)})`)
  if (events.length > 0) ctes.push(sql`e as (${eventsInsert(events, none)})`)
  return sql`with ${sql.join(ctes)} select 1 as written`
}

/**
 * Replaces the session stored at version `state.version - 1` and adds its payment intent and events;
 * answers one row `{ updated }`, 1 when it wrote and 0 when the stored version was another.
 * Line items are left as they are: they are written once, with the session, and no transition changes them.
 */
export const updateStatement = (
  state: SessionState,
  events: ReadonlyArray<Event>,
  customers: ReadonlyArray<StoredCustomer> = []
): RawBuilder<{ updated: string | number }> => {
  const { id, ...row } = columnsOf(state)
  const ctes: Array<RawBuilder<unknown>> = [
    sql`u as (update checkout_sessions set ${sql.join(Object.entries(row).map(([k, v]) => sql`${sql.ref(k)} = ${v}`))}
      where id = ${id} and version = ${state.version - 1} returning id)`
  ]
  if (state.payment_intent !== null) ctes.push(sql`p as (${intentUpsert(state.payment_intent, id, sql`from u`)})`)
  if (events.length > 0) ctes.push(sql`e as (${eventsInsert(events, sql`where exists (select from u)`)})`)
  if (customers.length > 0) ctes.push(sql`c as (${customersInsert(customers)})`)
  return sql<{ updated: string | number }>`with ${sql.join(ctes)} select count(*) as updated from u`
}

/** The parameters of {@link insertStatement}, in the order its text takes them. */
const insertParameters = (state: SessionState, events: ReadonlyArray<Event>): Array<unknown> => {
  const id = state.session.id
  const parameters: Array<unknown> = Object.values(columnsOf(state))
  state.line_items.forEach((item, position) => parameters.push(id, position, lineItemDocument(item)))
  if (state.payment_intent !== null) parameters.push(state.payment_intent.id, id, intentDocument(state.payment_intent))
  for (const e of events) parameters.push(e.id, e.account, e.livemode, e.type, e.created, JSON.stringify(e))
  return parameters
}

/** The parameters of {@link answeredInsertStatement}: the claim's, then the insert's. */
const answeredInsertParameters = (state: SessionState, events: ReadonlyArray<Event>, answered: AnsweredKey): Array<unknown> => {
  const { fingerprint, key, now, response } = answered
  return [
    key.account, key.livemode, key.key, fingerprint, now, response.status, response.body, now,
    now - IDEMPOTENCY_LOCK_SECONDS, now - IDEMPOTENCY_TTL_SECONDS,
    ...insertParameters(state, events)
  ]
}

/** The parameters of {@link updateStatement}, in the order its text takes them. */
const updateParameters = (state: SessionState, events: ReadonlyArray<Event>, customers: ReadonlyArray<StoredCustomer> = []): Array<unknown> => {
  const { id, ...row } = columnsOf(state)
  const parameters: Array<unknown> = [...Object.values(row), id, state.version - 1]
  if (state.payment_intent !== null) parameters.push(state.payment_intent.id, id, intentDocument(state.payment_intent))
  for (const e of events) parameters.push(e.id, e.account, e.livemode, e.type, e.created, JSON.stringify(e))
  for (const c of customers.map(CustomerRow.toRow)) parameters.push(c.id, c.account, c.livemode, c.created, c.email, c.deleted, c.version, c.doc)
  return parameters
}

/** Shapes remembered per kind of write, at most; past them a write is compiled on each call, as before. */
const MAX_SHAPES = 256

/**
 * The two writes compiled once per shape. A statement's text depends only on its shape (how many line
 * items, whether there is a payment intent, how many events and new customers), so the text Kysely compiles for the first
 * write of a shape is kept, and later writes of that shape fill in their parameters directly. The first
 * write of each shape also checks that the parameters made here are the ones Kysely made: a mismatch is
 * a bug, and fails that write instead of storing values in the wrong columns.
 */
export const makeCompiled = (db: Kysely<Database>) => {
  const cache = <A, X>(
    statement: (state: SessionState, events: ReadonlyArray<Event>, extra: X) => RawBuilder<A>,
    parametersOf: (state: SessionState, events: ReadonlyArray<Event>, extra: X) => Array<unknown>,
    extraShape: (extra: X) => number
  ) => {
    const shapes = new Map<string, CompiledQuery<A>>()
    return (state: SessionState, events: ReadonlyArray<Event>, extra: X): CompiledQuery<A> => {
      const shape = `${state.line_items.length}/${state.payment_intent === null ? 0 : 1}/${events.length}/${extraShape(extra)}`
      const known = shapes.get(shape)
      if (known !== undefined) return { ...known, parameters: parametersOf(state, events, extra), queryId: createQueryId() }
      const compiled = statement(state, events, extra).compile(db)
      const made = parametersOf(state, events, extra)
      if (made.length !== compiled.parameters.length || made.some((p, i) => p !== compiled.parameters[i])) {
        throw new Error(`the parameters of a ${statement.name} of shape ${shape} are not the ones its text takes`)
      }
      if (shapes.size < MAX_SHAPES) {
        shapes.set(shape, compiled)
        Prepared.register(compiled.sql)
      }
      return compiled
    }
  }
  const none = () => 0
  const insert = cache(insertStatement, insertParameters, none)
  const update = cache(updateStatement, updateParameters, (customers: ReadonlyArray<StoredCustomer>) => customers.length)
  return {
    insert: (state: SessionState, events: ReadonlyArray<Event>) => insert(state, events, undefined),
    answeredInsert: cache(answeredInsertStatement, answeredInsertParameters, none),
    update: (state: SessionState, events: ReadonlyArray<Event>, customers: ReadonlyArray<StoredCustomer> = []) => update(state, events, customers)
  } as const
}

// The columns a session write sets (all of `columnsOf` but `id`) and their types.
const SESSION_COLUMNS: Readonly<Record<Exclude<keyof ReturnType<typeof columnsOf>, "id">, string>> = {
  account: "text",
  livemode: "boolean",
  status: "text",
  created: "bigint",
  expires_at: "bigint",
  customer: "text",
  customer_details_email: "text",
  payment_intent: "text",
  payment_link: "text",
  client_reference_id: "text",
  attempt_id: "text",
  attempt_started_at: "bigint",
  version: "integer",
  recovered_from: "text",
  doc: "json"
}
// The row types of the batch update's JSON parameters, in json_to_recordset's column-definition syntax.
const SESSION_RECORD = sql.raw(["id text", ...Object.entries(SESSION_COLUMNS).map(([k, type]) => `${k} ${type}`)].join(", "))
const SESSION_SET = sql.join(Object.keys(SESSION_COLUMNS).map((k) => sql`${sql.ref(k)} = ${sql.ref(`v.${k}`)}`))
const INTENT_RECORD = sql.raw(`id text, session_id text, doc json`)
const EVENT_RECORD = sql.raw(`session_id text, id text, account text, livemode boolean, type text, created bigint, doc json`)

/**
 * One JSON object of `fields` and a `doc` that is already JSON text: the document goes into the
 * parameter as JSON, not as a string holding JSON, so it is neither escaped here nor unescaped by the
 * database (a batch carries a few megabytes of them).
 */
const withDoc = (fields: object, doc: string): string => `${JSON.stringify(fields).slice(0, -1)},"doc":${doc}}`

/**
 * Replaces many sessions at once, each only if it is stored at version `state.version - 1`, and adds
 * their payment intents and events: one statement whatever the number of sessions, its rows passed as
 * three JSON parameters (so neither the statement's text nor its parameter count grows with the batch).
 * As in {@link updateStatement}, intents and events are inserted only for the sessions it updated;
 * answers the ids of those.
 */
export const updateManyStatement = (changes: ReadonlyArray<SessionChange>): RawBuilder<{ id: string }> => {
  const sessions: Array<string> = []
  const intents: Array<string> = []
  const events: Array<string> = []
  for (const { events: changeEvents, state } of changes) {
    const id = state.session.id
    const { doc, ...columns } = columnsOf(state)
    sessions.push(withDoc(columns, doc))
    if (state.payment_intent !== null) intents.push(withDoc({ id: state.payment_intent.id, session_id: id }, intentDocument(state.payment_intent)))
    for (const e of changeEvents) {
      events.push(withDoc({ session_id: id, id: e.id, account: e.account, livemode: e.livemode, type: e.type, created: e.created }, JSON.stringify(e)))
    }
  }
  const array = (rows: ReadonlyArray<string>) => `[${rows.join(",")}]`
  return sql<{ id: string }>`
    with v as (select * from json_to_recordset(${array(sessions)}::json) as v (${SESSION_RECORD})),
    u as (
      update checkout_sessions s set ${SESSION_SET}
      from v where s.id = v.id and s.version = v.version - 1
      returning s.id
    ),
    p as (
      insert into payment_intents (id, session_id, doc)
      select pv.id, pv.session_id, pv.doc
      from json_to_recordset(${array(intents)}::json) as pv (${INTENT_RECORD}) join u on u.id = pv.session_id
      on conflict (id) do update set doc = excluded.doc
    ),
    e as (
      insert into events (id, account, livemode, type, created, doc)
      select ev.id, ev.account, ev.livemode, ev.type, ev.created, ev.doc
      from json_to_recordset(${array(events)}::json) as ev (${EVENT_RECORD}) join u on u.id = ev.session_id
    )
    select id from u`
}
