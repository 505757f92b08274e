/**
 * Payment reconciliation: the test processor's own ledger of the attempts it decided (a real
 * processor keeps these on its side), and an index for finding attempts left unresolved.
 * Frozen in time: a later change gets a new migration, never an edit here.
 */
import { type Kysely, sql } from "kysely"

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table test_processor_charges (
      attempt_id text collate "C" primary key,
      payment_intent text collate "C",
      amount bigint not null,
      currency text,
      outcome json not null,
      created bigint not null
    )`.execute(db)
  await sql`create index test_processor_charges_payment_intent on test_processor_charges (payment_intent, created)`.execute(db)
  // only sessions with an unresolved attempt are in it, so the reconciliation sweep reads a handful of rows
  await sql`create index checkout_sessions_unresolved_attempt on checkout_sessions (attempt_started_at) where attempt_id is not null`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index checkout_sessions_unresolved_attempt`.execute(db)
  await sql`drop table test_processor_charges`.execute(db)
}
