/**
 * SessionRepository on PostgreSQL (or PGlite). A session is one row of `checkout_sessions` (see
 * SessionRows for the mapping), its line items and its payment intent; one query reads all three back.
 *
 * Writes are conditional on `version` (see SessionWrites): the state, its payment intent and its events
 * go in one statement. Two writers racing on one session, in one process or in two, are serialized by
 * the row lock that UPDATE takes; the loser matches no row once the winner commits, and fails with
 * ConcurrentModification having written nothing.
 *
 * The expiry sweep claims a batch of due sessions with `FOR UPDATE SKIP LOCKED` and writes them all in
 * one more statement, in one transaction: sweeps side by side take disjoint batches, and a write that
 * reaches a claimed session waits for the batch, then finds the version changed.
 */
import {
  ConcurrentModification,
  type DecideExpiries,
  type AnsweredKey,
  type Event,
  type PageRequest,
  type Redemption,
  RedemptionLimitReached,
  type Scope,
  type SessionFilter,
  SessionRepository,
  type SessionState,
  type StoredCustomer
} from "@till/core"
import { Effect, Layer, Option } from "effect"
import { type CompiledQuery, type Kysely, sql, type SqlBool } from "kysely"
import type { Database } from "./Database.ts"
import { Db } from "./Db.ts"
import { prepare } from "./Prepared.ts"
import { paginate, toPage, whereInRange } from "./Keyset.ts"
import { SessionEventSink, type SessionWrite } from "./SessionEventSink.ts"
import { lineItemDocument, toState } from "./SessionRows.ts"
import { makeCompiled, updateManyStatement } from "./SessionWrites.ts"

/** Everything of a session, in one query: the row, its payment intent and its line items in order. */
const selectStates = (db: Kysely<Database>) =>
  db.selectFrom("checkout_sessions as s")
    .leftJoin("payment_intents as p", "p.session_id", "s.id")
    .select([
      "s.id",
      "s.account",
      "s.livemode",
      "s.status",
      "s.created",
      "s.expires_at",
      "s.customer",
      "s.payment_intent",
      "s.payment_link",
      "s.client_reference_id",
      "s.attempt_id",
      "s.attempt_started_at",
      "s.version",
      "s.recovered_from",
      "s.doc",
      "p.doc as intent"
    ])
    .select(
      sql<unknown>`coalesce((select json_agg(li.doc order by li.position) from checkout_session_line_items li where li.session_id = s.id), '[]'::json)`
        .as("line_items")
    )

/** `SessionMachine.isDueForExpiry` in SQL: open, `now >= expires_at`, and no unresolved attempt. */
const dueForExpiry = (now: number) => sql<SqlBool>`(s.status = 'open' and s.expires_at <= ${now} and s.attempt_id is null)`

/** The status as `SessionMachine.view` reads it at `now`: an open session due for expiry reads as expired. */
const statusAt = (status: NonNullable<SessionFilter["status"]>, now: number) => {
  switch (status) {
    case "complete":
      return sql<SqlBool>`s.status = 'complete'`
    case "open":
      return sql<SqlBool>`(s.status = 'open' and not ${dueForExpiry(now)})`
    case "expired":
      return sql<SqlBool>`(s.status = 'expired' or ${dueForExpiry(now)})`
  }
}

/** A session's `amount_total`, read from its document as the index checkout_sessions_currency_amount reads it. */
const AMOUNT_TOTAL = sql`((s.doc ->> 'amount_total')::bigint)`

/** The query of one page of a session list (exported so tests can check its plan). */
export const listQuery = (db: Kysely<Database>, scope: Scope, filter: SessionFilter, page: PageRequest, now: number) => {
  let q = selectStates(db).where("s.account", "=", scope.account).where("s.livemode", "=", scope.livemode)
  if (filter.status !== undefined) q = q.where(statusAt(filter.status, now))
  if (filter.customer !== undefined) q = q.where("s.customer", "=", filter.customer)
  if (filter.customer_email !== undefined) q = q.where("s.customer_details_email", "=", filter.customer_email)
  if (filter.payment_intent !== undefined) q = q.where("s.payment_intent", "=", filter.payment_intent)
  if (filter.payment_link !== undefined) q = q.where("s.payment_link", "=", filter.payment_link)
  if (filter.client_reference_id !== undefined) q = q.where("s.client_reference_id", "=", filter.client_reference_id)
  if (filter.recovered_from !== undefined) q = q.where("s.recovered_from", "=", filter.recovered_from)
  // the expressions of the indexes checkout_sessions_currency and checkout_sessions_currency_amount, verbatim
  if (filter.currency !== undefined) q = q.where(sql<SqlBool>`(s.doc ->> 'currency') = ${filter.currency}`)
  const amount = filter.amount_total
  if (amount?.gt !== undefined) q = q.where(sql<SqlBool>`${AMOUNT_TOTAL} > ${amount.gt}`)
  if (amount?.gte !== undefined) q = q.where(sql<SqlBool>`${AMOUNT_TOTAL} >= ${amount.gte}`)
  if (amount?.lt !== undefined) q = q.where(sql<SqlBool>`${AMOUNT_TOTAL} < ${amount.lt}`)
  if (amount?.lte !== undefined) q = q.where(sql<SqlBool>`${AMOUNT_TOTAL} <= ${amount.lte}`)
  return paginate(whereInRange(q, "s.created", filter.created), { created: "s.created", id: "s.id" }, page)
}

