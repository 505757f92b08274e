/**
 * WebhookDeliveryRepository on PostgreSQL (or PGlite), and the fan-out that creates deliveries in the
 * transaction of the session write that commits their events.
 */
import {
  DeliveryAttempt,
  DeliveryPrefix,
  type Event,
  Ids,
  type StoredWebhookDelivery,
  subscribes,
  WebhookDeliveryRepository,
  type WebhookEndpoint
} from "@till/core"
import { Effect, Layer, Option, Schema } from "effect"
import { type Kysely, sql, type Transaction } from "kysely"
import type { Database } from "./Database.ts"
import { Db } from "./Db.ts"
import { DeliveryResendSink } from "./DeliveryResendSink.ts"
import { addEvents } from "./ObjectEvents.ts"
import * as WebhookEndpointRow from "./WebhookEndpointRow.ts"

const decodeAttempt = Schema.decodeUnknownSync(DeliveryAttempt)

/** A delivery the fan-out created: what the queue needs to enqueue its job. */
export interface PendingDelivery {
  readonly id: string
  readonly event: string
  readonly webhook_endpoint: string
  readonly livemode: boolean
}

/**
 * Creates one pending delivery per (event, enabled endpoint of the event's account and mode that
 * subscribes to its type), through `trx`, so the deliveries commit or roll back with their events.
 * Two statements whatever the number of events (a batch of the expiry sweep has hundreds): one reads
 * the endpoints of every account and mode among them, one inserts every delivery.
 */
export const fanOut = async (trx: Transaction<Database>, events: ReadonlyArray<Event>): Promise<ReadonlyArray<PendingDelivery>> => {
  if (events.length === 0) return []
  const scopeOf = (account: string, livemode: boolean) => `${livemode ? "live" : "test"}/${account}`
  const scopes = new Map<string, { readonly account: string; readonly livemode: boolean }>()
  for (const e of events) scopes.set(scopeOf(e.account, e.livemode), { account: e.account, livemode: e.livemode })
  const rows = await trx.selectFrom("webhook_endpoints").select(WebhookEndpointRow.COLUMNS)
    .where((eb) => eb.or([...scopes.values()].map((s) => eb.and([eb("account", "=", s.account), eb("livemode", "=", s.livemode)]))))
    .orderBy("created").orderBy("id")
    .execute()
  if (rows.length === 0) return []
  const endpoints = new Map<string, Array<WebhookEndpoint>>()
  for (const row of rows) {
    const key = scopeOf(row.account, row.livemode)
    const list = endpoints.get(key) ?? []
    list.push(WebhookEndpointRow.fromRow(row).endpoint)
    endpoints.set(key, list)
  }
  const created: Array<PendingDelivery & { readonly account: string; readonly created: number }> = []
  for (const e of events) {
    for (const endpoint of endpoints.get(scopeOf(e.account, e.livemode)) ?? []) {
      if (!subscribes(endpoint, e.type)) continue
      created.push({
        id: DeliveryPrefix.delivery + Ids.randomBase62(),
        event: e.id,
        webhook_endpoint: endpoint.id,
        livemode: e.livemode,
        account: e.account,
        created: e.created
      })
    }
  }
  if (created.length === 0) return []
  // the rows as one JSON parameter: neither the statement nor its parameter count grows with the batch
  await sql`
    insert into webhook_deliveries (id, event_id, endpoint_id, account, livemode, status, created)
    select d.id, d.event, d.webhook_endpoint, d.account, d.livemode, 'pending', d.created
    from json_to_recordset(${JSON.stringify(created)}::json)
      as d (id text, event text, webhook_endpoint text, account text, livemode boolean, created bigint)`.execute(trx)
  return created.map(({ event, id, livemode, webhook_endpoint }) => ({ id, event, webhook_endpoint, livemode }))
}

type DeliveryRow = {
  readonly id: string
  readonly event_id: string
  readonly endpoint_id: string
  readonly account: string
  readonly livemode: boolean
  readonly status: "pending" | "succeeded" | "failed"
  readonly attempts: number
  readonly created: string
}

const toStored = (row: DeliveryRow): StoredWebhookDelivery => ({
  account: row.account,
  delivery: {
    id: row.id,
    object: "webhook_delivery",
    event: row.event_id,
    webhook_endpoint: row.endpoint_id,
    status: row.status,
    attempts: row.attempts,
    created: Number(row.created),
    livemode: row.livemode
  }
})

const selectDeliveries = (db: Kysely<Database>) =>
  db.selectFrom("webhook_deliveries").select(["id", "event_id", "endpoint_id", "account", "livemode", "status", "attempts", "created"])

