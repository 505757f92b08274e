/**
 * Recovery of expired sessions: the session a recovery link opened names the expired one it copies
 * (`recovered_from`), which is how the link finds the session it opened before. Rows written earlier
 * have none. Frozen in time: a later change gets a new migration, never an edit here.
 */
import { type Kysely, sql } from "kysely"

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table checkout_sessions add column recovered_from text collate "C"`.execute(db)
  // only recovered sessions are in it; the link's look-up is newest first, as every session list
  await sql`create index checkout_sessions_recovered_from on checkout_sessions (recovered_from, created, id) where recovered_from is not null`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index checkout_sessions_recovered_from`.execute(db)
  await sql`alter table checkout_sessions drop column recovered_from`.execute(db)
}
