/**
 * Rolled keys: the old key keeps working until `expires_at` (unix seconds), then not; null never expires.
 * Frozen in time: a later change gets a new migration, never an edit here.
 */
import { type Kysely, sql } from "kysely"

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table api_keys add column expires_at bigint`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table api_keys drop column expires_at`.execute(db)
}
