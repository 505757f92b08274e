/**
 * The event feed (`GET /v1/events/stream`): each event records the transaction that wrote it, so a
 * reader can tell which events are final. Identity values are handed out before commit, so `seq` alone
 * cannot be a cursor: a transaction holding seq 10 may commit after one holding seq 11 was read. Every
 * event whose transaction id is below the oldest transaction still running is committed or gone for good,
 * so reading in (txid, seq) order up to that horizon loses and repeats nothing.
 * Frozen in time: a later change gets a new migration, never an edit here.
 */
import { type Kysely, sql } from "kysely"

export async function up(db: Kysely<any>): Promise<void> {
  // existing rows take this migration's transaction id: they are all older than anything written later
  await sql`alter table events add column txid xid8 not null default pg_current_xact_id()`.execute(db)
  await sql`create index events_feed on events (account, livemode, txid, seq)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index events_feed`.execute(db)
  await sql`alter table events drop column txid`.execute(db)
}
