/**
 * Refunds, and the records of the charges they are counted against (made by a charge's first refund or
 * change; a charge itself is read from its payment intent). Frozen in time: a later change gets a new
 * migration, never an edit here.
 */
import { type Kysely, sql } from "kysely"

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table charges (
      id text collate "C" primary key,
      account text collate "C" not null,
      livemode boolean not null,
      payment_intent text collate "C" not null,
      version integer not null,
      doc json not null
    )`.execute(db)
  await sql`
    create table refunds (
      id text collate "C" primary key,
      account text collate "C" not null,
      livemode boolean not null,
      charge text collate "C" not null,
      payment_intent text collate "C" not null,
      created bigint not null,
      amount bigint not null,
      status text not null,
      processor text not null,
      asked_at bigint not null,
      version integer not null,
      doc json not null
    )`.execute(db)
  // the list, newest first, of a scope, of one charge, of one payment intent
  await sql`create index refunds_list on refunds (account, livemode, created, id)`.execute(db)
  await sql`create index refunds_by_charge on refunds (charge, created, id)`.execute(db)
  await sql`create index refunds_by_payment_intent on refunds (payment_intent, created, id)`.execute(db)
  // only refunds whose processor side is not final are in it, so the reconciliation sweep reads a handful of rows
  await sql`create index refunds_unsettled on refunds (asked_at) where processor <> 'final'`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table refunds`.execute(db)
  await sql`drop table charges`.execute(db)
}
