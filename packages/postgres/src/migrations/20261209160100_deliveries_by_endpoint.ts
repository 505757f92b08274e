/**
 * An endpoint's delivery log (newest first) and its failed deliveries since a time, read by index (the
 * dashboard's webhook pages and the resend of every failed delivery). Frozen in time: a later change
 * gets a new migration, never an edit here.
 */
import { type Kysely, sql } from "kysely"

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index webhook_deliveries_endpoint on webhook_deliveries (endpoint_id, created, id)`.execute(db)
  await sql`create index webhook_deliveries_endpoint_failed on webhook_deliveries (endpoint_id, created) where status = 'failed'`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index webhook_deliveries_endpoint_failed`.execute(db)
  await sql`drop index webhook_deliveries_endpoint`.execute(db)
}