/** Makes the repository over the Db. */
export const make = Effect.gen(function*() {
  const { kysely: db } = yield* Db
  const resendHook = yield* DeliveryResendSink

  return WebhookDeliveryRepository.of({
    findById: (id) =>
      Effect.promise(() => selectDeliveries(db).where("id", "=", id).executeTakeFirst()).pipe(
        Effect.map((row) => row === undefined ? Option.none() : Option.some(toStored(row)))
      ),
    findByIds: (ids) =>
      ids.length === 0
        ? Effect.succeed([])
        : Effect.promise(() => selectDeliveries(db).where("id", "in", ids).execute()).pipe(Effect.map((rows) => rows.map(toStored))),
    listByEvent: (eventId) =>
      Effect.promise(() => selectDeliveries(db).where("event_id", "=", eventId).orderBy("created").orderBy("id").execute()).pipe(
        Effect.map((rows) => rows.map((row) => toStored(row).delivery))
      ),
    listAttempts: (deliveryId) =>
      Effect.promise(() =>
        db.selectFrom("webhook_delivery_attempts")
          .select(["id", "delivery_id", "created", "status_code", "latency_ms", "error", "succeeded"])
          .where("delivery_id", "=", deliveryId)
          .orderBy("seq")
          .execute()
      ).pipe(
        Effect.map((rows) =>
          rows.map((row) =>
            decodeAttempt({
              id: row.id,
              object: "webhook_delivery_attempt",
              delivery: row.delivery_id,
              created: Number(row.created),
              status_code: row.status_code,
              latency_ms: row.latency_ms,
              error: row.error,
              succeeded: row.succeeded
            })
          )
        )
      ),
    // One statement: the attempt is recorded only from the row the conditional update matched.
    recordAttempt: (attempt, status) =>
      Effect.promise(() =>
        sql<{ recorded: string }>`
          with d as (
            update webhook_deliveries set status = ${status}::text, attempts = attempts + 1
            where id = ${attempt.delivery}::text and status = 'pending'
            returning id
          ), a as (
            insert into webhook_delivery_attempts (id, delivery_id, created, status_code, latency_ms, error, succeeded)
            select ${attempt.id}::text, d.id, ${attempt.created}::bigint, ${attempt.status_code}::integer, ${attempt.latency_ms}::integer,
              ${attempt.error}::text, ${attempt.succeeded}::boolean
            from d
          )
          select count(*) as recorded from d`.execute(db)
      ).pipe(Effect.map((result) => Number(result.rows[0]?.recorded) === 1)),
    // recordAttempt for a whole batch, one statement: the attempts travel as one JSON recordset (one
    // parameter, whatever the batch size, on node-postgres and PGlite alike), and an attempt is
    // recorded only for a delivery the conditional update matched.
    recordAttempts: (records) =>
      records.length === 0 ? Effect.succeed(new Set<string>()) : Effect.promise(() =>
        sql<{ id: string }>`
          with input as (
            select * from jsonb_to_recordset(${JSON.stringify(records.map(({ attempt, status }) => ({
          id: attempt.id,
          delivery_id: attempt.delivery,
          created: attempt.created,
          status_code: attempt.status_code,
          latency_ms: attempt.latency_ms,
          error: attempt.error,
          succeeded: attempt.succeeded,
          status
        })))}::jsonb)
              as t(id text, delivery_id text, created bigint, status_code integer, latency_ms integer, error text, succeeded boolean, status text)
          ), d as (
            update webhook_deliveries w set status = input.status, attempts = w.attempts + 1
            from input
            where w.id = input.delivery_id and w.status = 'pending'
            returning w.id
          ), a as (
            insert into webhook_delivery_attempts (id, delivery_id, created, status_code, latency_ms, error, succeeded)
            select input.id, input.delivery_id, input.created, input.status_code, input.latency_ms, input.error, input.succeeded
            from input join d on d.id = input.delivery_id
          )
          select id from d`.execute(db)
      ).pipe(Effect.map((result) => new Set(result.rows.map((row) => row.id)))),
    // one transaction: the deliveries are pending again and their attempts enqueued, or neither
    reopen: (ids) =>
      ids.length === 0 ? Effect.succeed([]) : Effect.promise(() =>
        db.transaction().execute(async (trx) => {
          const result = await sql<DeliveryRow>`
            with before as (
              select id, status from webhook_deliveries where id in (${sql.join([...new Set(ids)])}) for update
            )
            update webhook_deliveries w set status = 'pending'
            from before where w.id = before.id
            returning w.id, w.event_id, w.endpoint_id, w.account, w.livemode, before.status, w.attempts, w.created`.execute(trx)
          const rows = result.rows
          if (resendHook !== null && rows.length > 0) {
            await resendHook(trx, rows.map((row) => ({ id: row.id, livemode: row.livemode, final: row.status !== "pending" })))
          }
          return rows.map((row) => toStored(row).delivery)
        })
      ),
    listByEndpoint: (endpointId, limit, failedSince, olderThan) =>
      Effect.promise(() => {
        const base = selectDeliveries(db).where("endpoint_id", "=", endpointId)
        const failed = failedSince === undefined ? base : base.where("status", "=", "failed").where("created", ">=", String(failedSince))
        // a row-value comparison, so the (endpoint_id, created, id) index serves the page past the cursor
        const filtered = olderThan === undefined
          ? failed
          : failed.where(sql<boolean>`(created, id) < (${String(olderThan.created)}::bigint, ${olderThan.id}::text)`)
        return filtered.orderBy("created", "desc").orderBy("id", "desc").limit(limit).execute()
      }).pipe(Effect.map((rows) => rows.map((row) => toStored(row).delivery))),
    // one transaction: the event (fanned out to no endpoint), its one delivery, and the job of its one, final attempt
    sendTest: (event, stored) =>
      Effect.promise(() =>
        db.transaction().execute(async (trx) => {
          await addEvents(trx, [event], null)
          const d = stored.delivery
          await trx.insertInto("webhook_deliveries").values({
            id: d.id,
            event_id: d.event,
            endpoint_id: d.webhook_endpoint,
            account: stored.account,
            livemode: d.livemode,
            status: "pending",
            created: d.created
          }).execute()
          if (resendHook !== null) await resendHook(trx, [{ id: d.id, livemode: d.livemode, final: true }])
        })
      ),
    markFailed: (deliveryId) =>
      Effect.promise(() =>
        db.updateTable("webhook_deliveries").set({ status: "failed" })
          .where("id", "=", deliveryId).where("status", "=", "pending")
          .executeTakeFirst()
      ).pipe(Effect.map((result) => result.numUpdatedRows > 0n))
  })
})

/** WebhookDeliveryRepository over the Db. */
export const layer: Layer.Layer<WebhookDeliveryRepository, never, Db> = Layer.effect(WebhookDeliveryRepository, make)
