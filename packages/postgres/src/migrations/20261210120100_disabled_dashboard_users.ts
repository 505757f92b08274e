/**
 * Disabled dashboard users: a disabled user cannot sign in (their logins were revoked when disabled).
 * Frozen in time: a later change gets a new migration, never an edit here.
 */
import { type Kysely, sql } from "kysely"

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table dashboard_users add column disabled boolean not null default false`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table dashboard_users drop column disabled`.execute(db)
}
