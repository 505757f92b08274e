/**
 * A rolled webhook secret that still signs: after a roll with a grace period, deliveries carry a
 * signature by the previous secret too, until `previous_secret_expires_at` (unix seconds). Null on
 * every endpoint never rolled so (and on every row written before this migration).
 * Frozen in time: a later change gets a new migration, never an edit here.
 */
import { type Kysely, sql } from "kysely"

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table webhook_endpoints add column previous_secret text, add column previous_secret_expires_at bigint`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table webhook_endpoints drop column previous_secret, drop column previous_secret_expires_at`.execute(db)
}
