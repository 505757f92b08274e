/**
 * A version on every mutable object that lacked one (payment links, webhook endpoints, accounts), so
 * their writes can be conditional on the version read, as sessions' are. Existing rows start at 1.
 * Frozen in time: a later change gets a new migration, never an edit here.
 */
import { type Kysely, sql } from "kysely"

const TABLES = ["payment_links", "webhook_endpoints", "accounts"] as const

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) await sql`alter table ${sql.table(table)} add column version integer not null default 1`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) await sql`alter table ${sql.table(table)} drop column version`.execute(db)
}
