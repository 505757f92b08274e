/**
 * Webhook deliveries (one per event and endpoint, written in the event's transaction) and their attempts.
 * Frozen in time: a later change gets a new migration, never an edit here.
 */
import { type Kysely, sql } from "kysely"

export async function up(db: Kysely<any>): Promise<void> {
  // No foreign key to webhook_endpoints: an endpoint may be deleted, its deliveries stay as history.
  await sql`
    create table webhook_deliveries (
      id text collate "C" primary key,
      event_id text collate "C" not null references events (id),
      endpoint_id text collate "C" not null,
      account text collate "C" not null,
      livemode boolean not null,
      status text not null check (status in ('pending', 'succeeded', 'failed')),
      attempts integer not null default 0,
      created bigint not null,
      unique (event_id, endpoint_id)
    )`.execute(db)
  // pending_webhooks counts these per event; the partial index keeps that count off settled rows
  await sql`create index webhook_deliveries_pending on webhook_deliveries (event_id) where status = 'pending'`.execute(db)
  await sql`
    create table webhook_delivery_attempts (
      seq bigint generated always as identity,
      id text collate "C" primary key,
      delivery_id text collate "C" not null references webhook_deliveries (id),
      created bigint not null,
      status_code integer,
      latency_ms integer not null,
      error text,
      succeeded boolean not null
    )`.execute(db)
  await sql`create index webhook_delivery_attempts_delivery on webhook_delivery_attempts (delivery_id, seq)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table webhook_delivery_attempts`.execute(db)
  await sql`drop table webhook_deliveries`.execute(db)
}
