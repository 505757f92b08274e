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
import type { Event, PaymentIntent, SessionState } from "@till/core"
import { type RawBuilder, sql } from "kysely"
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
export const updateStatement = (state: SessionState, events: ReadonlyArray<Event>): RawBuilder<{ updated: string | number }> => {
  const { id, ...row } = columnsOf(state)
  const ctes: Array<RawBuilder<unknown>> = [
    sql`u as (update checkout_sessions set ${sql.join(Object.entries(row).map(([k, v]) => sql`${sql.ref(k)} = ${v}`))}
      where id = ${id} and version = ${state.version - 1} returning id)`
  ]
  if (state.payment_intent !== null) ctes.push(sql`p as (${intentUpsert(state.payment_intent, id, sql`from u`)})`)
  if (events.length > 0) ctes.push(sql`e as (${eventsInsert(events, sql`where exists (select from u)`)})`)
  return sql<{ updated: string | number }>`with ${sql.join(ctes)} select count(*) as updated from u`
}
