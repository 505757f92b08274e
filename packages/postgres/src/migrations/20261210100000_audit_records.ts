/**
 * The audit trail (issue 15): who did what to which object and when, per account and mode, read per
 * object (its timeline), per action (a page's recent actions) or per account, newest first. Frozen in
 * time: a later change gets a new migration, never an edit here.
 */
import { type Kysely, sql } from "kysely"

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table audit_records (
      id text collate "C" primary key,
      seq bigint generated always as identity,
      account text collate "C" not null,
      livemode boolean not null,
      actor_type text not null,
      actor_id text collate "C",
      actor_email text,
      action text collate "C" not null,
      object_id text collate "C" not null,
      details json,
      created bigint not null
    )`.execute(db)
  await sql`create index audit_records_object on audit_records (account, livemode, object_id, created desc, seq desc)`.execute(db)
  await sql`create index audit_records_action on audit_records (account, livemode, action, created desc, seq desc)`.execute(db)
  await sql`create index audit_records_account on audit_records (account, livemode, created desc, seq desc)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table audit_records`.execute(db)
}
