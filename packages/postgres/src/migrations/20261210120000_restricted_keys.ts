/**
 * Restricted keys (`rk_…`): a key's permissions, a JSON object of resource to "read" or "write"; null for
 * a full key (every key made before this). Frozen in time: a later change gets a new migration, never an edit here.
 */
import { type Kysely, sql } from "kysely"

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table api_keys add column permissions json`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table api_keys drop column permissions`.execute(db)
}