/** The query of the sessions due for expiry at `now`, oldest deadline first. */
export const dueQuery = (db: Kysely<Database>, now: number, limit: number) =>
  selectStates(db).where(dueForExpiry(now)).orderBy("s.expires_at", "asc").orderBy("s.id", "asc").limit(limit)

/**
 * The expiry sweep's claim: the sessions due at `now`, oldest deadline first, locked until the
 * transaction ends; rows another transaction holds (a sweep's claim, a write in progress) are skipped.
 */
export const claimDueQuery = (db: Kysely<Database>, now: number, limit: number) => dueQuery(db, now, limit).forUpdate("s").skipLocked()

/** The query of the sessions whose unresolved attempt started at or before `startedBy`, oldest first. */
export const staleAttemptsQuery = (db: Kysely<Database>, startedBy: number, limit: number) =>
  selectStates(db).where("s.attempt_id", "is not", null).where(sql<SqlBool>`s.attempt_started_at <= ${startedBy}`)
    .orderBy("s.attempt_started_at", "asc").orderBy("s.id", "asc").limit(limit)

/** Makes the repository over the Db; the SessionEventSink's `written` runs inside every write's transaction. */
export const make = Effect.gen(function*() {
  const { kysely: db } = yield* Db
  const { onlyWithEvents = false, written } = yield* SessionEventSink

  const compiled = makeCompiled(db)

  // With nothing to do in the transaction a write is one statement, atomic on its own; else a transaction holds both.
  const write = async <A>(
    statement: CompiledQuery<A>,
    wrote: (rows: ReadonlyArray<A>) => boolean,
    what: SessionWrite,
    events: ReadonlyArray<Event>
  ): Promise<boolean> => {
    if (written === null || (onlyWithEvents && events.length === 0)) return wrote((await db.executeQuery(statement)).rows)
    return db.transaction().execute(async (trx) => {
      const ok = wrote((await trx.executeQuery(statement)).rows)
      if (ok) await written(trx, events, [what])
      return ok
    })
  }

  const insert = (state: SessionState, events: ReadonlyArray<Event>) =>
    Effect.promise(() => write(compiled.insert(state, events), () => true, { kind: "insert", state }, events)).pipe(Effect.asVoid)

  const insertAnswered = (state: SessionState, events: ReadonlyArray<Event>, answered: AnsweredKey) =>
    Effect.promise(() =>
      write(compiled.answeredInsert(state, events, answered), (rows) => Number(rows[0]?.written) === 1, { kind: "insert", state }, events)
    )

  /**
   * A write that changes redemption counts or line items: in one transaction, each count first (a +1 only while the
   * coupon is live and below its limit: the row lock serializes concurrent redemptions, and the
   * condition is checked again on the locked row), then the session. Either refusal rolls all back.
   */
  const redeemAndWrite = (
    state: SessionState,
    events: ReadonlyArray<Event>,
    customers: ReadonlyArray<StoredCustomer>,
    redemptions: ReadonlyArray<Redemption>,
    lineItemsChanged: boolean
  ) =>
    db.transaction().execute(async (trx): Promise<ConcurrentModification | RedemptionLimitReached | undefined> => {
      const { account } = state
      const livemode = state.session.livemode
      const refused = (e: RedemptionLimitReached) => Object.assign(new Error(e.message), { refused: e })
      for (const r of redemptions) {
        const count = r.delta === 1 ? sql<number>`times_redeemed + 1` : sql<number>`greatest(times_redeemed - 1, 0)`
        const below = sql<SqlBool>`(max_redemptions is null or times_redeemed < max_redemptions)`
        let coupon = trx.updateTable("coupons").set({ times_redeemed: count }).where("account", "=", account).where("livemode", "=", livemode).where("id", "=", r.coupon)
        if (r.delta === 1) coupon = coupon.where("deleted", "=", false).where(below)
        if ((await coupon.executeTakeFirst()).numUpdatedRows === 0n && r.delta === 1) throw refused(new RedemptionLimitReached({ id: r.coupon, object: "coupon" }))
        if (r.promotion_code === null) continue
        let code = trx.updateTable("promotion_codes").set({ times_redeemed: count }).where("account", "=", account).where("livemode", "=", livemode).where("id", "=", r.promotion_code)
        if (r.delta === 1) code = code.where(below)
        if ((await code.executeTakeFirst()).numUpdatedRows === 0n && r.delta === 1) {
          throw refused(new RedemptionLimitReached({ id: r.promotion_code, object: "promotion_code" }))
        }
      }
      const rows = (await trx.executeQuery(compiled.update(state, events, customers))).rows
      if (Number(rows[0]?.updated) !== 1) throw Object.assign(new Error("lost"), { refused: new ConcurrentModification({ id: state.session.id }) })
      if (lineItemsChanged) {
        for (const [position, item] of state.line_items.entries()) {
          await trx.updateTable("checkout_session_line_items").set({ doc: lineItemDocument(item) })
            .where("session_id", "=", state.session.id).where("position", "=", position).execute()
        }
      }
      if (written !== null && !(onlyWithEvents && events.length === 0)) await written(trx, events, [{ kind: "update", state }])
      return undefined
    }).catch((e: unknown) => {
      const r = (e as { refused?: ConcurrentModification | RedemptionLimitReached }).refused
      if (r !== undefined) return r
      throw e
    })

  const update = (
    state: SessionState,
    events: ReadonlyArray<Event>,
    customers: ReadonlyArray<StoredCustomer> = [],
    redemptions: ReadonlyArray<Redemption> = [],
    lineItemsChanged = false
  ): Effect.Effect<void, ConcurrentModification | RedemptionLimitReached> =>
    redemptions.length > 0 || lineItemsChanged
      ? Effect.flatMap(Effect.promise(() => redeemAndWrite(state, events, customers, redemptions, lineItemsChanged)), (e) => e === undefined ? Effect.void : Effect.fail(e))
      : Effect.promise(() =>
        write(compiled.update(state, events, customers), (rows) => Number(rows[0]?.updated) === 1, { kind: "update", state }, events)
      ).pipe(
        Effect.flatMap((written) => written ? Effect.void : Effect.fail(new ConcurrentModification({ id: state.session.id })))
      )

  // One transaction: claim, decide (in the caller's context), write them all, run the sink once.
  const expireDue = (now: number, limit: number, decide: DecideExpiries) =>
    Effect.flatMap(Effect.context<never>(), (context) =>
      Effect.promise(() =>
        db.transaction().execute(async (trx) => {
          const rows = await claimDueQuery(trx, now, limit).execute()
          if (rows.length === 0) return 0
          const claimed = new Set(rows.map((row) => row.id))
          // a change of a session this batch did not claim is not its to write
          const changes = (await Effect.runPromiseWith(context)(decide(rows.map(toState)))).filter((c) => claimed.has(c.state.session.id))
          if (changes.length === 0) return 0
          const stored = new Set((await updateManyStatement(changes).execute(trx)).rows.map((row) => row.id))
          const writes = changes.filter((c) => stored.has(c.state.session.id))
          if (written !== null && writes.length > 0) {
            await written(trx, writes.flatMap((c) => c.events), writes.map((c) => ({ kind: "update", state: c.state })))
          }
          return writes.length
        })
      ))

  // the two lookups by key have fixed text: compiled once
  const byId = prepare(selectStates(db).where("s.id", "=", "").compile())
  const byPaymentIntent = prepare(selectStates(db).where("s.payment_intent", "=", "").compile())
  const findOne = (statement: typeof byId, value: string) =>
    Effect.promise(() => db.executeQuery(statement(value))).pipe(
      Effect.map(({ rows: [row] }) => row === undefined ? Option.none() : Option.some(toState(row)))
    )

  return SessionRepository.of({
    insert,
    insertAnswered,
    update,
    findById: (id) => findOne(byId, id),
    findByPaymentIntent: (id) => findOne(byPaymentIntent, id),
    list: (scope, filter, page, now) =>
      Effect.promise(() => listQuery(db, scope, filter, page, now).execute()).pipe(
        Effect.map((rows) => toPage(rows.map(toState), page))
      ),
    expireDue,
    listStaleAttempts: (startedBy, limit) =>
      Effect.promise(() => staleAttemptsQuery(db, startedBy, limit).execute()).pipe(Effect.map((rows) => rows.map(toState)))
  })
})

/** SessionRepository over the Db, its writes' events handed to the SessionEventSink (required: there is no default). */
export const layer: Layer.Layer<SessionRepository, never, Db | SessionEventSink> = Layer.effect(SessionRepository, make)
