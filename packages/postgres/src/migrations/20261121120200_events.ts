/**
 * Events, written in the transaction of the change that causes them.
 * Frozen in time: a later change gets a new migration, never an edit here.
 */
import { type Kysely, sql } from "kysely"

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table events (
      seq bigint generated always as identity,
      id text collate "C" primary key,
      account text collate "C" not null,
      livemode boolean not null,
      type text not null,
      created bigint not null,
      doc json not null
    )`.execute(db)
  await sql`create unique index events_seq on events (seq)`.execute(db)
  await sql`create index events_list on events (account, livemode, created, id)`.execute(db)
  await sql`create index events_type on events (account, livemode, type, created, id)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table events`.execute(db)
}
